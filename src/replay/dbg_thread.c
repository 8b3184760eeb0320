/* Clones and per-thread kernel state for checkpoints.  Cloning a process
 * from inside it (dbg_clone) copies its memory and one thread; the other
 * threads of a checkpointed process are made again at restore time in
 * the new process, and each thread gets back what the kernel keeps per
 * thread and a replay relies on: signal mask, alternate signal stack,
 * clear-child-tid address (the tid word the kernel zeroes when the thread
 * exits, which pthread_join waits on) and robust futex list.  Registers,
 * fs_base (TLS) included, are set by the caller. */
#include "dbg.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "inject/inject.h"
#include "util/msg.h"

#ifndef PTRACE_GETSIGMASK
#define PTRACE_GETSIGMASK 0x420a
#define PTRACE_SETSIGMASK 0x420b
#endif

#define SCRATCH (INJECT_PAGE_ADDR + INJECT_SCRATCH_OFF)

/* No remote call here: a task waiting at a syscall's entry would leave
 * that stop.  The replay keeps what the calls set (replay.c). */
int dbg_thread_save(struct rptask *x, struct dbg_thread_state *s)
{
	memset(s, 0, sizeof(*s));
	if (ptrace(PTRACE_GETSIGMASK, x->t.tid, sizeof(s->sigmask), &s->sigmask) < 0)
		return -errno;
	s->altstack = x->altstack;	/* ss_size 0: none */
	s->clear_tid = x->clear_tid;
	s->robust_head = x->robust_head;
	s->robust_len = x->robust_len;
	return 0;
}

/* In t, a thread stopped where its registers may be set afterwards. */
int dbg_thread_restore(struct task *t, const struct dbg_thread_state *s)
{
	stack_t ss = s->altstack;
	int64_t r;
	int err;

	err = task_getregs(t);
	if (!err)
		err = task_remote_syscall(t, SYS_set_tid_address, s->clear_tid, 0, 0, 0, 0, 0, &r);
	if (!err && s->robust_head)
		err = task_remote_syscall(t, SYS_set_robust_list, s->robust_head,
					  s->robust_len, 0, 0, 0, 0, &r);
	if (!err && ss.ss_size) {
		/* Not "on" it in the new thread: the flag is a report. */
		ss.ss_flags &= ~SS_ONSTACK;
		err = task_write(t, SCRATCH, &ss, sizeof(ss));
		if (!err)
			err = task_remote_syscall(t, SYS_sigaltstack, SCRATCH, 0, 0, 0, 0, 0, &r);
		if (!err && r < 0)
			msg_debug("debugger: checkpoint thread %d: sigaltstack: %s", t->tid,
				  strerror((int)-r));
	}
	if (!err && ptrace(PTRACE_SETSIGMASK, t->tid, sizeof(s->sigmask), &s->sigmask) < 0)
		err = -errno;
	return err;
}

/* A stopped clone made from inside t's process by a remote clone with
 * flags: a new process (DBG_CLONE_PROCESS) or a new thread of it
 * (DBG_CLONE_THREAD).  It starts with a SIGSTOP (traced from birth) and
 * t's registers until the caller sets them; t's are left as they were. */
int dbg_clone(struct task *t, uint64_t flags, struct task *out)
{
	int64_t tid;
	int status, err;

	err = task_getregs(t);
	if (!err)
		err = task_remote_syscall(t, SYS_clone, flags, 0, 0, 0, 0, 0, &tid);
	if (err)
		return err;
	if (tid <= 0)
		return tid < 0 ? (int)tid : -EPROTO;
	while (waitpid((pid_t)tid, &status, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status))
		return -ESRCH;
	return task_open(out, (pid_t)tid);
}

/* Puts t, a new thread, where a task waiting in a system call was: at
 * that call's seccomp stop, by running its syscall instruction again
 * with the same registers (the filter stops it before the kernel runs
 * it). */
int dbg_thread_reenter(struct task *t, const struct user_regs_struct *at)
{
	struct user_regs_struct r = *at;
	int status, sig, stop, err;

	r.rip -= 2;
	r.rax = at->orig_rax;
	r.orig_rax = (uint64_t)-1;
	err = task_setregs(t, &r);
	if (!err)
		err = task_resume(t, 0, 0);
	if (err)
		return err;
	stop = task_wait(t, &status, &sig);
	if (stop != STOP_SECCOMP)
		return msg_errno(-EPROTO, "debugger: restoring thread %d: stop %d instead of "
				 "its system call", t->tid, stop);
	err = task_getregs(t);
	if (!err && (t->regs.rip != at->rip || t->regs.orig_rax != at->orig_rax))
		err = msg_errno(-EPROTO, "debugger: restoring thread %d: not back in its "
				"system call", t->tid);
	return err;
}
