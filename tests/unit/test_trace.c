/* Unit tests for src/trace/: round trips, damaged traces, file blobs and
 * trace directories.  Every damaged trace must end in a negative errno
 * and one message, never a crash or a hang. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trace/trace.h"
#include "trace/trace_frame.h"
#include "unit_run.h"

#define NEVENTS 10000
#define BIG_EVENT 5000
#define BIG_LEN (20u << 20)

static char tmpdir[PATH_MAX];
/* Paths under tmpdir; kept until teardown so callers may hold many. */
static char *paths[4096];
static int npaths;


/* ---- helpers ---- */


/* snprintf that insists on the whole string. */
static void __attribute__((format(printf, 3, 4)))
fmt(char *buf, size_t len, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, len, f, ap);
	va_end(ap);
	ck_assert(n >= 0 && (size_t)n < len);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(p);
}

static void setup(void)
{
	char cache[PATH_MAX];

	strcpy(tmpdir, "/tmp/test_trace.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	/* Never the user's own file cache. */
	fmt(cache, sizeof(cache), "%s/cache", tmpdir);
	setenv("RRSUP_CACHE", cache, 1);
}

static void teardown(void)
{
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	while (npaths)
		free(paths[--npaths]);
}

static char *tpath(const char *name)
{
	char *p = malloc(PATH_MAX);

	ck_assert_int_lt(npaths, 4096);
	fmt(p, PATH_MAX, "%s/%s", tmpdir, name);
	paths[npaths++] = p;
	return p;
}

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Half-compressible bytes, reproducible from seed. */
static void fill(uint8_t *p, size_t n, uint64_t seed)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ull + 1;

	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = rng(&s);
		size_t k = n - i < 8 ? n - i : 8;

		if (v & 1)
			v = seed + i / 64;
		memcpy(p + i, &v, k);
	}
}

struct gen {
	struct trace_event ev;
	struct trace_chunk mem[4];
	uint8_t *buf[4];
	uint8_t *extra;
};

static void gen_event(uint64_t i, struct gen *g)
{
	uint64_t s = i * 2654435761u + 7;

	memset(g, 0, sizeof(*g));
	g->ev.type = TRACE_EV_SYSCALL + rng(&s) % (TRACE_EV_MAX - 1);
	g->ev.flags = rng(&s) & 7;
	g->ev.tid = 1000 + i % 7;
	g->ev.nr = (int64_t)(rng(&s) % 450);
	for (int a = 0; a < 6; a++)
		g->ev.args[a] = rng(&s);
	g->ev.ret = -(int64_t)(rng(&s) % 200);
	g->ev.ip = rng(&s);
	g->ev.sp = rng(&s);
	g->ev.digest = rng(&s);
	g->ev.nmem = i == BIG_EVENT ? 1 : rng(&s) % 4;
	for (uint32_t j = 0; j < g->ev.nmem; j++) {
		size_t len = rng(&s) % 3 ? rng(&s) % 4096 : 0;

		if (i == BIG_EVENT)
			len = BIG_LEN;
		g->buf[j] = malloc(len + 1);
		fill(g->buf[j], len, i * 16 + j);
		g->mem[j].addr = rng(&s);
		g->mem[j].len = len;
		g->mem[j].data = g->buf[j];
	}
	g->ev.extra_len = rng(&s) % 3 ? rng(&s) % 2048 : 0;
	g->extra = malloc(g->ev.extra_len + 1);
	fill(g->extra, g->ev.extra_len, i * 16 + 15);
}

static void gen_free(struct gen *g)
{
	for (int j = 0; j < 4; j++)
		free(g->buf[j]);
	free(g->extra);
}

static uint64_t gen_bytes(const struct gen *g)
{
	uint64_t n = g->ev.extra_len;

	for (uint32_t j = 0; j < g->ev.nmem; j++)
		n += g->mem[j].len;
	return n;
}

static char *argv0[] = { "/bin/prog", "-x", "", "arg with spaces", NULL };
static char *envp0[] = { "A=1", "PATH=/usr/bin", NULL };

