/* Record side of the helper's syscall buffers (inject/helper_abi.h):
 * registration, moving records into the trace, and calls that block. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <linux/kcmp.h>
#include <linux/perf_event.h>

#include "record.h"
#include "inject/helper_abi.h"
#include "inject/inject.h"
#include "util/msg.h"
#include "util/thread.h"

#define HDR_FIELD(f)	offsetof(struct rrsup_buf, f)
/* The helper's perf fd goes high, out of the way of the program's own. */
#define DESCHED_FD_MIN	900

static int hdr_put(struct rtask *x, size_t off, const void *v, size_t len)
{
	return task_write(&x->t, x->buf + off, v, len);
}

static int hdr_put32(struct rtask *x, size_t off, uint32_t v)
{
	return hdr_put(x, off, &v, sizeof(v));
}

/* The first perf event of a quiet system (none for a second or so) takes
 * 7-16 ms to open, nearly all of it asleep: the kernel switches its
 * context-switch hooks on (and waits out an RCU grace period).  The first
 * helper to register waited that long for its counter, the program
 * stopped: a third of a python start-up, in the common case of one
 * recording on an idle CI runner.  So a thread opens one as the recording
 * starts, and the supervisor keeps it until it exits (which also keeps
 * the hooks on between the processes of a recording).  Tasks get their
 * counters only once that open has returned (rec_buf_desched_late),
 * making calls that may block the slow way meanwhile. */
static int warm_done;

static void *warm_main(void *arg)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CONTEXT_SWITCHES,
		.disabled = 1,
	};

	(void)arg;
	syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	__atomic_store_n(&warm_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

void rec_desched_warm(void)
{
	pthread_t th;

	if (!util_thread_start(&th, warm_main, NULL))
		pthread_detach(th);
	else
		warm_done = 1;
}

/* A context-switch counter for the task, owned by it (so its helper can
 * switch it on around a call that may block) and signalling it; the
 * supervisor keeps a copy to switch it off when it takes over. */
static int setup_desched(struct rtask *x)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CONTEXT_SWITCHES,
		.sample_period = 1,
		.disabled = 1,
	};
	struct f_owner_ex own = { .type = F_OWNER_TID, .pid = x->t.tid };
	uint64_t scratch = INJECT_PAGE_ADDR + INJECT_SCRATCH_OFF;
	struct task *t = &x->t;
	int64_t fd, hi, r;
	int pidfd, err;

	err = task_write(t, scratch, &attr, sizeof(attr));
	if (!err)
		err = task_remote_syscall(t, SYS_perf_event_open, scratch, 0,
					  (uint64_t)-1, (uint64_t)-1,
					  PERF_FLAG_FD_CLOEXEC, 0, &fd);
	if (err || fd < 0)
		return err ? err : (int)fd;
	/* Move it first: the signal names the fd O_ASYNC was set on. */
	err = task_remote_syscall(t, SYS_fcntl, fd, F_DUPFD_CLOEXEC,
				  DESCHED_FD_MIN, 0, 0, 0, &hi);
	if (!err && hi >= 0) {
		task_remote_syscall(t, SYS_close, fd, 0, 0, 0, 0, 0, &r);
		fd = hi;
	}
	if (!err)
		err = task_write(t, scratch, &own, sizeof(own));
	if (!err)
		err = task_remote_syscall(t, SYS_fcntl, fd, F_SETOWN_EX, scratch, 0, 0, 0, &r);
	if (!err)
		err = task_remote_syscall(t, SYS_fcntl, fd, F_SETSIG, RRSUP_DESCHED_SIG,
					  0, 0, 0, &r);
	if (!err)
		err = task_remote_syscall(t, SYS_fcntl, fd, F_SETFL, O_ASYNC, 0, 0, 0, &r);
	if (err)
		return err;
	pidfd = (int)syscall(SYS_pidfd_open, rec_tgid(x), 0);
	if (pidfd >= 0) {
		x->desched_fd = (int)syscall(SYS_pidfd_getfd, pidfd, (int)fd, 0);
		close(pidfd);
	}
	if (pidfd < 0 || x->desched_fd < 0) {
		x->desched_fd = -1;
		task_remote_syscall(t, SYS_close, fd, 0, 0, 0, 0, 0, &r);
		return -errno;
	}
	x->desched_tfd = (int)fd;
	return 0;
}

