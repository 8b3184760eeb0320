/* Replay of SIGK_AT_STATE events (supervisor/record_place.c): a thread the
 * recording stopped in a loop that changes state is not run to that
 * point; its recorded registers and its process's writable memory are
 * put back.  First it runs until its helper has handed out the calls it
 * buffered before the point, so their effects on the kernel (a signal
 * action set, a mask blocked) happen as recorded. */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "replay.h"
#include "inject/helper_abi.h"
#include "supervisor/record.h"
#include "supervisor/task_state.h"
#include "util/msg.h"

/* Puts the state of the event at hand back into rp->cur, stopped, and
 * delivers its signal there (or with none, just parks it). */
static int put_state(struct rp *rp)
{
	struct rptask *x = rp->cur;
	struct sig_at_state st, *p = &st;
	struct user_regs_struct regs;
	int sig = (int)rp->ev.nr, err;

	/* A copy: the payload sits in the trace frame at any alignment. */
	if (rp->ev.extra_len >= sizeof(st))
		memcpy(&st, rp->extra, sizeof(st));
	if (rp->ev.extra_len < sizeof(*p) ||
	    rp->ev.extra_len != sizeof(*p) + (uint64_t)p->xstate_len)
		return rp_diverged(rp, "malformed state event");
	err = state_put_mem(&x->t, rp->mem, rp->ev.nmem);
	if (err)
		return rp_diverged(rp, "cannot put the recorded memory of task %d "
				   "back: %s", x->rec_tid, strerror(-err));
	/* Not a syscall: wherever x stopped, nothing is restarted. */
	regs = p->regs;
	regs.orig_rax = (uint64_t)-1;
	err = task_setregs(&x->t, &regs);
	if (!err)
		err = state_set_xstate(&x->t, (const char *)rp->extra + sizeof(st),
				       p->xstate_len);
	if (err)
		return rp_diverged(rp, "cannot put the recorded registers of task %d "
				   "back: %s", x->rec_tid, strerror(-err));
	msg_debug("event %llu: task %d put at %#llx by its state",
		  (unsigned long long)rp->idx, x->rec_tid,
		  (unsigned long long)regs.rip);
	if (!sig) {
		err = rp_advance(rp);
		if (!err)
			rp_park(rp, 0);
		return err;
	}
	/* Sent for real, so the kernel delivers it at this state as it did
	 * (handler frame, mask); its siginfo becomes the recorded one. */
	syscall(SYS_tkill, x->t.tid, sig);
	err = task_resume(&x->t, 0, 0);
	return err ? err : rp_take_signal(rp, sig);
}

int rp_state_start(struct rp *rp, struct rptask *x)
{
	uint32_t h[2], one = 1;		/* used, pos */
	int err;

	rp->cur = x;
	if (x->buf) {
		err = task_read(&x->t, x->buf + offsetof(struct rrsup_buf, used),
				h, sizeof(h));
		if (err)
			return rp_diverged(rp, "cannot read the buffer of task %d",
					   x->rec_tid);
		if (h[1] < h[0])
			/* Runs (with resume_sig) until rp_state_drained. */
			return task_write(&x->t, x->buf + offsetof(struct rrsup_buf,
								   drain_trap),
					  &one, sizeof(one));
	}
	if (x->resume_sig) {
		/* A signal it got just before: its handler is entered, one
		 * step, so the kernel's part of the delivery happens. */
		err = task_step(&x->t, x->resume_sig);
		x->resume_sig = 0;
		if (!err)
			err = rp_expect_stop(rp, STOP_SIGNAL, SIGTRAP);
		if (err)
			return err;
	}
	return put_state(rp) ?: RP_PUT;
}

int rp_state_drained(struct rp *rp)
{
	if (rp->at_end || rp->ev.type != TRACE_EV_SIGNAL ||
	    rp->ev.args[0] != SIGK_AT_STATE || rp->ev.tid != rp->cur->rec_tid)
		return rp_diverged(rp, "task %d stopped after its buffered calls, "
				   "where the recording has no state for it",
				   rp->cur->rec_tid);
	return put_state(rp);
}
