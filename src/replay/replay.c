/* Replay: the recorded program runs again, and at every stop the
 * supervisor checks that it is doing what the trace says it did, then
 * hands it the recorded results. */
#include "replay.h"
#include "supervisor/task_state.h"
#include "dbg.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "supervisor/record.h"
#include "supervisor/snapshot.h"
#include "supervisor/spawn.h"
#include "inject/helper_abi.h"
#include "inject/inject.h"
#include "syscalls/sc.h"
#include "util/msg.h"

int rp_advance(struct rp *rp)
{
	int ret;

	if (rp->at_end)
		return -ENODATA;
	/* A few words per event: checkpoints come back here by a seek. */
	trace_reader_mark(rp->r, &rp->ev_mark);
	ret = trace_get(rp->r, &rp->ev, &rp->mem, &rp->extra);
	if (ret < 0)
		return ret;
	rp->idx++;
	if (ret == 0) {
		rp->at_end = 1;
		memset(&rp->ev, 0, sizeof(rp->ev));
	}
	return 0;
}

int rp_diverged(struct rp *rp, const char *fmt, ...)
{
	char buf[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	msg_err("replay diverged at event %llu: %s",
		(unsigned long long)rp->idx, buf);
	return -EPROTO;
}

/* "write(1, 0x..., 12)" for the recorded event, or its kind. */
static const char *describe_event(const struct trace_event *ev, char *buf,
				  size_t len)
{
	if (ev->type == TRACE_EV_SYSCALL)
		return sc_format(ev->nr, ev->args, buf, len);
	if (ev->type == TRACE_EV_SIGNAL)
		snprintf(buf, len, "signal %s", strsignal((int)ev->nr));
	else if (ev->type == TRACE_EV_EXIT)
		snprintf(buf, len, "the program's exit");
	else
		snprintf(buf, len, "a %s event", trace_ev_name(ev->type));
	return buf;
}

static int diverged_doing(struct rp *rp, const char *what)
{
	char rec[256];

	return rp_diverged(rp, "recorded %s, program made %s",
			   describe_event(&rp->ev, rec, sizeof(rec)), what);
}

int rp_write_mem(struct rp *rp)
{
	uint32_t i;
	int err;

	for (i = 0; i < rp->ev.nmem; i++) {
		err = task_write(&rp->cur->t, rp->mem[i].addr, rp->mem[i].data,
				 rp->mem[i].len);
		if (err == -EIO)
			err = rp_mm_write_shared(rp, rp->mem[i].addr,
						 rp->mem[i].data, rp->mem[i].len);
		if (err)
			return rp_diverged(rp, "cannot write %llu recorded bytes at %#llx",
					   (unsigned long long)rp->mem[i].len,
					   (unsigned long long)rp->mem[i].addr);
	}
	return 0;
}

static void echo(struct rp *rp)
{
	/* What its buffered calls wrote came first. */
	rp_buf_echo(rp->cur, 1);
	if (rp->quiet || (rp->dbg && rp->idx < rp->dbg->echo_from) ||
	    !(rp->ev.flags & (TRACE_F_ECHO_STDOUT | TRACE_F_ECHO_STDERR)))
		return;
	rp_echo(rp->ev.flags & TRACE_F_ECHO_STDOUT ? 1 : 2, rp->extra,
		rp->ev.extra_len);
}

void rp_echo(int fd, const char *p, size_t left)
{
	while (left) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		left -= n;
	}
}

static int next_is(struct rp *rp, uint32_t type, int kind)
{
	return !rp->at_end && rp->ev.type == type &&
	       (kind < 0 || rp->ev.args[0] == (uint64_t)kind);
}

/* A handler resumed the task toward the same event: wait on. */
#define RP_AGAIN 1

void rp_park(struct rp *rp, int sig)
{
	rp->cur->state = RP_PARKED;
	rp->cur->resume_sig = sig;
}

/* Resumes a parked task for its next event (the one at hand).  A deadly
 * signal or a kill from outside is queued first, so that it lands before
 * the program does anything more, as it did when recorded; a signal or
 * preemption in a spin waits at its instruction. */
static int run_task(struct rp *rp, struct rptask *x, int dbg_ok)
{
	int err;

	if (next_is(rp, TRACE_EV_SIGNAL, SIGK_FATAL))
		syscall(SYS_tkill, x->t.tid, (int)rp->ev.nr);
	if (next_is(rp, TRACE_EV_EXIT, -1) && WIFSIGNALED((int)rp->ev.ret) &&
	    WTERMSIG((int)rp->ev.ret) == SIGKILL) {
		kill(x->t.tid, SIGKILL);
		task_resume(&x->t, 0, 0);
		return 0;
	}
	if (next_is(rp, TRACE_EV_SIGNAL, SIGK_AT_STATE)) {
		err = rp_state_start(rp, x);
		if (err)
			return err;
	}
	if (next_is(rp, TRACE_EV_SIGNAL, SIGK_AT_IP)) {
		err = task_set_hw_break(&x->t, rp->ev.ip);
		if (err)
			return err;
	}
	x->state = RP_PARKED;
	if (rp->dbg && dbg_ok)
		return dbg_stretch_start(rp, x);
	return task_resume(&x->t, 0, x->resume_sig);
}

/* A stop at the breakpoint of a SIGK_AT_IP event: deliver when the state
 * is the recorded one, else run on to the next visit. */