/* Regular files and memory devices (/dev/null, /dev/zero, /dev/urandom)
 * never make a read or write wait for another task. */
static int st_noblock(const struct stat *st)
{
	return S_ISREG(st->st_mode) || S_ISBLK(st->st_mode) ||
	       (S_ISCHR(st->st_mode) && major(st->st_rdev) == 1);
}

/* Does the file have a shared mapping in the recording? */
static int st_shared(struct rec *rc, const struct stat *st)
{
	int i;

	for (i = 0; i < rc->shmaps.n; i++)
		if (rc->shmaps.v[i].dev == st->st_dev && rc->shmaps.v[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* The three header bits of tid's fd (echo, noblock, shared), from one
 * stat: a closed fd has none. */
static void fd_flags(struct rec *rc, pid_t tid, int fd, int f[3])
{
	char path[64];
	struct stat st;

	f[0] = f[1] = f[2] = 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	if (stat(path, &st))
		return;
	f[0] = rec_echo_st(rc, &st) != 0;
	f[1] = st_noblock(&st);
	f[2] = st_shared(rc, &st);
}

static void set_bit(uint64_t *bits, int fd, int on)
{
	if (on)
		bits[fd / 64] |= 1ULL << (fd % 64);
	else
		bits[fd / 64] &= ~(1ULL << (fd % 64));
}

/* The fd bits of the header for the task's open fds. */
static void fd_bits(struct rec *rc, pid_t tid, struct rrsup_buf *h)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int fd, f[3];

	memset(h->echo_fds, 0, sizeof(h->echo_fds));
	memset(h->noblock_fds, 0, sizeof(h->noblock_fds));
	memset(h->shared_fds, 0, sizeof(h->shared_fds));
	snprintf(path, sizeof(path), "/proc/%d/fd", tid);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		fd = atoi(e->d_name);
		if (e->d_name[0] == '.' || fd < 0 || fd >= RRSUP_ECHO_FDS)
			continue;
		fd_flags(rc, tid, fd, f);
		set_bit(h->echo_fds, fd, f[0]);
		set_bit(h->noblock_fds, fd, f[1]);
		set_bit(h->shared_fds, fd, f[2]);
	}
	closedir(d);
}

static int interrupted(int64_t ret)
{
	/* -EINTR, -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND,
	 * -ERESTART_RESTARTBLOCK */
	return ret == -EINTR || (ret <= -512 && ret >= -516);
}

static void no_desched(struct rtask *x, int err)
{
	msg_debug("task %d: no context-switch counter (%s); calls that may "
		  "block are not buffered", x->t.tid, strerror(-err));
}

/* Would the helper have made this trapped call in-process, had it had a
 * context-switch counter? */
static int wants_counter(struct rtask *x)
{
	const struct user_regs_struct *r = &x->t.regs;
	struct sc_call c = { .nr = (long)r->orig_rax, .read = task_read_cb,
			     .ctx = &x->t,
			     .args = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 } };
	uint64_t max;

	return (sc_buffer_class(&c, &max) & SC_BUF_BLOCK) != 0;
}

/* At a syscall-entry stop of x (regs read): the counter x registered
 * without, if this call is one it is for (most processes of a shell
 * script or a build make none: six injected calls each saved) and the
 * warm-up open has returned.  The calls injected for it skip the syscall
 * x stopped in, so x is made to run its syscall instruction again, as
 * after a time slice: nothing is recorded.  Returns 1 when x was resumed
 * so, 0 when nothing was due, or an error. */
