/* ptrace plumbing for one traced thread. */
#include "task.h"
#include "task_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <xxhash.h>

#include "inject/helper_abi.h"
#include "inject/inject.h"
#include "util/msg.h"

/* Strings for remote syscalls are staged here, inside the inject page. */
#define SCRATCH_OFF	INJECT_SCRATCH_OFF
#define SCRATCH_LEN	(INJECT_PAGE_SIZE - SCRATCH_OFF)

volatile sig_atomic_t task_interrupt;

int task_open(struct task *t, pid_t tid)
{
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->memfd = -1;
	return task_reopen_mem(t);
}

int task_reopen_mem(struct task *t)
{
	char path[64];

	if (t->memfd >= 0)
		close(t->memfd);
	snprintf(path, sizeof(path), "/proc/%d/mem", t->tid);
	t->memfd = open(path, O_RDWR | O_CLOEXEC);
	if (t->memfd < 0)
		return msg_errno(-errno, "cannot open %s", path);
	return 0;
}

void task_close(struct task *t)
{
	if (t->memfd >= 0)
		close(t->memfd);
	t->memfd = -1;
}

int task_wait(struct task *t, int *status, int *sig)
{
	int st;

	*sig = 0;
	for (;;) {
		if (task_interrupt)
			return -EINTR;
		if (waitpid(t->tid, &st, __WALL) >= 0)
			break;
		if (errno != EINTR || task_interrupt)
			return -errno;
	}
	*status = st;
	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		t->exited = 1;
		t->exit_status = st;
	}
	return task_classify(st, sig);
}

int task_classify(int st, int *sig)
{
	*sig = 0;
	if (WIFEXITED(st) || WIFSIGNALED(st))
		return STOP_EXITED;
	if (!WIFSTOPPED(st))
		return STOP_OTHER;
	switch ((unsigned)st >> 16) {
	case PTRACE_EVENT_SECCOMP:
		return STOP_SECCOMP;
	case PTRACE_EVENT_EXEC:
		return STOP_EXEC;
	case PTRACE_EVENT_EXIT:
		return STOP_EXIT_EVENT;
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		return STOP_CLONE;
	case 0:
		break;
	default:
		return STOP_OTHER;
	}
	if (WSTOPSIG(st) == (SIGTRAP | 0x80))
		return STOP_SYSCALL_EXIT;
	*sig = WSTOPSIG(st);
	return STOP_SIGNAL;
}

int task_event_msg(struct task *t, unsigned long *msg)
{
	return ptrace(PTRACE_GETEVENTMSG, t->tid, 0, msg) < 0 ? -errno : 0;
}

int task_resume(struct task *t, int syscall_stop, int sig)
{
	long req = syscall_stop ? PTRACE_SYSCALL : PTRACE_CONT;

	if (ptrace(req, t->tid, 0, (void *)(long)sig) < 0)
		return -errno;
	return 0;
}

int task_getregs(struct task *t)
{
	if (ptrace(PTRACE_GETREGS, t->tid, 0, &t->regs) < 0)
		return -errno;
	return 0;
}

int task_setregs(struct task *t, const struct user_regs_struct *r)
{
	if (ptrace(PTRACE_SETREGS, t->tid, 0, r) < 0)
		return -errno;
	if (r != &t->regs)
		t->regs = *r;
	return 0;
}

int task_getsiginfo(struct task *t, siginfo_t *si)
{
	return ptrace(PTRACE_GETSIGINFO, t->tid, 0, si) < 0 ? -errno : 0;
}

int task_setsiginfo(struct task *t, const siginfo_t *si)
{
	return ptrace(PTRACE_SETSIGINFO, t->tid, 0, si) < 0 ? -errno : 0;
}

#ifndef PTRACE_GETSIGMASK
#define PTRACE_GETSIGMASK 0x420a
#endif

int task_sig_blocked(struct task *t, int sig)
{
	uint64_t mask;

	if (ptrace(PTRACE_GETSIGMASK, t->tid, sizeof(mask), &mask) < 0)
		return 0;
	return (mask >> (sig - 1)) & 1;
}

