/* Single steps and traps inside the replayed program, and the hooks the
 * replayer calls so that it can stop for gdb anywhere (see dbg.h for what
 * a position is; dbg_points.c keeps the breakpoints and watchpoints). */
#include "dbg.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "util/msg.h"

#define INT3 0xcc
#define DR6_STEP 0x4000
#define X86_TF 0x100

int dbg_in_proc(struct rp *rp, struct rptask *x)
{
	return x->proc->rec_pid == rp->dbg->pid;
}

struct rptask *dbg_task(struct rp *rp, pid_t rec_tid)
{
	int i;

	for (i = 0; i < rp->ntasks; i++)
		if (rp->tasks[i]->rec_tid == rec_tid && rp->tasks[i]->state != RP_DONE)
			return rp->tasks[i];
	return NULL;
}

struct rptask *dbg_some_task(struct rp *rp)
{
	int i;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];

		if (dbg_in_proc(rp, x) && x->state != RP_DONE && x->state != RP_NEW &&
		    !x->died_in_exec)
			return x;
	}
	return NULL;
}

/* Resumes x by one instruction; an int3 of ours at its ip is taken out
 * for that instruction and put back by dbg_after_wait. */
static int step(struct rp *rp, struct rptask *x, int sig)
{
	struct dbg_bp *b = dbg_our_int3(rp, x, x->t.regs.rip);
	int err;

	if (b) {
		err = task_write(&x->t, b->addr, &b->orig, 1);
		if (err)
			return err;
		x->reinsert = b->addr + 1;	/* +1: address 0 is possible */
	}
	x->stepping = 1;
	x->step_from = x->t.regs.rip;
	x->step_tf = (x->t.regs.eflags & X86_TF) != 0;
	return task_step(&x->t, sig);
}

/* A step over a popf makes the kernel take the trap flag for the
 * program's own, and the helper's entry saves the flags (pushfq, with
 * our TF in them) and restores them (popfq): stepping through it would
 * leave TF set for good, and the replay would trap after every
 * instruction.  A TF the program did not have before our step is ours. */
static void drop_stray_tf(struct rptask *x)
{
	if (x->step_tf || !(x->t.regs.eflags & X86_TF))
		return;
	x->t.regs.eflags &= ~X86_TF;
	task_setregs(&x->t, &x->t.regs);
}

/* A step asked for at a syscall stop first reports the syscall's return
 * (SIGTRAP, TRAP_BRKPT, no instruction run, DR6 without BS): not a step. */
static int syscall_return_trap(struct rptask *x, const siginfo_t *si, long dr6)
{
	return x->stepping && !(dr6 & DR6_STEP) && si->si_code == TRAP_BRKPT &&
	       x->t.regs.rip == x->step_from;
}

void dbg_after_wait(struct rp *rp, struct rptask *x)
{
	uint8_t int3 = INT3;

	(void)rp;
	if (x->reinsert && !x->t.exited)
		task_write(&x->t, x->reinsert - 1, &int3, 1);
	x->reinsert = 0;
}

int dbg_step_raw(struct rp *rp, struct rptask *x, int *sig, long *dr6)
{
	int status, stop, err;

	err = task_getregs(&x->t);
	if (!err)
		err = step(rp, x, 0);
	if (err)
		return err;
	for (;;) {
		siginfo_t si;

		stop = task_wait(&x->t, &status, sig);
		dbg_after_wait(rp, x);
		*dr6 = 0;
		if (stop == STOP_SIGNAL && *sig == SIGTRAP)
			*dr6 = task_take_dr6(&x->t);
		if (stop >= 0 && stop != STOP_EXITED && !task_getregs(&x->t))
			drop_stray_tf(x);
		if (stop != STOP_SIGNAL || *sig != SIGTRAP || task_getsiginfo(&x->t, &si) ||
		    !syscall_return_trap(x, &si, *dr6))
			break;
		err = step(rp, x, 0);
		if (err)
			return err;
	}
	x->stepping = 0;
	return stop;
}

/* Does the run want x to go one instruction at a time now? */
static int want_step(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;

	if (d->mode == RUN_CONT)
		return d->step_tid == x->rec_tid && !d->step_started;
	return d->stepping_target && d->st_ev == d->target.ev && d->steps_left;
}

int dbg_go(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	/* The signal a stretch starts with goes in with its first resume. */
	int sig = x->resume_sig, err;

	x->mid = 0;
	x->resume_sig = 0;
	err = task_getregs(&x->t);
	if (err)
		return err;
	if (dbg_in_proc(rp, x) && want_step(rp, x)) {
		if (d->mode == RUN_CONT)
			d->step_started = 1;
		return step(rp, x, sig);
	}
	if (dbg_our_int3(rp, x, x->t.regs.rip))
		return step(rp, x, sig);
	d->pos_known = 0;
	return task_resume(&x->t, 0, sig);
}

