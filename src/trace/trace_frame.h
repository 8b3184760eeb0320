/* Internal to src/trace/: the framed, checksummed, zstd-compressed byte
 * streams that TRACE/events and TRACE/data are made of, the header codec
 * and small helpers shared by the writer, the reader and the directory
 * code.  See man/rrsup-trace.5 for the layout.
 *
 * A stream is a byte sequence cut into frames at arbitrary points; a
 * record may span frames.  Each frame is a 40-byte header and one zstd
 * frame.  A stream closed cleanly ends with an END frame whose payload
 * holds totals; a stream without one was cut off. */
#ifndef RRSUP_TRACE_FRAME_H
#define RRSUP_TRACE_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>

#include "trace.h"

#define FRAME_MAGIC	0x46525352u	/* "RSRF" as little-endian bytes */
#define FRAME_HDR_SIZE	40
#define FRAME_MAX_RAW	(8u << 20)	/* raw bytes in one frame, at most */
#define FRAME_FLUSH_AT	(1u << 20)	/* the writer ends a frame past this */
/* Data frames are bigger: a pipeline's reader and writer flush about a
 * megabyte of buffered calls each, and a repeated block is only found
 * within its frame (trace_dedup.c). */
#define FRAME_DATA_FLUSH_AT	(4u << 20)
#define FRAME_LEVEL	1		/* zstd level: recording speed first */
#define FRAME_F_END	0x1		/* last frame: payload is the trailer */
#define FRAME_F_DEDUP	0x2		/* payload is dedup-encoded (trace_dedup.c);
					 * header word 20: its decoded length */
#define FRAME_TRAILER_SIZE 16

enum frame_stream {
	FRAME_EVENTS = 1,
	FRAME_DATA = 2,
};

/* Fixed part of an event record on disk, then nmem x (addr, len). */
#define TRACE_REC_SIZE		112
#define TRACE_REC_CHUNK_SIZE	16
/* Bounds the reader enforces (and the writer refuses to exceed), so that
 * a damaged or hostile trace cannot ask for absurd allocations. */
#define TRACE_MAX_MEM		(1u << 20)	/* chunks per event */
#define TRACE_MAX_EVENT_DATA	(1ull << 32)	/* chunk + extra bytes per event */
#define TRACE_MAX_HEADER	(64u << 20)	/* header file size */

struct frame_out {
	int fd;
	char *path;			/* for messages: "TRACE/events" */
	uint16_t stream;
	uint32_t seq;			/* next frame's sequence number */
	uint64_t off;			/* file size so far */
	uint64_t total;			/* raw stream bytes so far */
	uint8_t *buf;			/* raw bytes not yet in a frame */
	size_t len, cap;
	uint8_t *cbuf;			/* compression output */
	size_t ccap;
	void *cctx;			/* ZSTD_CCtx */
	struct frame_out *before;	/* emitted first: data before events */
	int err;			/* sticky: first write error */
	struct frame_worker *worker;	/* compresses and writes, if set */
	int async_err;			/* the worker's first error */
	/* Data stream: where in buf each appended piece starts, for the
	 * repeated-block search (trace_dedup.c). */
	int dedup;
	uint32_t *piece;
	size_t npiece, pcap;
	struct dedup_table *dtab;	/* the worker's */
	uint8_t *ebuf;			/* encoded frame */
	size_t ecap;
	/* Disk space held past the end of the file (events stream): */
	uint64_t reserved;		/* bytes from offset 0 */
	uint32_t reserve_step;		/* 0: none */
};

/* trace_dedup.c: repeated 512-byte blocks of a frame become copies. */
struct dedup_table;
struct dedup_table *dedup_table_new(void);
void dedup_table_free(struct dedup_table *t);
/* Encodes raw[0..n) (blocks aligned to each piece start) into out; the
 * encoded length, or 0 if it did not fit in cap. */
size_t dedup_encode(struct dedup_table *t, const uint8_t *raw, size_t n,
		    const uint32_t *piece, size_t npiece, uint8_t *out, size_t cap);
/* 0, or -EBADMSG if in is not a valid encoding of outlen bytes. */
int dedup_decode(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);

/* The compression worker (trace_worker.c): frames go to a thread that
 * compresses and writes them in order.  frame_out_flush drains it. */
struct frame_worker;
int frame_worker_start(struct frame_worker **wp);
int frame_worker_submit(struct frame_worker *w, struct frame_out *o,
			uint8_t *raw, size_t n, uint16_t flags, int big,
			uint32_t *piece, size_t npiece);