int rec_buf_desched_late(struct rtask *x)
{
	struct user_regs_struct r = x->t.regs;
	int err;

	if (!x->desched_later || !x->buf ||
	    !__atomic_load_n(&warm_done, __ATOMIC_ACQUIRE) || !wants_counter(x))
		return 0;
	x->desched_later = 0;
	err = setup_desched(x);
	if (!err)
		err = hdr_put32(x, HDR_FIELD(desched_fd), (uint32_t)x->desched_tfd);
	if (err)
		no_desched(x, err);
	task_rewind_syscall(&r);
	err = task_setregs(&x->t, &r);
	if (!err)
		err = task_resume(&x->t, 0, 0);
	return err ? err : 1;
}

static int register_buf(struct rec *rc, uint64_t addr, uint64_t libc,
			int64_t *mode)
{
	struct rtask *x = rc->cur;
	struct rrsup_buf h;
	int err, i;

	*mode = -EINVAL;
	if (addr < RRSUP_AREA_START || addr >= RRSUP_AREA_END ||
	    (addr - RRSUP_AREA_START) % RRSUP_BUF_SIZE ||
	    task_read(&x->t, addr, &h, sizeof(h)) || h.magic != RRSUP_BUF_MAGIC)
		return 0;
	*mode = rc->no_buffer ? RRSUP_MODE_TRAP : RRSUP_MODE_RECORD;
	x->buf = addr;
	x->traced_entry = h.traced_entry;
	h.used = h.pos = h.diverted = 0;
	/* Without buffering the helper leaves syscalls alone; the buffer
	 * carries driver API records only. */
	h.force_trap = rc->no_buffer;
	h.desched_fd = -1;
	x->buf_lazy = rc->no_buffer;
	if (rc->no_buffer)
		return task_write(&x->t, addr, &h, sizeof(h));
	/* Its counter comes with its first call that needs one. */
	x->desched_later = x->desched_fd < 0;
	h.no_file_writes = rc->shmaps.n > 0;
	h.desched_fd = x->desched_fd >= 0 ? x->desched_tfd : -1;
	fd_bits(rc, x->t.tid, &h);
	for (i = 0; i < 2; i++) {
		h.out_dev[i] = rc->out_ok[i + 1] ? rc->out_st[i + 1].st_dev : 0;
		h.out_ino[i] = rc->out_ok[i + 1] ? rc->out_st[i + 1].st_ino : 0;
	}
	err = task_write(&x->t, addr, &h, sizeof(h));
	if (!err)
		inject_offer_sites(&x->t, addr, libc);
	return err;
}

/* A call that is recorded, made inside RecordReplayBeginDisallowEvents. */
static void disallowed(struct rec *rc, const struct trace_event *ev)
{
	uint64_t a[6];
	char call[256];

	if (task_read(&rc->cur->t, ev->args[2], a, sizeof(a)))
		memset(a, 0, sizeof(a));
	sc_format((long)ev->args[1], a, call, sizeof(call));
	msg_warn("event %llu: task %d made %s inside a region where the program "
		 "disallowed recorded events (RecordReplayBeginDisallowEvents)",
		 (unsigned long long)rc->nevents + 1, rc->cur->t.tid, call);
}

static void invalidated(struct rec *rc, const struct trace_event *ev)
{
	char why[512];
	uint64_t len = ev->args[2] < sizeof(why) - 1 ? ev->args[2] : sizeof(why) - 1;

	if (task_read(&rc->cur->t, ev->args[1], why, len))
		len = 0;
	why[len] = 0;
	msg_warn("the program marked the recording unusable from event %llu on: %s "
		 "(replay stops there)", (unsigned long long)rc->nevents + 1, why);
}

/* RRSUP_SYSCALL at its seccomp stop.  Answered by the supervisor; the
 * event is there so that replay meets the same call. */