static int at_ip_hit(struct rp *rp)
{
	struct sig_at_ip p = { 0 };
	uint64_t hash;
	int err;

	if (rp->ev.extra_len != sizeof(p) && rp->ev.extra_len != SIG_AT_IP_V2_SIZE)
		return rp_diverged(rp, "malformed signal event");
	memcpy(&p, rp->extra, rp->ev.extra_len);
	if (!rec_regs_same(&rp->cur->t.regs, &p.regs))
		return task_resume_past_break(&rp->cur->t) ?: RP_AGAIN;
	err = task_hash_writable(&rp->cur->t, &hash);
	if (err)
		return err;
	if (hash != p.mem_hash)
		return task_resume_past_break(&rp->cur->t) ?: RP_AGAIN;
	if (rp->ev.extra_len == sizeof(p)) {
		err = state_xstate_hash(&rp->cur->t, &hash);
		if (err)
			return err;
		if (hash != p.xstate_hash)
			return task_resume_past_break(&rp->cur->t) ?: RP_AGAIN;
	}
	err = task_clear_hw_break(&rp->cur->t);
	if (!err && rp->ev.nr)
		err = task_setsiginfo(&rp->cur->t, &p.si);
	if (!err)
		err = rp_advance(rp);
	/* nr 0: a preemption, not a signal: the task just stops here. */
	if (!err)
		rp_park(rp, (int)rp->ev.nr ? (int)p.si.si_signo : 0);
	return err;
}

static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGTRAP;
}

/* The next stop of the current task.  Signals the kernel sends on its own
 * at replay (SIGCHLD when a replayed child exits, group stops) are not in
 * the trace: the trace says which signals arrive, so those are dropped. */
static int wait_cur(struct rp *rp, int *status, int *sig, int want_sig)
{
	siginfo_t si;
	int stop;

	for (;;) {
		stop = task_wait(&rp->cur->t, status, sig);
		if (rp->dbg)
			dbg_after_wait(rp, rp->cur);
		/* The kernel's own copy of a signal the replay injects
		 * itself (before a syscall, at a syscall's exit) is a stray
		 * too. */
		if (stop != STOP_SIGNAL || *sig == want_sig || is_fault_signal(*sig) ||
		    (next_is(rp, TRACE_EV_SIGNAL, -1) && rp->ev.nr == *sig &&
		     rp->ev.args[0] != SIGK_BEFORE_SYSCALL &&
		     rp->ev.args[0] != SIGK_AT_EXIT &&
		     task_getsiginfo(&rp->cur->t, &si) == 0))
			return stop;
		msg_debug("dropping signal %d of task %d: not in the trace", *sig,
			  rp->cur->t.tid);
		if (rp->cur->stepping ? task_step(&rp->cur->t, 0) :
		    task_resume(&rp->cur->t, 0, 0))
			return -ESRCH;
	}
}

int rp_expect_stop(struct rp *rp, enum task_stop want, int want_sig)
{
	int status, sig, stop;

	stop = wait_cur(rp, &status, &sig, want_sig);
	if (stop < 0)
		return stop;
	if (stop == (int)want && (!want_sig || sig == want_sig))
		return 0;
	if (stop == STOP_EXITED)
		return rp_diverged(rp, "the program ended (status %#x) where the "
				   "recording went on", status);
	return rp_diverged(rp, "unexpected stop %d (signal %d) while delivering "
			   "recorded state", stop, sig);
}

/* The recorded signal at hand, injected by the caller, reaches its
 * delivery stop: it gets the recorded siginfo and is delivered when the
 * task next runs. */
int rp_take_signal(struct rp *rp, int sig)
{
	int err = rp_expect_stop(rp, STOP_SIGNAL, sig);

	if (!err && rp->ev.extra_len >= sizeof(siginfo_t))
		err = task_setsiginfo(&rp->cur->t, rp->extra);
	if (!err)
		err = rp_advance(rp);
	if (!err)
		rp_park(rp, sig);
	return err;
}

/* Delivers the SIGNAL event at hand from a syscall-exit stop: injected
 * there, the kernel applies its restart rules (EINTR, SA_RESTART) to the
 * call just as it did when recorded. */
static int deliver_at_exit(struct rp *rp, long nr, int64_t ret)
{
	int sig = (int)rp->ev.nr, err;

	err = task_getregs(&rp->cur->t);
	if (err)
		return err;
	rp->cur->t.regs.rax = ret;
	rp->cur->t.regs.orig_rax = nr;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	if (!err)
		err = task_resume(&rp->cur->t, 0, sig);
	return err ? err : rp_take_signal(rp, sig);
}


/* The signal mask a call installs while it waits (sigsuspend, ppoll...),
 * or 0: a signal it let in may be blocked again once it returns. */
static uint64_t temp_mask(struct rp *rp, long nr)
{
	const struct user_regs_struct *r = &rp->cur->t.regs;
	uint64_t p[2];

	switch (nr) {
	case SYS_rt_sigsuspend:
		return r->rdi;
	case SYS_ppoll:
		return r->r10;
	case SYS_epoll_pwait:
	case SYS_epoll_pwait2:
		return r->r8;
	case SYS_pselect6:
		if (!r->r9 || task_read(&rp->cur->t, r->r9, p, sizeof(p)))
			return 0;
		return p[0];
	default:
		return 0;
	}
}

