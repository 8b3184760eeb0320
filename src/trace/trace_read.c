/* The trace reader.  Every byte handed out has passed a frame checksum,
 * and every size in a record is bounded before it is used, so a damaged
 * trace ends in one message naming the file, never in a crash. */
#include "trace_frame.h"

#include <dirent.h>
#include <errno.h>
#include <sys/file.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/msg.h"

struct trace_reader {
	char *dir;		/* as given: for messages */
	char *real;		/* absolute: for file paths */
	int dirfd;
	struct trace_header h;
	struct frame_in ev, data;
	uint64_t idx;		/* events returned so far */
	int err;		/* sticky */
	bool done;
	struct trace_chunk *mem;
	size_t memcap;
	struct verified *verified;	/* file copies checked against their names */
};

struct verified {
	struct verified *next;
	char name[TRACE_BLOB_NAME];
};

static int reader_open_dir(struct trace_reader *r, const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT) {
			msg_err("no trace at %s", dir);
			return -ENOENT;
		}
		return msg_errno(-errno, "cannot open %s", dir);
	}
	if (!S_ISDIR(st.st_mode)) {
		msg_err("%s is not an rrsup trace (not a directory)", dir);
		return -ENOTDIR;
	}
	r->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0)
		return msg_errno(-errno, "cannot open %s", dir);
	r->real = realpath(dir, NULL);
	if (!r->real)
		return msg_errno(-errno, "cannot resolve %s", dir);
	return 0;
}

int trace_reader_open(struct trace_reader **rp, const char *dir)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	int err;

	*rp = NULL;
	if (!r)
		return msg_errno(-ENOMEM, "%s", dir);
	r->dirfd = -1;
	r->ev.fd = r->data.fd = -1;
	r->dir = strdup(dir);
	if (!r->dir) {
		err = msg_errno(-ENOMEM, "%s", dir);
		goto fail;
	}
	err = reader_open_dir(r, dir);
	if (!err)
		err = trace_header_read(r->dirfd, dir, &r->h);
	if (!err)
		err = frame_in_open(&r->ev, r->dirfd, dir, "events",
				    FRAME_EVENTS);
	if (!err)
		err = frame_in_open(&r->data, r->dirfd, dir, "data", FRAME_DATA);
	if (err)
		goto fail;
	*rp = r;
	return 0;
fail:
	trace_reader_close(r);
	return err;
}

int trace_dir_live(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), live;

	if (fd < 0)
		return 0;
	live = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return live;
}

const struct trace_header *trace_reader_header(const struct trace_reader *r)
{
	return &r->h;
}

static int bad_event(struct trace_reader *r, const char *why,
		     unsigned long long v)
{
	msg_err("%s: event %llu is corrupt (%s: %llu)", r->ev.path,
		(unsigned long long)r->idx, why, v);
	return -EBADMSG;
}

static int dec_event(struct trace_reader *r, const uint8_t *b,
		     struct trace_event *ev)
{
	ev->type = trace_get_u32(b + 0);
	ev->flags = trace_get_u32(b + 4);
	ev->tid = (int32_t)trace_get_u32(b + 8);
	ev->nmem = trace_get_u32(b + 12);
	ev->extra_len = trace_get_u32(b + 16);
	ev->nr = (int64_t)trace_get_u64(b + 24);
	for (int i = 0; i < 6; i++)
		ev->args[i] = trace_get_u64(b + 32 + 8 * i);
	ev->ret = (int64_t)trace_get_u64(b + 80);
	ev->ip = trace_get_u64(b + 88);
	ev->sp = trace_get_u64(b + 96);
	ev->digest = trace_get_u64(b + 104);
	if (ev->type < TRACE_EV_SYSCALL || ev->type >= TRACE_EV_MAX)
		return bad_event(r, "unknown type", ev->type);
	if (ev->nmem > TRACE_MAX_MEM)
		return bad_event(r, "too many memory chunks", ev->nmem);
	if (trace_get_u32(b + 20))
		return bad_event(r, "reserved field set", trace_get_u32(b + 20));
	return 0;
}