static void make_header(struct trace_header *h)
{
	memset(h, 0, sizeof(*h));
	h->version = TRACE_VERSION;
	h->exe = "/bin/prog";
	h->argc = 4;
	h->argv = argv0;
	h->envc = 2;
	h->envp = envp0;
	h->cwd = "/home/someone";
	h->start_time = 1700000000;
	strcpy(h->cpu.vendor, "GenuineIntel");
	strcpy(h->cpu.brand, "Some CPU @ 3.00GHz");
	h->cpu.family = 6;
	h->cpu.model = 85;
	h->cpu.stepping = 4;
	for (int i = 0; i < TRACE_CPU_FEAT_WORDS; i++)
		h->cpu.feat[i] = 0x1000 + i;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Writes n events, flushing every flush_every (0: never) and at n/3. */
static uint64_t write_trace(const char *dir, uint64_t n, uint64_t flush_every)
{
	struct trace_writer *w;
	struct trace_header h;
	uint64_t bytes = 0;

	make_header(&h);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	for (uint64_t i = 0; i < n; i++) {
		struct gen g;

		gen_event(i, &g);
		ck_assert_int_eq(trace_put(w, &g.ev, g.mem, g.extra), 0);
		bytes += gen_bytes(&g);
		gen_free(&g);
		if (i == n / 3 || (flush_every && i % flush_every == 0))
			ck_assert_int_eq(trace_flush(w), 0);
	}
	ck_assert_uint_eq(trace_writer_events(w), n);
	ck_assert_int_eq(trace_writer_close(w), 0);
	return bytes;
}

static void check_event(uint64_t i, const struct trace_event *ev,
			const struct trace_chunk *mem, const void *extra)
{
	struct gen g;

	gen_event(i, &g);
	ck_assert_uint_eq(ev->type, g.ev.type);
	ck_assert_uint_eq(ev->flags, g.ev.flags);
	ck_assert_int_eq(ev->tid, g.ev.tid);
	ck_assert_uint_eq(ev->nmem, g.ev.nmem);
	ck_assert_uint_eq(ev->extra_len, g.ev.extra_len);
	ck_assert_int_eq(ev->nr, g.ev.nr);
	ck_assert_int_eq(memcmp(ev->args, g.ev.args, sizeof(ev->args)), 0);
	ck_assert_int_eq(ev->ret, g.ev.ret);
	ck_assert_uint_eq(ev->ip, g.ev.ip);
	ck_assert_uint_eq(ev->sp, g.ev.sp);
	ck_assert_uint_eq(ev->digest, g.ev.digest);
	for (uint32_t j = 0; j < ev->nmem; j++) {
		ck_assert_uint_eq(mem[j].addr, g.mem[j].addr);
		ck_assert_uint_eq(mem[j].len, g.mem[j].len);
		if (mem[j].len)
			ck_assert_int_eq(memcmp(mem[j].data, g.buf[j],
						mem[j].len), 0);
	}
	if (ev->extra_len)
		ck_assert_int_eq(memcmp(extra, g.extra, ev->extra_len), 0);
	else
		ck_assert_ptr_null(extra);
	gen_free(&g);
}

/* Reads dir to the end, checking each event; returns the last result
 * and the count of events read in *count. */
static int read_trace_v(const char *dir, uint64_t *count, bool verify)
{
	struct trace_reader *r;
	struct trace_event ev;
	const struct trace_chunk *mem;
	const void *extra;
	int ret;

	*count = 0;
	ret = trace_reader_open(&r, dir);
	if (ret)
		return ret;
	while ((ret = trace_get(r, &ev, &mem, &extra)) == 1) {
		if (verify)
			check_event(*count, &ev, mem, extra);
		++*count;
	}
	/* Errors are sticky and not printed twice. */
	ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), ret);
	trace_reader_close(r);
	return ret;
}

static int read_trace(const char *dir, uint64_t *count)
{
	return read_trace_v(dir, count, true);
}

/* stderr into a file, so messages can be checked and counted. */
static int saved_stderr = -1;