/* Delivers a recorded signal that arrived while such a call waited: the
 * call becomes a real rt_sigsuspend with the signal already queued, so the
 * kernel lets it in under the call's mask and restores the old mask after
 * the handler, as it did when recorded. */
static int deliver_in_suspend(struct rp *rp, long nr, int64_t ret, uint64_t mask)
{
	struct user_regs_struct entry = rp->cur->t.regs, r = entry;
	int sig = (int)rp->ev.nr, err;

	r.orig_rax = SYS_rt_sigsuspend;
	r.rdi = mask;
	r.rsi = 8;
	err = task_setregs(&rp->cur->t, &r);
	if (!err && syscall(SYS_tkill, rp->cur->t.tid, sig) < 0)
		err = -errno;
	if (!err)
		err = task_resume(&rp->cur->t, 1, 0);
	if (!err)
		err = rp_expect_stop(rp, STOP_SYSCALL_EXIT, 0);
	if (err)
		return err;
	entry.orig_rax = nr;
	entry.rax = ret;
	err = task_setregs(&rp->cur->t, &entry);
	if (!err)
		err = task_resume(&rp->cur->t, 0, 0);
	return err ? err : rp_take_signal(rp, sig);
}

/* A call interrupted without a handler to run (the signal went to another
 * thread, or was ignored): the kernel would run it again, through
 * restart_syscall for ERESTART_RESTARTBLOCK; the skipped call must too. */
static int restart_without_signal(struct rp *rp, long nr, int64_t ret)
{
	rp->cur->t.regs.rip -= 2;
	rp->cur->t.regs.rax = ret == -516 ? SYS_restart_syscall : nr;
	return task_setregs(&rp->cur->t, &rp->cur->t.regs);
}

/* Where the task is stopped when a call's replay is done. */
enum rp_at {
	AT_ENTRY,	/* its seccomp stop, call skipped */
	AT_EXIT,	/* its syscall-exit stop */
	AT_TRAP,	/* the int3 stop after remote syscalls */
};

/* The call is done (state set as the trace says); move on, delivering a
 * signal that arrived as it returned. */
static int finish_syscall(struct rp *rp, long nr, int64_t ret, enum rp_at at)
{
	int err = rp_advance(rp), sig;

	if (err)
		return err;
	if (!next_is(rp, TRACE_EV_SIGNAL, SIGK_AT_EXIT) || rp->ev.tid != rp->cur->rec_tid) {
		if (at == AT_ENTRY && ret <= -512 && ret >= -516)
			err = restart_without_signal(rp, nr, ret);
		if (!err)
			rp_park(rp, 0);
		return err;
	}
	if (at == AT_TRAP) {
		/* A signal-delivery-stop already: deliver in its place. */
		sig = (int)rp->ev.nr;
		rp->cur->t.regs.orig_rax = nr;
		err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
		if (!err)
			err = task_setsiginfo(&rp->cur->t, rp->extra);
		if (!err)
			err = rp_advance(rp);
		if (!err)
			rp_park(rp, sig);
		return err;
	}
	if (at == AT_ENTRY && temp_mask(rp, nr))
		return deliver_in_suspend(rp, nr, ret, temp_mask(rp, nr));
	if (at == AT_ENTRY) {
		err = task_resume(&rp->cur->t, 1, 0);
		if (!err)
			err = rp_expect_stop(rp, STOP_SYSCALL_EXIT, 0);
		if (err)
			return err;
	}
	return deliver_at_exit(rp, nr, ret);
}

static int check_syscall(struct rp *rp, long nr, const uint64_t a[6],
			 const struct user_regs_struct *r)
{
	const struct sc_desc *d = sc_lookup(nr);
	char made[256], rec[256];
	int i, nargs = d && d->name ? d->nargs : 6;

	sc_format(nr, a, made, sizeof(made));
	if (rp->at_end || rp->ev.type != TRACE_EV_SYSCALL || rp->ev.nr != nr)
		return diverged_doing(rp, made);
	for (i = 0; i < nargs; i++)
		if (a[i] != rp->ev.args[i])
			return diverged_doing(rp, made);
	if (r->rip != rp->ev.ip || r->rsp != rp->ev.sp ||
	    task_regs_digest(r, sc_nargs(nr)) != rp->ev.digest)
		return rp_diverged(rp, "%s was recorded at ip %#llx sp %#llx, "
				   "program made it at ip %#llx sp %#llx%s",
				   describe_event(&rp->ev, rec, sizeof(rec)),
				   (unsigned long long)rp->ev.ip,
				   (unsigned long long)rp->ev.sp,
				   (unsigned long long)r->rip,
				   (unsigned long long)r->rsp,
				   r->rip == rp->ev.ip ? " (registers differ)" : "");
	return 0;
}

/* A signal held back at record to the syscall instruction the task is
 * about to run again: same rewind, same injection. */
static int deliver_before(struct rp *rp)
{
	struct user_regs_struct r = rp->cur->t.regs;
	int sig = (int)rp->ev.nr, err;

	if (r.rip - 2 != rp->ev.ip || r.rsp != rp->ev.sp)
		return rp_diverged(rp, "signal %d was recorded before the syscall at "
				   "%#llx, program is at %#llx", sig,
				   (unsigned long long)rp->ev.ip,
				   (unsigned long long)r.rip - 2);
	r.rax = r.orig_rax;
	r.orig_rax = -1;
	r.rip -= 2;
	err = task_setregs(&rp->cur->t, &r);
	if (!err && !sig) {
		/* Signal 0: the task was switched out here; it makes the
		 * call again when it runs next. */
		err = rp_advance(rp);
		if (!err)
			rp_park(rp, 0);
		return err;
	}
	if (!err)
		err = task_resume(&rp->cur->t, 1, 0);
	if (!err)
		err = rp_expect_stop(rp, STOP_SYSCALL_EXIT, 0);
	if (!err)
		err = task_resume(&rp->cur->t, 0, sig);
	return err ? err : rp_take_signal(rp, sig);
}

