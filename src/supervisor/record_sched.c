/* The recorder's tasks and the hand-over between them.  One task runs
 * user code at a time; the order in which they run is the order of the
 * events in the trace, which is all replay needs to repeat it. */
#include <errno.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "record.h"
#include "sched/sched.h"
#include "util/msg.h"

struct rtask *rec_task_find(struct rec *rc, pid_t tid)
{
	int i;

	for (i = 0; i < rc->ntasks; i++)
		if (rc->tasks[i]->t.tid == tid)
			return rc->tasks[i];
	return NULL;
}

/* A thread's process never changes (one that execs keeps it, taking the
 * leader's tid), and rec_buf_fd_changed asks for it at every open: a
 * /proc read each time was a fifth of the supervisor's time in tar. */
pid_t rec_tgid(struct rtask *x)
{
	pid_t v = x->tgid;

	if (!v) {
		v = task_tgid(x->t.tid);
		if (v > 0)
			x->tgid = v;
	}
	return v;
}

struct rtask *rec_task_add(struct rec *rc, pid_t tid, int state)
{
	struct rtask **v, *x;

	x = calloc(1, sizeof(*x));
	v = realloc(rc->tasks, (rc->ntasks + 1) * sizeof(*v));
	if (!x || !v) {
		free(x);
		if (v)
			rc->tasks = v;
		return NULL;
	}
	rc->tasks = v;
	if (task_open(&x->t, tid)) {
		free(x);
		return NULL;
	}
	x->state = state;
	x->desched_fd = -1;
	x->spin_churn = -1;
	v[rc->ntasks++] = x;
	return x;
}

int rec_others_ready(const struct rec *rc)
{
	int i;

	for (i = 0; i < rc->ntasks; i++)
		if (rc->tasks[i] != rc->cur && rc->tasks[i]->state == RT_READY)
			return 1;
	return 0;
}

int rec_others_alive(const struct rec *rc)
{
	int i, n = 0;

	for (i = 0; i < rc->ntasks; i++)
		n += rc->tasks[i] != rc->cur && rc->tasks[i]->state != RT_DONE;
	return n;
}

int rec_put_exit(struct rec *rc, struct rtask *x, int status)
{
	struct trace_event ev = { .type = TRACE_EV_EXIT, .ret = status };
	int err;

	x->state = RT_DONE;
	x->t.exited = 1;
	x->t.exit_status = status;
	task_close(&x->t);
	rec_buf_drop(x);
	ev.tid = x->t.tid;
	err = rec_put(rc, x, &ev, NULL, NULL);
	if (err)
		return err;
	if (rc->cur == x)
		rc->cur = NULL;
	return 0;
}

/* A stop of a task that is not running user code. */
int rec_note_stop(struct rec *rc, pid_t tid, int status)
{
	struct rtask *x = rec_task_find(rc, tid);
	int sig, stop = task_classify(status, &sig);

	if (!x) {
		/* A new task's first stop, seen before its creator's
		 * clone event. */
		x = rec_task_add(rc, tid, RT_NEW);
		if (!x)
			return -ENOMEM;
	}
	if (stop == STOP_EXITED && x->dies_in_exec) {
		/* Killed by another thread's execve: recorded after it. */
		x->state = RT_DONE;
		x->t.exited = 1;
		x->t.exit_status = status;
		x->exit_deferred = 1;
		task_close(&x->t);
		rec_buf_drop(x);
		return 0;
	}
	if (stop == STOP_EXITED)
		return rec_put_exit(rc, x, status);
	if (x->state == RT_NEW && stop == STOP_SIGNAL && sig == SIGSTOP) {
		x->state = RT_READY;
		x->resume_sig = 0;
		return 0;
	}
	if (x->state == RT_BLOCKED && stop == STOP_SYSCALL_EXIT) {
		x->state = RT_READY;
		return 0;
	}
	msg_warn("unexpected stop %#x of task %d (state %d)", status, tid, x->state);
	return task_resume(&x->t, 0, 0);
}

