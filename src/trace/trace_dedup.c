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

struct dedup_table {
	uint64_t key[1u << TABLE_BITS];
	uint32_t off[1u << TABLE_BITS];		/* 1 + offset; 0: empty */
};

struct dedup_table *dedup_table_new(void)
{
	return calloc(1, sizeof(struct dedup_table));
}

void dedup_table_free(struct dedup_table *t)
{
	free(t);
}

struct enc {
	uint8_t *out;
	size_t len, cap;
	size_t lit;			/* start of the pending literal */
	uint32_t csrc, cdst, clen;	/* the pending copy, if clen */
};

static int put_op(struct enc *e, uint32_t hdr, const void *p, size_t n)
{
	if (e->len + 4 + n > e->cap)
		return -ENOSPC;
	trace_put_u32(e->out + e->len, hdr);
	memcpy(e->out + e->len + 4, p, n);
	e->len += 4 + n;
	return 0;
}

/* Everything before dst: the pending literal [lit, dst) and copy. */
static int flush_to(struct enc *e, const uint8_t *raw, size_t dst)
{
	uint8_t src[4];
	int err;

	if (e->clen) {
		trace_put_u32(src, e->csrc);
		err = put_op(e, OP_COPY | e->clen, src, 4);
		e->clen = 0;
		if (err)
			return err;
	}
	if (dst > e->lit) {
		err = put_op(e, (uint32_t)(dst - e->lit), raw + e->lit, dst - e->lit);
		if (err)
			return err;
	}
	e->lit = dst;
	return 0;
}

static int block(struct enc *e, struct dedup_table *t, const uint8_t *raw,
		 uint32_t b)
{
	uint64_t h = XXH3_64bits(raw + b, BLOCK);
	size_t slot = h & ((1u << TABLE_BITS) - 1);
	uint32_t src = t->off[slot] - 1;
	int err;

	if (!t->off[slot] || t->key[slot] != h || memcmp(raw + src, raw + b, BLOCK)) {
		t->key[slot] = h;
		t->off[slot] = b + 1;
		return 0;
	}
	if (e->clen && e->cdst + e->clen == b && e->csrc + e->clen == src &&
	    src + BLOCK <= e->cdst) {
		e->clen += BLOCK;
		e->lit = b + BLOCK;
		return 0;
	}
	err = flush_to(e, raw, b);
	if (err)
		return err;
	e->csrc = src;
	e->cdst = b;
	e->clen = BLOCK;
	e->lit = b + BLOCK;
	return 0;
}

size_t dedup_encode(struct dedup_table *t, const uint8_t *raw, size_t n,
		    const uint32_t *piece, size_t npiece, uint8_t *out, size_t cap)
{
	struct enc e = { .out = out, .cap = cap };
	size_t i;
	uint32_t b, end;

	memset(t->off, 0, sizeof(t->off));
	for (i = 0; i < npiece; i++) {
		end = i + 1 < npiece ? piece[i + 1] : (uint32_t)n;
		for (b = piece[i]; b + BLOCK <= end; b += BLOCK)
			if (block(&e, t, raw, b))
				return 0;
	}
	if (flush_to(&e, raw, n))
		return 0;
	return e.len;
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