/* Skips the call and hands back the recorded result and bytes. */
static int emulate(struct rp *rp, long nr)
{
	int64_t ret = rp->ev.ret;
	int err;

	err = rp_write_mem(rp);
	if (err)
		return err;
	echo(rp);
	rp->cur->t.regs.orig_rax = -1;
	rp->cur->t.regs.rax = ret;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	return err ? err : finish_syscall(rp, nr, ret, AT_ENTRY);
}

/* Runs the call for real (kernel state the program depends on), then
 * makes its visible result the recorded one.  self_pid: its first
 * argument is the recorded pid of the program itself, which the kernel
 * must see as 0 ("this process"). */
static int execute_as(struct rp *rp, long nr, int self_pid)
{
	uint64_t arg0 = rp->cur->t.regs.rdi;
	int64_t ret = rp->ev.ret;
	int err = 0;

	if (self_pid) {
		rp->cur->t.regs.rdi = 0;
		err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	}
	if (!err)
		err = task_resume(&rp->cur->t, 1, 0);
	if (!err)
		err = rp_expect_stop(rp, STOP_SYSCALL_EXIT, 0);
	if (!err)
		err = task_getregs(&rp->cur->t);
	if (err)
		return err;
	if ((int64_t)rp->cur->t.regs.rax != ret)
		msg_debug("event %llu: %s returned %lld at replay, %lld recorded",
			  (unsigned long long)rp->idx, sc_name(nr),
			  (long long)rp->cur->t.regs.rax, (long long)ret);
	if (self_pid)
		rp->cur->t.regs.rdi = arg0;
	rp->cur->t.regs.rax = ret;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	if (!err)
		err = rp_write_mem(rp);
	return err ? err : finish_syscall(rp, nr, ret, AT_EXIT);
}

/* setrlimit and prlimit64 on the program itself run for real: limits
 * change what the kernel does to it (how far its stack may grow). */
static int is_own_rlimit(struct rp *rp, long nr)
{
	return nr == SYS_setrlimit ||
	       (nr == SYS_prlimit64 && rp->cur->t.regs.rdx &&
		(rp->cur->t.regs.rdi == 0 ||
		 rp->cur->t.regs.rdi == (uint64_t)rp->cur->proc->rec_pid));
}

static int replay_exec(struct rp *rp, long nr)
{
	int err;

	if (rp->ev.ret < 0)
		return emulate(rp, nr);
	err = rp_exec_stub(rp);
	if (!err)
		err = rp_advance(rp);
	if (err)
		return err;
	if (!next_is(rp, TRACE_EV_EXEC, -1))
		return rp_diverged(rp, "execve succeeded but no new image was recorded");
	if (rp->cur->proc->refs > 1) {
		/* Its other threads are gone with the old image. */
		struct rproc *p = calloc(1, sizeof(*p));

		if (!p)
			return -ENOMEM;
		rp->cur->proc->refs--;
		p->refs = 1;
		rp->cur->proc = p;
	}
	rp->cur->proc->rec_pid = rp->ev.tid;
	/* From a thread other than the leader: it has the leader's tid now. */
	rp->cur->rec_tid = rp->ev.tid;
	rp->cur->buf = 0;
	/* The kernel forgets both at execve. */
	rp->cur->clear_tid = rp->cur->robust_head = rp->cur->robust_len = 0;
	memset(&rp->cur->altstack, 0, sizeof(rp->cur->altstack));
	if (rp->dbg)
		dbg_exec(rp, rp->cur);
	err = snapshot_restore(&rp->cur->t, rp->r, &rp->ev, rp->mem, rp->extra,
			       &rp->cur->proc->brk);
	rp->cur->proc->entry_sp = rp->cur->t.regs.rsp;
	rp->cur->proc->execs++;
	if (!err)
		err = rp_advance(rp);
	if (!err)
		rp_park(rp, 0);
	return err;
}

static int finish_clone(struct rp *rp);

/* The program was killed inside this call when recorded (SIGKILL gives
 * no stop to see it coming): kill it here the same way. */
static int die_in_syscall(struct rp *rp)
{
	int err = rp_advance(rp);

	if (err)
		return err;
	if (!next_is(rp, TRACE_EV_EXIT, -1) || !WIFSIGNALED((int)rp->ev.ret))
		return rp_diverged(rp, "the program died in a syscall but the "
				   "recording does not say how");
	rp->cur->t.regs.orig_rax = -1;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	if (!err && kill(rp->cur->t.tid, WTERMSIG((int)rp->ev.ret)) < 0)
		err = -errno;
	if (!err)	/* SIGKILL may already have ended the stop */
		task_resume(&rp->cur->t, 0, 0);
	rp->cur->state = RP_EXITING;
	return err;
}

static struct rptask *task_by_rec(struct rp *rp, pid_t rec_tid)
{
	int i;