static void capture_start(void)
{
	int fd = open(tpath("stderr"), O_RDWR | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *capture_end(void)
{
	static char buf[8192];
	int fd;
	ssize_t n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	fd = open(tpath("stderr"), O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void copy_file(const char *src, const char *dst, off_t limit)
{
	int in = open(src, O_RDONLY), out;
	char buf[65536];
	ssize_t k;
	off_t done = 0;

	ck_assert_int_ge(in, 0);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(out, 0);
	while ((k = read(in, buf, sizeof(buf))) > 0) {
		if (limit >= 0 && done + k > limit)
			k = limit - done;
		ck_assert_int_eq(write(out, buf, k), k);
		done += k;
		if (limit >= 0 && done >= limit)
			break;
	}
	close(in);
	close(out);
}

/* A copy of trace src as dst, with file `which` cut at limit. */
static void copy_trace(const char *src, const char *dst, const char *which,
		       off_t limit)
{
	static const char *names[] = { "header", "events", "data" };
	char a[PATH_MAX], b[PATH_MAX];

	ck_assert_int_eq(mkdir(dst, 0700), 0);
	for (int i = 0; i < 3; i++) {
		fmt(a, sizeof(a), "%s/%s", src, names[i]);
		fmt(b, sizeof(b), "%s/%s", dst, names[i]);
		copy_file(a, b, strcmp(names[i], which) ? -1 : limit);
	}
}

static off_t file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_size;
}

static void flip_byte(const char *path, off_t off)
{
	int fd = open(path, O_RDWR);
	uint8_t c;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &c, 1, off), 1);
	c ^= 0x20;
	ck_assert_int_eq(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

/* ---- tests ---- */

/* Events generated up front, so that only the trace module is timed. */
static double timed_write(const char *dir, struct gen *g, uint64_t n)
{
	struct trace_writer *w;
	struct trace_header h;
	double t0 = now();

	make_header(&h);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	for (uint64_t i = 0; i < n; i++) {
		ck_assert_int_eq(trace_put(w, &g[i].ev, g[i].mem, g[i].extra),
				 0);
		if (i == n / 3)
			ck_assert_int_eq(trace_flush(w), 0);
	}
	ck_assert_int_eq(trace_writer_close(w), 0);
	return now() - t0;
}

static double timed_read(const char *dir, uint64_t n)
{
	struct trace_reader *r;
	struct trace_event ev;
	const struct trace_chunk *mem;
	const void *extra;
	double t0 = now();

	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	for (uint64_t i = 0; i < n; i++)
		ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
	ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 0);
	trace_reader_close(r);
	return now() - t0;
}

START_TEST(test_roundtrip)
{
	const char *dir = tpath("a/b/rt");
	struct gen *g = calloc(NEVENTS, sizeof(*g));
	uint64_t bytes = 0, count, streams, files;
	struct trace_reader *r;
	struct stat st;
	double tw, tr;

	for (uint64_t i = 0; i < NEVENTS; i++) {
		gen_event(i, &g[i]);
		bytes += gen_bytes(&g[i]);
	}
	tw = timed_write(dir, g, NEVENTS);
	for (uint64_t i = 0; i < NEVENTS; i++)
		gen_free(&g[i]);
	free(g);
	tr = timed_read(dir, NEVENTS);
	ck_assert_int_eq(read_trace(dir, &count), 0);
	ck_assert_uint_eq(count, NEVENTS);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_int_eq(stat(tpath("a"), &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	printf("roundtrip: %d events, %.1f MB: write %.0f MB/s, "
	       "read %.0f MB/s\n", NEVENTS, bytes / 1e6, bytes / 1e6 / tw,
	       bytes / 1e6 / tr);

	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	const struct trace_header *h = trace_reader_header(r);
	ck_assert_uint_eq(h->version, TRACE_VERSION);
	ck_assert_str_eq(h->exe, "/bin/prog");
	ck_assert_int_eq(h->argc, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(h->argv[i], argv0[i]);
	ck_assert_ptr_null(h->argv[4]);
	ck_assert_int_eq(h->envc, 2);
	ck_assert_str_eq(h->envp[1], "PATH=/usr/bin");
	ck_assert_ptr_null(h->envp[2]);
	ck_assert_str_eq(h->cwd, "/home/someone");
	ck_assert_int_eq(h->start_time, 1700000000);
	ck_assert_str_eq(h->cpu.vendor, "GenuineIntel");
	ck_assert_str_eq(h->cpu.brand, "Some CPU @ 3.00GHz");
	ck_assert_uint_eq(h->cpu.model, 85);
	ck_assert_uint_eq(h->cpu.feat[7], 0x1007);
	trace_reader_sizes(r, &streams, &files);
	ck_assert_uint_gt(streams, 1000);
	ck_assert_uint_eq(files, 0);
	trace_reader_close(r);
}
END_TEST

/* Marks taken between events (across frames, before and after the big
 * event) bring a reader back to exactly that event, going backwards and
 * forwards, as the debugger's checkpoints do. */
START_TEST(test_mark_seek)
{
	const char *dir = tpath("marks");
	static const uint64_t at[] = { 0, 1, 777, BIG_EVENT, BIG_EVENT + 1,
				       NEVENTS - 1, NEVENTS };
	struct trace_mark marks[sizeof(at) / sizeof(at[0])];
	const struct trace_chunk *mem;
	struct trace_reader *r;
	struct trace_event ev;
	const void *extra;
	unsigned k = 0;
	uint64_t i;

	write_trace(dir, NEVENTS, 500);
	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	for (i = 0; i <= NEVENTS; i++) {
		if (k < sizeof(at) / sizeof(at[0]) && at[k] == i)
			trace_reader_mark(r, &marks[k++]);
		if (i < NEVENTS)
			ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
	}
	ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 0);
	/* Backwards from the end, then forwards again. */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned j = 0; j < k; j++) {
			unsigned m = pass ? j : k - 1 - j;

			ck_assert_int_eq(trace_reader_seek(r, &marks[m]), 0);
			if (at[m] == NEVENTS) {
				ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 0);
				continue;
			}
			ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
			check_event(at[m], &ev, mem, extra);
			ck_assert_int_eq(trace_get(r, &ev, &mem, &extra),
					 at[m] + 1 < NEVENTS);
			if (at[m] + 1 < NEVENTS)
				check_event(at[m] + 1, &ev, mem, extra);
		}
	}
	trace_reader_close(r);
}
END_TEST

/* The repeated-block codec: a piece that repeats an earlier one becomes
 * copies, decodes to the same bytes, and a damaged encoding is refused. */
START_TEST(test_dedup_codec)
{
	enum { N = 60000 };
	static const uint32_t piece[] = { 0, 20000, 40000 };
	uint8_t *raw = malloc(N), *enc = malloc(N), *out = malloc(N);
	struct dedup_table *t = dedup_table_new();
	size_t e, i;

	ck_assert_ptr_nonnull(t);
	srand(7);
	for (i = 0; i < N; i++)
		raw[i] = (uint8_t)rand();
	memcpy(raw + 20000, raw, 20000);	/* piece 1 repeats piece 0 */
	e = dedup_encode(t, raw, N, piece, 3, enc, N);
	ck_assert_uint_gt(e, 0);
	ck_assert_uint_lt(e, N - 19000);	/* 39 of its 39 blocks became copies */
	ck_assert_int_eq(dedup_decode(enc, e, out, N), 0);
	ck_assert_int_eq(memcmp(raw, out, N), 0);
	/* Too short a result, too long, cut off. */
	ck_assert_int_eq(dedup_decode(enc, e, out, N - 1), -EBADMSG);
	ck_assert_int_eq(dedup_decode(enc, e - 1, out, N), -EBADMSG);
	/* A copy from bytes not decoded yet: the first operation is the
	 * 20000-byte literal, then the copy (header, source). */
	ck_assert_uint_eq(trace_get_u32(enc) , 20000);
	ck_assert_uint_ne(trace_get_u32(enc + 4 + 20000) & 0x80000000u, 0);
	trace_put_u32(enc + 4 + 20000 + 4, 19999);
	ck_assert_int_eq(dedup_decode(enc, e, out, N), -EBADMSG);
	/* No room: encoding gives up. */
	ck_assert_uint_eq(dedup_encode(t, raw, N, piece, 3, enc, 100), 0);
	dedup_table_free(t);
	free(raw);
	free(enc);
	free(out);
}
END_TEST

/* Buffered reads that repeat earlier data through a trace: marked
 * pieces, smaller files, the same bytes back, also after a seek. */
START_TEST(test_dedup_trace)
{
	enum { NEV = 600, LEN = 8 + 16384 };
	const char *dir = tpath("dedup");
	static uint8_t data[4][LEN];
	const uint32_t mark = 8;
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_header h;
	struct trace_event ev;
	struct trace_mark m;
	const struct trace_chunk *mem;
	const void *extra;
	uint64_t streams, files;
	int i, j;

	srand(11);
	for (i = 0; i < 4; i++)
		for (j = 0; j < LEN; j++)
			data[i][j] = (uint8_t)rand();
	make_header(&h);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	for (i = 0; i < NEV; i++) {
		struct trace_event e = { .type = TRACE_EV_BUFFER, .tid = 1,
					 .extra_len = LEN };

		ck_assert_int_eq(trace_put_marked(w, &e, NULL, data[i % 4], &mark, 1), 0);
	}
	ck_assert_int_eq(trace_writer_close(w), 0);
	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	trace_reader_sizes(r, &streams, &files);
	/* 600 x 16 KiB of 4 distinct payloads: far less than 9.8 MB. */
	ck_assert_uint_lt(streams, NEV * LEN / 4);
	for (i = 0; i < NEV; i++) {
		if (i == NEV / 2)
			trace_reader_mark(r, &m);
		ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
		ck_assert_uint_eq(ev.extra_len, LEN);
		ck_assert_int_eq(memcmp(extra, data[i % 4], LEN), 0);
	}
	ck_assert_int_eq(trace_reader_seek(r, &m), 0);
	ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
	ck_assert_int_eq(memcmp(extra, data[(NEV / 2) % 4], LEN), 0);
	trace_reader_close(r);
}
END_TEST

/* How many frames, END included, the stream file at dir/name holds. */
static int count_frames(const char *dir, const char *name)
{
	char path[4200];
	uint8_t hdr[FRAME_HDR_SIZE];
	uint32_t clen;
	int fd, n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	while (read(fd, hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr)) {
		memcpy(&clen, hdr + 12, 4);
		ck_assert_int_ge(lseek(fd, clen, SEEK_CUR), 0);
		n++;
	}
	close(fd);
	return n;
}

/* Payloads built in place (trace_extra_space), from one thread with a
 * pause: the data frame ends at the pause (it is old), and not when
 * another thread's data is in it. */
START_TEST(test_frame_age)
{
	enum { LEN = 20000 };
	const char *dir1 = tpath("age1"), *dir2 = tpath("age2");
	struct timespec pause = { 0, 30 * 1000 * 1000 };
	static uint8_t data[4][LEN];
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_header h;
	struct trace_event ev;
	const struct trace_chunk *mem;
	const void *extra;
	int i, j, k;

	for (i = 0; i < 4; i++)
		for (j = 0; j < LEN; j++)
			data[i][j] = (uint8_t)(i * 31 + j * 7 + (j >> 9));
	make_header(&h);
	for (k = 0; k < 2; k++) {
		const char *dir = k ? dir2 : dir1;

		ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
		for (i = 0; i < 4; i++) {
			/* Second trace: the last two from another thread. */
			struct trace_event e = { .type = TRACE_EV_BUFFER,
						 .tid = k && i >= 2 ? 2 : 1,
						 .extra_len = LEN };
			void *p = trace_extra_space(w, e.tid, LEN);

			ck_assert_ptr_nonnull(p);
			memcpy(p, data[i], LEN);
			ck_assert_int_eq(trace_put_marked(w, &e, NULL, p, NULL, 0), 0);
			if (i == 1)
				nanosleep(&pause, NULL);
		}
		ck_assert_int_eq(trace_writer_close(w), 0);
		ck_assert_int_eq(trace_reader_open(&r, dir), 0);
		for (i = 0; i < 4; i++) {
			ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 1);
			ck_assert_uint_eq(ev.extra_len, LEN);
			ck_assert_int_eq(memcmp(extra, data[i], LEN), 0);
		}
		ck_assert_int_eq(trace_get(r, &ev, &mem, &extra), 0);
		trace_reader_close(r);
	}
	/* Data frames and END: two at the pause, one when mixed. */
	ck_assert_int_eq(count_frames(dir1, "data"), 3);
	ck_assert_int_eq(count_frames(dir2, "data"), 2);
}
END_TEST

