/* A thread's whole state: see task_state.h. */
#include "task_state.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>
#include <xxhash.h>

#include "inject/helper_abi.h"
#include "inject/inject.h"

#define PIECE	(1u << 20)
#define PAGE	4096u

int state_each_writable(struct task *t, state_range_fn fn, void *ctx)
{
	unsigned long long start, end;
	char path[64], line[512], perms[8];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", t->tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!err && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx %7s", &start, &end, perms) != 3 ||
		    perms[1] != 'w' ||
		    (start >= INJECT_PAGE_ADDR && end <= RRSUP_AREA_END))
			continue;
		err = fn(ctx, start, end);
	}
	fclose(f);
	return err;
}

struct take {
	struct task *t;
	struct task_state *s;	/* NULL: only count the bytes */
	uint64_t bytes;
	int pagemap;		/* /proc/TID/pagemap, or -1: read all */
};

static int add_piece(struct task_state *s, uint64_t addr, void *data, uint64_t len)
{
	if (s->nmem == s->cap) {
		uint32_t cap = s->cap ? 2 * s->cap : 64;
		struct trace_chunk *m = realloc(s->mem, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		s->mem = m;
		s->cap = cap;
	}
	s->mem[s->nmem++] = (struct trace_chunk){ addr, len, data };
	s->bytes += len;
	return 0;
}

/* One piece of a range.  Pages that cannot be read (past the end of a
 * mapped file) cannot be read at replay either: left out, page by page,
 * so that the readable ones next to them are kept. */
static int take_piece(struct take *k, uint64_t addr, uint64_t len)
{
	char *buf = malloc(len);
	uint64_t off, n;
	int err;

	if (!buf)
		return -ENOMEM;
	if (task_read(k->t, addr, buf, len) == 0)
		return add_piece(k->s, addr, buf, len) ?: 0;
	free(buf);
	for (off = 0; off < len; off += n) {
		n = len - off < PAGE ? len - off : PAGE;
		buf = malloc(n);
		if (!buf)
			return -ENOMEM;
		if (task_read(k->t, addr + off, buf, n) != 0) {
			free(buf);
			continue;
		}
		err = add_piece(k->s, addr + off, buf, n);
		if (err) {
			free(buf);
			return err;
		}
	}
	return 0;
}

static int take_all(struct take *k, uint64_t start, uint64_t end)
{
	int err = 0;

	k->bytes += end - start;
	if (!k->s)
		return 0;
	for (; !err && start < end; start += PIECE)
		err = take_piece(k, start, end - start < PIECE ? end - start : PIECE);
	return err;
}

/* A page that is neither in memory nor swapped out was never touched
 * (or was dropped and reads as before), and one that maps the zero page
 * was never written: the thread cannot have changed either, so replay
 * has the same bytes there.  Leaving those out skips the
 * untouched bulk of thread stacks and heaps (a 3-thread test program:
 * 25 MB read before). */
#define PM_BATCH	512
#define PM_IN_USE	(3ULL << 62)	/* present | swapped */
#define PM_PRESENT	(1ULL << 63)
#define PM_PFN		((1ULL << 55) - 1)

/* The kernel's shared page of zeros: a page only ever read (by the
 * program, or by a memory hash of a spin check) maps it, and a write
 * would have replaced it.  0 if it cannot be told (PFNs hidden). */
static uint64_t zero_pfn(void)
{
	static uint64_t pfn = (uint64_t)-1;
	volatile char *p;
	uint64_t e;
	int fd;

	if (pfn != (uint64_t)-1)
		return pfn;
	pfn = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return pfn;
	(void)p[0];
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && pread(fd, &e, sizeof(e), (off_t)((uintptr_t)p / PAGE * sizeof(e))) ==
	    sizeof(e) && (e & PM_PRESENT))
		pfn = e & PM_PFN;
	if (fd >= 0)
		close(fd);
	munmap((void *)p, PAGE);
	return pfn;
}

static int in_use(uint64_t e)
{
	uint64_t z = zero_pfn();

	if (!(e & PM_IN_USE))
		return 0;
	return !(z && (e & PM_PRESENT) && (e & PM_PFN) == z);
}

