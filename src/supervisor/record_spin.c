/* Spinning programs.  A signal that arrives in the middle of user code is
 * held back to the next syscall, the one point we can find again without a
 * branch counter.  A program that spins without syscalls never gets there,
 * so after a while we stop it (SIGSTOP) at some instruction P, let it run
 * to P once more (a hardware breakpoint) and compare: if registers and
 * writable memory are the same at both visits, the loop changes nothing,
 * every visit to P with that state is the same point, and the signal can
 * be delivered there exactly.  Any other loop cannot be placed, and the
 * recording stops saying so rather than guessing. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include "cmd.h"
#include "record.h"
#include "task_state.h"
#include "tsc.h"
#include "util/msg.h"

#define SPIN_MS		200
/* After the slice timer: how long a trapped syscall may take to come
 * before the task is checked for a spin. */
#define SLICE_GRACE_MS	20

static volatile sig_atomic_t spin_due;

/* The timer is armed around nearly every wait for a task, and two
 * setitimer calls per stop were a tenth of the supervisor's syscalls.
 * So disarming only forgets the deadline, and arming touches the real
 * timer only when it would fire too late; a real timer that fires early
 * re-arms itself for what is left.  An early wake-up interrupts a
 * waitpid with EINTR but leaves task_interrupt clear, and every wait
 * goes on waiting then. */
static volatile int64_t deadline_ns;	/* 0: none */
static volatile int64_t armed_ns;	/* when the real timer fires; 0: off */

