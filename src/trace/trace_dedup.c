/* Repeated blocks inside a data frame.  A pipeline that passes file data
 * through a pipe (tar c DIR | wc) records every byte twice: once where
 * tar reads the file, once where wc reads the pipe, usually within the
 * same frame.  zstd would find the repeat, but at its own speed, and
 * compressing was what limited the recording of tar | wc.  So before
 * compressing, each 512-byte block of each piece the writer appended
 * (aligned to the piece: the file data in a tar stream is aligned to 512
 * bytes, and so are the read buffers it comes from) is looked up by hash
 * among the earlier blocks of the frame, and a repeat becomes a copy.
 *
 * Encoding: a sequence of operations, each a u32 header (bit 31: copy,
 * the rest a length), then for a literal its bytes, for a copy a u32
 * offset in the decoded frame of bytes already decoded (no overlap). */
#include "trace_frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define BLOCK		512u
#define OP_COPY		0x80000000u
#define TABLE_BITS	16

struct copy {
	uint32_t dst, src, len;
};

struct dedup_table {
	uint32_t mask;			/* slots in use this frame, minus 1 */
	uint64_t key[1u << TABLE_BITS];
	uint32_t off[1u << TABLE_BITS];		/* 1 + offset; 0: empty */
	struct copy copy[FRAME_MAX_RAW / BLOCK];
	size_t ncopy;
	uint64_t copied;
};

struct dedup_table *dedup_table_new(void)
{
	return calloc(1, sizeof(struct dedup_table));
}

void dedup_table_free(struct dedup_table *t)
{
	free(t);
}

/* A block's key: its two ends.  Blocks that share them but differ in
 * between only cost a memcmp; hashing 64 bytes instead of 512 keeps the
 * search cheap on frames without repeats (a 1 GiB file read). */
static uint64_t key(const uint8_t *p)
{
	return XXH3_64bits_withSeed(p, 32, XXH3_64bits(p + BLOCK - 32, 32));
}

static void block(struct dedup_table *t, const uint8_t *raw, uint32_t b)
{
	uint64_t h = key(raw + b);
	size_t slot = h & t->mask;
	uint32_t src = t->off[slot] - 1;
	struct copy *c = t->ncopy ? &t->copy[t->ncopy - 1] : NULL;

	if (!t->off[slot] || t->key[slot] != h || memcmp(raw + src, raw + b, BLOCK)) {
		t->key[slot] = h;
		t->off[slot] = b + 1;
		return;
	}
	t->copied += BLOCK;
	/* The run goes on, as long as its source stays before it. */
	if (c && c->dst + c->len == b && c->src + c->len == src &&
	    src + BLOCK <= c->dst) {
		c->len += BLOCK;
		return;
	}
	t->copy[t->ncopy++] = (struct copy){ b, src, BLOCK };
}

static uint8_t *put_op(uint8_t *p, uint32_t hdr, const void *data, size_t n)
{
	trace_put_u32(p, hdr);
	memcpy(p + 4, data, n);
	return p + 4 + n;
}

size_t dedup_encode(struct dedup_table *t, const uint8_t *raw, size_t n,
		    const uint32_t *piece, size_t npiece, uint8_t *out, size_t cap)
{
	uint8_t *p = out, src[4];
	size_t i, size, at = 0;
	uint32_t b, end;

	/* Eight slots a block (fewer evictions): clearing a table for 8 MiB
	 * cost more than the search on the small frames of a short run. */
	for (i = 8; i < TABLE_BITS && (1u << i) < 8 * (n / BLOCK); i++)
		;
	t->mask = (1u << i) - 1;
	memset(t->off, 0, (t->mask + 1) * sizeof(t->off[0]));
	t->ncopy = 0;
	t->copied = 0;
	for (i = 0; i < npiece; i++) {
		end = i + 1 < npiece ? piece[i + 1] : (uint32_t)n;
		for (b = piece[i]; b + BLOCK <= end; b += BLOCK)
			block(t, raw, b);
	}
	/* Worth it only if a sixteenth goes; an op header costs 4 bytes,
	 * a copy 8, a literal between two copies 4 more. */
	size = n - t->copied + 12 * t->ncopy + 4;
	if (!t->ncopy || size > cap || size > n - n / 16)
		return 0;
	for (i = 0; i < t->ncopy; i++) {
		const struct copy *c = &t->copy[i];

		if (c->dst > at)
			p = put_op(p, c->dst - (uint32_t)at, raw + at, c->dst - at);
		trace_put_u32(src, c->src);
		p = put_op(p, OP_COPY | c->len, src, 4);
		at = c->dst + c->len;
	}
	if (n > at)
		p = put_op(p, (uint32_t)(n - at), raw + at, n - at);
	return (size_t)(p - out);
}

int dedup_decode(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen)
{
	size_t pos = 0, len;
	const uint8_t *end = in + inlen;
	uint32_t hdr, src;

	while (in < end) {
		if (end - in < 4)
			return -EBADMSG;
		hdr = trace_get_u32(in);
		in += 4;
		len = hdr & ~OP_COPY;
		if (!len || len > outlen - pos)
			return -EBADMSG;
		if (hdr & OP_COPY) {
			if (end - in < 4)
				return -EBADMSG;
			src = trace_get_u32(in);
			in += 4;
			if (src > pos || len > pos - src)
				return -EBADMSG;
			memcpy(out + pos, out + src, len);
		} else {
			if ((size_t)(end - in) < len)
				return -EBADMSG;
			memcpy(out + pos, in, len);
			in += len;
		}
		pos += len;
	}
	return pos == outlen ? 0 : -EBADMSG;
}
