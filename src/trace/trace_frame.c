/* Framed streams: the writer cuts a byte stream into checksummed zstd
 * frames, the reader turns them back into bytes and refuses anything it
 * cannot vouch for.  Layout of a frame header (all little-endian):
 *
 *    0 u32 magic   4 u16 stream   6 u16 flags   8 u32 seq
 *   12 u32 clen   16 u32 rlen    20 u32 zero
 *   24 u64 XXH3-64 of the clen compressed bytes that follow
 *   32 u64 XXH3-64 of bytes 0..31
 *
 * The header checksum lets the reader tell a damaged length (corrupt)
 * from a file that simply stops (cut off). */
#include "trace_frame.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include "util/msg.h"

void trace_put_u32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

void trace_put_u64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

uint32_t trace_get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

uint64_t trace_get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

int trace_write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k = write(fd, b, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			return -EIO;
		b += k;
		n -= k;
	}
	return 0;
}

ssize_t trace_read_full(int fd, void *p, size_t n)
{
	uint8_t *b = p;
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, b + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			break;
		got += k;
	}
	return got;
}

static char *join_path(const char *dir, const char *name)
{
	char *s;

	if (asprintf(&s, "%s/%s", dir, name) < 0)
		return NULL;
	return s;
}

static int grow(uint8_t **buf, size_t *cap, size_t need, const char *path)
{
	size_t cap2 = *cap * 2;
	uint8_t *b;

	if (need <= *cap)
		return 0;
	if (cap2 < need)
		cap2 = need < 4096 ? 4096 : need;
	b = realloc(*buf, cap2);
	if (!b)
		return msg_errno(-ENOMEM, "%s: %zu bytes", path, cap2);
	*buf = b;
	*cap = cap2;
	return 0;
}

/* ---- writing ---- */

int frame_out_open(struct frame_out *o, int dirfd, const char *dir,
		   const char *name, uint16_t stream)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->stream = stream;
	o->path = join_path(dir, name);
	o->cctx = ZSTD_createCCtx();
	if (!o->path || !o->cctx)
		return msg_errno(-ENOMEM, "%s/%s", dir, name);
	o->fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		       0600);
	if (o->fd < 0)
		return msg_errno(-errno, "cannot create %s", o->path);
	return 0;
}

/* A data frame whose repeated blocks make up more than 1/16 of it goes
 * out encoded (trace_dedup.c); *n and *dlen: the payload and decoded
 * lengths. */
static const void *dedup(struct frame_out *o, const void *src, size_t *n,
			 uint32_t *dlen, const uint32_t *piece, size_t npiece)
{
	size_t e;

	if (!npiece || *n < 4096)
		return src;
	if (!o->dtab && !(o->dtab = dedup_table_new()))
		return src;
	if (grow(&o->ebuf, &o->ecap, *n, o->path))
		return src;
	e = dedup_encode(o->dtab, src, *n, piece, npiece, o->ebuf, *n);
	if (!e || e > *n - *n / 16)
		return src;
	*dlen = (uint32_t)*n;
	*n = e;
	return o->ebuf;
}

static void keep_reserve(struct frame_out *o)
{
	if (o->reserve_step && o->off + o->reserve_step / 2 >= o->reserved &&
	    !fallocate(o->fd, FALLOC_FL_KEEP_SIZE, (off_t)o->reserved,
		       o->reserve_step))
		o->reserved += o->reserve_step;
}

