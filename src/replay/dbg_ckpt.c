/* Checkpoints: so that going backwards does not replay from the start.
 *
 * At an event boundary of a replay that is down to one task (one process,
 * one thread: what fork can copy), the replayed process is cloned with
 * CLONE_PARENT from the inside (a remote syscall); the clone stays stopped
 * as the checkpoint, holding the memory copy-on-write.  With it go the
 * replayer's own state for that task and the event index.  Going back to
 * it clones the checkpoint again (so it can be used again), gives the
 * clone the registers the task had, and reads the trace forward to the
 * event index.  Processes with shared mappings are not checkpointed: the
 * clone would share what the replay goes on writing. */
#include "dbg.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "util/msg.h"

#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000
#endif

struct dbg_ckpt {
	uint64_t idx;		/* the next event's index there */
	struct trace_mark mark;	/* the trace reader just before it */
	struct task t;		/* the stopped clone */
	struct user_regs_struct regs;
	struct rptask x;	/* the task's bookkeeping (hist copied) */
	struct rproc proc;
	int main_status;
	struct dbg_writable w[DBG_NWRITABLE];
	int nw;
};

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A stopped clone of t's process, made from inside it; t's registers
 * are left as they were. */
static int clone_stopped(struct task *t, struct task *out)
{
	int64_t pid;
	int status, err;

	err = task_getregs(t);
	if (!err)
		err = task_remote_syscall(t, SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0, 0,
					  &pid);
	if (err)
		return err;
	if (pid <= 0)
		return pid < 0 ? (int)pid : -EPROTO;
	/* It starts with a SIGSTOP (traced from birth). */
	while (waitpid((pid_t)pid, &status, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status)) {
		waitpid((pid_t)pid, &status, __WALL);
		return -ESRCH;
	}
	return task_open(out, (pid_t)pid);
}

static void drop(struct dbg_ckpt *c)
{
	int status;

	kill(c->t.tid, SIGKILL);
	while (waitpid(c->t.tid, &status, __WALL) == c->t.tid &&
	       !WIFEXITED(status) && !WIFSIGNALED(status))
		;
	task_close(&c->t);
	free(c->x.hist);
}

/* The only task, when the replay is down to one, at a boundary. */
static struct rptask *sole_task(struct rp *rp)
{
	struct rptask *one = NULL;
	int i;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];

		if (x->state == RP_DONE)
			continue;
		if (one || x->state != RP_PARKED || x->mid || x->died_in_exec)
			return NULL;
		one = x;
	}
	return one;
}

