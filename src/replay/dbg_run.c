/* Running the replay for the debugger: forward to the next stop, to a
 * position (from the start again when it lies behind), and backwards by
 * running forward and remembering the last stop before "now". */
#include "dbg.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "gdb_conn.h"
#include "util/msg.h"

/* Longest syscall-free stretch a reverse step single-steps through. */
#define PROBE_MAX_STEPS (64ULL << 20)

static struct rptask *mid_task(struct rp *rp)
{
	int i;

	for (i = 0; i < rp->ntasks; i++)
		if (rp->tasks[i]->mid)
			return rp->tasks[i];
	return NULL;
}

static int next_is_end(struct rp *rp)
{
	return rp->at_end || rp->ev.type == TRACE_EV_END;
}

static void boundary(struct rp *rp)
{
	struct dbg *d = rp->dbg;

	memset(&d->pos, 0, sizeof(d->pos));
	d->pos.ev = rp->idx;
	d->pos.kind = POS_BOUNDARY;
	d->pos_known = 1;
}

/* The debugged process has a task that is not gone (new ones count). */
static int proc_alive(struct rp *rp)
{
	int i;

	for (i = 0; i < rp->ntasks; i++)
		if (dbg_in_proc(rp, rp->tasks[i]) && rp->tasks[i]->state != RP_DONE &&
		    !rp->tasks[i]->died_in_exec)
			return 1;
	return 0;
}

static pid_t some_tid(struct rp *rp)
{
	struct rptask *x = rp->cur && dbg_in_proc(rp, rp->cur) &&
			   rp->cur->state != RP_DONE ? rp->cur : dbg_some_task(rp);

	return x ? x->rec_tid : rp->dbg->pid;
}

int dbg_run(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	int err;

	d->stop = DS_NONE;
	for (;;) {
		if (d->mode != RUN_CONT && d->target.kind == POS_BOUNDARY &&
		    rp->idx >= d->target.ev && !mid_task(rp)) {
			d->stop = DS_TARGET;
			d->stop_tid = some_tid(rp);
			break;
		}
		if (next_is_end(rp) || !proc_alive(rp)) {
			d->stop = DS_EXITED;
			d->stop_status = d->exit_status;
			break;
		}
		if (*rp_stop_flag() ||
		    (d->mode == RUN_CONT && d->conn && gdb_poll_interrupt(d->conn))) {
			d->stop = DS_INTERRUPT;
			d->stop_tid = some_tid(rp);
			break;
		}
		if (!mid_task(rp))
			dbg_maybe_checkpoint(rp);
		if (rp->ev.type == TRACE_EV_EXIT && dbg_task(rp, rp->ev.tid) &&
		    dbg_in_proc(rp, dbg_task(rp, rp->ev.tid)))
			d->exit_status = (int)rp->ev.ret;
		err = rp_replay_event(rp);
		if (err == RP_DBG_STOP)
			break;
		if (err < 0) {
			msg_debug("debugger: replay of event %llu failed: %d",
				  (unsigned long long)rp->idx, err);
			d->stop = DS_ERROR;
			d->stop_tid = some_tid(rp);
			break;
		}
		/* A recorded signal is about to be delivered: gdb stops
		 * there unless it said to pass it silently. */
		if (d->mode == RUN_CONT && rp->cur && dbg_in_proc(rp, rp->cur) &&
		    rp->cur->state == RP_PARKED && !rp->cur->mid &&
		    rp->cur->resume_sig > 0 && rp->cur->resume_sig <= 64 &&
		    !(d->pass_sigs & (1ULL << (rp->cur->resume_sig - 1)))) {
			d->stop = DS_SIGNAL;
			d->stop_sig = rp->cur->resume_sig;
			d->stop_tid = rp->cur->rec_tid;
			break;
		}
		/* The debugged process exec'd: gdb loads the new program
		 * (and goes on by itself unless asked to catch exec). */
		if (d->exec_pending) {
			d->exec_pending = 0;
			if (d->mode == RUN_CONT && rp->cur) {
				d->stop = DS_EXEC;
				d->stop_tid = rp->cur->rec_tid;
				break;
			}
		}
		/* A step that ran into an event ends once it is replayed. */
		if (d->mode == RUN_CONT && d->step_started && rp->cur &&
		    rp->cur->rec_tid == d->step_tid && rp->cur->state == RP_PARKED &&
		    !rp->cur->mid) {
			d->stop = DS_STEP;
			d->stop_tid = d->step_tid;
			break;
		}
	}
	if (!mid_task(rp))
		boundary(rp);
	if (rp->idx > d->echo_from)
		d->echo_from = rp->idx;
	return 0;
}

int dbg_here(struct rp *rp, struct dbg_pos *pos)
{
	struct dbg *d = rp->dbg;

	if (!mid_task(rp))
		boundary(rp);
	if (!d->pos_known)
		return -EAGAIN;
	*pos = d->pos;
	return 0;
}