int frame_compress_write(struct frame_out *o, const void *src, size_t n,
			 uint16_t flags, const uint32_t *piece, size_t npiece)
{
	uint8_t h[FRAME_HDR_SIZE];
	uint32_t dlen = 0;
	size_t clen;
	int err;

	if (o->err)
		return o->err;
	src = dedup(o, src, &n, &dlen, piece, npiece);
	if (dlen)
		flags |= FRAME_F_DEDUP;
	err = grow(&o->cbuf, &o->ccap, ZSTD_compressBound(n), o->path);
	if (err)
		return o->err = err;
	clen = ZSTD_compressCCtx(o->cctx, o->cbuf, o->ccap, src, n,
				 FRAME_LEVEL);
	if (ZSTD_isError(clen)) {
		msg_err("%s: compression failed: %s", o->path,
			ZSTD_getErrorName(clen));
		return o->err = -EIO;
	}
	trace_put_u32(h, FRAME_MAGIC);
	h[4] = o->stream & 0xff;
	h[5] = o->stream >> 8;
	h[6] = flags & 0xff;
	h[7] = flags >> 8;
	trace_put_u32(h + 8, o->seq);
	trace_put_u32(h + 12, clen);
	trace_put_u32(h + 16, n);
	trace_put_u32(h + 20, dlen);
	trace_put_u64(h + 24, XXH3_64bits(o->cbuf, clen));
	trace_put_u64(h + 32, XXH3_64bits(h, 32));
	err = trace_write_all(o->fd, h, sizeof(h));
	if (!err)
		err = trace_write_all(o->fd, o->cbuf, clen);
	if (err)
		return o->err = msg_errno(err, "%s: write failed (the trace is kept "
					  "up to there)", o->path);
	o->seq++;
	o->off += sizeof(h) + clen;
	keep_reserve(o);
	return 0;
}

void frame_out_reserve(struct frame_out *o, uint32_t step)
{
	o->reserve_step = step;
	keep_reserve(o);
}

int frame_out_salvage(struct frame_out *o)
{
	struct frame_out *before = o->before;
	int err;

	o->before = NULL;
	err = frame_out_emit(o);
	o->before = before;
	return err ? err : frame_out_flush(o);
}

static int async_err(struct frame_out *o)
{
	int err = o->worker ? __atomic_load_n(&o->async_err, __ATOMIC_ACQUIRE) : 0;

	if (err && !o->err)
		o->err = err;
	return o->err;
}

/* A frame of n bytes from src; with a worker, src is o->buf (handed
 * over, with its pieces) or caller memory (copied).  Only o->buf frames
 * are searched for repeats: caller memory is an 8 MiB slice of one huge
 * chunk, not the reads of a pipeline. */
static int frame_write(struct frame_out *o, const void *src, size_t n,
		       uint16_t flags)
{
	uint32_t *piece = NULL;
	size_t npiece = 0;
	uint8_t *raw;
	int err, big = 0;

	if (async_err(o))
		return o->err;
	if (o->dedup && src == o->buf) {
		piece = o->piece;
		npiece = o->npiece;
	}
	if (!o->worker) {
		err = frame_compress_write(o, src, n, flags, piece, npiece);
		if (src == o->buf)
			o->npiece = 0;
		return err;
	}
	if (src == o->buf) {
		raw = o->buf;
		big = o->cap == FRAME_MAX_RAW;
		o->buf = NULL;
		o->len = o->cap = 0;
		o->piece = NULL;
		o->npiece = o->pcap = 0;
	} else {
		raw = malloc(n ? n : 1);
		if (!raw)
			return o->err = msg_errno(-ENOMEM, "%s", o->path);
		memcpy(raw, src, n);
	}
	err = frame_worker_submit(o->worker, o, raw, n, flags, big, piece, npiece);
	if (err)
		return o->err = msg_errno(err, "%s", o->path);
	return 0;
}

/* The data stream notes where each piece of 512 bytes or more starts. */
static void note_piece(struct frame_out *o, size_t k)
{
	uint32_t *p;

	if (!o->dedup || k < 512)
		return;
	if (o->npiece == o->pcap) {
		p = realloc(o->piece, (o->pcap ? 2 * o->pcap : 256) * sizeof(*p));
		if (!p)
			return;		/* fewer pieces: fewer repeats found */
		o->piece = p;
		o->pcap = o->pcap ? 2 * o->pcap : 256;
	}
	o->piece[o->npiece++] = (uint32_t)o->len;
}

int frame_out_emit(struct frame_out *o)
{
	int err;

	if (o->before) {
		err = frame_out_emit(o->before);
		if (err)
			return err;
	}
	if (async_err(o) || !o->len)
		return o->err;
	err = frame_write(o, o->buf, o->len, 0);
	o->len = 0;
	return err;
}