/* Big reads go through process_vm_readv: one copy straight from the
 * program's pages, where a read of /proc/TID/mem copies each page twice
 * (through a kernel bounce page).  The helper's buffers are flushed so,
 * up to a megabyte at a time.  It cannot read pages the program itself
 * may not read: what it leaves goes the /proc way. */
#define VM_READ_MIN	(16u << 10)

static size_t vm_read(struct task *t, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };
	ssize_t n;

	if (len < VM_READ_MIN)
		return 0;
	n = process_vm_readv(t->tid, &local, 1, &remote, 1, 0);
	return n > 0 ? (size_t)n : 0;
}

static int mem_xfer(struct task *t, uint64_t addr, void *buf, size_t len,
		    int write)
{
	size_t done = write ? 0 : vm_read(t, addr, buf, len);

	while (done < len) {
		char *p = (char *)buf + done;
		off_t at = (off_t)(addr + done);
		ssize_t n = write ? pwrite(t->memfd, p, len - done, at) :
				    pread(t->memfd, p, len - done, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return 0;
}

int task_read(struct task *t, uint64_t addr, void *buf, size_t len)
{
	return mem_xfer(t, addr, buf, len, 0);
}

int task_write(struct task *t, uint64_t addr, const void *buf, size_t len)
{
	return mem_xfer(t, addr, (void *)buf, len, 1);
}

int task_read_cb(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return task_read(ctx, addr, buf, len);
}

/* Waits for the int3 that follows the inject page's syscall.  Remote
 * syscalls are replay's: any other signal that shows up meanwhile is one
 * the kernel sent by itself (SIGCHLD of a replayed child), and the trace,
 * not the kernel, says which signals the program gets: it is dropped. */
void task_stash_take(struct task *t, struct task_stash *s, int sig)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->sig[i] == sig && sig < SIGRTMIN)
			return;		/* pending twice is pending once */
	if (s->n == TASK_STASH_MAX) {
		msg_warn("task %d: signal %d came while rrsup ran calls in it and "
			 "%d others waited; it is dropped", t->tid, sig, s->n);
		return;
	}
	if (task_getsiginfo(t, &s->si[s->n]))
		memset(&s->si[s->n], 0, sizeof(s->si[s->n]));
	s->sig[s->n++] = sig;
}

void task_stash_requeue(struct task *t, struct task_stash *s)
{
	pid_t tgid = s->n ? task_tgid(t->tid) : 0;
	int i;

	for (i = 0; i < s->n; i++)
		if (s->si[i].si_code >= 0 || s->si[i].si_signo != s->sig[i] ||
		    syscall(SYS_rt_tgsigqueueinfo, tgid, t->tid, s->sig[i], &s->si[i]))
			syscall(SYS_tkill, t->tid, s->sig[i]);
	s->n = 0;
}

static int wait_for_trap(struct task *t, struct task_stash *s)
{
	int status, sig, stop, err;

	for (;;) {
		stop = task_wait(t, &status, &sig);
		if (stop < 0)
			return stop;
		if (stop == STOP_EXITED)
			return -ESRCH;
		if (stop == STOP_SIGNAL && sig == SIGTRAP) {
			err = task_getregs(t);
			if (err)
				return err;
			if (t->regs.rip == INJECT_PAGE_ADDR + INJECT_SYSCALL_OFF + 3)
				return 0;
		}
		if (stop == STOP_SIGNAL)
			task_stash_take(t, s, sig);
		err = task_resume(t, 0, 0);
		if (err)
			return err;
	}
}