void dbg_maybe_checkpoint(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	struct dbg_ckpt *c;
	struct rptask *x;
	int i;

	if (now_ms() - d->ckpt_ms < d->ckpt_every_ms || rp->at_end ||
	    rp->idx <= d->start_ev || !(x = sole_task(rp)) ||
	    rp->shmaps.n || rp->ncopy_files)
		return;
	for (i = 0; i < d->nckpt; i++)
		if (d->ckpt[i]->idx == rp->idx)
			return;
	if (d->nckpt == DBG_NCKPT) {
		/* Full: every other one of the older half goes.  Recent
		 * history stays dense, older history thins out
		 * exponentially, as a user's questions usually go a little
		 * way back. */
		int k = 0;

		for (i = 0; i < d->nckpt; i++) {
			if (i < d->nckpt / 2 && i % 2) {
				drop(d->ckpt[i]);
				free(d->ckpt[i]);
			} else {
				d->ckpt[k++] = d->ckpt[i];
			}
		}
		d->nckpt = k;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return;
	/* The clone must not keep our int3s: they come back at the next
	 * stretch of the live task. */
	dbg_uninsert_all(rp, x);
	if (clone_stopped(&x->t, &c->t)) {
		free(c);
		d->ckpt_ms = now_ms() + 60000;	/* failing: not again soon */
		return;
	}
	c->idx = rp->idx;
	c->mark = rp->ev_mark;
	c->regs = x->t.regs;
	c->x = *x;
	c->x.hist = malloc((x->nhist ? x->nhist : 1) * sizeof(uint64_t));
	if (c->x.hist)
		memcpy(c->x.hist, x->hist, x->nhist * sizeof(uint64_t));
	c->x.caphist = c->x.hist ? x->nhist : 0;
	c->x.nhist = c->x.hist ? x->nhist : 0;
	c->proc = *x->proc;
	c->main_status = rp->main_status;
	memcpy(c->w, d->writable, sizeof(c->w));
	c->nw = d->nwritable;
	/* Kept sorted by idx: runs go forward, but a restart may add older
	 * ones after newer. */
	for (i = d->nckpt; i > 0 && d->ckpt[i - 1]->idx > c->idx; i--)
		d->ckpt[i] = d->ckpt[i - 1];
	d->ckpt[i] = c;
	d->nckpt++;
	d->ckpt_ms = now_ms();
	msg_debug("debugger: checkpoint %d at event %llu (process %d)", d->nckpt,
		  (unsigned long long)c->idx, c->t.tid);
}

/* The latest checkpoint at or before event idx, or -1. */
int dbg_ckpt_before(struct rp *rp, uint64_t idx)
{
	struct dbg *d = rp->dbg;
	int i;

	for (i = d->nckpt; i-- > 0;)
		if (d->ckpt[i]->idx <= idx)
			return i;
	return -1;
}

uint64_t dbg_ckpt_idx(struct rp *rp, int k)
{
	return rp->dbg->ckpt[k]->idx;
}

int dbg_restore(struct rp *rp, int k)
{
	struct dbg *d = rp->dbg;
	struct dbg_ckpt *c = d->ckpt[k];
	struct rptask *x = NULL;
	struct rproc *p = NULL;
	int err;

	err = rp_reset(rp);
	if (err)
		return err;
	x = calloc(1, sizeof(*x));
	p = calloc(1, sizeof(*p));
	rp->tasks = calloc(1, sizeof(*rp->tasks));
	if (!x || !p || !rp->tasks) {
		err = -ENOMEM;
		goto fail;
	}
	*x = c->x;
	x->hist = malloc((c->x.nhist ? c->x.nhist : 1) * sizeof(uint64_t));
	if (!x->hist) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(x->hist, c->x.hist, c->x.nhist * sizeof(uint64_t));
	x->caphist = c->x.nhist;
	*p = c->proc;
	p->refs = 1;
	x->proc = p;
	err = clone_stopped(&c->t, &x->t);
	if (!err)
		err = task_setregs(&x->t, &c->regs);
	if (err)
		goto fail;
	rp->tasks[0] = x;
	rp->ntasks = 1;
	rp->cur = x;
	rp->main_status = c->main_status;
	memcpy(d->writable, c->w, sizeof(c->w));
	d->nwritable = c->nw;
	/* The trace reader goes straight to where the checkpoint stands
	 * (reading forward from the start grew with the recording). */
	err = trace_reader_seek(rp->r, &c->mark);
	if (!err) {
		rp->idx = c->idx - 1;
		err = rp_advance(rp);
	}
	return err;
fail:
	if (x && x->t.tid > 0)
		kill(x->t.tid, SIGKILL);
	free(x ? x->hist : NULL);
	free(x);
	free(p);
	return err;
}

void dbg_ckpt_free(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	int i;

	for (i = 0; i < d->nckpt; i++) {
		drop(d->ckpt[i]);
		free(d->ckpt[i]);
	}
	d->nckpt = 0;
}

int dbg_ckpt_list(struct rp *rp, char *out, size_t len)
{
	struct dbg *d = rp->dbg;
	size_t o = 0;
	int i;

	o += snprintf(out + o, len - o, "%d checkpoint%s", d->nckpt, d->nckpt == 1 ? "" : "s");
	for (i = 0; i < d->nckpt && o < len - 40; i++)
		o += snprintf(out + o, len - o, "%s%llu", i ? ", " : " at events ",
			      (unsigned long long)d->ckpt[i]->idx);
	snprintf(out + o, len - o, "\n");
	return 0;
}