static int frame_out_grow(struct frame_out *o)
{
	size_t cap = o->cap ? o->cap * 2 : 2 * FRAME_FLUSH_AT;
	uint8_t *b;

	if (cap > FRAME_MAX_RAW || (!o->buf && o->worker))
		cap = FRAME_MAX_RAW;
	/* With a worker, buffers go round: only the bytes used are ever
	 * touched, so the full size costs nothing more. */
	if (!o->buf && o->worker)
		b = frame_worker_buf(o->worker);
	else
		b = realloc(o->buf, cap);
	if (!b)
		return o->err = msg_errno(-ENOMEM, "%s", o->path);
	o->buf = b;
	o->cap = cap;
	return 0;
}

/* Big writes go straight from the caller's memory into frames of the
 * maximum size; only the tail is copied, so a huge chunk costs one pass. */
int frame_out_append(struct frame_out *o, const void *p, size_t n)
{
	const uint8_t *s = p;
	int err;

	while (n && !o->err) {
		size_t k;

		if (!o->len && n >= FRAME_MAX_RAW) {
			if (o->before && (err = frame_out_emit(o->before)))
				return err;
			err = frame_write(o, s, FRAME_MAX_RAW, 0);
			k = FRAME_MAX_RAW;
		} else if (o->len == o->cap) {
			err = o->cap < FRAME_MAX_RAW ? frame_out_grow(o) :
			      frame_out_emit(o);
			k = 0;
		} else {
			k = o->cap - o->len < n ? o->cap - o->len : n;
			note_piece(o, k);
			if (s != o->buf + o->len)	/* frame_out_space */
				memcpy(o->buf + o->len, s, k);
			o->len += k;
			err = 0;
		}
		if (err)
			return err;
		o->total += k;
		s += k;
		n -= k;
	}
	return o->err;
}

void *frame_out_space(struct frame_out *o, size_t n)
{
	if (n > FRAME_MAX_RAW)
		return NULL;
	while (o->cap - o->len < n) {
		int err = o->len + n > FRAME_MAX_RAW || o->cap == FRAME_MAX_RAW ?
			  frame_out_emit(o) : frame_out_grow(o);

		if (err || o->err)
			return NULL;
	}
	return o->buf + o->len;
}

int frame_out_end(struct frame_out *o, uint64_t events)
{
	uint8_t t[FRAME_TRAILER_SIZE];
	int err;

	err = frame_out_emit(o);
	if (err)
		return err;
	trace_put_u64(t, events);
	trace_put_u64(t + 8, o->total);
	return frame_write(o, t, sizeof(t), FRAME_F_END);
}

int frame_out_flush(struct frame_out *o)
{
	if (o->worker)
		frame_worker_drain(o->worker);
	return async_err(o);
}

void frame_out_free(struct frame_out *o)
{
	/* Truncating to its own size gives back what fallocate held. */
	if (o->fd >= 0 && o->reserved)
		(void)!ftruncate(o->fd, (off_t)o->off);
	if (o->fd >= 0)
		close(o->fd);
	ZSTD_freeCCtx(o->cctx);
	free(o->cbuf);
	free(o->buf);
	free(o->piece);
	free(o->ebuf);
	dedup_table_free(o->dtab);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}

/* ---- reading ---- */

int frame_in_open(struct frame_in *in, int dirfd, const char *dir,
		  const char *name, uint16_t stream)
{
	memset(in, 0, sizeof(*in));
	in->stream = stream;
	in->path = join_path(dir, name);
	in->dctx = ZSTD_createDCtx();
	if (!in->path || !in->dctx) {
		in->fd = -1;
		return msg_errno(-ENOMEM, "%s/%s", dir, name);
	}
	in->fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0)
		return msg_errno(-errno, "cannot open %s", in->path);
	return 0;
}

static int corrupt(struct frame_in *in, uint64_t off, const char *why)
{
	msg_err("%s: frame at offset %llu is corrupt (%s), reading event %llu",
		in->path, (unsigned long long)off, why,
		(unsigned long long)in->evidx);
	return -EBADMSG;
}

static int cut_off(struct frame_in *in, uint64_t off)
{
	msg_err("%s: truncated at offset %llu (the recording was cut off), "
		"reading event %llu", in->path, (unsigned long long)off,
		(unsigned long long)in->evidx);
	return -ENODATA;
}

static int read_err(struct frame_in *in, ssize_t err)
{
	return msg_errno(err, "%s: read failed at offset %llu", in->path,
			 (unsigned long long)in->off);
}

