/* The recorder: one traced thread, every syscall stopped by the filter,
 * run to its exit stop, and its result and outputs appended to the trace. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "cmd.h"
#include "inject/helper_abi.h"
#include "cpu.h"
#include "record.h"
#include "snapshot.h"
#include "spawn.h"
#include "sched/sched.h"
#include "syscalls/sc.h"
#include "util/msg.h"

static int buf_reserve(struct rec *rc, size_t len)
{
	void *p;

	if (len <= rc->buf_cap)
		return 0;
	p = realloc(rc->buf, len);
	if (!p)
		return -ENOMEM;
	rc->buf = p;
	rc->buf_cap = len;
	return 0;
}

int rec_put(struct rec *rc, struct rtask *x, struct trace_event *ev,
	    const struct trace_chunk *mem, const void *extra)
{
	int err = x && !x->buf_fresh ? rec_buf_flush(rc, x) : 0;

	if (err)
		return err;
	ev->tid = x ? x->t.tid : 0;
	/* The trace layer has said what went wrong, once. */
	err = trace_put(rc->w, ev, mem, extra);
	if (err)
		return err;
	rc->nevents++;
	return 0;
}

static int put(struct rec *rc, struct trace_event *ev,
	       const struct trace_chunk *mem, const void *extra)
{
	return rec_put(rc, rc->cur, ev, mem, extra);
}

int rec_end(struct rec *rc, const char *why, int status)
{
	struct trace_event ev = { .type = TRACE_EV_END, .ret = status };
	int i, ws;

	if (rc->ended)
		return 0;
	rc->ended = 1;
	for (i = 0; i < rc->ntasks; i++) {
		struct task *t = &rc->tasks[i]->t;

		if (rc->tasks[i]->state == RT_DONE || t->exited)
			continue;
		kill(t->tid, SIGKILL);
		t->exited = 1;
		rc->tasks[i]->state = RT_DONE;
	}
	/* Reap them all: a leader is only reported after its threads. */
	while (waitpid(-1, &ws, __WALL) > 0 || errno == EINTR)
		;
	ev.extra_len = strlen(why) + 1;
	return put(rc, &ev, NULL, why);
}

static int unsupported(struct rec *rc, long nr, const char *what)
{
	char call[256], why[512];

	sc_format(nr, (uint64_t[6]){ rc->cur->t.regs.rdi, rc->cur->t.regs.rsi,
		  rc->cur->t.regs.rdx, rc->cur->t.regs.r10, rc->cur->t.regs.r8, rc->cur->t.regs.r9 },
		  call, sizeof(call));
	snprintf(why, sizeof(why), "cannot record %s at event %llu: %s", call,
		 (unsigned long long)rc->nevents + 1, what);
	msg_err("%s; the trace ends before it", why);
	rec_end(rc, why, EXIT_RRSUP);
	return -ENOTSUP;
}

/* Once per syscall per recording: the program took its fallback. */
static void warn_denied(struct rec *rc, long nr)
{
	const char *why = sc_deny_why(nr);
	uint64_t bit = 1ULL << (nr % 64);

	if (!why || nr < 0 || nr >= 64 * 8 || (rc->denied[nr / 64] & bit))
		return;
	rc->denied[nr / 64] |= bit;
	msg_warn("%s refused with ENOSYS, as by a kernel without it (%s)",
		 sc_name(nr), why);
}

