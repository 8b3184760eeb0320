/* Record side of signals and trapped instructions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "record.h"
#include "tsc.h"
#include "util/msg.h"

/* rdtsc is 0f 31, rdtscp 0f 01 f9: the length, or 0 for neither. */
static int tsc_insn_len(struct task *t)
{
	uint8_t b[3];

	if (task_read(t, t->regs.rip, b, sizeof(b)))
		return 0;
	if (b[0] == 0x0f && b[1] == 0x31)
		return 2;
	if (b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xf9)
		return 3;
	return 0;
}

static int emulate_tsc(struct rec *rc, int len)
{
	struct trace_event ev = { .type = TRACE_EV_RDTSC };
	struct user_regs_struct r = rc->cur->t.regs;
	unsigned aux = 0;
	uint64_t tsc;
	int err;

	tsc = tsc_read(len == 3 ? &aux : NULL);
	ev.ret = (int64_t)tsc;
	ev.args[0] = aux;
	ev.args[1] = len;
	ev.ip = r.rip;
	ev.sp = r.rsp;
	ev.digest = task_regs_digest(&r, 6);
	ev.tid = rc->cur->t.tid;
	err = rec_put(rc, rc->cur, &ev, NULL, NULL);
	if (err)
		return err;
	tsc_apply(&r, &ev);
	err = task_setregs(&rc->cur->t, &r);
	rc->cur->exit_regs_valid = 0;
	return err ? err : task_resume(&rc->cur->t, 0, 0);
}

void tsc_apply(struct user_regs_struct *r, const struct trace_event *ev)
{
	r->rax = (uint32_t)ev->ret;
	r->rdx = (uint32_t)((uint64_t)ev->ret >> 32);
	if (ev->args[1] == 3)
		r->rcx = (uint32_t)ev->args[0];
	r->rip += ev->args[1];
}

/* Signals the program raises by executing an instruction: replay raises
 * them at the same instruction by itself. */
static int is_fault(int sig, const siginfo_t *si)
{
	if (si->si_code <= 0)
		return 0;
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGTRAP;
}

/* Would delivering sig now kill the program? */
static int is_fatal(struct task *t, int sig)
{
	unsigned long long bit = 1ULL << (sig - 1);

	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return 0;
	}
	if (sig == SIGKILL)
		return 1;
	return !(task_status_hex(t->tid, "SigCgt:") & bit) &&
	       !(task_status_hex(t->tid, "SigIgn:") & bit);
}

static int put_signal(struct rec *rc, int sig, int kind, const siginfo_t *si)
{
	struct trace_event ev = { .type = TRACE_EV_SIGNAL };
	int err;

	ev.nr = sig;
	ev.args[0] = kind;
	ev.ip = rc->cur->t.regs.rip;
	ev.sp = rc->cur->t.regs.rsp;
	ev.tid = rc->cur->t.tid;
	ev.extra_len = sizeof(*si);
	err = rec_put(rc, rc->cur, &ev, NULL, si);
	if (err)
		return err;
	return 0;
}

int rec_signal(struct rec *rc, int sig)
{
	siginfo_t si;
	int err, len, kind;

	err = task_getsiginfo(&rc->cur->t, &si);
	if (err == -EINVAL) {
		/* A group-stop (SIGSTOP, SIGTSTP...): it stays stopped, out
		 * of the schedule, until a SIGCONT the recording sends. */
		rc->cur->state = RT_STOPPED;
		rc->cur = NULL;
		return 0;
	}
	if (!err)
		err = task_getregs(&rc->cur->t);
	if (!err)
		err = rec_buf_signal(rc, sig, &si);
	if (err)
		return err < 0 ? err : 0;
	err = rec_spin_stop(rc, sig, &si);
	if (err)
		return err < 0 ? err : 0;
	if (sig == SIGSEGV && si.si_code == SI_KERNEL) {
		len = tsc_insn_len(&rc->cur->t);
		if (len)
			return emulate_tsc(rc, len);
	}
	if (is_fault(sig, &si))
		kind = SIGK_SYNC;
	else if (rc->cur->exit_regs_valid &&
		 !memcmp(&rc->cur->exit_regs, &rc->cur->t.regs, sizeof(rc->cur->t.regs)))
		kind = SIGK_AT_EXIT;
	else if (is_fatal(&rc->cur->t, sig))
		kind = SIGK_FATAL;
	else {
		/* Arrived in the middle of user code: without a branch
		 * counter that point cannot be found again, so hold the
		 * signal until the next syscall. */
		if (rc->cur->deferred_sig == sig && sig < SIGRTMIN)
			/* Held back, it is pending: the kernel merges a
			 * second one into it too. */
			msg_debug("signal %d arrived again while held back", sig);
		else if (rc->cur->deferred_sig)
			msg_warn("signal %d arrived while %d was held back; it is dropped",
				 sig, rc->cur->deferred_sig);
		else {
			rc->cur->deferred_sig = sig;
			rc->cur->deferred_info = si;
			rec_buf_force(rc->cur);
			/* Only a handler can end a spin: an ignored signal
			 * simply waits for the next syscall. */
			if (task_status_hex(rc->cur->t.tid, "SigCgt:") & (1ULL << (sig - 1)))
				rec_spin_arm();
		}
		return task_resume(&rc->cur->t, 0, 0);
	}
	rc->cur->exit_regs_valid = 0;
	err = put_signal(rc, sig, kind, &si);
	return err ? err : task_resume(&rc->cur->t, 0, sig);
}