int rec_buf_control(struct rec *rc, struct trace_event *ev)
{
	struct user_regs_struct r;
	int64_t ret = -ENOSYS;
	int err = 0;

	switch (ev->args[0]) {
	case RRSUP_OP_REGISTER:
		err = register_buf(rc, ev->args[1], ev->args[2], &ret);
		break;
	case RRSUP_OP_FLUSH:		/* done on the way in */
		ret = 0;
		break;
	case RRSUP_OP_DISALLOWED:
		disallowed(rc, ev);
		ret = 0;
		break;
	case RRSUP_OP_INVALIDATE:
		invalidated(rc, ev);
		ret = 0;
		break;
	}
	if (err)
		return err;
	/* Remote syscalls may have moved it to another stop: resume from
	 * the entry registers with the call skipped. */
	r = rc->cur->t.regs;
	r.rax = ret;
	r.orig_rax = -1;
	ev->ret = ret;
	err = task_setregs(&rc->cur->t, &r);
	if (!err)
		err = rec_put(rc, rc->cur, ev, NULL, NULL);
	rc->cur->exit_regs_valid = 0;
	return err ? err : task_resume(&rc->cur->t, 0, 0);
}

/* Adds fd to the set made[0..*n) once: a program that opens and closes
 * files in a loop reuses one fd, and each look costs a stat. */
static void add_fd(int *made, int *n, int fd)
{
	int i;

	for (i = 0; i < *n; i++)
		if (made[i] == fd)
			return;
	if (*n < 64)
		made[(*n)++] = fd;
}

/* Marks echoed writes and learns which fds are quiet. */
static void scan_records(struct rec *rc, struct rtask *x, char *p, uint32_t len)
{
	const char *end = p + len;
	const struct rrsup_rec *r;
	uint64_t bits[RRSUP_ECHO_FDS / 64];
	int changed = 0, made[64], nnew = 0, i;

	if (task_read(&x->t, x->buf + HDR_FIELD(echo_fds), bits, sizeof(bits)))
		return;
	for (; (r = rrsup_rec_at(p, end)); p += r->len) {
		const struct rrsup_chunk *k = rrsup_rec_data(r);
		uint64_t args[6];
		uint32_t flag;

		memcpy(args, r->args, sizeof(args));	/* r may be unaligned */
		if (sc_makes_fd(r->nr, args) && r->ret >= 0 && r->ret < RRSUP_ECHO_FDS)
			add_fd(made, &nnew, (int)r->ret);
		if (!k)
			continue;
		flag = rec_echo_fd(rc, x->t.tid, (int)k->addr);
		/* Records are ours to mark: the helper reads only their
		 * calls and chunks back. */
		if (flag == TRACE_F_ECHO_STDOUT)
			((struct rrsup_rec *)r)->flags |= RRSUP_REC_ECHO_OUT;
		else if (flag == TRACE_F_ECHO_STDERR)
			((struct rrsup_rec *)r)->flags |= RRSUP_REC_ECHO_ERR;
		else if (k->addr < RRSUP_ECHO_FDS) {
			bits[k->addr / 64] &= ~(1ULL << (k->addr % 64));
			changed = 1;
		}
	}
	if (changed)
		hdr_put(x, HDR_FIELD(echo_fds), bits, sizeof(bits));
	/* The fds the calls made, for every thread of the process: whether
	 * they may block (a FIFO) or echo, as they are now.  (Other threads
	 * did not run since: one task at a time.) */
	for (i = 0; i < nnew; i++)
		rec_buf_fd_changed(rc, x, made[i]);
}

/* Where the bytes of each chunk of 512 or more start in recs: the
 * trace stores a block repeated from earlier data once. */
