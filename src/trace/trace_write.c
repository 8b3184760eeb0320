/* The trace writer.  Event records go to TRACE/events, the bytes they
 * carry to TRACE/data; both are buffered and cut into frames.  The data
 * stream is always written ahead of the events that refer to it, so a
 * recording killed at any moment leaves events whose data is on disk
 * (or an events stream the reader reports as cut off). */
#include "trace_frame.h"

#include <dirent.h>
#include <errno.h>
#include <sys/file.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/msg.h"

/* A data frame ends past FRAME_DATA_FLUSH_AT (big enough for a pipeline's
 * repeats to fall in one), and also once it is DATA_FRAME_AGE_MS old if
 * all its data came from one thread: a program that reads a few
 * megabytes in all (python: 3.4 MB over 50 ms) otherwise left them all
 * to be compressed after it exited, 7 ms more per recording.  Not with
 * several threads: a cut between a pipe's writer and its reader, which
 * repeats the writer's data, loses the repeat, and each cut moves where
 * the next ones fall (tar | wc: 22 MB of trace or 28). */
#define DATA_FRAME_AGE_MS	10
/* Disk held ahead of the events stream: when the data stream fills the
 * disk, the events recorded so far (a frame is at most a compressed
 * FRAME_FLUSH_AT) still fit, so the trace replays up to there. */
#define EVENTS_RESERVE		(1u << 20)

struct trace_writer {
	char *dir;
	int dirfd;
	struct frame_out ev, data;
	struct frame_worker *worker;
	uint64_t nevents;
	struct trace_blobs *blobs;
	uint64_t data_since;		/* ms the data frame holds bytes since */
	int placed;			/* the next payload is in the frame already */
	int32_t frame_tid;		/* thread of the data frame's first event */
	int frame_mixed;		/* and others' data since */
};

/* The coarse clock: no TSC read (which traps in the supervisor). */
static uint64_t coarse_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Before the data of an event of thread tid: ends the data frame if it
 * is due. */
static int data_boundary(struct trace_writer *w, int32_t tid)
{
	uint64_t now;

	if (!w->data.len) {
		w->data_since = 0;
		w->frame_tid = tid;
		w->frame_mixed = 0;
		return 0;
	}
	if (tid != w->frame_tid)
		w->frame_mixed = 1;
	if (w->frame_mixed)
		return 0;
	now = coarse_ms();
	if (now - w->data_since < DATA_FRAME_AGE_MS)
		return 0;
	w->data_since = 0;
	w->frame_tid = tid;
	return frame_out_emit(&w->data);
}

/* 1 when dir exists and holds nothing, 0 when it does not exist. */
static int dir_usable(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int ret = 1;

	if (!d && errno == ENOENT)
		return 0;
	if (!d)
		return msg_errno(-errno, "cannot use %s as a trace directory",
				 dir);
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			msg_err("%s already exists and is not empty", dir);
			ret = -EEXIST;
			break;
		}
	}
	closedir(d);
	return ret;
}

static int writer_create(struct trace_writer *w, const char *dir,
			 const struct trace_header *h)
{
	int err = dir_usable(dir);

	if (err < 0)
		return err;
	if (err == 0 && (err = trace_mkdir_p(dir)))
		return msg_errno(err, "cannot create %s", dir);
	w->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0)
		return msg_errno(-errno, "cannot open %s", dir);
	/* Held while we write: a replay of a trace still being written
	 * would stop wherever the writer happened to be. */
	flock(w->dirfd, LOCK_EX | LOCK_NB);
	if (mkdirat(w->dirfd, "files", 0700) < 0)
		return msg_errno(-errno, "cannot create %s/files", dir);
	err = trace_header_write(w->dirfd, dir, h);
	if (!err)
		err = frame_out_open(&w->data, w->dirfd, dir, "data", FRAME_DATA);
	if (!err)
		err = frame_out_open(&w->ev, w->dirfd, dir, "events",
				     FRAME_EVENTS);
	w->ev.before = &w->data;
	if (!err)
		frame_out_reserve(&w->ev, EVENTS_RESERVE);
	w->data.dedup = 1;
	if (!err && (err = frame_worker_start(&w->worker)))
		return msg_errno(err, "cannot start the trace writer thread");
	w->ev.worker = w->data.worker = w->worker;
	return err;
}