/* One 64 MiB chunk between small events: linear cost, exact bytes. */
START_TEST(test_huge_chunk)
{
	const char *dir = tpath("huge");
	size_t len = (64u << 20) + 12345;
	uint8_t *big = malloc(len);
	struct trace_event ev = { .type = TRACE_EV_EXEC, .nmem = 2,
				  .extra_len = 3 };
	struct trace_chunk mem[2] = {
		{ .addr = 0x1000, .len = len, .data = big },
		{ .addr = 0x2000, .len = 5, .data = "hello" },
	};
	const struct trace_chunk *m;
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_header h;
	const void *x;
	double t0, t1, t2;

	fill(big, len, 42);
	make_header(&h);
	t0 = now();
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(trace_put(w, &ev, mem, "xyz"), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	t1 = now();
	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(trace_get(r, &ev, &m, &x), 1);
		ck_assert_uint_eq(m[0].len, len);
		ck_assert_int_eq(memcmp(m[0].data, big, len), 0);
		ck_assert_int_eq(memcmp(m[1].data, "hello", 5), 0);
		ck_assert_int_eq(memcmp(x, "xyz", 3), 0);
	}
	ck_assert_int_eq(trace_get(r, &ev, &m, &x), 0);
	t2 = now();
	trace_reader_close(r);
	printf("huge chunk: 3 x %zu MiB: write %.0f MB/s, read %.0f MB/s\n",
	       len >> 20, 3 * len / 1e6 / (t1 - t0), 3 * len / 1e6 / (t2 - t1));
	free(big);
}
END_TEST