/* Reads the regions the call wrote into rc->buf and describes them. */
static int collect(struct rec *rc, const struct sc_call *c, uint32_t *n)
{
	struct sc_region reg[SC_MAX_REGIONS];
	size_t total = 0, off = 0;
	int i, cnt, err;

	cnt = sc_outputs(c, reg, SC_MAX_REGIONS);
	if (cnt >= 0)
		cnt = rec_mm_file_writes(rc, c->nr, c->args, c->ret, reg, cnt,
					 SC_MAX_REGIONS);
	if (cnt < 0)
		return cnt;
	for (i = 0; i < cnt; i++)
		total += reg[i].len;
	err = buf_reserve(rc, total);
	if (err)
		return err;
	for (i = 0; i < cnt; i++) {
		err = task_read(&rc->cur->t, reg[i].addr, (char *)rc->buf + off, reg[i].len);
		if (err)
			return msg_errno(err, "cannot read %llu bytes at %#llx written by %s",
					 (unsigned long long)reg[i].len,
					 (unsigned long long)reg[i].addr, sc_name(c->nr));
		rc->chunks[i] = (struct trace_chunk){ .addr = reg[i].addr,
			.len = reg[i].len, .data = (char *)rc->buf + off };
		off += reg[i].len;
	}
	*n = cnt;
	return 0;
}

static int wait_syscall_exit(struct rec *rc)
{
	int status, sig, stop, err;

	err = task_resume(&rc->cur->t, 1, 0);
	if (err)
		return err;
	stop = task_wait(&rc->cur->t, &status, &sig);
	if (stop == STOP_EXITED)
		return -ESRCH;
	if (stop != STOP_SYSCALL_EXIT)
		return stop < 0 ? stop : -EPROTO;
	return task_getregs(&rc->cur->t);
}


/* A new task announced by cur's clone, fork or vfork. */
static int note_clone(struct rec *rc)
{
	unsigned long tid;
	struct rtask *child;
	int err = task_event_msg(&rc->cur->t, &tid);

	if (err)
		return err;
	rc->cur->new_child = (pid_t)tid;
	child = rec_task_find(rc, (pid_t)tid);
	if (!child)
		child = rec_task_add(rc, (pid_t)tid, RT_NEW);
	if (!child)
		return -ENOMEM;
	/* Before the child runs: a vfork child runs first. */
	rec_buf_inherit(rc->cur, child);
	return 0;
}

/* Waits for cur's syscall-exit stop.  With other tasks alive, a call that
 * has not returned after BLOCK_MS is taken to be waiting (-EAGAIN): it
 * may be waiting for one of them. */
#define BLOCK_MS 2

static int wait_exit_or_block(struct rec *rc)
{
	int status, sig, stop, err;

	for (;;) {
		if (rec_others_alive(rc))
			rec_timer_arm(BLOCK_MS);
		stop = task_wait(&rc->cur->t, &status, &sig);
		if (stop == -EINTR && rec_timer_take())
			return -EAGAIN;
		rec_timer_disarm();
		if (stop == STOP_EXITED)
			return -ESRCH;
		if (stop == STOP_SYSCALL_EXIT)
			return task_getregs(&rc->cur->t);
		if (stop != STOP_CLONE)
			return stop < 0 ? stop : -EPROTO;
		err = note_clone(rc);
		if (!err)
			err = task_resume(&rc->cur->t, 1, 0);
		if (err)
			return err;
	}
}

/* Calls that wait for something another task does: hand over at once
 * rather than after BLOCK_MS. */
static int blocks_now(struct rec *rc, const struct trace_event *ev)
{
	int op = (int)ev->args[1] & 0x7f;

	switch (ev->nr) {
	case SYS_futex:
		return op == 0 || op == 9 || op == 6 || op == 11 || op == 13;
	case SYS_wait4: case SYS_waitid: case SYS_nanosleep:
	case SYS_clock_nanosleep: case SYS_pause: case SYS_rt_sigsuspend:
	case SYS_rt_sigtimedwait: case SYS_accept: case SYS_accept4:
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_select: case SYS_pselect6: case SYS_poll: case SYS_ppoll:
		return 1;
	default:
		return 0;
	}
	(void)rc;
}

static void regs_args(const struct user_regs_struct *r, uint64_t a[6])
{
	a[0] = r->rdi;
	a[1] = r->rsi;
	a[2] = r->rdx;
	a[3] = r->r10;
	a[4] = r->r8;
	a[5] = r->r9;
}