int task_remote_syscall(struct task *t, long nr, uint64_t a0, uint64_t a1,
			uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			int64_t *ret)
{
	struct user_regs_struct saved = t->regs, r = t->regs;
	struct task_stash s = { 0 };
	int err;

	r.rip = INJECT_PAGE_ADDR + INJECT_SYSCALL_OFF;
	r.rax = nr;
	/* -1 skips whatever syscall the task is stopped in and keeps the
	 * kernel from applying restart logic to our registers. */
	r.orig_rax = -1;
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	r.r10 = a3;
	r.r8 = a4;
	r.r9 = a5;
	err = task_setregs(t, &r);
	if (!err)
		err = task_resume(t, 0, 0);
	if (!err)
		err = wait_for_trap(t, &s);
	if (err)
		return msg_errno(err, "remote %ld syscall in task %d failed", nr, t->tid);
	*ret = (int64_t)t->regs.rax;
	t->regs = saved;
	err = task_setregs(t, &saved);
	task_stash_requeue(t, &s);
	return err;
}

int task_remote_path_syscall(struct task *t, long nr, int path_arg,
			     const char *path, uint64_t a[6], int64_t *ret)
{
	uint64_t addr = INJECT_PAGE_ADDR + SCRATCH_OFF;
	size_t len = strlen(path) + 1;
	int err;

	if (len > SCRATCH_LEN)
		return -ENAMETOOLONG;
	err = task_write(t, addr, path, len);
	if (err)
		return err;
	a[path_arg] = addr;
	return task_remote_syscall(t, nr, a[0], a[1], a[2], a[3], a[4], a[5], ret);
}

uint64_t task_regs_digest(const struct user_regs_struct *r, int nargs)
{
	uint64_t v[] = {
		r->rbx, r->rbp, r->r12, r->r13, r->r14, r->r15,
		r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9,
		r->rip, r->rsp,
	};
	int i;

	/* Argument registers a call does not use hold whatever earlier
	 * code left there, which may be the helper's, whose paths differ
	 * between record and replay. */
	for (i = nargs; i < 6; i++)
		v[6 + i] = 0;
	return XXH3_64bits(v, sizeof(v));
}

#define DR_OFF(i)	(offsetof(struct user, u_debugreg) + (i) * sizeof(long))

static int dr7_update(struct task *t, unsigned long clear, unsigned long set)
{
	long dr7;

	errno = 0;
	dr7 = ptrace(PTRACE_PEEKUSER, t->tid, DR_OFF(7), 0);
	if (errno)
		return -errno;
	dr7 = (dr7 & ~clear) | set;
	if (ptrace(PTRACE_POKEUSER, t->tid, DR_OFF(7), dr7) < 0)
		return -errno;
	return 0;
}

int task_set_hw_break(struct task *t, uint64_t addr)
{
	/* DR7: local enable of DR0, break on execution, length 1; the
	 * debugger's watchpoints (DR1-3) keep their bits. */
	if (ptrace(PTRACE_POKEUSER, t->tid, DR_OFF(0), addr) < 0)
		return -errno;
	return dr7_update(t, 0xf0003UL, 1);
}

int task_resume_past_break(struct task *t)
{
	int err = task_getregs(t);

	if (err)
		return err;
	t->regs.eflags |= 0x10000;	/* RF */
	err = task_setregs(t, &t->regs);
	return err ? err : task_resume(t, 0, 0);
}

int task_clear_hw_break(struct task *t)
{
	return dr7_update(t, 0xf0003UL, 0);
}

int task_set_watch(struct task *t, int slot, uint64_t addr, int len, int type)
{
	/* R/W bits: 01 write, 11 read or write; LEN bits: 00 1, 01 2,
	 * 11 4, 10 8 bytes. */
	unsigned long rw = type == TASK_WATCH_WRITE ? 1 : 3;
	unsigned long ln = len == 1 ? 0 : len == 2 ? 1 : len == 8 ? 2 : 3;
	unsigned long field = 0xfUL << (16 + 4 * slot);

	if (slot < 1 || slot > 3)
		return -EINVAL;
	if (ptrace(PTRACE_POKEUSER, t->tid, DR_OFF(slot), addr) < 0)
		return -errno;
	return dr7_update(t, field | (3UL << (2 * slot)),
			  ((rw | ln << 2) << (16 + 4 * slot)) | (1UL << (2 * slot)));
}