/* Reads the chunk table; *total is the data the event needs. */
static int get_chunks(struct trace_reader *r, const struct trace_event *ev,
		      uint64_t *total)
{
	const uint8_t *p;
	int err;

	if (ev->nmem > r->memcap) {
		struct trace_chunk *m = reallocarray(r->mem, ev->nmem,
						     sizeof(*m));
		if (!m)
			return msg_errno(-ENOMEM, "%s", r->ev.path);
		r->mem = m;
		r->memcap = ev->nmem;
	}
	err = frame_in_get(&r->ev, (size_t)ev->nmem * TRACE_REC_CHUNK_SIZE,
			   &p, false);
	if (err < 0)
		return err;
	*total = ev->extra_len;
	for (uint32_t i = 0; i < ev->nmem; i++) {
		r->mem[i].addr = trace_get_u64(p + i * TRACE_REC_CHUNK_SIZE);
		r->mem[i].len = trace_get_u64(p + i * TRACE_REC_CHUNK_SIZE + 8);
		r->mem[i].data = NULL;
		if (r->mem[i].len > TRACE_MAX_EVENT_DATA)
			return bad_event(r, "chunk too long", r->mem[i].len);
		*total += r->mem[i].len;
	}
	if (*total > TRACE_MAX_EVENT_DATA)
		return bad_event(r, "too much data", *total);
	return 0;
}

/* The events stream ended cleanly: everything must add up. */
static int check_end(struct trace_reader *r)
{
	int err;

	if (r->ev.trailer_events != r->idx)
		return bad_event(r, "end frame counts a different number of "
				 "events", r->ev.trailer_events);
	r->data.evidx = r->idx;
	err = frame_in_check_end(&r->data);
	if (err)
		return err;
	if (r->data.trailer_events != r->idx) {
		msg_err("%s: does not belong with %s (%llu events, not %llu)",
			r->data.path, r->ev.path,
			(unsigned long long)r->data.trailer_events,
			(unsigned long long)r->idx);
		return -EBADMSG;
	}
	return 0;
}

static int get_event(struct trace_reader *r, struct trace_event *ev,
		     const void **extra)
{
	const uint8_t *p;
	uint64_t total = 0, off = 0;
	int err;

	r->ev.evidx = r->data.evidx = r->idx;
	err = frame_in_get(&r->ev, TRACE_REC_SIZE, &p, true);
	if (err == 0) {
		err = check_end(r);
		r->done = !err;
		return err;
	}
	if (err < 0 || (err = dec_event(r, p, ev)) ||
	    (err = get_chunks(r, ev, &total)))
		return err;
	err = frame_in_get(&r->data, total, &p, false);
	if (err < 0)
		return err;
	for (uint32_t i = 0; i < ev->nmem; i++) {
		r->mem[i].data = p ? p + off : NULL;
		off += r->mem[i].len;
	}
	*extra = ev->extra_len ? p + off : NULL;
	r->idx++;
	return 1;
}

int trace_get(struct trace_reader *r, struct trace_event *ev,
	      const struct trace_chunk **mem, const void **extra)
{
	const void *x = NULL;
	int err;

	if (r->err)
		return r->err;
	if (r->done)
		return 0;
	err = get_event(r, ev, &x);
	if (err < 0) {
		r->err = err;
		return err;
	}
	if (mem)
		*mem = err ? r->mem : NULL;
	if (extra)
		*extra = x;
	return err;
}

void trace_reader_mark(const struct trace_reader *r, struct trace_mark *m)
{
	m->idx = r->idx;
	m->done = r->done;
	frame_in_mark(&r->ev, &m->ev);
	frame_in_mark(&r->data, &m->data);
}

int trace_reader_seek(struct trace_reader *r, const struct trace_mark *m)
{
	int err = frame_in_seek(&r->ev, &m->ev);

	if (!err)
		err = frame_in_seek(&r->data, &m->data);
	if (err)
		return r->err = err;
	r->idx = m->idx;
	r->done = m->done;
	r->err = 0;
	return 0;
}