/* Runs forward to target (a SEEK, or a SCAN noting hits on the way). */
static int run_to(struct rp *rp, int mode, const struct dbg_pos *target)
{
	struct dbg *d = rp->dbg;
	int err;

	d->mode = mode;
	d->target = *target;
	d->steps_left = 0;
	d->stepping_target = 0;
	err = dbg_run(rp);
	d->mode = RUN_CONT;
	return err;
}

/* Gets the replay to a boundary at or before event ev: the latest
 * checkpoint there, else the start; only when it must (behind) or when a
 * checkpoint beats running forward. */
static int go_back(struct rp *rp, uint64_t ev, int behind)
{
	int k = dbg_ckpt_before(rp, ev);

	if (k >= 0 && (behind || dbg_ckpt_idx(rp, k) > rp->idx))
		return dbg_restore(rp, k);
	return behind ? rp_restart(rp) : 0;
}

int dbg_seek(struct rp *rp, const struct dbg_pos *pos)
{
	struct dbg *d = rp->dbg;
	int err;

	err = go_back(rp, pos->ev, mid_task(rp) || rp->idx > pos->ev);
	if (err)
		return err;
	err = run_to(rp, RUN_SEEK, pos);
	if (err)
		return err;
	if (d->stop != DS_TARGET) {
		msg_err("debugger: cannot get back to event %llu (%s)",
			(unsigned long long)pos->ev,
			d->stop == DS_ERROR ? "replay failed" : "the recording ended first");
		return -ESRCH;
	}
	d->pos = *pos;
	d->pos_known = 1;
	return 0;
}

static void start_pos(struct rp *rp, struct dbg_pos *p)
{
	memset(p, 0, sizeof(*p));
	p->ev = rp->dbg->start_ev;
	p->kind = POS_BOUNDARY;
}

/* Places a stop gdb got where the counts were not kept (a breakpoint or
 * watchpoint set in the middle of the stretch): from the position it
 * resumed at, counted from the stretch's start this time. */
int dbg_resolve(struct rp *rp, const struct dbg_pos *from)
{
	struct dbg *d = rp->dbg;
	int stop = d->stop, i, err;
	uint64_t addr = d->stop_addr;
	pid_t tid = d->stop_tid;
	struct dbg_pos p;

	if (d->pos_known)
		return 0;
	err = dbg_seek(rp, from);
	if (err)
		return err;
	memset(&p, 0, sizeof(p));
	p.ev = from->ev;
	if (stop == DS_BREAK) {
		for (i = 0; i < d->nbps && d->bps[i].addr != addr; i++)
			;
		if (i == d->nbps || !d->bps[i].valid)
			return -ESRCH;
		p.kind = POS_BP;
		p.addr = addr;
		p.k = d->bps[i].count + 1;
	} else {
		for (i = 0; i < DBG_NWATCH && !(d->w[i].used && d->w[i].addr == addr); i++)
			;
		if (i == DBG_NWATCH || !d->w[i].valid)
			return -ESRCH;
		p.kind = POS_WATCH;
		p.addr = addr;
		p.wlen = d->w[i].len;
		p.wtype = d->w[i].type;
		p.k = d->w[i].count + 1;
	}
	err = dbg_seek(rp, &p);
	d->stop = stop;
	d->stop_addr = addr;
	d->stop_tid = tid;
	return err;
}

/* The last stretch task x ran before event ev, or -1. */
static int64_t stretch_before(struct rptask *x, uint64_t ev)
{
	size_t i;

	for (i = x->nhist; i-- > 0;)
		if (x->hist[i] < ev)
			return (int64_t)x->hist[i];
	return -1;
}

/* Single-steps the stretch's task (stopped at base) until the anchor of
 * p is reached again (or, for POS_END, until the stop that ends the
 * stretch); *m gets the steps it took. */
static int probe(struct rp *rp, const struct dbg_pos *p, uint64_t *m)
{
	struct dbg *d = rp->dbg;
	struct rptask *x = mid_task(rp);
	int stop, sig, i;
	long dr6;

	if (!x)
		return -ESRCH;
	for (*m = 0; *m < PROBE_MAX_STEPS;) {
		stop = dbg_step_raw(rp, x, &sig, &dr6);
		if (stop < 0)
			return stop;
		(*m)++;
		if (stop != STOP_SIGNAL || sig != SIGTRAP || !(dr6 & 0x4000))
			return p->kind == POS_END ? 0 : -ESRCH;
		if (p->kind == POS_BP && x->t.regs.rip == p->addr)
			return 0;
		for (i = 0; i < DBG_NWATCH; i++)
			if (p->kind == POS_WATCH && (dr6 & (2 << i)) && d->w[i].used &&
			    d->w[i].addr == p->addr)
				return 0;
	}
	msg_err("debugger: more than %llu instructions without a syscall: "
		"cannot step back through them", PROBE_MAX_STEPS);
	return -E2BIG;
}

/* The position one instruction of task tid before p; 1 when there is
 * none in the session (its start). */