static int take_range(void *ctx, uint64_t start, uint64_t end)
{
	struct take *k = ctx;
	uint64_t pm[PM_BATCH], addr, run = 0;
	ssize_t got;
	size_t i, n;
	int err = 0;

	if (k->pagemap < 0)
		return take_all(k, start, end);
	for (addr = start; !err && addr < end; addr += n * PAGE) {
		n = (end - addr) / PAGE < PM_BATCH ? (end - addr) / PAGE : PM_BATCH;
		got = pread(k->pagemap, pm, n * sizeof(pm[0]), (off_t)(addr / PAGE * sizeof(pm[0])));
		if (got != (ssize_t)(n * sizeof(pm[0])))
			return take_all(k, addr, end);
		for (i = 0; !err && i < n; i++) {
			uint64_t a = addr + i * PAGE;

			if (in_use(pm[i]) && !run)
				run = a;
			if (!in_use(pm[i]) && run) {
				err = take_all(k, run, a);
				run = 0;
			}
		}
	}
	if (!err && run)
		err = take_all(k, run, end);
	return err;
}

static int walk(struct task *t, struct take *k)
{
	char path[64];
	int err;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", t->tid);
	k->pagemap = open(path, O_RDONLY | O_CLOEXEC);
	err = state_each_writable(t, take_range, k);
	if (k->pagemap >= 0)
		close(k->pagemap);
	return err;
}

int state_in_use_size(struct task *t, uint64_t *bytes)
{
	struct take k = { t, NULL, 0, -1 };
	int err = walk(t, &k);

	*bytes = k.bytes;
	return err;
}

int state_take_mem(struct task *t, uint64_t max, struct task_state *s)
{
	struct take k = { t, s, 0, -1 };
	uint64_t size;
	int err;

	memset(s, 0, sizeof(*s));
	err = state_in_use_size(t, &size);
	if (!err && size > max)
		err = -E2BIG;
	if (!err)
		err = walk(t, &k);
	if (err)
		state_free(s);
	return err;
}

void state_free(struct task_state *s)
{
	uint32_t i;

	for (i = 0; i < s->nmem; i++)
		free((void *)s->mem[i].data);
	free(s->mem);
	memset(s, 0, sizeof(*s));
}

/* Writing only what differs keeps pages the program never touched
 * unallocated, and is most of the memory at replay. */
static int put_piece(struct task *t, const struct trace_chunk *c, char *now)
{
	const char *want = c->data;
	uint64_t off, n, run = UINT64_MAX;	/* start of differing pages */
	int err = task_read(t, c->addr, now, c->len), same;

	if (err)
		return task_write(t, c->addr, want, c->len);
	for (off = 0; off < c->len; off += PAGE) {
		n = c->len - off < PAGE ? c->len - off : PAGE;
		same = !memcmp(now + off, want + off, n);
		if (!same && run == UINT64_MAX)
			run = off;
		if (same && run != UINT64_MAX) {
			err = task_write(t, c->addr + run, want + run, off - run);
			if (err)
				return err;
			run = UINT64_MAX;
		}
	}
	return run == UINT64_MAX ? 0 :
	       task_write(t, c->addr + run, want + run, c->len - run);
}

int state_put_mem(struct task *t, const struct trace_chunk *mem, uint32_t n)
{
	char *now = malloc(PIECE);
	uint32_t i;
	int err = now ? 0 : -ENOMEM;

	for (i = 0; !err && i < n; i++)
		err = mem[i].len > PIECE ? task_write(t, mem[i].addr, mem[i].data, mem[i].len)
					 : put_piece(t, &mem[i], now);
	free(now);
	return err;
}

int state_get_xstate(struct task *t, void *buf, uint32_t *len)
{
	struct iovec iov = { buf, *len };

	if (ptrace(PTRACE_GETREGSET, t->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	*len = (uint32_t)iov.iov_len;
	return 0;
}

int state_set_xstate(struct task *t, const void *buf, uint32_t len)
{
	struct iovec iov = { (void *)buf, len };

	if (ptrace(PTRACE_SETREGSET, t->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return 0;
}

/* The XSAVE header (bytes 512-575) says which components are in use; the
 * kernel fills the others with their initial values, so the registers
 * alone tell the state. */
#define XSAVE_HDR_OFF	512
#define XSAVE_HDR_LEN	64

int state_xstate_hash(struct task *t, uint64_t *hash)
{
	uint32_t len = STATE_XSTATE_MAX;
	char *buf = malloc(len);
	int err = buf ? state_get_xstate(t, buf, &len) : -ENOMEM;

	if (!err) {
		if (len >= XSAVE_HDR_OFF + XSAVE_HDR_LEN)
			memset(buf + XSAVE_HDR_OFF, 0, XSAVE_HDR_LEN);
		*hash = XXH3_64bits(buf, len);
	}
	free(buf);
	return err;
}