/* Checks a frame header; sets *clen and *rlen. */
static int check_header(struct frame_in *in, const uint8_t *h,
			uint32_t *clen, uint32_t *rlen, uint16_t *flags)
{
	uint16_t stream = h[4] | h[5] << 8;

	*flags = h[6] | h[7] << 8;
	*clen = trace_get_u32(h + 12);
	*rlen = trace_get_u32(h + 16);
	if (trace_get_u32(h) != FRAME_MAGIC)
		return corrupt(in, in->off, "bad frame magic");
	if (trace_get_u64(h + 32) != XXH3_64bits(h, 32))
		return corrupt(in, in->off, "header checksum mismatch");
	if (stream != in->stream)
		return corrupt(in, in->off, "frame of another stream");
	if (trace_get_u32(h + 8) != in->seq)
		return corrupt(in, in->off, "frame out of sequence");
	if (*flags & ~(FRAME_F_END | FRAME_F_DEDUP) ||
	    (*flags & FRAME_F_END && *flags & FRAME_F_DEDUP) ||
	    (!(*flags & FRAME_F_DEDUP) && trace_get_u32(h + 20)))
		return corrupt(in, in->off, "unknown flags");
	if (*flags & FRAME_F_DEDUP &&
	    (!trace_get_u32(h + 20) || trace_get_u32(h + 20) > FRAME_MAX_RAW))
		return corrupt(in, in->off, "bad decoded length");
	if (*flags & FRAME_F_END ? *rlen != FRAME_TRAILER_SIZE :
	    !*rlen || *rlen > FRAME_MAX_RAW)
		return corrupt(in, in->off, "bad raw length");
	if (!*clen || *clen > ZSTD_compressBound(FRAME_MAX_RAW))
		return corrupt(in, in->off, "bad compressed length");
	return 0;
}


/* After the END frame there must be nothing. */
static int frame_in_ended(struct frame_in *in, uint64_t off)
{
	uint8_t c;
	ssize_t k;

	in->trailer_events = trace_get_u64(in->raw);
	if (trace_get_u64(in->raw + 8) != in->total)
		return corrupt(in, off, "end frame disagrees with the stream length");
	k = trace_read_full(in->fd, &c, 1);
	if (k < 0)
		return read_err(in, k);
	if (k)
		return corrupt(in, in->off, "data after the end frame");
	in->ended = true;
	in->rlen = in->rpos = 0;
	return 0;
}

/* Loads the next frame: 1 with data, 0 at a clean end, or an error. */
static int frame_in_load(struct frame_in *in)
{
	uint8_t h[FRAME_HDR_SIZE];
	uint64_t off = in->off;
	uint32_t clen, rlen;
	uint16_t flags;
	size_t k;
	ssize_t got;
	int err;

	got = trace_read_full(in->fd, h, sizeof(h));
	if (got < 0)
		return read_err(in, got);
	if (got < (ssize_t)sizeof(h))
		return cut_off(in, off);
	err = check_header(in, h, &clen, &rlen, &flags);
	if (err)
		return err;
	if ((err = grow(&in->cbuf, &in->ccap, clen, in->path)) ||
	    (err = grow(&in->raw, &in->rcap, rlen, in->path)))
		return err;
	got = trace_read_full(in->fd, in->cbuf, clen);
	if (got < 0)
		return read_err(in, got);
	if (got < clen)
		return cut_off(in, off);
	if (trace_get_u64(h + 24) != XXH3_64bits(in->cbuf, clen))
		return corrupt(in, off, "checksum mismatch");
	if (ZSTD_getFrameContentSize(in->cbuf, clen) != rlen)
		return corrupt(in, off, "bad zstd frame");
	if (flags & FRAME_F_DEDUP) {
		uint32_t dlen = trace_get_u32(h + 20);

		if ((err = grow(&in->ebuf, &in->ecap, rlen, in->path)) ||
		    (err = grow(&in->raw, &in->rcap, dlen, in->path)))
			return err;
		k = ZSTD_decompressDCtx(in->dctx, in->ebuf, rlen, in->cbuf, clen);
		if (ZSTD_isError(k) || k != rlen)
			return corrupt(in, off, "does not decompress");
		if (dedup_decode(in->ebuf, rlen, in->raw, dlen))
			return corrupt(in, off, "bad repeated-block encoding");
		rlen = dlen;
	} else {
		k = ZSTD_decompressDCtx(in->dctx, in->raw, rlen, in->cbuf, clen);
		if (ZSTD_isError(k) || k != rlen)
			return corrupt(in, off, "does not decompress");
	}
	in->cur_off = off;
	in->off += sizeof(h) + clen;
	in->seq++;
	in->rlen = rlen;
	in->rpos = 0;
	if (flags & FRAME_F_END)
		return frame_in_ended(in, off);
	in->total += rlen;
	return 1;
}