static int prev_pos(struct rp *rp, const struct dbg_pos *p, pid_t tid,
		    struct dbg_pos *q)
{
	struct dbg *d = rp->dbg;
	struct dbg_pos base;
	struct rptask *x;
	uint64_t m;
	int64_t e;
	int err;

	*q = *p;
	if (p->kind != POS_BOUNDARY && p->n > 0) {
		q->n--;
		return 0;
	}
	if (p->kind == POS_BOUNDARY || p->kind == POS_STEPS) {
		x = p->kind == POS_STEPS ? dbg_task(rp, d->st_tid) : dbg_task(rp, tid);
		if (!x)
			return 1;
		e = stretch_before(x, p->ev);
		if (e < 0 || (uint64_t)e < d->start_ev)
			return 1;
		memset(q, 0, sizeof(*q));
		q->ev = (uint64_t)e;
		q->kind = POS_END;
		return 0;
	}
	/* An anchor or the end of a stretch: from the anchor before it (or
	 * the stretch's start), step until there. */
	memset(&base, 0, sizeof(base));
	base.ev = p->ev;
	base.kind = POS_STEPS;
	if ((p->kind == POS_BP || p->kind == POS_WATCH) && p->k > 1) {
		base = *p;
		base.k--;
	}
	if (p->kind == POS_WATCH) {
		err = dbg_watch_add(rp, p->addr, p->wlen, p->wtype, 0);
		if (err)
			return err;
	}
	err = dbg_seek(rp, &base);
	if (err)
		return err;
	if (p->kind == POS_BP && base.kind == POS_STEPS) {
		struct rptask *s = mid_task(rp);

		if (s && !task_getregs(&s->t) && s->t.regs.rip == p->addr) {
			/* Its first arrival is the stretch's start. */
			base.kind = POS_BOUNDARY;
			return prev_pos(rp, &base, s->rec_tid, q);
		}
	}
	err = probe(rp, p, &m);
	if (err)
		return err;
	if (p->kind == POS_END && m < 2) {
		base.kind = POS_BOUNDARY;
		return prev_pos(rp, &base, d->st_tid, q);
	}
	*q = base;
	q->n += m - 1 - (p->kind == POS_END);
	return 0;
}

static int at_start(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	struct dbg_pos s;
	pid_t tid = some_tid(rp);
	int err;

	start_pos(rp, &s);
	err = dbg_seek(rp, &s);
	d->stop = DS_BEGIN;
	d->stop_tid = tid;
	return err;
}

int dbg_reverse_step(struct rp *rp, pid_t tid)
{
	struct dbg *d = rp->dbg;
	struct dbg_pos p, q;
	struct rptask *x = mid_task(rp);
	int err;

	if (x)
		tid = x->rec_tid;
	err = dbg_here(rp, &p);
	if (err)
		return err;
	err = prev_pos(rp, &p, tid, &q);
	if (err < 0)
		return err;
	if (err == 1)
		return at_start(rp);
	err = dbg_seek(rp, &q);
	x = mid_task(rp);
	d->stop = DS_STEP;
	d->stop_tid = x ? x->rec_tid : tid;
	return err;
}

int dbg_reverse_continue(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	struct dbg_pos p, hit, seg_end;
	int kind, err, k;
	uint64_t addr;
	pid_t htid;

	err = dbg_here(rp, &p);
	if (err)
		return err;
	/* From the latest checkpoint before here; with no hit there, the
	 * stretch before it, and so on back to the start. */
	seg_end = p;
	for (k = dbg_ckpt_before(rp, p.ev); ; k--) {
		if (k >= 0 && dbg_ckpt_idx(rp, k) == seg_end.ev &&
		    seg_end.kind == POS_BOUNDARY)
			continue;
		err = k >= 0 ? dbg_restore(rp, k) : rp_restart(rp);
		if (err)
			return err;
		d->hit_kind = 0;
		err = run_to(rp, RUN_SCAN, &seg_end);
		if (err)
			return err;
		if (d->stop != DS_TARGET) {
			msg_err("debugger: cannot get back to where gdb stood");
			return -ESRCH;
		}
		if (d->hit_kind || k < 0)
			break;
		memset(&seg_end, 0, sizeof(seg_end));
		seg_end.ev = dbg_ckpt_idx(rp, k);
		seg_end.kind = POS_BOUNDARY;
		if (seg_end.ev <= d->start_ev)
			break;
	}
	kind = d->hit_kind;
	hit = d->hit;
	addr = d->hit_addr;
	htid = d->hit_tid;
	if (!kind || hit.ev < d->start_ev)
		return at_start(rp);
	if (kind == DS_WATCH) {
		/* Backwards, a write is met before the instruction that made
		 * it: stop there, showing the value before the write. */
		err = prev_pos(rp, &hit, htid, &p);
		if (err == 1)
			return at_start(rp);
		if (err)
			return err;
		hit = p;
	}
	err = dbg_seek(rp, &hit);
	d->stop = kind;
	d->stop_addr = addr;
	d->stop_tid = htid;
	return err;
}