static void fill_call_event(struct trace_event *ev, long nr,
			    const struct user_regs_struct *entry)
{
	ev->type = TRACE_EV_SYSCALL;
	ev->nr = nr;
	regs_args(entry, ev->args);
	ev->ip = entry->rip;
	ev->sp = entry->rsp;
	ev->digest = task_regs_digest(entry, sc_nargs(nr));
}

/* A held-back signal is delivered just before the syscall instruction the
 * task stopped at: rewind it so the instruction runs again after the
 * handler, then inject the signal at the (skipped) call's exit stop. */
static int deliver_deferred(struct rec *rc)
{
	struct user_regs_struct r = rc->cur->t.regs;
	int err;

	rec_spin_cancel(rc);
	task_rewind_syscall(&r);
	err = task_setregs(&rc->cur->t, &r);
	if (!err)
		err = wait_syscall_exit(rc);
	return err ? err : rec_sig_inject(rc, SIGK_BEFORE_SYSCALL);
}

/* The other threads of cur's process (exiting ones too) die in its
 * execve, or (on) stop being marked so when it failed. */
static void mark_dying(struct rec *rc, int on)
{
	pid_t tgid = rec_tgid(rc->cur);
	int i;

	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		if (x != rc->cur && x->state != RT_DONE && rec_tgid(x) == tgid)
			x->dies_in_exec = on;
	}
}

/* A thread other than the leader exec'd and took over the leader's tid:
 * the leader is gone without an exit of its own to report. */
static int take_leader_tid(struct rec *rc, pid_t *old)
{
	struct rtask *leader = rec_task_find(rc, rc->exec_tid);
	unsigned long former = 0;
	int i, li = 0, ci = 0;

	if (ptrace(PTRACE_GETEVENTMSG, rc->exec_tid, 0, &former) < 0 ||
	    (pid_t)former != rc->cur->t.tid || !leader || leader == rc->cur)
		return msg_errno(-EPROTO, "execve from thread %d: unexpected tid %d",
				 rc->cur->t.tid, rc->exec_tid);
	leader->state = RT_DONE;
	leader->t.exited = 1;
	leader->dies_in_exec = 0;
	task_close(&leader->t);
	rec_buf_drop(leader);
	leader->t.tid = -leader->t.tid;		/* found no more */
	*old = rc->cur->t.tid;
	rc->cur->t.tid = rc->exec_tid;
	/* It takes the leader's place in the table too (the first task's
	 * status is the recording's). */
	for (i = 0; i < rc->ntasks; i++)
		if (rc->tasks[i] == leader)
			li = i;
		else if (rc->tasks[i] == rc->cur)
			ci = i;
	rc->tasks[li] = rc->cur;
	rc->tasks[ci] = leader;
	return 0;
}

/* waitpid for one task, through the spin timer's early wake-ups. */
static pid_t wait_eintr(pid_t tid, int *st)
{
	pid_t r;

	while ((r = waitpid(tid, st, __WALL)) < 0 && errno == EINTR &&
	       !rec_stop_signal)
		;
	return r;
}

/* After the new image: the exits of the threads the execve killed. */
static int put_exec_deaths(struct rec *rc)
{
	struct trace_event ev = { .type = TRACE_EV_EXIT, .flags = TRACE_F_DIED };
	int i, st, err;

	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		if (x->dies_in_exec && !x->exit_deferred &&
		    wait_eintr(x->t.tid, &st) == x->t.tid)
			rec_note_stop(rc, x->t.tid, st);
		if (!x->exit_deferred)
			continue;
		x->exit_deferred = 0;
		x->dies_in_exec = 0;
		ev.ret = x->t.exit_status;
		ev.tid = x->t.tid;
		err = trace_put(rc->w, &ev, NULL, NULL);
		if (err)
			return err;
		rc->nevents++;
	}
	return 0;
}

/* execve.  The kernel kills the process's other threads before it
 * returns; their exits go into the trace after the new image, and replay
 * lets its own execve kill them the same way. */