	for (i = 0; i < rp->ntasks; i++)
		if (rp->tasks[i]->rec_tid == rec_tid && rp->tasks[i]->state != RP_DONE)
			return rp->tasks[i];
	return NULL;
}

static struct rptask *add_task(struct rp *rp, pid_t tid, pid_t rec_tid,
			       struct rproc *share)
{
	struct rptask **v, *x = calloc(1, sizeof(*x));

	v = realloc(rp->tasks, (rp->ntasks + 1) * sizeof(*v));
	if (v)
		rp->tasks = v;
	if (!x || !v || !(x->proc = share ? share : calloc(1, sizeof(*x->proc)))) {
		free(x);
		return NULL;
	}
	x->proc->refs++;
	x->t.tid = tid;
	x->t.memfd = -1;
	x->rec_tid = rec_tid;
	x->state = RP_NEW;
	v[rp->ntasks++] = x;
	return x;
}

/* The flags and child-tid address of a clone-family call at its entry. */
static int clone_args(struct rp *rp, long nr, uint64_t *flags, uint64_t *ctid)
{
	const struct user_regs_struct *r = &rp->cur->t.regs;
	uint64_t ca[3];
	int err;

	switch (nr) {
	case SYS_clone:
		*flags = r->rdi;
		*ctid = r->r10;
		return 0;
	case SYS_clone3:
		err = task_read(&rp->cur->t, r->rdi, ca, sizeof(ca));
		*flags = ca[0];
		*ctid = ca[2];
		return err;
	case SYS_vfork:
		*flags = CLONE_VM | CLONE_VFORK;
		*ctid = 0;
		return 0;
	default:
		*flags = 0;
		*ctid = 0;
		return 0;
	}
}

/* A process sharing its parent's memory (and helper buffer): as at
 * record (rec_buf_inherit), both keep off the helper's stack from now on
 * unless it is a vfork child whose parent is not on it. */
static int keep_off_helper_stack(struct rptask *parent, uint64_t flags)
{
	uint32_t v = RRSUP_FORCE_NOSTACK;

	if (!inject_shares_helper_stack(parent->buf, parent->t.regs.rsp,
					(flags & CLONE_VFORK) != 0))
		return 0;
	return task_write(&parent->t, parent->buf + offsetof(struct rrsup_buf, force_trap),
			  &v, sizeof(v));
}

/* clone, fork, vfork: really made again.  The new task gets the recorded
 * tid in the trace's eyes; the program only ever sees recorded tids. */
static int replay_clone(struct rp *rp, long nr)
{
	struct rptask *parent = rp->cur, *child;
	uint64_t flags, ctid;
	unsigned long tid;
	int err;

	if (rp->ev.ret < 0)
		return emulate(rp, nr);
	err = clone_args(rp, nr, &flags, &ctid);
	if (!err)
		err = task_resume(&parent->t, 1, 0);
	if (!err)
		err = rp_expect_stop(rp, STOP_CLONE, 0);
	if (!err)
		err = task_event_msg(&parent->t, &tid);
	if (err)
		return err;
	child = add_task(rp, (pid_t)tid, (pid_t)rp->ev.ret,
			 (flags & CLONE_THREAD) ? parent->proc : NULL);
	if (!child)
		return -ENOMEM;
	rp->cur = parent;
	if (!(flags & CLONE_THREAD)) {
		child->proc->brk = parent->proc->brk;
		child->proc->rec_pid = (pid_t)rp->ev.ret;
		child->proc->entry_sp = parent->proc->entry_sp;
		/* Its copy of the helper's buffer, or (vfork) the buffer. */
		child->buf = parent->buf;
		if ((flags & CLONE_VM) && parent->buf &&
		    (err = keep_off_helper_stack(parent, flags)))
			return err;
	}
	child->ctid = (flags & CLONE_CHILD_SETTID) ? ctid : 0;
	child->clear_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
	/* Kept by a new process, not by a new thread. */
	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK))
		child->altstack = parent->altstack;
	err = task_resume(&parent->t, 1, 0);
	if (err)
		return err;
	if (rp->ev.flags & TRACE_F_ENTRY) {
		/* The parent waits (vfork) while the child runs. */
		parent->state = RP_IN_KERNEL;
		return rp_advance(rp);
	}
	return finish_clone(rp);
}

/* The parent's clone returns: recorded child tid and memory. */
static int finish_clone(struct rp *rp)
{
	int err = rp_expect_stop(rp, STOP_SYSCALL_EXIT, 0);

	if (!err)
		err = task_getregs(&rp->cur->t);
	if (err)
		return err;
	rp->cur->t.regs.rax = rp->ev.ret;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	if (!err)
		err = rp_write_mem(rp);
	return err ? err : finish_syscall(rp, (long)rp->ev.nr, rp->ev.ret, AT_EXIT);
}

/* The current event's memory, written through another live thread of
 * the current task's process (the current one is a zombie). */
static int write_through_sibling(struct rp *rp)
{
	struct rptask *x = rp->cur;
	int i, err;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *y = rp->tasks[i];

		if (y == x || y->proc != x->proc || y->state == RP_DONE ||
		    y->state == RP_EXITING || y->state == RP_NEW)
			continue;
		rp->cur = y;
		err = rp_write_mem(rp);
		rp->cur = x;
		return err;
	}
	return rp_diverged(rp, "the main thread of %d exited holding robust mutexes, "
			   "but no thread is left to mark them", x->proc->rec_pid);
}

