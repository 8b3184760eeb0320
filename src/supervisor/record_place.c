/* Placing a thread by its state.  A loop that changes state (a counter
 * while it waits for a flag, a long computation) has no point replay can
 * find again without a branch counter: the n-th visit of an instruction
 * looks like any other.  But with one thread running at a time and no
 * syscall in between, everything that thread did since its last event is
 * in its registers and its process's writable memory.  So the recording
 * saves those (a SIGK_AT_STATE event), and replay, instead of running the
 * thread to the point, puts the saved state back: the program continues
 * from exactly the recorded state, whatever the loop was.
 *
 * The price is the memory copy: small programs cost milliseconds, so a
 * thread that keeps others waiting is placed after PLACE_AFTER_MS; a big
 * one no more often than would cost a twentieth of its time or grow the
 * trace by more than PLACE_BYTES_PER_MS of memory (before compression)
 * per millisecond it computed, ten times less if it wrote more than
 * PLACE_QUIET_PAGES pages between two spin checks: that is a computation,
 * which others can wait for, not a wait (xz -T2 of 27 MB: 2 placements of
 * ~200 MB had made its trace of 30 MB 5 times bigger); above
 * PLACE_MAX_BYTES not at all.  A held-back signal cannot wait: it is
 * placed at once. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "record.h"
#include "task_state.h"
#include "inject/helper_abi.h"
#include "inject/inject.h"
#include "util/msg.h"

#define PLACE_AFTER_MS	500
#define PLACE_MAX_BYTES	(2ULL << 30)
#define PLACE_BYTES_PER_MS	(16 * 1024)
#define PLACE_QUIET_PAGES	16	/* pages changed between two checks */

static long place_cost_ms;	/* what the last placement took */

int rec_place_wanted(struct rec *rc, long ran_ms)
{
	struct rtask *x = rc->cur;
	uint64_t size, per_ms;

	if (x->place_refused)
		return 0;
	if (x->deferred_sig)
		return 1;
	if (!x->preempt || ran_ms < PLACE_AFTER_MS || ran_ms < 20 * place_cost_ms)
		return 0;
	/* A loop that writes (almost) nothing between two checks waits;
	 * one that writes a lot computes, and others can wait for it. */
	per_ms = x->spin_churn >= 0 && x->spin_churn <= PLACE_QUIET_PAGES ?
		 PLACE_BYTES_PER_MS : PLACE_BYTES_PER_MS / 10;
	return !state_in_use_size(&x->t, &size) && size / per_ms <= (uint64_t)ran_ms;
}

/* In the helper the state would include a half-made buffered call,
 * which replay's helper does differently.  And code running on the
 * helper's stack (a signal handler that interrupted a buffered call)
 * keeps its frames in the helper's area, which is not the program's
 * memory: neither a memory hash nor a saved state sees them.  Not a
 * point to check or to place at. */
int rec_in_helper(pid_t tid, const struct user_regs_struct *r)
{
	unsigned long long start, end;
	char path[64], line[512];
	int found = 0;
	FILE *f;

	if ((r->rip >= INJECT_PAGE_ADDR && r->rip < RRSUP_AREA_END) ||
	    (r->rsp >= RRSUP_AREA_START && r->rsp < RRSUP_AREA_END))
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/maps", tid);
	f = fopen(path, "re");
	if (!f)
		return 1;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 &&
		    r->rip >= start && r->rip < end)
			found = strstr(line, "librrsup-helper") ? 1 : 2;
	fclose(f);
	return found == 1;
}

static int put_state(struct rec *rc, int sig, struct task_state *s)
{
	struct rtask *x = rc->cur;
	struct trace_event ev = { .type = TRACE_EV_SIGNAL, .nr = sig };
	uint32_t xlen = STATE_XSTATE_MAX;
	struct sig_at_state *p = calloc(1, sizeof(*p) + STATE_XSTATE_MAX);
	int err;

	if (!p)
		return -ENOMEM;
	err = state_get_xstate(&x->t, p + 1, &xlen);
	if (err)
		goto out;
	p->si = x->deferred_info;
	p->regs = x->t.regs;
	p->xstate_len = xlen;
	ev.args[0] = SIGK_AT_STATE;
	ev.ip = x->t.regs.rip;
	ev.sp = x->t.regs.rsp;
	ev.nmem = s->nmem;
	ev.extra_len = sizeof(*p) + xlen;
	err = rec_put(rc, x, &ev, s->mem, p);
out:
	free(p);
	return err;
}

int rec_place(struct rec *rc)
{
	struct rtask *x = rc->cur;
	int sig = rec_sig_deliverable(x), err;
	struct task_state s;
	long t0 = rec_now_ms();

	rec_spin_cancel(rc);
	x->place_due = 0;
	if (rec_in_helper(x->t.tid, &x->t.regs)) {
		msg_debug("task %d is in the helper at %#llx: placed later",
			  x->t.tid, (unsigned long long)x->t.regs.rip);
		return 0;	/* checked again, as a computation */
	}
	err = state_take_mem(&x->t, PLACE_MAX_BYTES, &s);
	if (err == -E2BIG) {
		msg_warn("task %d computes without syscalls (at ip %#llx) in a process "
			 "using more than %llu MiB of writable memory: too much to save "
			 "its state, so it cannot be preempted there",
			 x->t.tid, (unsigned long long)x->t.regs.rip,
			 PLACE_MAX_BYTES >> 20);
		x->place_refused = 1;
		return 0;
	}
	if (err)
		return msg_errno(err, "cannot read the memory of task %d", x->t.tid);
	err = put_state(rc, sig, &s);
	msg_debug("%s %d by its state at %#llx (%llu bytes, %ld ms)",
		  sig ? "signal" : "preempted", sig ? sig : x->t.tid,
		  (unsigned long long)x->t.regs.rip, (unsigned long long)s.bytes,
		  rec_now_ms() - t0);
	state_free(&s);
	if (err)
		return err;
	place_cost_ms = rec_now_ms() - t0;
	/* A fresh start: it gets its full time before the next one. */
	x->spin_since = 0;
	x->spin_backoff = 0;
	return rec_spin_deliver(rc, sig, &x->deferred_info) ?: 1;
}