/* Cuts `which` at many offsets; each must fail with -ENODATA, printing
 * exactly one message, after delivering only correct events. */
static void truncate_test(const char *which)
{
	const char *src = tpath("src");
	char path[PATH_MAX], dst[PATH_MAX];
	off_t size, offs[64];
	int n = 0;

	write_trace(src, 400, 25);
	fmt(path, sizeof(path), "%s/%s", src, which);
	size = file_size(path);
	for (off_t o = 0; o < 100 && o < size; o += 13)
		offs[n++] = o;
	for (int k = 1; k < 8; k++)
		offs[n++] = size * k / 8;
	for (off_t o = size - 100; o < size; o += 7)
		offs[n++] = o;
	offs[n++] = size - 1;
	for (int i = 0; i < n; i++) {
		uint64_t count;
		char *msg;
		int ret;

		fmt(dst, sizeof(dst), "%s/cut-%s-%d", tmpdir, which, i);
		copy_trace(src, dst, which, offs[i]);
		capture_start();
		ret = read_trace(dst, &count);
		msg = capture_end();
		ck_assert_msg(ret == -ENODATA, "%s cut at %lld: %d after %llu",
			      which, (long long)offs[i], ret,
			      (unsigned long long)count);
		ck_assert_int_eq(count_lines(msg), 1);
		ck_assert_ptr_nonnull(strstr(msg, "truncated at offset"));
		ck_assert_ptr_nonnull(strstr(msg, which));
	}
}

START_TEST(test_truncate_events)
{
	truncate_test("events");
}
END_TEST

START_TEST(test_truncate_data)
{
	truncate_test("data");
}
END_TEST

static void flip_test(const char *which)
{
	const char *src = tpath("src");
	char path[PATH_MAX], dst[PATH_MAX];
	off_t size, offs[64];
	int n = 0;

	write_trace(src, 400, 25);
	fmt(path, sizeof(path), "%s/%s", src, which);
	size = file_size(path);
	for (off_t o = 0; o < 48; o += 3)
		offs[n++] = o;
	for (int k = 1; k < 16; k++)
		offs[n++] = size * k / 16;
	offs[n++] = size - 1;
	for (int i = 0; i < n; i++) {
		uint64_t count;
		char *msg;
		int ret;

		fmt(dst, sizeof(dst), "%s/flip-%s-%d", tmpdir, which, i);
		copy_trace(src, dst, which, -1);
		fmt(path, sizeof(path), "%s/%s", dst, which);
		flip_byte(path, offs[i]);
		capture_start();
		ret = read_trace(dst, &count);
		msg = capture_end();
		ck_assert_msg(ret == -EBADMSG, "%s flipped at %lld: %d",
			      which, (long long)offs[i], ret);
		ck_assert_int_eq(count_lines(msg), 1);
		ck_assert_ptr_nonnull(strstr(msg, "corrupt"));
		ck_assert_ptr_nonnull(strstr(msg, which));
	}
}

START_TEST(test_flip_events)
{
	flip_test("events");
}
END_TEST

START_TEST(test_flip_data)
{
	flip_test("data");
}
END_TEST

static int open_expect(const char *dir, const char *needle)
{
	struct trace_reader *r = NULL;
	char *msg;
	int ret;

	capture_start();
	ret = trace_reader_open(&r, dir);
	msg = capture_end();
	ck_assert_ptr_null(r);
	ck_assert_int_eq(count_lines(msg), 1);
	ck_assert_msg(strstr(msg, needle), "no \"%s\" in: %s", needle, msg);
	return ret;
}

static void patch(const char *path, off_t off, const void *p, size_t n)
{
	int fd = open(path, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, p, n, off), (ssize_t)n);
	close(fd);
}

START_TEST(test_header_errors)
{
	const char *src = tpath("src");
	char dst[PATH_MAX], hdr[PATH_MAX], msg[2 * PATH_MAX];
	uint32_t v = TRACE_VERSION + 1;

	write_trace(src, 10, 0);
	fmt(dst, sizeof(dst), "%s/newer", tmpdir);
	copy_trace(src, dst, "", -1);
	fmt(hdr, sizeof(hdr), "%s/header", dst);
	patch(hdr, 8, &v, 4);
	fmt(msg, sizeof(msg), "%s/header: trace format version %d is newer "
	    "than this rrsup supports (%d); upgrade rrsup", dst,
	    TRACE_VERSION + 1, TRACE_VERSION);
	ck_assert_int_eq(open_expect(dst, msg), -EPROTONOSUPPORT);

	fmt(dst, sizeof(dst), "%s/magic", tmpdir);
	copy_trace(src, dst, "", -1);
	fmt(hdr, sizeof(hdr), "%s/header", dst);
	patch(hdr, 0, "XX", 2);
	ck_assert_int_eq(open_expect(dst, "is not an rrsup trace (bad magic"),
			 -EINVAL);

	fmt(dst, sizeof(dst), "%s/flip", tmpdir);
	copy_trace(src, dst, "", -1);
	fmt(hdr, sizeof(hdr), "%s/header", dst);
	flip_byte(hdr, 20);
	ck_assert_int_eq(open_expect(dst, "corrupt trace header"), -EBADMSG);

	for (off_t cut = 0; cut < file_size(hdr); cut += 17) {
		fmt(dst, sizeof(dst), "%s/cut%lld", tmpdir, (long long)cut);
		copy_trace(src, dst, "header", cut);
		ck_assert_int_lt(open_expect(dst, "header"), 0);
	}
}
END_TEST