static void writer_free(struct trace_writer *w)
{
	/* Queued frames are written first: nothing recorded is lost. */
	frame_worker_stop(w->worker);
	frame_out_free(&w->ev);
	frame_out_free(&w->data);
	trace_blobs_free(w->blobs);
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w->dir);
	free(w);
}

int trace_writer_open(struct trace_writer **wp, const char *dir,
		      const struct trace_header *h)
{
	struct trace_writer *w = calloc(1, sizeof(*w));
	int err;

	*wp = NULL;
	if (!w)
		return msg_errno(-ENOMEM, "%s", dir);
	w->dirfd = -1;
	w->ev.fd = w->data.fd = -1;
	w->dir = strdup(dir);
	if (!w->dir) {
		err = msg_errno(-ENOMEM, "%s", dir);
		goto fail;
	}
	err = writer_create(w, dir, h);
	if (err)
		goto fail;
	*wp = w;
	return 0;
fail:
	writer_free(w);
	return err;
}

static void enc_event(uint8_t *b, const struct trace_event *ev)
{
	trace_put_u32(b + 0, ev->type);
	trace_put_u32(b + 4, ev->flags);
	trace_put_u32(b + 8, ev->tid);
	trace_put_u32(b + 12, ev->nmem);
	trace_put_u32(b + 16, ev->extra_len);
	trace_put_u32(b + 20, 0);
	trace_put_u64(b + 24, ev->nr);
	for (int i = 0; i < 6; i++)
		trace_put_u64(b + 32 + 8 * i, ev->args[i]);
	trace_put_u64(b + 80, ev->ret);
	trace_put_u64(b + 88, ev->ip);
	trace_put_u64(b + 96, ev->sp);
	trace_put_u64(b + 104, ev->digest);
}

/* Refuses events the reader would reject, before anything is buffered. */
static int check_event(const struct trace_event *ev,
		       const struct trace_chunk *mem, const void *extra)
{
	uint64_t total = ev->extra_len;

	if (ev->type < TRACE_EV_SYSCALL || ev->type >= TRACE_EV_MAX) {
		msg_err("trace_put: bad event type %u", ev->type);
		return -EINVAL;
	}
	if (ev->nmem > TRACE_MAX_MEM || (ev->nmem && !mem) ||
	    (ev->extra_len && !extra)) {
		msg_err("trace_put: bad memory chunks or extra payload");
		return -EINVAL;
	}
	for (uint32_t i = 0; i < ev->nmem; i++) {
		if (mem[i].len > TRACE_MAX_EVENT_DATA ||
		    (mem[i].len && !mem[i].data)) {
			msg_err("trace_put: bad memory chunk %u", i);
			return -EINVAL;
		}
		total += mem[i].len;
	}
	if (total > TRACE_MAX_EVENT_DATA) {
		msg_err("trace_put: event carries too much data (%llu bytes)",
			(unsigned long long)total);
		return -E2BIG;
	}
	return 0;
}

static int put_chunk_table(struct trace_writer *w, const struct trace_event *ev,
			   const struct trace_chunk *mem)
{
	uint8_t b[256 * TRACE_REC_CHUNK_SIZE];
	uint32_t i = 0;
	int err = 0;

	while (i < ev->nmem && !err) {
		size_t n = 0;

		for (; i < ev->nmem && n < sizeof(b); i++) {
			trace_put_u64(b + n, mem[i].addr);
			trace_put_u64(b + n + 8, mem[i].len);
			n += TRACE_REC_CHUNK_SIZE;
		}
		err = frame_out_append(&w->ev, b, n);
	}
	return err;
}