static void set_timer_ns(int64_t ns)
{
	struct itimerval it = { .it_value = { ns / 1000000000LL,
					      (ns % 1000000000LL) / 1000 } };

	if (ns > 0 && !it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* A waiter looks at task_interrupt and then sleeps in waitpid: a flag
 * set in between (by a timer that fired just then) would be seen only at
 * the next signal.  So while the flag is up, a signal comes every
 * RETRY_NS until the waiter has woken (rec_timer_disarm).  This was a
 * recording hung in a 2 ms block check, about one run in 200 of a test
 * whose threads block in reads. */
#define RETRY_NS	1000000LL

static void retry_soon(int64_t now)
{
	if (task_interrupt && !armed_ns) {
		armed_ns = now + RETRY_NS;
		set_timer_ns(RETRY_NS);
	}
}

static void on_alarm(int sig)
{
	int64_t d = deadline_ns, now = tsc_mono_ns();
	int saved = errno;

	(void)sig;
	armed_ns = 0;
	if (d && now < d) {
		armed_ns = d;
		set_timer_ns(d - now);
	} else if (d) {
		spin_due = 1;
		task_interrupt = 1;
	}
	retry_soon(now);
	errno = saved;
}

static void install_alarm(void)
{
	static volatile sig_atomic_t installed;
	struct sigaction sa = { .sa_handler = on_alarm };

	if (installed)
		return;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	installed = 1;
}

void rec_timer_kick(void)
{
	install_alarm();
	retry_soon(tsc_mono_ns());
}

void rec_timer_arm(long ms)
{
	int64_t d;

	install_alarm();
	spin_due = 0;
	d = tsc_mono_ns() + ms * 1000000LL;
	deadline_ns = d;
	if (!armed_ns || armed_ns > d) {
		armed_ns = d;
		set_timer_ns(ms * 1000000LL);
	}
}

void rec_timer_disarm(void)
{
	deadline_ns = 0;
	spin_due = 0;
	if (!rec_stop_signal)
		task_interrupt = 0;
}

int rec_timer_take(void)
{
	if (!spin_due)
		return 0;
	rec_timer_disarm();
	return 1;
}

void rec_spin_arm(void)
{
	rec_timer_arm(SPIN_MS);
}

/* The loop changes state: it may be a computation that will reach a
 * syscall by itself, or a wait for another thread.  Either way it is
 * placed by its whole state (record_place.c) once it holds a signal back
 * or has kept others waiting long enough; a process too big for that
 * runs on and is checked again, and only after SPIN_GIVE_UP_MS without a
 * syscall is it taken for a wait that cannot end without the signal. */
#define SPIN_GIVE_UP_MS	5000
#define SPIN_WARN_MS	30000	/* a task computing this long while others wait */
#define SPIN_WARN_HELPER_MS 2000	/* ... on the helper's stack: rarely a computation */

static int not_a_spin(struct rec *rc, int stopped, int can_place)
{
	struct rtask *x = rc->cur;
	long now = rec_now_ms(), ran;
	const char *cannot = can_place ?
		"its process uses too much memory to save its state" :
		"it runs in a signal handler that interrupted a call rrsup's "
		"helper made, on the helper's stack";
	char why[320];
	int err;

	if (!x->spin_since)
		x->spin_since = now + 1;
	ran = now + 1 - x->spin_since + SPIN_MS;
	if (can_place && rec_place_wanted(rc, ran)) {
		if (!stopped) {
			/* Placed at the stop this brings (rec_spin_stop). */
			x->place_due = 1;
			rec_spin_cancel(rc);
			syscall(SYS_tkill, x->t.tid, SIGSTOP);
			return 0;
		}
		err = rec_place(rc);
		if (err)
			return err < 0 ? err : 0;
	}
	if (!x->deferred_sig || ran < SPIN_GIVE_UP_MS) {
		/* A computation that makes progress: others wait for it
		 * (that replays); say so once if it goes on long. */
		if (!x->deferred_sig && !x->spin_warned &&
		    ran >= (can_place ? SPIN_WARN_MS : SPIN_WARN_HELPER_MS)) {
			msg_warn("task %d has run %ld s without syscalls (at ip %#llx) while "
				 "others wait; if it waits for them, rrsup cannot preempt it "
				 "there: %s", x->t.tid, ran / 1000,
				 (unsigned long long)x->t.regs.rip, cannot);
			x->spin_warned = 1;
		}
		/* Each check reads all writable memory: back off. */
		rec_spin_cancel(rc);
		x->spin_backoff = x->spin_backoff ?
			(x->spin_backoff < 3200 ? x->spin_backoff * 2 : 6400) :
			2 * SPIN_MS;
		rec_timer_arm(x->spin_backoff);
		return stopped ? task_resume_past_break(&x->t) : 0;
	}
	snprintf(why, sizeof(why), "signal %s arrived while the program computed "
		 "without syscalls (at ip %#llx), in a loop that changes state, "
		 "where it cannot be placed: %s",
		 strsignal(x->deferred_sig), (unsigned long long)x->t.regs.rip, cannot);
	msg_err("%s; the trace ends here", why);
	rec_spin_cancel(rc);
	rec_end(rc, why, EXIT_RRSUP);
	return -ENOTSUP;
}

void rec_preempt_arm(struct rec *rc)
{
	if (rc->cur->deferred_sig || rc->cur->spin_check)
		return;		/* their own timer runs */
	/* Others may become ready while this one runs (a sleep ends, a
	 * new thread starts): watch whenever there are others. */
	rc->cur->preempt = rec_others_alive(rc) > 0;
	/* Once: a task found computing keeps its backed-off checks. */
	if (rc->cur->preempt && rc->cur->slice_over && !rc->cur->spin_backoff)
		rec_timer_arm(SLICE_GRACE_MS);
	else if (rc->cur->preempt)
		rec_timer_arm(rc->cur->spin_backoff ? rc->cur->spin_backoff : SPIN_MS);
}

int rec_spin_timer(struct rec *rc)
{
	if (!spin_due)
		return 0;
	rec_timer_disarm();
	if (!rc->cur || (!rc->cur->deferred_sig && !rc->cur->preempt))
		return 1;
	if (!rc->cur->deferred_sig && !rc->cur->spin_check) {
		/* Preempt only for someone who can run now. */
		int err = rec_reap(rc);

		if (err < 0)
			return err;
		if (!rec_others_ready(rc))
			return 1;
		if (!rc->cur->slice_over) {
			/* Its calls may all be in-process: have the next one
			 * trap, where it is switched out (rec_slice_end). */
			rc->cur->slice_over = 1;
			rec_buf_force(rc->cur);
			rec_timer_arm(SLICE_GRACE_MS);
			return 1;
		}
	}
	if (rc->cur->spin_check)		/* P never came back: not a spin */
		return not_a_spin(rc, 0, 1) ?: 1;
	syscall(SYS_tkill, rc->cur->t.tid, SIGSTOP);
	return 1;
}

void rec_spin_cancel(struct rec *rc)
{
	if (rc->cur->spin_check)
		task_clear_hw_break(&rc->cur->t);
	rc->cur->spin_check = 0;
	rec_timer_disarm();
}

int rec_regs_same(const struct user_regs_struct *a,
		  const struct user_regs_struct *b)
{
	struct user_regs_struct x = *a, y = *b;

	/* RF and TF belong to the debugger's own stepping, not the program. */
	x.eflags &= ~0x10100ULL;
	y.eflags &= ~0x10100ULL;
	return !memcmp(&x, &y, sizeof(x));
}

/* The held-back signal (or with none, a preemption) at the point just
 * recorded: the task stays there (event nr 0) and another runs. */
int rec_spin_deliver(struct rec *rc, int sig, const siginfo_t *si)
{
	int err;

	rc->cur->preempt = 0;
	if (!sig) {
		rc->cur->state = RT_READY;
		rc->cur->resume_sig = 0;
		rc->cur = NULL;
		return 0;
	}
	rc->cur->deferred_sig = 0;
	rec_sig_next(rc->cur);
	err = task_setsiginfo(&rc->cur->t, si);
	return err ? err : task_resume(&rc->cur->t, 0, sig);
}

static int deliver_at_ip(struct rec *rc)
{
	struct trace_event ev = { .type = TRACE_EV_SIGNAL };
	struct sig_at_ip p = { .si = rc->cur->deferred_info, .regs = rc->cur->t.regs,
			       .mem_hash = rc->cur->spin_hash,
			       .xstate_hash = rc->cur->spin_xhash };
	int sig = rec_sig_deliverable(rc->cur), err;

	rec_spin_cancel(rc);
	ev.nr = sig;
	ev.args[0] = SIGK_AT_IP;
	ev.ip = rc->cur->t.regs.rip;
	ev.sp = rc->cur->t.regs.rsp;
	ev.extra_len = sizeof(p);
	err = rec_put(rc, rc->cur, &ev, NULL, &p);
	if (err)
		return err;
	msg_debug("%s %d in an idempotent spin at %#llx", sig ? "signal" : "preempted",
		  sig ? sig : rc->cur->t.tid, (unsigned long long)ev.ip);
	return rec_spin_deliver(rc, sig, &p.si);
}

/* The first look of a check: the memory hash, and how many pages
 * changed since the previous check's first look. */
static int spin_look(struct rtask *x)
{
	struct task_pages now = { 0 };
	size_t i;
	int err;

	err = task_hash_pages(&x->t, &x->spin_hash, &now);
	if (err) {
		free(now.hash);
		return err;
	}
	x->spin_churn = -1;
	if (x->spin_pages.hash && x->spin_pages.n == now.n)
		for (x->spin_churn = 0, i = 0; i < now.n; i++)
			x->spin_churn += x->spin_pages.hash[i] != now.hash[i];
	free(x->spin_pages.hash);
	x->spin_pages = now;
	return 0;
}

void rec_spin_forget(struct rtask *x)
{
	free(x->spin_pages.hash);
	memset(&x->spin_pages, 0, sizeof(x->spin_pages));
	x->spin_churn = -1;
}

int rec_spin_stop(struct rec *rc, int sig, const siginfo_t *si)
{
	uint64_t hash, xhash;
	int err;

	if (sig == SIGSTOP && si->si_code == SI_TKILL && si->si_pid == getpid()) {
		/* Ours.  Stale if the signal went out at a syscall since. */
		if (rc->cur->place_due && (rc->cur->deferred_sig || rc->cur->preempt) &&
		    !rc->cur->spin_check) {
			err = rec_place(rc);
			if (err)
				return err;
			/* Too big after all: check it the usual way. */
		}
		if ((!rc->cur->deferred_sig && !rc->cur->preempt) ||
		    rc->cur->spin_check)
			return task_resume(&rc->cur->t, 0, 0) ?: 1;
		if (rec_in_helper(rc->cur->t.tid, &rc->cur->t.regs))
			/* Its state is partly the helper's: no check can
			 * tell a spin there; it runs on as a computation. */
			return not_a_spin(rc, 1, 0) ?: 1;
		err = spin_look(rc->cur);
		if (!err)
			err = state_xstate_hash(&rc->cur->t, &rc->cur->spin_xhash);
		if (!err)
			err = task_set_hw_break(&rc->cur->t, rc->cur->t.regs.rip);
		if (err)
			return err;
		rc->cur->spin_regs = rc->cur->t.regs;
		rc->cur->spin_check = 1;
		rec_timer_arm(SPIN_MS);
		return task_resume_past_break(&rc->cur->t) ?: 1;
	}
	if (sig != SIGTRAP || !rc->cur->spin_check || rc->cur->t.regs.rip != rc->cur->spin_regs.rip)
		return 0;
	err = task_hash_writable(&rc->cur->t, &hash);
	if (!err)
		err = state_xstate_hash(&rc->cur->t, &xhash);
	if (err)
		return err;
	/* A loop may change only vector registers (a double it adds to). */
	if (!rec_regs_same(&rc->cur->t.regs, &rc->cur->spin_regs) ||
	    hash != rc->cur->spin_hash || xhash != rc->cur->spin_xhash)
		return not_a_spin(rc, 1, 1) ?: 1;
	return deliver_at_ip(rc) ?: 1;
}