/* Per-thread kernel state an executed call sets, kept for checkpoints
 * (which make threads again): clear-child-tid, robust list, alternate
 * signal stack (read at the call's entry). */
static void note_thread_state(struct rptask *x, long nr, const uint64_t a[6],
			      int64_t ret)
{
	stack_t ss;

	if (nr == SYS_set_tid_address) {
		x->clear_tid = a[0];
	} else if (nr == SYS_set_robust_list && ret == 0) {
		x->robust_head = a[0];
		x->robust_len = a[1];
	} else if (nr == SYS_sigaltstack && a[0] && ret == 0 &&
		   !task_read(&x->t, a[0], &ss, sizeof(ss))) {
		if (ss.ss_flags & SS_DISABLE)
			memset(&x->altstack, 0, sizeof(x->altstack));
		else
			x->altstack = ss;
	}
}

static int rp_syscall(struct rp *rp)
{
	const struct sc_desc *d;
	uint64_t a[6];
	long nr;
	int err;

	if (rp->cur->state == RP_IN_KERNEL)
		return finish_clone(rp);
	if (rp->cur->state != RP_AT_ENTRY) {
		err = task_getregs(&rp->cur->t);
		if (err)
			return err;
		if (next_is(rp, TRACE_EV_SIGNAL, SIGK_BEFORE_SYSCALL) &&
		    rp->ev.tid == rp->cur->rec_tid)
			return deliver_before(rp);
	}
	nr = (long)rp->cur->t.regs.orig_rax;
	a[0] = rp->cur->t.regs.rdi;
	a[1] = rp->cur->t.regs.rsi;
	a[2] = rp->cur->t.regs.rdx;
	a[3] = rp->cur->t.regs.r10;
	a[4] = rp->cur->t.regs.r8;
	a[5] = rp->cur->t.regs.r9;
	/* The helper found a divergence itself: no recorded event for it. */
	if (nr == RRSUP_SYSCALL && (a[0] == RRSUP_OP_DIVERGED ||
				    a[0] == RRSUP_OP_ASSERT_FAILED))
		return rp_buf_control(rp);
	if (nr == RRSUP_SYSCALL && a[0] == RRSUP_OP_DRAINED)
		return rp_state_drained(rp);
	err = check_syscall(rp, nr, a, &rp->cur->t.regs);
	if (err)
		return err;
	if (nr == RRSUP_SYSCALL) {
		rp->cur->state = RP_PARKED;
		err = rp_buf_control(rp);
		if (!err)
			rp_park(rp, 0);
		return err;
	}
	d = sc_lookup(nr);
	if ((rp->ev.flags & TRACE_F_ENTRY) && d->replay != SC_PROC) {
		/* It waited here while others ran: so does the replay, with
		 * what the kernel wrote on entry (a PI futex's waiters bit). */
		rp->cur->state = RP_AT_ENTRY;
		err = rp_write_mem(rp);
		return err ? err : rp_advance(rp);
	}
	rp->cur->state = RP_PARKED;
	if (rp->ev.flags & TRACE_F_DIED)
		return die_in_syscall(rp);
	if (is_own_rlimit(rp, nr))
		return execute_as(rp, nr, nr == SYS_prlimit64);
	switch (d->replay) {
	case SC_EXEC:
		note_thread_state(rp->cur, nr, a, rp->ev.ret);
		return execute_as(rp, nr, 0);
	case SC_MM:
		err = rp_mm(rp);
		if (err >= 0 && rp->dbg && nr == SYS_mprotect && rp->ev.ret == 0)
			dbg_mprotect(rp, rp->cur, a[0], a[1], (int)a[2]);
		return err < 0 ? err : finish_syscall(rp, nr, rp->ev.ret, err);
	case SC_EXIT:
		/* It goes now; its EXIT events (and its threads') follow.
		 * A leader's exit must be complete before others run, as
		 * when recorded (its thread's own EXIT comes right next). */
		rp->cur->state = RP_EXITING;
		err = task_resume(&rp->cur->t, 0, 0);
		if (!err && nr == SYS_exit && rp->cur->rec_tid == rp->cur->proc->rec_pid) {
			task_wait_zombie(rp->cur->t.tid);
			/* Robust futexes it held, marked as recorded. */
			if (rp->ev.nmem)
				err = write_through_sibling(rp);
		}
		return err ? err : rp_advance(rp);
	case SC_EXECVE:
		return replay_exec(rp, nr);
	case SC_PROC:
		return replay_clone(rp, nr);
	default:
		return emulate(rp, nr);
	}
}