START_TEST(test_not_a_trace)
{
	int fd;

	ck_assert_int_eq(open_expect(tpath("nothing"), "no trace at"), -ENOENT);
	ck_assert_int_eq(mkdir(tpath("empty"), 0700), 0);
	ck_assert_int_eq(open_expect(tpath("empty"), "(no header)"), -ENOENT);
	fd = open(tpath("plain"), O_WRONLY | O_CREAT, 0600);
	close(fd);
	ck_assert_int_eq(open_expect(tpath("plain"), "not a directory"),
			 -ENOTDIR);
}
END_TEST

START_TEST(test_writer_dir)
{
	struct trace_writer *w;
	struct trace_header h;
	char *msg;
	int fd;

	make_header(&h);
	/* An existing empty directory is fine, a non-empty one is not. */
	ck_assert_int_eq(mkdir(tpath("e"), 0700), 0);
	ck_assert_int_eq(trace_writer_open(&w, tpath("e"), &h), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	fd = open(tpath("e2"), O_WRONLY | O_CREAT, 0600);
	close(fd);
	ck_assert_int_eq(mkdir(tpath("ne"), 0700), 0);
	fd = open(tpath("ne/x"), O_WRONLY | O_CREAT, 0600);
	close(fd);
	capture_start();
	ck_assert_int_eq(trace_writer_open(&w, tpath("ne"), &h), -EEXIST);
	msg = capture_end();
	ck_assert_ptr_nonnull(strstr(msg, "not empty"));
	ck_assert_ptr_null(w);
	/* Nothing written: still a valid, empty trace. */
	uint64_t count;

	ck_assert_int_eq(read_trace(tpath("e"), &count), 0);
	ck_assert_uint_eq(count, 0);
}
END_TEST

/* Streams built by hand with valid frames but bad records. */
static int crafted(const char *name, const uint8_t *rec, size_t n,
		   const void *data, size_t dlen, uint64_t nev)
{
	const char *dir = tpath(name);
	struct trace_writer *w;
	struct trace_header h;
	struct frame_out ev, da;
	uint64_t count;
	int dfd, ret;

	make_header(&h);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	unlinkat(dfd, "events", 0);
	unlinkat(dfd, "data", 0);
	ck_assert_int_eq(frame_out_open(&da, dfd, dir, "data", FRAME_DATA), 0);
	ck_assert_int_eq(frame_out_open(&ev, dfd, dir, "events",
					FRAME_EVENTS), 0);
	ck_assert_int_eq(frame_out_append(&da, data, dlen), 0);
	ck_assert_int_eq(frame_out_end(&da, nev), 0);
	ck_assert_int_eq(frame_out_append(&ev, rec, n), 0);
	ck_assert_int_eq(frame_out_end(&ev, nev), 0);
	frame_out_free(&ev);
	frame_out_free(&da);
	close(dfd);
	capture_start();
	ret = read_trace_v(dir, &count, false);
	ck_assert_int_eq(count_lines(capture_end()), ret < 0);
	return ret;
}

START_TEST(test_crafted)
{
	uint8_t rec[TRACE_REC_SIZE + 2 * TRACE_REC_CHUNK_SIZE] = { 0 };

	trace_put_u32(rec, 99);
	ck_assert_int_eq(crafted("type", rec, TRACE_REC_SIZE, "", 0, 1),
			 -EBADMSG);
	trace_put_u32(rec, TRACE_EV_SYSCALL);
	trace_put_u32(rec + 12, TRACE_MAX_MEM + 1);
	ck_assert_int_eq(crafted("nmem", rec, TRACE_REC_SIZE, "", 0, 1),
			 -EBADMSG);
	/* Claims 4 GiB + 3 GiB of chunks: refused before any allocation. */
	trace_put_u32(rec + 12, 2);
	trace_put_u64(rec + TRACE_REC_SIZE + 8, 1ull << 32);
	trace_put_u64(rec + TRACE_REC_SIZE + 24, 3ull << 30);
	ck_assert_int_eq(crafted("toomuch", rec, sizeof(rec), "", 0, 1),
			 -EBADMSG);
	/* 3 GiB claimed, 4 bytes present: the data stream ends early. */
	trace_put_u64(rec + TRACE_REC_SIZE + 8, 3ull << 30);
	trace_put_u64(rec + TRACE_REC_SIZE + 24, 0);
	ck_assert_int_eq(crafted("short", rec, sizeof(rec), "abcd", 4, 1),
			 -EBADMSG);
	/* Event record cut in the middle of a cleanly ended stream. */
	trace_put_u32(rec + 12, 0);
	ck_assert_int_eq(crafted("half", rec, 50, "", 0, 1), -EBADMSG);
	/* Data nobody refers to; event count disagreeing. */
	ck_assert_int_eq(crafted("extra", rec, TRACE_REC_SIZE, "zz", 2, 1),
			 -EBADMSG);
	ck_assert_int_eq(crafted("count", rec, TRACE_REC_SIZE, "", 0, 2),
			 -EBADMSG);
	ck_assert_int_eq(crafted("ok", rec, TRACE_REC_SIZE, "", 0, 1), 0);
}
END_TEST

START_TEST(test_garbage)
{
	const char *src = tpath("src");
	char dst[PATH_MAX], path[PATH_MAX];
	uint64_t s = 12345, count;
	uint8_t junk[4096];

	write_trace(src, 50, 0);
	for (int i = 0; i < 20; i++) {
		fmt(dst, sizeof(dst), "%s/g%d", tmpdir, i);
		copy_trace(src, dst, "", -1);
		for (size_t k = 0; k < sizeof(junk); k++)
			junk[k] = rng(&s);
		fmt(path, sizeof(path), "%s/%s", dst,
			 i % 2 ? "events" : "data");
		patch(path, i * 40, junk, sizeof(junk));
		capture_start();
		ck_assert_int_lt(read_trace(dst, &count), 0);
		capture_end();
	}
}
END_TEST

static int count_blobs(const char *dir)
{
	char cmd[PATH_MAX + 64];
	FILE *p;
	int n = -1;

	fmt(cmd, sizeof(cmd), "ls -A '%s/files' | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, p, n), (ssize_t)n);
	close(fd);
}

START_TEST(test_files)
{
	const char *dir = tpath("t");
	char n1[TRACE_BLOB_NAME], n2[TRACE_BLOB_NAME], n3[TRACE_BLOB_NAME];
	char n4[TRACE_BLOB_NAME], path[PATH_MAX], buf[64];
	size_t big = 3u << 20;
	uint8_t *content = malloc(big);
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_header h;
	uint64_t streams, files;
	struct stat st;
	int fd1, fd2, fd3, fd;

	fill(content, big, 7);
	write_file(tpath("lib1"), content, big);
	write_file(tpath("lib2"), content, big);	/* same bytes */
	write_file(tpath("other"), "other", 5);
	make_header(&h);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	fd1 = open(tpath("lib1"), O_RDONLY);
	fd2 = open(tpath("lib2"), O_RDONLY);
	fd3 = open(tpath("other"), O_RDONLY);
	lseek(fd1, 100, SEEK_SET);	/* not ours to depend on */
	ck_assert_int_eq(trace_add_file(w, fd1, n1), 0);
	ck_assert_int_eq(trace_add_file(w, fd1, n2), 0);
	ck_assert_str_eq(n1, n2);
	ck_assert_int_eq(strlen(n1), 32);
	ck_assert_int_eq(lseek(fd1, 0, SEEK_CUR), 100);
	ck_assert_int_eq(trace_add_file(w, fd2, n3), 0);
	ck_assert_str_eq(n1, n3);
	ck_assert_int_eq(trace_add_file(w, fd3, n4), 0);
	ck_assert_str_ne(n1, n4);
	ck_assert_int_eq(count_blobs(dir), 2);
	ck_assert_int_eq(trace_writer_close(w), 0);
	close(fd1);
	close(fd2);
	close(fd3);

	ck_assert_int_eq(trace_reader_open(&r, dir), 0);
	ck_assert_int_eq(trace_file_path(r, n1, path, sizeof(path)), 0);
	ck_assert_int_eq(path[0], '/');
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, big);
	ck_assert_int_eq(st.st_mode & 0777, 0400);
	ck_assert_int_eq(trace_file_path(r, n4, path, sizeof(path)), 0);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 5);
	ck_assert_int_eq(memcmp(buf, "other", 5), 0);
	close(fd);
	capture_start();
	ck_assert_int_eq(trace_file_path(r, "../../etc/passwd", path,
					 sizeof(path)), -EINVAL);
	ck_assert_int_eq(trace_file_path(r, "", path, sizeof(path)), -EINVAL);
	ck_assert_int_eq(trace_file_path(r, "ABC", path, sizeof(path)),
			 -EINVAL);
	capture_end();
	ck_assert_int_eq(trace_file_path(r, n1, path, 10), -ENAMETOOLONG);
	trace_reader_sizes(r, &streams, &files);
	ck_assert_uint_eq(files, big + 5);
	trace_reader_close(r);
	free(content);
}
END_TEST