/* TRACE/files/.verified: a line "NAME INODE SIZE MTIME" for each copy an
 * earlier replay hashed and found whole.  Hashing the copies was a tenth
 * of replaying a short python run (18 MB of libraries); a copy written to
 * since has another mtime (what trace_cache.c trusts too) and is hashed
 * again.  Best effort: a trace on read-only media just hashes each time. */
#define VERIFIED_FILE "files/.verified"

static void stamp_line(char *buf, size_t len, const char *name,
		       const struct stat *st)
{
	snprintf(buf, len, "%s %llu %lld %lld.%09ld\n", name,
		 (unsigned long long)st->st_ino, (long long)st->st_size,
		 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

static bool stamp_ok(struct trace_reader *r, const char *name,
		     const struct stat *st)
{
	char path[PATH_MAX], want[160], line[160];
	bool ok = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/" VERIFIED_FILE, r->dir);
	f = fopen(path, "re");
	if (!f)
		return false;
	stamp_line(want, sizeof(want), name, st);
	while (!ok && fgets(line, sizeof(line), f))
		ok = !strcmp(line, want);
	fclose(f);
	return ok;
}

static void stamp_add(struct trace_reader *r, const char *name,
		      const struct stat *st)
{
	char path[PATH_MAX], line[160];
	int fd;

	snprintf(path, sizeof(path), "%s/" VERIFIED_FILE, r->dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	stamp_line(line, sizeof(line), name, st);
	/* One short O_APPEND write: concurrent replays do not interleave. */
	if (write(fd, line, strlen(line)) < 0)
		msg_debug("%s: %s", path, strerror(errno));
	close(fd);
}

/* A copy whose content no longer hashes to its name was damaged: replaying
 * from it would silently run other code or data. */
static int verify_copy(struct trace_reader *r, const char *name,
		       const char *path)
{
	char got[TRACE_BLOB_NAME];
	struct verified *v;
	struct stat st;
	bool have_st;
	int fd, err;

	for (v = r->verified; v; v = v->next)
		if (!strcmp(v->name, name))
			return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return msg_errno(-errno, "%s: missing file copy", path);
	have_st = fstat(fd, &st) == 0;
	if (!have_st || !stamp_ok(r, name, &st)) {
		err = trace_hash_fd(fd, got);
		if (err) {
			close(fd);
			return msg_errno(err, "%s: cannot read file copy", path);
		}
		if (strcmp(got, name)) {
			close(fd);
			msg_err("%s: file copy is corrupt (content does not match its name)",
				path);
			return -EBADMSG;
		}
		if (have_st)
			stamp_add(r, name, &st);
	}
	close(fd);
	v = calloc(1, sizeof(*v));
	if (v) {
		snprintf(v->name, sizeof(v->name), "%s", name);
		v->next = r->verified;
		r->verified = v;
	}
	return 0;
}

int trace_file_path(struct trace_reader *r, const char *name,
		    char *path, size_t len)
{
	int n;

	if (!trace_blob_name_ok(name)) {
		msg_err("%s: bad file name in trace: \"%.64s\"", r->dir, name);
		return -EINVAL;
	}
	n = snprintf(path, len, "%s/files/%s", r->real, name);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return verify_copy(r, name, path);
}

static uint64_t file_size(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	return st.st_size;
}

void trace_reader_sizes(const struct trace_reader *r, uint64_t *streams,
			uint64_t *files)
{
	struct dirent *de;
	DIR *d;
	int fd;

	*streams = file_size(r->dirfd, "header") +
		   file_size(r->dirfd, "events") + file_size(r->dirfd, "data");
	*files = 0;
	fd = openat(r->dirfd, "files", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			*files += file_size(fd, de->d_name);
	closedir(d);
}

void trace_reader_close(struct trace_reader *r)
{
	struct verified *v, *next;

	if (!r)
		return;
	for (v = r->verified; v; v = next) {
		next = v->next;
		free(v);
	}
	frame_in_free(&r->ev);
	frame_in_free(&r->data);
	trace_header_free(&r->h);
	if (r->dirfd >= 0)
		close(r->dirfd);
	free(r->mem);
	free(r->real);
	free(r->dir);
	free(r);
}