int task_clear_watch(struct task *t, int slot)
{
	return dr7_update(t, (0xfUL << (16 + 4 * slot)) | (3UL << (2 * slot)), 0);
}

long task_take_dr6(struct task *t)
{
	long dr6;

	errno = 0;
	dr6 = ptrace(PTRACE_PEEKUSER, t->tid, DR_OFF(6), 0);
	if (errno)
		return -errno;
	if (ptrace(PTRACE_POKEUSER, t->tid, DR_OFF(6), 0L) < 0)
		return -errno;
	return dr6 & 0x400f;
}

int task_step(struct task *t, int sig)
{
	if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, (void *)(long)sig) < 0)
		return -errno;
	return 0;
}

struct hash {
	struct task *t;
	XXH3_state_t *st;
	void *buf;
	uint64_t dead;
	struct task_pages *pages;	/* or NULL */
};

#define PAGE_SZ 4096u

static int add_pages(struct task_pages *p, const uint8_t *buf, size_t n, int ok)
{
	size_t need = p->n + (n + PAGE_SZ - 1) / PAGE_SZ, i;
	uint64_t *h;

	if (need > p->cap) {
		h = realloc(p->hash, (need + need / 2) * sizeof(*h));
		if (!h)
			return -ENOMEM;
		p->hash = h;
		p->cap = need + need / 2;
	}
	for (i = 0; i < n; i += PAGE_SZ)
		p->hash[p->n++] = ok ? XXH3_64bits(buf + i, n - i < PAGE_SZ ? n - i : PAGE_SZ) : 0;
	return 0;
}

static int hash_range(void *ctx, uint64_t start, uint64_t end)
{
	struct hash *h = ctx;
	size_t cap = 1 << 20;
	int ok, err;

	while (start < end) {
		size_t n = end - start < cap ? end - start : cap, skip = 0;

		/* Pages that cannot be read (past the end of a mapped file)
		 * read the same way every time: leave them out. */
		ok = task_read(h->t, start, h->buf, n) == 0;
		if (h->pages && (err = add_pages(h->pages, h->buf, n, ok)))
			return err;
		/* Below the stack pointer and its red zone is dead: the
		 * signal frames the kernel left there need not hold the same
		 * bytes at replay (how the FPU state was saved depends on
		 * scheduling).  The page hashes keep it: they only count. */
		if (start < h->dead && h->dead < start + n)
			skip = h->dead - start;
		else if (start + n <= h->dead && h->dead < end)
			skip = n;
		if (ok && skip < n)
			XXH3_64bits_update(h->st, (uint8_t *)h->buf + skip, n - skip);
		start += n;
	}
	return 0;
}

int task_hash_pages(struct task *t, uint64_t *hash, struct task_pages *pages)
{
	struct hash h = { t, XXH3_createState(), malloc(1 << 20),
			  t->regs.rsp > 128 ? t->regs.rsp - 128 : 0, pages };
	int err = -ENOMEM;

	if (pages)
		pages->n = 0;
	if (h.st && h.buf) {
		XXH3_64bits_reset(h.st);
		err = state_each_writable(t, hash_range, &h);
		*hash = XXH3_64bits_digest(h.st);
	}
	XXH3_freeState(h.st);
	free(h.buf);
	return err;
}

int task_hash_writable(struct task *t, uint64_t *hash)
{
	return task_hash_pages(t, hash, NULL);
}

static char proc_state(pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 'X';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 'X';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 'X';
}

void task_wait_zombie(pid_t tid)
{
	int i;

	/* Bounded: a leader that cannot finish exiting must not hang us. */
	for (i = 0; i < 20000; i++) {
		char c = proc_state(tid);

		if (c == 'Z' || c == 'X')
			return;
		usleep(50);
	}
	msg_warn("task %d takes long to exit", tid);
}

unsigned long long task_status_hex(pid_t tid, const char *key)
{
	char path[64], line[256];
	unsigned long long v = 0;
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && sscanf(line + klen, "%llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

pid_t task_tgid(pid_t tid)
{
	char path[64], line[128];
	int tgid = -ESRCH;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}