static size_t chunk_marks(const char *recs, uint32_t len, uint32_t **marks)
{
	const char *p, *q, *end = recs + len;
	const struct rrsup_rec *r;
	const struct rrsup_chunk *k;
	size_t n = 0, cap = 0;
	uint32_t *m = NULL, *m2;
	int i;

	for (p = recs; (r = rrsup_rec_at(p, end)); p += r->len) {
		q = (const char *)(r + 1);
		for (i = 0; i < r->nchunks; i++) {
			k = (const struct rrsup_chunk *)q;
			if ((size_t)(p + r->len - q) < sizeof(*k) ||
			    k->len > (uint64_t)(p + r->len - q) - sizeof(*k))
				break;
			if (k->len >= 512) {
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					m2 = realloc(m, cap * sizeof(*m));
					if (!m2)
						break;
					m = m2;
				}
				m[n++] = (uint32_t)((const char *)(k + 1) - recs);
			}
			q += sizeof(*k) + RRSUP_ALIGN8(k->len);
		}
	}
	*marks = m;
	return n;
}

/* The header's force_trap for x after a flush. */
static uint32_t force_value(const struct rec *rc, const struct rtask *x)
{
	if (x->buf_shared == SHARED_VM)
		return RRSUP_FORCE_NOSTACK;
	if (x->deferred_sig || rc->no_buffer)
		return 1;
	return x->buf_shared ? RRSUP_FORCE_VFORK : 0;
}

int rec_buf_flush(struct rec *rc, struct rtask *x)
{
	struct trace_event ev = { .type = TRACE_EV_BUFFER };
	uint32_t h[6], force = force_value(rc, x);
	char *recs;
	int err, own;

	if (!x->buf || x->t.exited)
		return 0;
	/* magic, mode, used, pos, force_trap, will_block */
	if (task_read(&x->t, x->buf, h, sizeof(h)))
		return 0;	/* gone with its process (exec, kill) */
	if (h[5]) {
		x->blocked_in_helper = 1;
		hdr_put32(x, HDR_FIELD(will_block), 0);
	}
	if (h[2] > RRSUP_SPACE)
		return msg_errno(-EPROTO, "task %d: corrupt syscall buffer", x->t.tid);
	if (h[2]) {
		/* Read straight into the trace's frame buffer when there is
		 * one: a megabyte less to copy at each flush. */
		recs = trace_extra_space(rc->w, x->t.tid, h[2]);
		own = !recs;
		if (own && !(recs = malloc(h[2])))
			return -ENOMEM;
		err = task_read(&x->t, x->buf + RRSUP_HDR_SIZE, recs, h[2]);
		if (!err) {
			uint32_t *marks;
			size_t nmarks = chunk_marks(recs, h[2], &marks);

			scan_records(rc, x, recs, h[2]);
			ev.tid = x->t.tid;
			ev.extra_len = h[2];
			err = trace_put_marked(rc->w, &ev, NULL, recs, marks, nmarks);
			free(marks);
			rc->nevents++;
		}
		if (own)
			free(recs);
		if (!err)
			err = hdr_put(x, HDR_FIELD(echo_dirty), &(uint64_t[RRSUP_ECHO_FDS / 64]){ 0 },
				      RRSUP_ECHO_FDS / 8);
		if (!err)
			err = hdr_put32(x, HDR_FIELD(used), 0);
		if (err)
			return err;
	}
	return h[4] == force ? 0 : hdr_put32(x, HDR_FIELD(force_trap), force);
}

void rec_buf_force(struct rtask *x)
{
	if (x->buf)
		hdr_put32(x, HDR_FIELD(force_trap), 1);
}

/* A signal stop.  If the task was in the helper's untraced call and the
 * signal interrupted it (the context-switch signal when it blocked, or
 * any other), the call is turned into a trapped one at the helper's
 * trapped entry: same stack, same registers, recorded the usual way.
 *
 * The counter's own signal can also come without a blocked call: any
 * switch away counts, including the one into this very stop, so the
 * counter is switched off at once (else every stop would raise the next
 * one).  If that happened just as the helper switched the counter on,
 * the helper does that again, so its call still runs watched.
 * Returns 1 when the stop was the helper's own signal (handled). */