static int record_exec(struct rec *rc, struct trace_event *ev)
{
	int status, sig, stop, err;
	pid_t old = 0;

	mark_dying(rc, 1);
	err = task_resume(&rc->cur->t, 1, 0);
	if (err)
		return err;
	stop = rec_wait_cur_reaping(rc, &status, &sig);
	if (stop == -EXDEV) {
		err = take_leader_tid(rc, &old);
		if (err)
			return err;
		stop = STOP_EXEC;
	}
	if (stop == STOP_EXEC) {
		/* Success: the old image is gone.  Record the call (by the
		 * tid that made it), then the new image at execve's exit
		 * stop. */
		err = wait_syscall_exit(rc);
		rec_buf_drop(rc->cur);
		if (!err)
			err = task_reopen_mem(&rc->cur->t);
		if (err)
			return err;
		ev->ret = 0;
		if (old)
			rc->cur->t.tid = old;
		err = put(rc, ev, NULL, NULL);
		if (old)
			rc->cur->t.tid = rc->exec_tid;
		if (!err)
			err = snapshot_record(&rc->cur->t, rc->w);
		if (!err)
			err = put_exec_deaths(rc);
		return err ? err : task_resume(&rc->cur->t, 0, 0);
	}
	mark_dying(rc, 0);
	if (stop != STOP_SYSCALL_EXIT)
		return stop == STOP_EXITED ? -ESRCH : -EPROTO;
	err = task_getregs(&rc->cur->t);
	if (err)
		return err;
	ev->ret = (int64_t)rc->cur->t.regs.rax;
	err = put(rc, ev, NULL, NULL);
	return err ? err : task_resume(&rc->cur->t, 0, 0);
}

/* Records the result and outputs of the call cur just returned from
 * (registers fetched at its exit stop), and resumes it. */
static int record_outputs(struct rec *rc, struct trace_event *ev)
{
	const struct sc_desc *d = sc_lookup(ev->nr);
	struct sc_call c = { .nr = ev->nr, .read = task_read_cb, .ctx = &rc->cur->t };
	struct mm_file mf;
	void *extra = NULL;
	int err;

	ev->ret = (int64_t)rc->cur->t.regs.rax;
	memcpy(c.args, ev->args, sizeof(c.args));
	c.ret = ev->ret;
	if (d->replay == SC_MM) {
		if (ev->nr == SYS_mmap) {
			int nshared = rc->shmaps.n;

			err = rec_mm_file(rc, ev->args, ev->ret, &mf, &ev->flags);
			if (!err && rc->shmaps.n > nshared)
				rec_buf_shared_maps(rc);
			if (err == -ENOTSUP)
				return unsupported(rc, ev->nr, "this kind of mapping cannot be replayed");
			if (err)
				return err;
			if (ev->flags & TRACE_F_BLOB) {
				extra = &mf;
				ev->extra_len = sizeof(mf);
			}
		} else if ((ev->nr == SYS_munmap || ev->nr == SYS_mremap) &&
			   ev->ret >= 0) {
			rec_mm_unmapped(rc, ev->args[0], ev->args[1]);
		}
	} else {
		err = collect(rc, &c, &ev->nmem);
		if (err == -ENOTSUP)
			return unsupported(rc, ev->nr, "this variant is not supported yet");
		if (err)
			return msg_errno(err, "cannot record %s", sc_name(ev->nr));
	}
	if (!extra) {
		err = rec_echo_after(rc, ev->nr, ev->args, ev->ret, &ev->flags,
				     &extra, &ev->extra_len);
		if (err)
			return err;
	}
	err = put(rc, ev, rc->chunks, extra);
	if (extra != &mf)
		free(extra);
	if (err)
		return err;
	if (rc->cur->buf && ev->ret >= 0 && sc_makes_fd(ev->nr, ev->args))
		rec_buf_fd_changed(rc, rc->cur, (int)ev->ret);
	if ((ev->nr == SYS_pipe2 || ev->nr == SYS_pipe) && ev->ret == 0)
		rec_buf_pipe_made(rc->cur, ev->args[0]);
	rec_continue(rc, ev);
	rc->cur->exit_regs = rc->cur->t.regs;
	rc->cur->exit_regs_valid = 1;
	/* A held-back signal the call unblocked (rt_sigreturn out of a
	 * handler that blocked it, sigprocmask) goes in on its way out. */
	if (rec_sig_deliverable(rc->cur))
		return rec_sig_inject(rc, SIGK_AT_EXIT);
	return task_resume(&rc->cur->t, 0, 0);
}