static int stop_here(struct rp *rp, struct rptask *x, int why, uint64_t addr)
{
	struct dbg *d = rp->dbg;

	d->stop = why;
	d->stop_tid = x->rec_tid;
	d->stop_addr = addr;
	x->mid = 1;
	return RP_DBG_STOP;
}

/* A SCAN notes gdb's breakpoint and watchpoint hits before its target. */
static void scan_note(struct rp *rp, struct rptask *x, struct dbg_bp *b,
		      struct dbg_watch *w)
{
	struct dbg *d = rp->dbg;

	if (d->mode != RUN_SCAN || !d->pos_known)
		return;
	if (w && w->gdb && w->valid) {
		d->hit = d->pos;
		d->hit_kind = DS_WATCH;
		d->hit_addr = w->addr;
		d->hit_tid = x->rec_tid;
	} else if (b && b->gdb && b->valid) {
		d->hit = d->pos;
		d->hit_kind = DS_BREAK;
		d->hit_addr = b->addr;
		d->hit_tid = x->rec_tid;
	}
}

static int anchor_reached(struct dbg *d, struct dbg_bp *b, struct dbg_watch *w,
			  int at_start)
{
	const struct dbg_pos *t = &d->target;

	switch (t->kind) {
	case POS_STEPS:
		return at_start;
	case POS_BP:
		return b && b->addr == t->addr && b->valid && b->count == t->k;
	case POS_WATCH:
		return w && w->addr == t->addr && w->len == t->wlen &&
		       w->type == t->wtype && w->valid && w->count == t->k;
	default:
		return 0;
	}
}

/* What happened to x (arrival at b, trigger of w, a step done, or the
 * start of its stretch): stop for the debugger or go on. */
static int decide(struct rp *rp, struct rptask *x, struct dbg_bp *b,
		  struct dbg_watch *w, int stepped, int at_start)
{
	struct dbg *d = rp->dbg;

	if (d->mode != RUN_CONT && d->st_ev == d->target.ev) {
		if (d->stepping_target) {
			if (stepped && d->steps_left)
				d->steps_left--;
			if (!d->steps_left) {
				/* The last step's write is before the target
				 * (reverse puts it one step further back). */
				scan_note(rp, x, NULL, w);
				d->stepping_target = 0;
				return stop_here(rp, x, DS_TARGET, 0);
			}
			scan_note(rp, x, b, w);
			return dbg_go(rp, x) ?: 1;
		}
		if (anchor_reached(d, b, w, at_start)) {
			scan_note(rp, x, d->target.n ? b : NULL, w);
			d->steps_left = d->target.n;
			if (!d->steps_left)
				return stop_here(rp, x, DS_TARGET, 0);
			d->stepping_target = 1;
			return dbg_go(rp, x) ?: 1;
		}
	}
	if (d->mode == RUN_CONT) {
		if (stepped && d->step_started && d->step_tid == x->rec_tid)
			return stop_here(rp, x, DS_STEP, 0);
		if (w && w->gdb)
			return stop_here(rp, x, DS_WATCH, w->addr);
		if (b && b->gdb)
			return stop_here(rp, x, DS_BREAK, b->addr);
	} else {
		scan_note(rp, x, b, w);
	}
	return dbg_go(rp, x) ?: 1;
}

/* x is at an instruction boundary at its ip: count it if a breakpoint
 * is there. */
static struct dbg_bp *arrive(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	struct dbg_bp *b = dbg_bp_find(d, x->t.regs.rip);

	if (!b || !b->inserted)
		return NULL;
	if (b->valid) {
		b->count++;
		d->pos.kind = POS_BP;
		d->pos.addr = b->addr;
		d->pos.k = b->count;
		d->pos.n = 0;
		d->pos_known = 1;
	}
	return b;
}