int rec_buf_signal(struct rec *rc, int sig, const siginfo_t *si)
{
	struct rtask *x = rc->cur;
	struct user_regs_struct r = x->t.regs;
	uint64_t untraced_ret = INJECT_PAGE_ADDR + RRSUP_UNTRACED_OFF + 2;
	int ours = sig == RRSUP_DESCHED_SIG && x->desched_fd >= 0 &&
		   si->si_code == POLL_IN && si->si_fd == x->desched_tfd;
	uint32_t seq;
	int err = 0;

	if (!x->buf)
		return 0;
	if (ours)
		ioctl(x->desched_fd, PERF_EVENT_IOC_DISABLE, 0);
	if (r.rip == untraced_ret && (int64_t)r.orig_rax >= 0 &&
	    interrupted((int64_t)r.rax)) {
		if (!ours && x->desched_fd >= 0)
			ioctl(x->desched_fd, PERF_EVENT_IOC_DISABLE, 0);
		r.rax = r.orig_rax;
		r.orig_rax = -1;
		r.rip = x->traced_entry;
		err = task_setregs(&x->t, &r);
		if (!err)
			err = task_read(&x->t, x->buf + HDR_FIELD(inflight), &seq,
					sizeof(seq));
		if (!err)
			err = hdr_put32(x, HDR_FIELD(diverted), seq);
		/* It blocked: when it comes back trapped, hand over at once. */
		x->blocked_in_helper = ours;
	} else if (ours && r.rip == untraced_ret && r.orig_rax == SYS_ioctl &&
		   r.rdi == (uint64_t)x->desched_tfd && r.rsi == PERF_EVENT_IOC_ENABLE) {
		task_rewind_syscall(&r);
		err = task_setregs(&x->t, &r);
	}
	if (err || !ours)
		return err;
	return task_resume(&x->t, 0, 0) ?: 1;
}

/* One task runs at a time, so both ends of a pipeline take turns: the
 * writer fills the pipe, blocks, and hands over to the reader, which
 * empties it and hands back.  Each hand-over costs several stops, and a
 * 64 KiB pipe makes one per 64 KiB.  A larger pipe (as a system with a
 * larger pipe-max-size could give) makes them rare; the program sees the
 * size only through F_GETPIPE_SZ.  Best effort: the limit may refuse. */
#define PIPE_GROW_TO	(1 << 20)

void rec_buf_pipe_made(struct rtask *by, uint64_t fds_addr)
{
	char path[64];
	int fds[2], fd;

	if (task_read(&by->t, fds_addr, fds, sizeof(fds)))
		return;
	/* A new open file of the same pipe: the size is the pipe's. */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", by->t.tid, fds[0]);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	fcntl(fd, F_SETPIPE_SZ, PIPE_GROW_TO);
	close(fd);
}

/* After a call that made fd (dup2, fcntl F_DUPFD, open...): it may now be
 * our stdout or stderr, or a pipe, for every thread of the process. */
void rec_buf_fd_changed(struct rec *rc, struct rtask *by, int fd)
{
	pid_t tgid = rec_tgid(by);
	size_t echo_off = HDR_FIELD(echo_fds) + (fd / 64) * 8;
	size_t nb_off = HDR_FIELD(noblock_fds) + (fd / 64) * 8;
	size_t sh_off = HDR_FIELD(shared_fds) + (fd / 64) * 8;
	int f[3], i;
	uint64_t w[3], was[3];

	if (fd < 0 || fd >= RRSUP_ECHO_FDS)
		return;
	fd_flags(rc, by->t.tid, fd, f);
	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		/* A vfork child's fds are its own, the buffer its parent's. */
		if (!x->buf || x->buf_shared || x->state == RT_DONE)
			continue;
		if ((x != by && rec_tgid(x) != tgid) ||
		    task_read(&x->t, x->buf + echo_off, &w[0], 8) ||
		    task_read(&x->t, x->buf + nb_off, &w[1], 8) ||
		    task_read(&x->t, x->buf + sh_off, &w[2], 8))
			continue;
		memcpy(was, w, sizeof(w));
		set_bit(&w[0], fd % 64, f[0]);
		set_bit(&w[1], fd % 64, f[1]);
		set_bit(&w[2], fd % 64, f[2]);
		if (w[0] != was[0])
			hdr_put(x, echo_off, &w[0], 8);
		if (w[1] != was[1])
			hdr_put(x, nb_off, &w[1], 8);
		if (w[2] != was[2])
			hdr_put(x, sh_off, &w[2], 8);
	}
}