/* The extra payload, cut at the marks: each piece from a mark on is
 * searched for blocks repeated earlier in the frame (trace_dedup.c). */
static int put_extra(struct trace_writer *w, const uint8_t *extra, uint32_t len,
		     const uint32_t *marks, size_t nmarks)
{
	uint32_t at = 0, next;
	size_t i;
	int err = 0;

	for (i = 0; i <= nmarks && !err; i++) {
		next = i < nmarks && marks[i] > at && marks[i] < len ? marks[i] : len;
		if (i < nmarks && next == len)
			continue;
		err = frame_out_append(&w->data, extra + at, next - at);
		at = next;
	}
	return err;
}

void *trace_extra_space(struct trace_writer *w, int32_t tid, uint32_t len)
{
	void *p;

	if (w->ev.err || w->data.err || data_boundary(w, tid))
		return NULL;
	p = frame_out_space(&w->data, len);
	w->placed = p != NULL;
	return p;
}

int trace_put(struct trace_writer *w, const struct trace_event *ev,
	      const struct trace_chunk *mem, const void *extra)
{
	return trace_put_marked(w, ev, mem, extra, NULL, 0);
}

int trace_put_marked(struct trace_writer *w, const struct trace_event *ev,
		     const struct trace_chunk *mem, const void *extra,
		     const uint32_t *marks, size_t nmarks)
{
	uint8_t rec[TRACE_REC_SIZE];
	int err;

	if (w->ev.err || w->data.err)
		return w->ev.err ? w->ev.err : w->data.err;
	err = check_event(ev, mem, extra);
	if (!err && !w->placed && (ev->nmem || ev->extra_len))
		err = data_boundary(w, ev->tid);
	w->placed = 0;
	if (err)
		return err;
	/* Data first: an events frame is only written after the data
	 * frames its records need (frame_out.before). */
	for (uint32_t i = 0; i < ev->nmem && !err; i++)
		err = frame_out_append(&w->data, mem[i].data, mem[i].len);
	if (!err)
		err = put_extra(w, extra, ev->extra_len, marks, nmarks);
	enc_event(rec, ev);
	if (!err)
		err = frame_out_append(&w->ev, rec, sizeof(rec));
	if (!err)
		err = put_chunk_table(w, ev, mem);
	if (err)
		return err;
	w->nevents++;
	if (w->data.len >= FRAME_DATA_FLUSH_AT) {
		w->data_since = 0;
		err = frame_out_emit(&w->data);
		if (err)
			return err;
	}
	if (w->data.len && !w->data_since)
		w->data_since = coarse_ms();
	if (w->ev.len >= FRAME_FLUSH_AT)
		return frame_out_emit(&w->ev);
	return 0;
}

int trace_flush(struct trace_writer *w)
{
	return frame_out_emit(&w->ev);
}

int trace_add_file(struct trace_writer *w, int fd, char name[TRACE_BLOB_NAME])
{
	return trace_blobs_add(&w->blobs, w->dirfd, w->dir, fd, name);
}

uint64_t trace_writer_events(const struct trace_writer *w)
{
	return w->nevents;
}

int trace_writer_close(struct trace_writer *w)
{
	int err;

	if (!w)
		return 0;
	/* data's END goes first: an events END promises a complete trace.
	 * If data failed (a full disk), the events recorded so far still go
	 * out, into the space held for them. */
	err = frame_out_end(&w->data, w->nevents);
	if (err)
		frame_out_salvage(&w->ev);
	else
		err = frame_out_end(&w->ev, w->nevents);
	/* Written, not synced: an fsync on a busy file system waits for
	 * everyone's writeback (seconds, behind a test suite's I/O), and a
	 * trace cut short by a power loss reads as cut off, not as wrong. */
	if (!err)
		err = frame_out_flush(&w->data);
	if (!err)
		err = frame_out_flush(&w->ev);
	writer_free(w);
	return err;
}