static int is_pi_lock(const struct trace_event *ev)
{
	int op = (int)ev->args[1] & 0x7f;

	return ev->nr == SYS_futex && (op == 6 || op == 13);	/* LOCK_PI, LOCK_PI2 */
}

/* A PI lock that has to wait sets FUTEX_WAITERS in the futex word on its
 * way in, so that the owner's unlock enters the kernel: that write happens
 * while the caller waits, and replay must see it at the same point.  Let
 * the call in, watch the word briefly, and record it with the entry. */
static int block_in_pi_lock(struct rec *rc, struct trace_event *ev)
{
	struct rtask *x = rc->cur;
	struct trace_chunk c = { .addr = ev->args[0], .len = 4 };
	uint32_t word = 0;
	int err, i, status;

	err = task_resume(&x->t, 1, 0);
	for (i = 0; !err && i < 2000; i++) {
		if (waitpid(x->t.tid, &status, __WALL | WNOHANG) == x->t.tid) {
			/* It returned (got the lock, or failed) at once. */
			x->t.exited = WIFEXITED(status) || WIFSIGNALED(status);
			if (x->t.exited || task_getregs(&x->t))
				return -ESRCH;
			return record_outputs(rc, ev);
		}
		if (task_read(&x->t, c.addr, &word, sizeof(word)) == 0 &&
		    (word & 0x80000000u))
			break;
		usleep(5);
	}
	c.data = &word;
	return err ? err : rec_block(rc, ev, &c, 1);
}

/* Runs the call to its exit stop and records result and outputs; a call
 * that waits parks its task and lets another run. */
static int record_result(struct rec *rc, struct trace_event *ev)
{
	struct rtask *x = rc->cur;
	int err;

	x->new_child = 0;
	if (rec_others_alive(rc) && is_pi_lock(ev))
		return block_in_pi_lock(rc, ev);
	if (rec_others_alive(rc) && (blocks_now(rc, ev) || x->blocked_in_helper)) {
		x->blocked_in_helper = 0;
		err = rec_block(rc, ev, NULL, 0);
		return err ? err : task_resume(&x->t, 1, 0);
	}
	x->blocked_in_helper = 0;	/* alone: it waits for the outside */
	err = task_resume(&x->t, 1, 0);
	if (!err)
		err = wait_exit_or_block(rc);
	if (err == -EAGAIN)
		return rec_block(rc, ev, NULL, 0);
	if (err == -ESRCH && x->t.exited) {
		/* SIGKILLed inside the call (kill(getpid(), SIGKILL)...):
		 * it never returned, and replay must end it the same way. */
		ev->flags |= TRACE_F_DIED;
		put(rc, ev, NULL, NULL);
		return rec_put_exit(rc, x, x->t.exit_status);
	}
	return err ? err : record_outputs(rc, ev);
}

int rec_finish_syscall(struct rec *rc)
{
	struct trace_event ev = rc->cur->pending;
	int err;

	rc->cur->has_pending = 0;
	ev.flags = TRACE_F_RESULT;
	err = task_getregs(&rc->cur->t);
	return err ? err : record_outputs(rc, &ev);
}

/* exit and exit_group.  A thread's exit clears its tid word and wakes
 * its joiner behind everyone's back: nobody runs until that is done, so
 * it happens at the same point in the replay. */
#define ROBUST_MAX 256

/* The futex words of the robust mutexes a thread holds.  When it exits the
 * kernel marks them FUTEX_OWNER_DIED, matching them against its kernel tid,
 * which replay cannot reproduce: the words' new values go into the trace
 * with its EXIT event instead. */