/* A shared file mapping appeared: from now on writes to that file go
 * through the supervisor, which records what they change in the mapping.
 * Every task's fds are looked at again. */
void rec_buf_shared_maps(struct rec *rc)
{
	struct rrsup_buf h;
	int i;

	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		if (!x->buf || x->buf_shared || x->state == RT_DONE || x->t.exited ||
		    task_read(&x->t, x->buf, &h, sizeof(h)))
			continue;
		fd_bits(rc, x->t.tid, &h);
		hdr_put32(x, HDR_FIELD(no_file_writes), 1);
		hdr_put(x, HDR_FIELD(shared_fds), h.shared_fds, sizeof(h.shared_fds));
	}
}

/* Did parent's clone (at its event stop, regs from its entry) make a
 * vfork child, which runs while parent waits? */
static int made_vfork(struct rtask *parent)
{
	const struct user_regs_struct *r = &parent->t.regs;
	uint64_t flags = r->rdi;

	if ((long)r->orig_rax == SYS_vfork)
		return 1;
	if ((long)r->orig_rax == SYS_clone3 &&
	    task_read(&parent->t, r->rdi, &flags, sizeof(flags)))
		return 0;
	return (long)r->orig_rax != SYS_fork && (flags & CLONE_VFORK);
}

/* After a clone, fork or vfork that made a new process: it has a copy of
 * the buffer (or, sharing memory, the buffer itself). */
void rec_buf_inherit(struct rtask *parent, struct rtask *child)
{
	pid_t pp = rec_tgid(parent), cp = rec_tgid(child);

	if (!parent->buf || pp == cp)
		return;
	child->buf = parent->buf;
	child->traced_entry = parent->traced_entry;
	child->buf_lazy = parent->buf_lazy;
	if (syscall(SYS_kcmp, pp, cp, KCMP_VM, 0, 0) == 0) {
		/* A vfork child runs on its parent's buffer, and on its
		 * helper stack, until it execs or exits: signal set-up
		 * calls only.  Unless the parent's own frames are on that
		 * stack (a signal handler's posix_spawn), or it is no vfork
		 * child (CLONE_VM alone: both run): then both keep off the
		 * helper for good (replay_clone does the same). */
		if (!inject_shares_helper_stack(parent->buf, parent->t.regs.rsp,
						made_vfork(parent))) {
			child->buf_shared = SHARED_SIGNALS;
			hdr_put32(child, HDR_FIELD(force_trap), RRSUP_FORCE_VFORK);
			return;
		}
		child->buf_shared = parent->buf_shared = SHARED_VM;
		hdr_put32(child, HDR_FIELD(force_trap), RRSUP_FORCE_NOSTACK);
		return;
	}
	/* Its copy of the parent's counter signals the parent: not
	 * usable.  It gets its own with its first call that needs one. */
	hdr_put32(child, HDR_FIELD(desched_fd), (uint32_t)-1);
	hdr_put32(child, HDR_FIELD(force_trap), 0);
	child->desched_later = !parent->buf_lazy;
}

/* The task's image is gone (execve) or the task is. */
void rec_buf_drop(struct rtask *x)
{
	x->buf = 0;
	x->buf_shared = 0;
	x->buf_lazy = 0;
	if (x->desched_fd >= 0)
		close(x->desched_fd);
	x->desched_fd = -1;
}