/* Reaps every stop that is already there, without waiting. */
int rec_reap(struct rec *rc)
{
	int status, err;
	pid_t tid;

	while ((tid = waitpid(-1, &status, __WALL | WNOHANG)) > 0) {
		err = rec_note_stop(rc, tid, status);
		if (err)
			return err;
	}
	return 0;
}

/* Tasks not yet reaped, exiting ones included. */
static int live_tasks(const struct rec *rc)
{
	int i, n = 0;

	for (i = 0; i < rc->ntasks; i++)
		n += rc->tasks[i]->state != RT_DONE;
	return n;
}

static struct rtask *pick(struct rec *rc)
{
	unsigned char *ready = calloc(rc->ntasks ? rc->ntasks : 1, 1);
	int i, k;

	if (!ready)
		return NULL;
	for (i = 0; i < rc->ntasks; i++)
		ready[i] = rc->tasks[i]->state == RT_READY;
	k = sched_pick(ready, rc->ntasks, &rc->next_pick);
	free(ready);
	return k < 0 ? NULL : rc->tasks[k];
}

/* A SIGCONT pending for a task in group-stop? (From outside the
 * recording: one sent from inside is seen in rec_continue.)  A tracee
 * attached with PTRACE_TRACEME gets no stop for it: the signal just
 * waits, queued, in /proc/TID/status. */
static int sigcont_pending(pid_t tid)
{
	unsigned long long bit = 1ULL << (SIGCONT - 1);

	return ((task_status_hex(tid, "SigPnd:") | task_status_hex(tid, "ShdPnd:")) & bit) != 0;
}

/* Group-stopped tasks continued from outside become ready (their SIGCONT
 * is delivered, and recorded, when they run).  Returns how many are still
 * stopped. */
static int wake_continued(struct rec *rc)
{
	int i, left = 0;

	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		if (x->state != RT_STOPPED)
			continue;
		if (sigcont_pending(x->t.tid)) {
			x->state = RT_READY;
			x->resume_sig = 0;
		} else {
			left++;
		}
	}
	return left;
}

#define STOPPED_POLL_MS	100

int rec_schedule(struct rec *rc)
{
	struct rtask *x;
	int status, err, stopped;
	pid_t tid;

	for (;;) {
		err = rec_reap(rc);
		if (err)
			return err;
		stopped = wake_continued(rc);
		x = pick(rc);
		if (x)
			break;
		if (!live_tasks(rc))
			return 1;
		/* Everyone waits in the kernel: wait with them, looking at
		 * the group-stopped ones now and then. */
		if (stopped)
			rec_timer_arm(STOPPED_POLL_MS);
		tid = waitpid(-1, &status, __WALL);
		if (stopped)
			rec_timer_disarm();
		if (tid < 0 && errno == EINTR && !rec_stop_signal)
			continue;	/* a timer (re-armed, or our poll) */
		if (tid < 0 && errno == EINTR)
			return -EINTR;
		if (tid < 0)
			return -errno;
		err = rec_note_stop(rc, tid, status);
		if (err)
			return err;
	}
	rc->cur = x;
	x->state = RT_RUNNING;
	x->run_since = rec_now_ms();
	x->slice_over = 0;
	if (x->has_pending)
		return rec_finish_syscall(rc);
	err = task_resume(&x->t, 0, x->resume_sig);
	if (err == -ESRCH) {
		/* Killed while it waited its turn (another thread's
		 * exit_group, a SIGKILL): its exit is reaped and recorded
		 * when the kernel reports it. */
		x->state = RT_EXITING;
		rc->cur = NULL;
		return 0;
	}
	return err;
}

long rec_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int rec_slice_end(struct rec *rc)
{
	struct rtask *x = rc->cur;
	struct user_regs_struct r = x->t.regs;
	struct trace_event ev = { .type = TRACE_EV_SIGNAL };
	int err;

	if (!x->slice_over && rec_now_ms() - x->run_since < SLICE_MS)
		return 0;
	err = rec_reap(rc);
	if (err)
		return err;
	if (!rec_others_ready(rc)) {
		x->slice_over = 0;
		x->run_since = rec_now_ms();
		return 0;
	}
	/* Undo the syscall's entry: it runs again when the task does. */
	task_rewind_syscall(&r);
	err = task_setregs(&x->t, &r);
	if (err)
		return err;
	ev.args[0] = SIGK_BEFORE_SYSCALL;	/* signal 0: a switch */
	ev.ip = r.rip;
	ev.sp = r.rsp;
	err = rec_put(rc, x, &ev, NULL, NULL);
	if (err)
		return err;
	x->state = RT_READY;
	x->resume_sig = 0;
	x->exit_regs_valid = 0;
	rc->cur = NULL;
	return 1;
}