static int rp_signal(struct rp *rp, int sig)
{
	char made[64];
	siginfo_t si;
	int err;

	err = task_getsiginfo(&rp->cur->t, &si);
	if (err == -EINVAL)
		return task_resume(&rp->cur->t, 0, 0) ?: RP_AGAIN;
	if (!err)
		err = task_getregs(&rp->cur->t);
	if (err)
		return err;
	if (next_is(rp, TRACE_EV_SIGNAL, SIGK_AT_IP) && sig == SIGTRAP &&
	    rp->cur->t.regs.rip == rp->ev.ip)
		return at_ip_hit(rp);
	if (next_is(rp, TRACE_EV_RDTSC, -1) && sig == SIGSEGV &&
	    si.si_code == SI_KERNEL && rp->cur->t.regs.rip == rp->ev.ip) {
		tsc_apply(&rp->cur->t.regs, &rp->ev);
		err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
		if (!err)
			err = rp_advance(rp);
		if (!err)
			rp_park(rp, 0);
		return err;
	}
	if (next_is(rp, TRACE_EV_SIGNAL, -1) && rp->ev.nr == sig &&
	    (rp->ev.args[0] == SIGK_FATAL ||
	     (rp->ev.args[0] == SIGK_SYNC && rp->cur->t.regs.rip == rp->ev.ip))) {
		err = rp_advance(rp);
		if (!err)
			rp_park(rp, sig);
		return err;
	}
	snprintf(made, sizeof(made), "signal %s at ip %#llx", strsignal(sig),
		 (unsigned long long)rp->cur->t.regs.rip);
	return diverged_doing(rp, made);
}

/* The EXIT event of the current task: it ends now (or has ended). */
static int replay_exit(struct rp *rp)
{
	struct rptask *x = rp->cur;
	int status, sig, stop, err;

	if (x->died_in_exec || (rp->ev.flags & TRACE_F_DIED)) {
		/* Killed by another thread's execve, reaped during it. */
		if (!x->died_in_exec)
			return rp_diverged(rp, "task %d was killed by an execve when "
					   "recorded but lives on", x->rec_tid);
		status = x->t.exit_status;
		goto reaped;
	} else if (WIFSIGNALED((int)rp->ev.ret) && WTERMSIG((int)rp->ev.ret) == SIGKILL &&
	    x->state != RP_EXITING) {
		/* Killed from elsewhere (another task's kill, made up at
		 * replay): it dies here, wherever it waits. */
		kill(x->t.tid, SIGKILL);
	} else if (x->state == RP_PARKED || x->state == RP_NEW) {
		err = run_task(rp, x, 0);
		if (err && err != -ESRCH)
			return err;
	}
	for (;;) {
		stop = task_wait(&x->t, &status, &sig);
		if (stop == STOP_EXITED || stop < 0)
			break;
		/* Stops on the way out (a signal meeting a dying task). */
		task_resume(&x->t, 0, 0);
	}
	if (stop < 0)
		return rp_diverged(rp, "task %d (recorded %d) cannot be waited for",
				   x->t.tid, x->rec_tid);
reaped:
	if (rp->ev.ret != status)
		return rp_diverged(rp, "task %d ended with status %#x, recorded %#llx",
				   x->rec_tid, status, (unsigned long long)rp->ev.ret);
	/* Robust mutexes it held, marked FUTEX_OWNER_DIED as recorded (its
	 * /proc/TID/mem still reaches the memory its threads share). */
	err = rp_write_mem(rp);
	if (err)
		return err;
	x->state = RP_DONE;
	task_close(&x->t);
	return rp_advance(rp);
}

/* A task created by a replayed clone stops first with SIGSTOP; its
 * CLONE_CHILD_SETTID word then holds the replay's tid, not the one the
 * program must see. */
static int first_stop(struct rp *rp, struct rptask *x)
{
	int status, sig, stop, err;
	uint32_t tid = x->rec_tid;

	stop = task_wait(&x->t, &status, &sig);
	if (stop != STOP_SIGNAL || sig != SIGSTOP)
		return rp_diverged(rp, "new task %d did not start as expected (stop %d)",
				   x->t.tid, stop);
	err = task_reopen_mem(&x->t);
	if (!err && x->ctid)
		err = task_write(&x->t, x->ctid, &tid, sizeof(tid));
	x->state = RP_PARKED;
	x->resume_sig = 0;
	return err;
}

/* One stop of x in its stretch; dbg: the debugger sees it first. */
static int replay_stop(struct rp *rp, struct rptask *x, int stop, int sig, int dbg)
{
	int status = 0, err;

	if (dbg && stop == STOP_SIGNAL && sig == SIGTRAP) {
		err = dbg_trap(rp, x);
		if (err)
			return err == 1 ? RP_AGAIN : err;
	}
	if (dbg && (stop == STOP_SECCOMP || stop == STOP_SIGNAL)) {
		err = dbg_event_stop(rp, x, stop, sig);
		if (err)
			return err;
	}
	switch (stop) {
	case STOP_EXITED:
		x->state = RP_DONE;
		return rp_diverged(rp, "task %d ended (status %#x) where the "
				   "recording went on", x->rec_tid, x->t.exit_status);
	case STOP_SECCOMP:
		return rp_syscall(rp);
	case STOP_SIGNAL:
		return rp_signal(rp, sig);
	default:
		return stop < 0 ? stop : rp_diverged(rp, "unexpected stop %#x", status);
	}
}