static int robust_words(struct task *t, uint64_t *addr, int max)
{
	uint64_t head, len, h[3], p;
	int n = 0;

	if (syscall(SYS_get_robust_list, t->tid, &head, &len) < 0 || !head ||
	    task_read(t, head, h, sizeof(h)))
		return 0;
	/* h: list.next, futex_offset, list_op_pending */
	for (p = h[0]; p != head && p && n < max; ) {
		addr[n++] = p + h[1];
		if (task_read(t, p, &p, sizeof(p)))
			break;
	}
	if (h[2] && n < max)
		addr[n++] = h[2] + h[1];
	return n;
}

/* A thread's exit (not the leader's): it is complete, its tid word cleared
 * and robust mutexes released, before anyone else runs, in record and in
 * replay alike. */
static int record_thread_exit(struct rec *rc, struct rtask *x)
{
	uint64_t addr[ROBUST_MAX];
	uint32_t val[ROBUST_MAX];
	struct trace_chunk mem[ROBUST_MAX];
	struct trace_event ev = { .type = TRACE_EV_EXIT };
	int n = robust_words(&x->t, addr, ROBUST_MAX), i, status, err;

	err = task_resume(&x->t, 0, 0);
	while (!err && waitpid(x->t.tid, &status, __WALL) < 0)
		if (errno != EINTR)
			err = -errno;
	if (err)
		return err;
	/* Its /proc/TID/mem still reaches the address space its threads
	 * share. */
	for (i = 0; i < n; i++) {
		if (task_read(&x->t, addr[i], &val[i], sizeof(val[i])))
			return msg_errno(-EIO, "cannot read robust futex at %#llx",
					 (unsigned long long)addr[i]);
		mem[i] = (struct trace_chunk){ .addr = addr[i], .len = 4, .data = &val[i] };
	}
	ev.ret = status;
	ev.nmem = n;
	ev.tid = x->t.tid;
	err = rec_put(rc, x, &ev, mem, NULL);
	if (err)
		return err;
	x->state = RT_DONE;
	x->t.exited = 1;
	x->t.exit_status = status;
	task_close(&x->t);
	rec_buf_drop(x);
	rc->cur = NULL;
	return 0;
}

/* A live thread of x's process other than x, or NULL. */
static struct rtask *sibling(struct rec *rc, struct rtask *x)
{
	pid_t tgid = rec_tgid(x);
	int i;

	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *y = rc->tasks[i];

		if (y != x && y->state != RT_DONE && y->state != RT_EXITING &&
		    y->state != RT_NEW && rec_tgid(y) == tgid)
			return y;
	}
	return NULL;
}

/* The main thread exits while others go on, holding robust mutexes: the
 * kernel marks them FUTEX_OWNER_DIED once it is a zombie.  Its exit event
 * carries the words' new values, read through a thread still alive; replay
 * writes them when its main thread has become a zombie too. */
static int record_leader_exit(struct rec *rc, struct trace_event *ev,
			      struct rtask *y, const uint64_t *addr, int n)
{
	struct rtask *x = rc->cur;
	uint32_t val[ROBUST_MAX];
	struct trace_chunk mem[ROBUST_MAX];
	int i, err;

	/* Its buffered calls go first, while it can still be read. */
	err = rec_buf_flush(rc, x);
	if (err)
		return err;
	x->buf_fresh = 1;
	err = task_resume(&x->t, 0, 0);
	if (err)
		return err;
	task_wait_zombie(x->t.tid);
	for (i = 0; i < n; i++) {
		if (task_read(&y->t, addr[i], &val[i], sizeof(val[i])))
			return msg_errno(-EIO, "cannot read robust futex at %#llx",
					 (unsigned long long)addr[i]);
		mem[i] = (struct trace_chunk){ .addr = addr[i], .len = 4, .data = &val[i] };
	}
	ev->nmem = n;
	err = put(rc, ev, mem, NULL);
	x->state = RT_EXITING;
	rc->cur = NULL;
	return err;
}

