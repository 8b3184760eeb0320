/* Record side of signals and trapped instructions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

	tsc = tsc_emulated(len == 3 ? &aux : NULL);
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

struct held_sig {
	int sig;
	siginfo_t si;
};

/* Up to this many signals wait behind a held-back one (the kernel queues
 * far more real-time signals, but a program that sends them faster than
 * it makes system calls is not one rrsup can record exactly anyway). */
#define HELD_MAX	64

/* Another signal arrived while sig waits: it waits its turn.  A standard
 * signal already waiting (held back, it is in effect pending) is merged,
 * as the kernel merges a pending one. */
static void hold_too(struct rtask *x, int sig, const siginfo_t *si)
{
	struct held_sig *v;
	int i;

	if (sig < SIGRTMIN) {
		if (x->deferred_sig == sig) {
			msg_debug("signal %d arrived again while held back", sig);
			return;
		}
		for (i = 0; i < x->nheld; i++)
			if (x->held[i].sig == sig)
				return;
	}
	if (x->nheld == HELD_MAX ||
	    !(v = realloc(x->held, (x->nheld + 1) * sizeof(*v)))) {
		msg_warn("signal %d arrived while %d others were held back; it is "
			 "dropped", sig, x->nheld + 1);
		return;
	}
	x->held = v;
	v[x->nheld++] = (struct held_sig){ .sig = sig, .si = *si };
}

int rec_sig_deliverable(struct rtask *x)
{
	int sig = x->deferred_sig;

	/* Held back into a handler that blocks it (a second real-time
	 * signal of one number, for one): natively it would wait, pending,
	 * until the handler returns; so it waits here. */
	return sig && !task_sig_blocked(&x->t, sig) ? sig : 0;
}

int rec_sig_inject(struct rec *rc, int kind)
{
	struct rtask *x = rc->cur;
	int sig = x->deferred_sig, status, s, stop, err;

	/* Resumed from the exit stop with sig, the task stops again at
	 * once to take it (others still pending may come first). */
	err = task_resume(&x->t, 0, sig);
	while (!err && (stop = task_wait(&x->t, &status, &s)) == STOP_SIGNAL &&
	       s != sig) {
		err = rec_sig_hold(x, s);
		if (!err)
			err = task_resume(&x->t, 0, 0);
	}
	if (err)
		return err;
	if (stop != STOP_SIGNAL)
		return stop < 0 ? stop : -EPROTO;
	/* At the exit stop's ip and sp (t.regs): the handler returns there. */
	err = task_setsiginfo(&x->t, &x->deferred_info);
	if (!err)
		err = put_signal(rc, sig, kind, &x->deferred_info);
	if (err)
		return err;
	x->deferred_sig = 0;
	x->exit_regs_valid = 0;
	rec_sig_next(x);
	return task_resume(&x->t, 0, sig);
}

int rec_sig_hold(struct rtask *x, int sig)
{
	siginfo_t si;
	int err = task_getsiginfo(&x->t, &si);

	if (!err)
		hold_too(x, sig, &si);
	return err;
}

/* sig is x's held-back signal now: its next call traps so that it can go
 * in there.  Only a handler can end a spin: an ignored signal simply
 * waits for that call, with no spin check armed. */
static void hold_back(struct rtask *x, int sig, const siginfo_t *si)
{
	x->deferred_sig = sig;
	x->deferred_info = *si;
	rec_buf_force(x);
	if (task_status_hex(x->t.tid, "SigCgt:") & (1ULL << (sig - 1)))
		rec_spin_arm();
}

void rec_sig_next(struct rtask *x)
{
	struct held_sig h;

	if (!x->nheld || x->deferred_sig)
		return;
	h = x->held[0];
	memmove(x->held, x->held + 1, --x->nheld * sizeof(*x->held));
	hold_back(x, h.sig, &h.si);
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
		if (rc->cur->deferred_sig)
			hold_too(rc->cur, sig, &si);
		else
			hold_back(rc->cur, sig, &si);
		return task_resume(&rc->cur->t, 0, 0);
	}
	rc->cur->exit_regs_valid = 0;
	err = put_signal(rc, sig, kind, &si);
	return err ? err : task_resume(&rc->cur->t, 0, sig);
}