/* Runs the task of the next event up to its next stop and checks it. */
static int replay_event_1(struct rp *rp)
{
	struct rptask *x = task_by_rec(rp, rp->ev.tid);
	int status, sig, stop, err;

	if (!x)
		return rp_diverged(rp, "the trace names task %d, which the replay "
				   "does not have", rp->ev.tid);
	rp->cur = x;
	msg_debug("event %llu: %s of task %d (state %d)", (unsigned long long)rp->idx,
		  trace_ev_name(rp->ev.type), x->rec_tid, x->state);
	if (rp->ev.type == TRACE_EV_EXIT)
		return replay_exit(rp);
	if (x->state == RP_NEW) {
		err = first_stop(rp, x);
		if (err)
			return err;
	}
	if (rp->ev.type == TRACE_EV_BUFFER)
		return rp_buf_load(rp);
	if (x->state == RP_AT_ENTRY || x->state == RP_IN_KERNEL)
		return rp_syscall(rp);
	if (x->state != RP_PARKED)
		return rp_diverged(rp, "task %d has %s, but the trace goes on with it",
				   x->rec_tid, x->state == RP_DONE ? "ended" : "exited");
	if (x->mid == 2) {
		/* Stopped for the debugger at this stop: replay it now. */
		x->mid = 0;
		err = replay_stop(rp, x, x->mid_stop, x->mid_sig, 0);
		if (err != RP_AGAIN)
			return err;
		err = 0;
	} else {
		err = x->mid ? dbg_go(rp, x) : run_task(rp, x, 1);
		if (err == RP_PUT)
			return 0;
	}
	while (!err) {
		stop = wait_cur(rp, &status, &sig, 0);
		err = replay_stop(rp, x, stop, sig, rp->dbg != NULL);
		if (err != RP_AGAIN)
			return err;
		err = 0;
	}
	return err;
}

int rp_start(struct rp *rp)
{
	char *argv[] = { rp->stub, NULL }, *envp[] = { NULL };
	struct rptask *x;
	int err;

	err = rp->stub[0] ? 0 : spawn_find_lib("rrsup-stub", rp->stub, sizeof(rp->stub));
	if (!err)
		err = rp_advance(rp);
	if (err)
		return err;
	if (!next_is(rp, TRACE_EV_EXEC, -1)) {
		msg_err("the trace does not start with the program's image");
		return -EBADMSG;
	}
	x = add_task(rp, 0, rp->ev.tid, NULL);
	if (!x)
		return -ENOMEM;
	rp->cur = x;
	x->proc->rec_pid = rp->ev.tid;
	err = spawn_traced(&x->t, rp->stub, argv, envp, rp->cpu);
	if (err)
		return err;
	err = snapshot_restore(&rp->cur->t, rp->r, &rp->ev, rp->mem, rp->extra,
			       &x->proc->brk);
	x->proc->entry_sp = x->t.regs.rsp;
	x->proc->execs = 1;
	if (!err)
		err = rp_advance(rp);
	if (!err)
		rp_park(rp, 0);
	return err;
}

/* Ends whatever is left of the replayed program.  Only our tasks are
 * waited for: a debugger's checkpoints are children too. */
void rp_free_tasks(struct rp *rp)
{
	int i, left, tries, status;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];

		if (x->state != RP_DONE && x->t.tid > 0)
			kill(x->t.tid, SIGKILL);
	}
	/* A leader is only reported after its threads: go round. */
	for (tries = 0; tries < 2000; tries++) {
		for (i = left = 0; i < rp->ntasks; i++) {
			struct rptask *x = rp->tasks[i];
			pid_t r;

			if (x->state == RP_DONE || x->t.tid <= 0 || x->t.exited)
				continue;
			r = waitpid(x->t.tid, &status, __WALL | WNOHANG);
			if ((r == x->t.tid && (WIFEXITED(status) || WIFSIGNALED(status))) ||
			    (r < 0 && errno == ECHILD))
				x->t.exited = 1;
			else
				left++;
		}
		if (!left)
			break;
		usleep(1000);
	}
	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];

		task_close(&x->t);
		if (--x->proc->refs == 0)
			free(x->proc);
		rp_buf_echo(x, 0);
		free(x->hist);
		free(x);
	}
	free(rp->tasks);
	rp->tasks = NULL;
	rp->ntasks = 0;
	rp->cur = NULL;
}

int rp_reset(struct rp *rp)
{
	struct rp keep = *rp;

	rp_free_tasks(rp);
	rp_mm_cleanup(rp);
	trace_reader_close(rp->r);
	memset(rp, 0, sizeof(*rp));
	memcpy(rp->stub, keep.stub, sizeof(rp->stub));
	memcpy(rp->dir, keep.dir, sizeof(rp->dir));
	rp->quiet = keep.quiet;
	rp->cpu = keep.cpu;
	rp->dbg = keep.dbg;
	if (rp->dbg)
		dbg_forget_run(rp);
	if (trace_reader_open(&rp->r, rp->dir))
		return -EBADMSG;
	return 0;
}

int rp_restart(struct rp *rp)
{
	int err = rp_reset(rp);

	if (err)
		return err;
	/* The stub must not inherit our ignored SIGPIPE. */
	signal(SIGPIPE, SIG_DFL);
	err = rp_start(rp);
	signal(SIGPIPE, SIG_IGN);
	return err;
}

int rp_first_stop(struct rp *rp, struct rptask *x)
{
	return x->state == RP_NEW ? first_stop(rp, x) : 0;
}

/* One event, and then the output of the task's buffered calls before it
 * (loaded with its BUFFER event): it has made them now, unless it is
 * stopped for the debugger inside the stretch. */
static int replay_event(struct rp *rp)
{
	struct rptask *x = task_by_rec(rp, rp->ev.tid);
	uint32_t type = rp->ev.type;
	int err = replay_event_1(rp);

	if (x && x->echo && type != TRACE_EV_BUFFER && !x->mid)
		rp_buf_echo(x, !err);
	return err;
}

int rp_replay_event(struct rp *rp)
{
	return replay_event(rp);
}