static int record_exit(struct rec *rc, struct trace_event *ev)
{
	struct rtask *x = rc->cur, *y;
	uint64_t addr[ROBUST_MAX];
	int err, n;
	pid_t tid = x->t.tid;
	int leader = rec_tgid(x) == tid;

	if (ev->nr == SYS_exit && leader && (y = sibling(rc, x)) &&
	    (n = robust_words(&x->t, addr, ROBUST_MAX)) > 0)
		return record_leader_exit(rc, ev, y, addr, n);
	err = put(rc, ev, NULL, NULL);
	if (!err && ev->nr == SYS_exit && !leader)
		return record_thread_exit(rc, x);
	if (!err)
		err = task_resume(&x->t, 0, 0);
	if (!err && ev->nr == SYS_exit)
		task_wait_zombie(tid);
	/* Its exit (and its threads', for exit_group) is reaped whenever
	 * the kernel reports it. */
	x->state = RT_EXITING;
	rc->cur = NULL;
	return err;
}

int rec_syscall(struct rec *rc)
{
	struct trace_event ev = { 0 };
	struct user_regs_struct entry;
	const struct sc_desc *d;
	const char *why = NULL;
	char msg[256];
	struct sc_call c;
	long nr;
	int err;

	err = task_getregs(&rc->cur->t);
	if (err)
		return err;
	rc->cur->spin_since = 0;
	rc->cur->spin_backoff = 0;
	rc->cur->place_due = 0;
	if (rc->cur->spin_pages.hash)
		rec_spin_forget(rc->cur);
	/* Records made before this call, while the task surely lives (a
	 * SIGKILL inside the call leaves no memory to read).  Without
	 * buffering only the helper's own calls follow records. */
	if (!rc->cur->buf_lazy || (long)rc->cur->t.regs.orig_rax == RRSUP_SYSCALL) {
		err = rec_buf_flush(rc, rc->cur);
		if (err)
			return err;
	}
	rc->cur->buf_fresh = 1;
	err = rec_buf_desched_late(rc->cur);
	if (err)
		return err < 0 ? err : 0;
	if (rec_sig_deliverable(rc->cur))
		return deliver_deferred(rc);
	if (rec_others_alive(rc)) {
		err = rec_slice_end(rc);
		if (err)
			return err < 0 ? err : 0;
	}
	entry = rc->cur->t.regs;
	nr = (long)entry.orig_rax;
	rc->cur->exit_regs_valid = 0;
	fill_call_event(&ev, nr, &entry);
	if (nr == RRSUP_SYSCALL)
		return rec_buf_control(rc, &ev);
	d = sc_lookup(nr);
	switch (d ? d->replay : SC_UNKNOWN) {
	case SC_UNKNOWN:
		return unsupported(rc, nr, "rrsup does not know this syscall");
	case SC_UNSUP:
		snprintf(msg, sizeof(msg), "this syscall is not supported (%s)",
			 sc_unsup_why(nr));
		return unsupported(rc, nr, msg);
	case SC_DENY:
		/* Refused without running; the program sees ENOSYS and copes. */
		warn_denied(rc, nr);
		entry.orig_rax = -1;
		entry.rax = -ENOSYS;
		ev.ret = -ENOSYS;
		err = task_setregs(&rc->cur->t, &entry);
		if (!err)
			err = put(rc, &ev, NULL, NULL);
		return err ? err : task_resume(&rc->cur->t, 0, 0);
	case SC_EXIT:
		return record_exit(rc, &ev);
	case SC_EXECVE:
		return record_exec(rc, &ev);
	default:
		break;
	}
	c = (struct sc_call){ .nr = nr, .read = task_read_cb, .ctx = &rc->cur->t };
	memcpy(c.args, ev.args, sizeof(c.args));
	if (sc_check(&c, &why) < 0)
		return unsupported(rc, nr, why ? why : "unsupported arguments");
	rec_echo_before(rc, nr, ev.args);
	return record_result(rc, &ev);
}