static int note_stretch(struct rptask *x, uint64_t ev)
{
	if (x->nhist == x->caphist) {
		size_t cap = x->caphist ? 2 * x->caphist : 64;
		uint64_t *n = realloc(x->hist, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		x->hist = n;
		x->caphist = cap;
	}
	x->hist[x->nhist++] = ev;
	return 0;
}

int dbg_stretch_start(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	int i, err;

	if (!dbg_in_proc(rp, x))
		return task_resume(&x->t, 0, x->resume_sig);
	/* A seek's anchor, even if gdb dropped it or an exec cleared it. */
	if (d->mode != RUN_CONT && d->target.ev == rp->idx) {
		if (d->target.kind == POS_BP)
			err = dbg_bp_add(rp, d->target.addr, 0) == -ENOMEM ? -ENOMEM : 0;
		else if (d->target.kind == POS_WATCH)
			err = dbg_watch_add(rp, d->target.addr, d->target.wlen,
					    d->target.wtype, 0);
		else
			err = 0;
		if (err)
			return err;
	}
	err = note_stretch(x, rp->idx);
	if (!err)
		err = dbg_insert_all(rp);
	if (!err)
		err = dbg_arm(rp, x);
	if (!err)
		err = task_getregs(&x->t);
	if (err)
		return err;
	d->st_ev = rp->idx;
	d->st_tid = x->rec_tid;
	for (i = 0; i < d->nbps; i++) {
		d->bps[i].valid = 1;
		d->bps[i].count = 0;
	}
	for (i = 0; i < DBG_NWATCH; i++) {
		d->w[i].valid = 1;
		d->w[i].count = 0;
	}
	memset(&d->pos, 0, sizeof(d->pos));
	d->pos.ev = rp->idx;
	d->pos.kind = POS_STEPS;
	d->pos_known = 1;
	d->stepping_target = 0;
	x->mid = 0;
	err = decide(rp, x, arrive(rp, x), NULL, 0, 1);
	return err == 1 ? 0 : err;
}

int dbg_trap(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	struct dbg_bp *b = NULL;
	struct dbg_watch *w = NULL;
	siginfo_t si;
	long dr6;
	int stepped, i, err;

	err = task_getsiginfo(&x->t, &si);
	if (!err)
		err = task_getregs(&x->t);
	if (err)
		return err;
	dr6 = task_take_dr6(&x->t);
	if (dr6 < 0)
		return (int)dr6;
	if (syscall_return_trap(x, &si, dr6))
		return step(rp, x, 0) ?: 1;
	/* A step that delivered a signal stops at the handler's first
	 * instruction through ptrace_notify (si_code SIGTRAP, no BS). */
	stepped = x->stepping && ((dr6 & DR6_STEP) || si.si_code == SIGTRAP);
	if (x->stepping)
		drop_stray_tf(x);
	x->stepping = 0;
	if (!dbg_in_proc(rp, x)) {
		/* A child of the debugged process with its int3s: step over
		 * them, uncounted. */
		if (si.si_code == SI_KERNEL && dbg_our_int3(rp, x, x->t.regs.rip - 1)) {
			x->t.regs.rip--;
			x->foreign_step = 1;
			return task_setregs(&x->t, &x->t.regs) ?: step(rp, x, 0) ?: 1;
		}
		if (stepped && x->foreign_step) {
			x->foreign_step = 0;
			return task_resume(&x->t, 0, 0) ?: 1;
		}
		return 0;
	}
	if (si.si_code == SI_KERNEL && !stepped && dbg_our_int3(rp, x, x->t.regs.rip - 1)) {
		x->t.regs.rip--;
		err = task_setregs(&x->t, &x->t.regs);
		if (err)
			return err;
		b = arrive(rp, x);
		if (b && !b->valid)
			d->pos_known = 0;
	}
	if (stepped) {
		d->pos.n++;
		b = arrive(rp, x);
	}
	for (i = 0; i < DBG_NWATCH; i++) {
		if (!(dr6 & (2 << i)) || !d->w[i].used)
			continue;
		w = &d->w[i];
		w->count++;
		if (w->valid) {
			d->pos.kind = POS_WATCH;
			d->pos.addr = w->addr;
			d->pos.wlen = w->len;
			d->pos.wtype = w->type;
			d->pos.k = w->count;
			d->pos.n = 0;
			d->pos_known = 1;
		} else if (!stepped) {
			d->pos_known = 0;
		}
	}
	if (!b && !w && !stepped)
		return 0;
	return decide(rp, x, b, w, stepped, 0);
}

/* The last live thread of its process makes exit, or any makes
 * exit_group: the process is about to end. */
static int ends_process(struct rp *rp, struct rptask *x)
{
	long nr = (long)x->t.regs.orig_rax;
	int i;

	if (nr == SYS_exit_group)
		return 1;
	if (nr != SYS_exit)
		return 0;
	for (i = 0; i < rp->ntasks; i++)
		if (rp->tasks[i] != x && rp->tasks[i]->proc == x->proc &&
		    rp->tasks[i]->state != RP_DONE && rp->tasks[i]->state != RP_EXITING)
			return 0;
	return 1;
}

int dbg_event_stop(struct rp *rp, struct rptask *x, int stop, int sig)
{
	struct dbg *d = rp->dbg;
	int why = 0;

	x->stepping = 0;
	if (!dbg_in_proc(rp, x))
		return 0;
	if (d->mode != RUN_CONT && d->st_ev == d->target.ev && d->st_tid == x->rec_tid) {
		if (d->target.kind != POS_END)
			msg_warn("debugger: position %llu/%d/%llu not found before the "
				 "event; stopping at the event",
				 (unsigned long long)d->target.ev, d->target.kind,
				 (unsigned long long)d->target.k);
		why = DS_TARGET;
	} else if (d->mode == RUN_CONT && stop == STOP_SECCOMP &&
		   !task_getregs(&x->t) && ends_process(rp, x)) {
		why = DS_END;
	}
	if (!why)
		return 0;
	d->pos.ev = d->st_ev;
	d->pos.kind = POS_END;
	d->pos.k = d->pos.n = 0;
	d->pos_known = 1;
	d->stop = why;
	d->stop_tid = x->rec_tid;
	x->mid = 2;
	x->mid_stop = stop;
	x->mid_sig = sig;
	return RP_DBG_STOP;
}