/* One file added to a trace: its copy's stat. */
static void add_one(const char *dir, const char *file, char name[TRACE_BLOB_NAME],
		    struct stat *st)
{
	char path[PATH_MAX];
	struct trace_writer *w;
	struct trace_header h;
	int fd = open(file, O_RDONLY);

	make_header(&h);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(trace_writer_open(&w, dir, &h), 0);
	ck_assert_int_eq(trace_add_file(w, fd, name), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	close(fd);
	fmt(path, sizeof(path), "%s/files/%s", dir, name);
	ck_assert_int_eq(stat(path, st), 0);
}

/* The file cache: a second trace links the first one's copy; a copy
 * written to through a trace is not handed out again; "off" is off. */
START_TEST(test_cache)
{
	const char *lib = tpath("lib");
	char n1[TRACE_BLOB_NAME], n2[TRACE_BLOB_NAME], n3[TRACE_BLOB_NAME];
	char n4[TRACE_BLOB_NAME], path[PATH_MAX];
	struct stat a, b, c, d;
	uint8_t *content = malloc(1u << 20), first;
	int fd;

	fill(content, 1u << 20, 3);
	write_file(lib, content, 1u << 20);
	add_one(tpath("ta"), lib, n1, &a);
	ck_assert_int_eq(a.st_nlink, 2);	/* the trace's and the cache's */
	add_one(tpath("tb"), lib, n2, &b);
	ck_assert_str_eq(n1, n2);
	ck_assert_uint_eq(b.st_ino, a.st_ino);
	ck_assert_int_eq(b.st_nlink, 3);
	/* Someone edits trace a's copy: the cache must not pass it on. */
	fmt(path, sizeof(path), "%s/files/%s", tpath("ta"), n1);
	ck_assert_int_eq(chmod(path, 0600), 0);
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "X", 1, 0), 1);
	close(fd);
	add_one(tpath("tc"), lib, n3, &c);
	ck_assert_str_eq(n3, n1);
	ck_assert_uint_ne(c.st_ino, a.st_ino);
	fmt(path, sizeof(path), "%s/files/%s", tpath("tc"), n3);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(read(fd, &first, 1), 1);
	ck_assert_int_eq(first, content[0]);
	close(fd);
	setenv("RRSUP_CACHE", "off", 1);
	add_one(tpath("td"), lib, n4, &d);
	ck_assert_str_eq(n4, n1);
	ck_assert_int_eq(d.st_nlink, 1);
	free(content);
}
END_TEST