/* A FRAME_MAX_RAW buffer for o->buf, reused when one is free. */
uint8_t *frame_worker_buf(struct frame_worker *w);
void frame_worker_drain(struct frame_worker *w);
void frame_worker_stop(struct frame_worker *w);
/* Compresses and writes one frame now (the worker's job). */
int frame_compress_write(struct frame_out *o, const void *src, size_t n,
			 uint16_t flags, const uint32_t *piece, size_t npiece);

int frame_out_open(struct frame_out *o, int dirfd, const char *dir,
		   const char *name, uint16_t stream);
int frame_out_append(struct frame_out *o, const void *p, size_t n);
/* Where the next n bytes appended will go (n <= FRAME_MAX_RAW), ending
 * the frame first if they do not fit; appending from there copies
 * nothing.  NULL if out of memory. */
void *frame_out_space(struct frame_out *o, size_t n);
/* Ends the current frame (after o->before's). */
int frame_out_emit(struct frame_out *o);
/* Writes the END frame; events is the number of events in the trace. */
int frame_out_end(struct frame_out *o, uint64_t events);
/* Waits until every frame is written; the first error, or 0. */
int frame_out_flush(struct frame_out *o);
/* Keeps step bytes of disk held past the file's end (fallocate, best
 * effort), renewed as it grows, so that a disk filled by another stream
 * still takes this one's last frames.  Released by frame_out_free. */
void frame_out_reserve(struct frame_out *o, uint32_t step);
/* The stream o->before failed: writes what o holds anyway, without END
 * (the trace then reads as cut off where its data ends), and waits. */
int frame_out_salvage(struct frame_out *o);
void frame_out_free(struct frame_out *o);

struct frame_in {
	int fd;
	char *path;
	uint16_t stream;
	uint32_t seq;
	uint64_t off;			/* file offset of the next frame */
	uint64_t cur_off;		/* file offset of the frame in raw */
	uint64_t total;			/* raw bytes received so far */
	uint8_t *raw;			/* current frame, decompressed */
	size_t rlen, rpos, rcap;
	uint8_t *cbuf;
	size_t ccap;
	uint8_t *ebuf;			/* a dedup-encoded frame */
	size_t ecap;
	uint8_t *scratch;		/* a read that spans frames */
	size_t scap;
	void *dctx;			/* ZSTD_DCtx */
	bool ended;			/* END frame seen */
	uint64_t trailer_events;
	uint64_t evidx;			/* for messages: the event being read */
};

int frame_in_open(struct frame_in *in, int dirfd, const char *dir,
		  const char *name, uint16_t stream);
/* Points *p at the next n bytes (valid until the next call).  Returns 1,
 * 0 when may_end and the stream ended cleanly exactly here, or a negative
 * errno with a message printed: -EBADMSG corrupt, -ENODATA cut off. */
int frame_in_get(struct frame_in *in, size_t n, const uint8_t **p,
		 bool may_end);
void frame_in_mark(const struct frame_in *in, struct trace_stream_mark *m);
int frame_in_seek(struct frame_in *in, const struct trace_stream_mark *m);
/* 0 when every byte was consumed and the stream ended cleanly. */
int frame_in_check_end(struct frame_in *in);
void frame_in_free(struct frame_in *in);

/* Header codec (trace_header.c). */
int trace_header_write(int dirfd, const char *dir, const struct trace_header *h);
int trace_header_read(int dirfd, const char *dir, struct trace_header *h);

/* Little-endian helpers. */
void trace_put_u32(uint8_t *p, uint32_t v);
void trace_put_u64(uint8_t *p, uint64_t v);
uint32_t trace_get_u32(const uint8_t *p);
uint64_t trace_get_u64(const uint8_t *p);

/* Content-addressed copies in TRACE/files/ (trace_files.c): copies the
 * file open on fd unless the same (dev, inode, size, mtime) was seen. */
struct trace_blobs;
int trace_blobs_add(struct trace_blobs **b, int dirfd, const char *dir,
		    int fd, char name[TRACE_BLOB_NAME]);
void trace_blobs_free(struct trace_blobs *b);

/* The file-copy cache shared by recordings (trace_cache.c). */
int trace_cache_open(int dirfd);
int trace_cache_get(int cfd, int dirfd, const struct stat *st,
		    char name[TRACE_BLOB_NAME]);
void trace_cache_put(int cfd, int dirfd, const struct stat *st,
		     const char *name);
/* A blob name: 1..TRACE_BLOB_NAME-1 lowercase hex digits. */
bool trace_blob_name_ok(const char *name);

/* Creates path and missing parents with mode 0700 (trace_dir.c). */
int trace_mkdir_p(const char *path);
/* write() all of it, retrying on EINTR and short writes. */
int trace_write_all(int fd, const void *p, size_t n);
/* read() until n bytes or end of file; bytes read or a negative errno. */
ssize_t trace_read_full(int fd, void *p, size_t n);

#endif