/* Makes bytes available unless the stream has ended. */
static int frame_in_fill(struct frame_in *in)
{
	while (in->rpos == in->rlen && !in->ended) {
		int err = frame_in_load(in);

		if (err < 0)
			return err;
	}
	return 0;
}

static int ends_early(struct frame_in *in, size_t got, size_t n)
{
	msg_err("%s: the stream ends in the middle of event %llu "
		"(%zu of %zu bytes)", in->path,
		(unsigned long long)in->evidx, got, n);
	return -EBADMSG;
}

int frame_in_get(struct frame_in *in, size_t n, const uint8_t **p,
		 bool may_end)
{
	size_t got = 0;
	int err;

	*p = NULL;
	if (!n)
		return 1;
	err = frame_in_fill(in);
	if (err)
		return err;
	if (in->rlen - in->rpos >= n) {
		*p = in->raw + in->rpos;
		in->rpos += n;
		return 1;
	}
	if (in->ended && may_end)
		return 0;
	/* Spans frames: gather it, growing the buffer only as bytes
	 * actually arrive so a bogus length cannot cost a huge allocation. */
	while (got < n) {
		size_t k;

		if ((err = frame_in_fill(in)))
			return err;
		k = in->rlen - in->rpos;
		if (!k)
			return ends_early(in, got, n);
		if (k > n - got)
			k = n - got;
		if ((err = grow(&in->scratch, &in->scap, got + k, in->path)))
			return err;
		memcpy(in->scratch + got, in->raw + in->rpos, k);
		in->rpos += k;
		got += k;
	}
	*p = in->scratch;
	return 1;
}

void frame_in_mark(const struct frame_in *in, struct trace_stream_mark *m)
{
	memset(m, 0, sizeof(*m));
	m->ended = in->ended;
	if (in->rlen && !in->ended) {
		m->loaded = 1;
		m->off = in->cur_off;
		m->seq = in->seq - 1;
		m->total = in->total - in->rlen;
		m->rpos = (uint32_t)in->rpos;
	} else {
		m->off = in->off;
		m->seq = in->seq;
		m->total = in->total;
	}
}

int frame_in_seek(struct frame_in *in, const struct trace_stream_mark *m)
{
	int err;

	if (lseek(in->fd, (off_t)m->off, SEEK_SET) < 0)
		return msg_errno(-errno, "%s: cannot seek to offset %llu",
				 in->path, (unsigned long long)m->off);
	in->off = m->off;
	in->seq = m->seq;
	in->total = m->total;
	in->ended = m->ended;
	in->rlen = in->rpos = 0;
	if (!m->loaded)
		return 0;
	err = frame_in_load(in);
	if (err < 0)
		return err;
	if (err == 0 || m->rpos > in->rlen)
		return corrupt(in, m->off, "not where the checkpoint left it");
	in->rpos = m->rpos;
	return 0;
}

int frame_in_check_end(struct frame_in *in)
{
	int err = frame_in_fill(in);

	if (err)
		return err;
	if (in->rpos < in->rlen) {
		msg_err("%s: holds bytes past the last event (%llu events)",
			in->path, (unsigned long long)in->evidx);
		return -EBADMSG;
	}
	return 0;
}

void frame_in_free(struct frame_in *in)
{
	if (in->fd >= 0)
		close(in->fd);
	ZSTD_freeDCtx(in->dctx);
	free(in->raw);
	free(in->cbuf);
	free(in->ebuf);
	free(in->scratch);
	free(in->path);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
}