START_TEST(test_dirs)
{
	char parent[PATH_MAX], d0[PATH_MAX], d1[PATH_MAX], d2[PATH_MAX];
	char res[PATH_MAX], want[PATH_MAX];
	struct trace_writer *w;
	struct trace_header h;
	struct stat st;

	make_header(&h);
	setenv("RRSUP_TRACE_DIR", tpath("p/q"), 1);
	ck_assert_int_eq(trace_default_parent(parent, sizeof(parent)), 0);
	ck_assert_str_eq(parent, tpath("p/q"));
	ck_assert_int_eq(stat(parent, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);

	capture_start();
	ck_assert_int_eq(trace_dir_resolve(NULL, res, sizeof(res)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(capture_end(), "no recordings yet in"));

	ck_assert_int_eq(trace_dir_new("/usr/bin/ls", d0, sizeof(d0)), 0);
	fmt(want, sizeof(want), "%s/ls-0", parent);
	ck_assert_str_eq(d0, want);
	ck_assert_int_eq(trace_writer_open(&w, d0, &h), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	ck_assert_int_eq(trace_set_latest(d0), 0);
	ck_assert_int_eq(trace_dir_new("ls", d1, sizeof(d1)), 0);
	fmt(want, sizeof(want), "%s/ls-1", parent);
	ck_assert_str_eq(d1, want);
	ck_assert_int_eq(trace_writer_open(&w, d1, &h), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	ck_assert_int_eq(trace_set_latest(d1), 0);

	ck_assert_int_eq(trace_dir_resolve(NULL, res, sizeof(res)), 0);
	ck_assert_int_eq(realpath(d1, want) != NULL, 1);
	ck_assert_str_eq(res, want);
	ck_assert_int_eq(lstat(tpath("p/q/latest-trace"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(trace_dir_resolve(d0, res, sizeof(res)), 0);
	ck_assert_str_eq(res, d0);
	ck_assert_int_eq(trace_dir_resolve("ls-0", res, sizeof(res)), 0);
	ck_assert_str_eq(res, d0);
	capture_start();
	ck_assert_int_eq(trace_dir_resolve(tpath("p/q/nope"), res,
					   sizeof(res)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(capture_end(), "no trace at"));

	/* Not under the parent: latest-trace is left alone. */
	ck_assert_int_eq(trace_writer_open(&w, tpath("elsewhere"), &h), 0);
	ck_assert_int_eq(trace_writer_close(w), 0);
	ck_assert_int_eq(trace_set_latest(tpath("elsewhere")), 0);
	ck_assert_int_eq(trace_dir_resolve(NULL, res, sizeof(res)), 0);
	ck_assert_str_eq(res, want);

	/* The smallest free number is reused; a gone target is reported. */
	fmt(d2, sizeof(d2), "%s", d1);
	nftw(d1, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	ck_assert_int_eq(trace_dir_new("ls", d1, sizeof(d1)), 0);
	ck_assert_str_eq(d1, d2);
	capture_start();
	ck_assert_int_eq(trace_dir_resolve(NULL, res, sizeof(res)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(capture_end(), "which is gone"));

	ck_assert_str_eq(trace_ev_name(TRACE_EV_SYSCALL), "syscall");
	ck_assert_str_eq(trace_ev_name(TRACE_EV_END), "end");
	ck_assert_str_eq(trace_ev_name(0), "unknown");
	ck_assert_str_eq(trace_ev_name(1000), "unknown");
}
END_TEST

START_TEST(test_default_parent_env)
{
	char buf[PATH_MAX], want[PATH_MAX];

	unsetenv("RRSUP_TRACE_DIR");
	setenv("XDG_DATA_HOME", tpath("xdg"), 1);
	ck_assert_int_eq(trace_default_parent(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, tpath("xdg/rrsup"));
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", tpath("home"), 1);
	ck_assert_int_eq(trace_default_parent(buf, sizeof(buf)), 0);
	fmt(want, sizeof(want), "%s/.local/share/rrsup", tpath("home"));
	ck_assert_str_eq(buf, want);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("trace");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_huge_chunk);
	tcase_add_test(tc, test_mark_seek);
	tcase_add_test(tc, test_dedup_codec);
	tcase_add_test(tc, test_dedup_trace);
	tcase_add_test(tc, test_frame_age);
	tcase_add_test(tc, test_cache);
	tcase_add_test(tc, test_truncate_events);
	tcase_add_test(tc, test_truncate_data);
	tcase_add_test(tc, test_flip_events);
	tcase_add_test(tc, test_flip_data);
	tcase_add_test(tc, test_header_errors);
	tcase_add_test(tc, test_not_a_trace);
	tcase_add_test(tc, test_writer_dir);
	tcase_add_test(tc, test_crafted);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_dirs);
	tcase_add_test(tc, test_default_parent_env);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(trace_suite());
}