/* The current task waits in a syscall: others run meanwhile.  Its entry
 * is an event of its own, so replay parks it at the same point. */
int rec_block(struct rec *rc, const struct trace_event *ev,
	      const struct trace_chunk *mem, uint32_t nmem)
{
	struct rtask *x = rc->cur;
	struct trace_event entry = *ev;
	int err;

	entry.flags = TRACE_F_ENTRY;
	/* A vfork waits for its child: which child, replay must know now. */
	entry.ret = x->new_child;
	entry.nmem = nmem;
	entry.extra_len = 0;
	entry.tid = x->t.tid;
	err = rec_put(rc, x, &entry, mem, NULL);
	if (err)
		return err;
	x->pending = *ev;
	x->has_pending = 1;
	x->state = RT_BLOCKED;
	rc->cur = NULL;
	return 0;
}

int rec_wait_cur_reaping(struct rec *rc, int *status, int *sig)
{
	pid_t tid;
	int err;

	for (;;) {
		tid = waitpid(-1, status, __WALL);
		if (tid < 0 && errno == EINTR && !rec_stop_signal)
			continue;
		if (tid < 0)
			return -errno;
		if (task_classify(*status, sig) == STOP_EXEC) {
			/* A thread other than the leader exec'd: it now has
			 * the leader's tid. */
			rc->exec_tid = tid;
			if (tid != rc->cur->t.tid)
				return -EXDEV;
			return STOP_EXEC;
		}
		if (tid == rc->cur->t.tid) {
			int stop = task_classify(*status, sig);

			if (stop == STOP_EXITED) {
				rc->cur->t.exited = 1;
				rc->cur->t.exit_status = *status;
			}
			return stop;
		}
		err = rec_note_stop(rc, tid, *status);
		if (err)
			return err;
	}
}

void rec_tasks_free(struct rec *rc)
{
	int i;

	for (i = 0; i < rc->ntasks; i++) {
		task_close(&rc->tasks[i]->t);
		free(rc->tasks[i]->spin_pages.hash);
		free(rc->tasks[i]->held);
		free(rc->tasks[i]);
	}
	free(rc->tasks);
	rc->tasks = NULL;
	rc->ntasks = 0;
}

/* The process group of a task, from /proc/TID/stat, or -1. */
static pid_t task_pgrp(pid_t tid)
{
	char path[64], buf[512], *p;
	int pgrp = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %*d %d", &pgrp);
	fclose(f);
	return pgrp;
}

void rec_continue(struct rec *rc, const struct trace_event *ev)
{
	long pid = (long)(int)ev->args[0];
	pid_t self = rc->cur ? rc->cur->t.tid : 0;
	int i, sig;

	switch (ev->nr) {
	case SYS_kill: case SYS_rt_sigqueueinfo:
		sig = (int)ev->args[1];
		break;
	case SYS_tkill:
		sig = (int)ev->args[1];
		pid = task_tgid((pid_t)pid);
		break;
	case SYS_tgkill: case SYS_rt_tgsigqueueinfo:
		sig = (int)ev->args[2];
		break;
	default:
		return;
	}
	if (sig != SIGCONT || ev->ret != 0)
		return;
	if (pid == 0)
		pid = -task_pgrp(self);
	for (i = 0; i < rc->ntasks; i++) {
		struct rtask *x = rc->tasks[i];

		if (x->state != RT_STOPPED)
			continue;
		if (pid == -1 || (pid > 0 && rec_tgid(x) == pid) ||
		    (pid < -1 && task_pgrp(x->t.tid) == -pid)) {
			x->state = RT_READY;
			x->resume_sig = 0;
		}
	}
}
