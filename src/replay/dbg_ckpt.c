/* Checkpoints: so that going backwards does not replay from the start.
 *
 * At an event boundary where every live task of the replay is parked
 * between its events, each replayed process is cloned with CLONE_PARENT
 * from the inside (a remote syscall in one of its threads, the carrier);
 * the clones stay stopped as the checkpoint, holding the memory
 * copy-on-write.  With them go the registers and per-thread kernel state
 * of every thread (dbg_thread.c), the replayer's own state for each task,
 * and where the trace reader stood.  Going back clones the checkpoint's
 * processes again (so it can be used again), makes their other threads
 * again inside the new processes, gives every thread its registers and
 * state, and puts the trace reader back.  Shared writable mappings rule
 * a checkpoint out: the clone would share what the replay goes on
 * writing.
 *
 * The process tree is not rebuilt (a restored child's parent is whoever
 * its checkpoint's was), nor are thread ids: replay emulates wait4,
 * getppid, gettid and kill from the trace, so nothing the replayed
 * program sees depends on them. */
#include "dbg.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "supervisor/tsc.h"
#include "util/msg.h"

#define CKPT_TASKS	32	/* live tasks a checkpoint may hold */
#define CKPT_CLONES	256	/* clones all checkpoints may hold */
#define CKPT_HIST	16	/* stretch history entries kept per task */

struct ckpt_task {
	struct task t;		/* the stopped clone (carriers only) */
	int carrier;		/* index of the task whose clone holds its
				 * process (itself for a carrier) */
	struct user_regs_struct regs;
	struct dbg_thread_state ts;
	struct rptask x;	/* the task's bookkeeping (hist: its tail) */
	struct rproc proc;
};

struct dbg_ckpt {
	uint64_t idx;		/* the next event's index there */
	struct trace_mark mark;	/* the trace reader just before it */
	struct ckpt_task *tasks;
	int ntasks;
	int main_status;
	struct dbg_writable w[DBG_NWRITABLE];
	int nw;
};

static long now_ms(void)
{
	return tsc_mono_ns() / 1000000;
}

static void kill_clone(struct task *t)
{
	int status;

	kill(t->tid, SIGKILL);
	while (waitpid(t->tid, &status, __WALL) == t->tid &&
	       !WIFEXITED(status) && !WIFSIGNALED(status))
		;
	task_close(t);
}

static void drop(struct dbg_ckpt *c)
{
	int i;

	for (i = 0; i < c->ntasks; i++) {
		if (c->tasks[i].carrier == i && c->tasks[i].t.tid > 0)
			kill_clone(&c->tasks[i].t);
		free(c->tasks[i].x.hist);
	}
	free(c->tasks);
	c->tasks = NULL;
	c->ntasks = 0;
}

static int clones(struct dbg *d)
{
	int i, j, n = 0;

	for (i = 0; i < d->nckpt; i++)
		for (j = 0; j < d->ckpt[i]->ntasks; j++)
			n += d->ckpt[i]->tasks[j].carrier == j;
	return n;
}

/* Makes room: every other one of the older half goes (recent history
 * stays dense, older history thins out exponentially, as a user's
 * questions usually go a little way back); the oldest if that frees
 * nothing. */
static void thin(struct dbg *d)
{
	int i, k = 0, n = d->nckpt;

	for (i = 0; i < n; i++) {
		if ((i < n / 2 && i % 2) || (n < 4 && i == 0)) {
			drop(d->ckpt[i]);
			free(d->ckpt[i]);
		} else {
			d->ckpt[k++] = d->ckpt[i];
		}
	}
	d->nckpt = k;
}

/* A writable mapping shared with anyone: a clone would share it too. */
static int shares_memory(pid_t tid)
{
	char path[64], line[512], perms[8];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", tid);
	f = fopen(path, "re");
	if (!f)
		return 1;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %7s", perms) == 1 &&
			perms[1] == 'w' && perms[3] == 's';
	fclose(f);
	return found;
}

/* The task of live[i]'s process to clone it from: the first one between
 * events, else the first one (waiting in a system call: it goes back in
 * after the clone). */
static int carrier_of(struct rptask **live, int n, int i)
{
	int j, first = -1;

	for (j = 0; j < n; j++) {
		if (live[j]->proc != live[i]->proc)
			continue;
		if (live[j]->state == RP_PARKED)
			return j;
		if (first < 0)
			first = j;
	}
	return first;
}

/* The live tasks at a boundary where all are between events or waiting
 * at a syscall's entry and no process shares writable memory; their
 * number, or -1.  *nproc gets the number of processes. */
static int live_tasks(struct rp *rp, struct rptask **out, int *nproc)
{
	int i, j, n = 0;

	*nproc = 0;
	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];

		if (x->state == RP_DONE)
			continue;
		/* Just created and not run yet: its first stop comes now
		 * rather than when it is first scheduled, same thing. */
		if (x->state == RP_NEW && rp_first_stop(rp, x))
			return -1;
		if (n == CKPT_TASKS || (x->state != RP_PARKED && x->state != RP_AT_ENTRY) ||
		    x->mid || x->died_in_exec)
			return -1;
		for (j = 0; j < n && out[j]->proc != x->proc; j++)
			;
		if (j == n) {
			if (shares_memory(x->t.tid))
				return -1;
			++*nproc;
		}
		out[n++] = x;
	}
	return n;
}

/* Copies x into k; a carrier also gets a stopped clone of its process. */
static int save_task(struct ckpt_task *k, struct rptask *x, int carrier)
{
	size_t keep;
	/* Fresh: a task just brought to its first stop was never read. */
	int err = task_getregs(&x->t);

	if (!err)
		err = dbg_thread_save(x, &k->ts);
	if (err)
		return err;
	k->regs = x->t.regs;
	if (carrier)
		err = dbg_clone(&x->t, DBG_CLONE_PROCESS, &k->t);
	/* The remote clone took a waiting carrier out of its system call:
	 * back in. */
	if (!err && carrier && x->state == RP_AT_ENTRY)
		err = dbg_thread_reenter(&x->t, &k->regs);
	if (err)
		return err;
	k->x = *x;
	k->x.echo = NULL;	/* the debugger's output is shown as it goes in */
	k->x.echo_len = 0;
	/* Only the tail of its stretch history: the debugger asks for the
	 * last stretch before a point at or after this one, and the
	 * entries after it are made again by the run from here. */
	keep = x->nhist < CKPT_HIST ? x->nhist : CKPT_HIST;
	k->x.hist = malloc((keep ? keep : 1) * sizeof(uint64_t));
	if (k->x.hist && keep)
		memcpy(k->x.hist, x->hist + x->nhist - keep, keep * sizeof(uint64_t));
	k->x.caphist = k->x.hist ? keep : 0;
	k->x.nhist = k->x.hist ? keep : 0;
	k->proc = *x->proc;
	return 0;
}

static struct dbg_ckpt *make_ckpt(struct rp *rp, struct rptask **live, int n)
{
	struct dbg *d = rp->dbg;
	struct rptask *dx = dbg_some_task(rp);
	struct dbg_ckpt *c = calloc(1, sizeof(*c));
	int i, j;

	if (!c || !(c->tasks = calloc(n, sizeof(*c->tasks)))) {
		free(c);
		return NULL;
	}
	/* The clones must not keep our int3s: they come back at the next
	 * stretch of the live task. */
	if (dx)
		dbg_uninsert_all(rp, dx);
	for (i = 0; i < n; i++, c->ntasks++) {
		j = carrier_of(live, n, i);
		c->tasks[i].carrier = j;
		if (save_task(&c->tasks[i], live[i], j == i)) {
			drop(c);
			free(c);
			return NULL;
		}
	}
	c->idx = rp->idx;
	c->mark = rp->ev_mark;
	c->main_status = rp->main_status;
	memcpy(c->w, d->writable, sizeof(c->w));
	c->nw = d->nwritable;
	return c;
}

void dbg_maybe_checkpoint(struct rp *rp)
{
	struct rptask *live[CKPT_TASKS];
	struct dbg *d = rp->dbg;
	struct dbg_ckpt *c;
	int i, n, nproc;

	if (now_ms() - d->ckpt_ms < d->ckpt_every_ms || rp->at_end ||
	    rp->idx <= d->start_ev || rp->shmaps.n || rp->ncopy_files)
		return;
	for (i = 0; i < d->nckpt; i++)
		if (d->ckpt[i]->idx == rp->idx)
			return;
	n = live_tasks(rp, live, &nproc);
	if (n <= 0)
		return;
	while (d->nckpt && (d->nckpt == DBG_NCKPT || clones(d) + nproc > CKPT_CLONES))
		thin(d);
	c = make_ckpt(rp, live, n);
	if (!c) {
		d->ckpt_ms = now_ms() + 60000;	/* failing: not again soon */
		return;
	}
	/* Kept sorted by idx: runs go forward, but a restart may add older
	 * ones after newer. */
	for (i = d->nckpt; i > 0 && d->ckpt[i - 1]->idx > c->idx; i--)
		d->ckpt[i] = d->ckpt[i - 1];
	d->ckpt[i] = c;
	d->nckpt++;
	d->ckpt_ms = now_ms();
	msg_debug("debugger: checkpoint %d at event %llu (%d task%s, %d process%s)",
		  d->nckpt, (unsigned long long)c->idx, n, n == 1 ? "" : "s",
		  nproc, nproc == 1 ? "" : "es");
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

/* A live task again from k: a clone of its carrier's clone (carriers),
 * or a new thread in the process its carrier's restored task now runs
 * (the others); with its registers and per-thread state. */
static struct rptask *restore_task(struct ckpt_task *k, struct rptask *carrier,
				   int *err)
{
	struct rptask *x = calloc(1, sizeof(*x));
	struct rproc *p = carrier ? carrier->proc : calloc(1, sizeof(*p));

	*err = -ENOMEM;
	if (!x || !p)
		goto fail;
	*x = k->x;
	x->hist = malloc((k->x.nhist ? k->x.nhist : 1) * sizeof(uint64_t));
	if (!x->hist)
		goto fail;
	if (k->x.nhist)
		memcpy(x->hist, k->x.hist, k->x.nhist * sizeof(uint64_t));
	x->caphist = k->x.nhist;
	if (!carrier) {
		*p = k->proc;
		p->refs = 0;
	}
	x->t.tid = 0;
	*err = carrier ? dbg_clone(&carrier->t, DBG_CLONE_THREAD, &x->t) :
			 dbg_clone(&k->t, DBG_CLONE_PROCESS, &x->t);
	if (*err)
		goto fail;
	*err = dbg_thread_restore(&x->t, &k->ts);
	if (!*err && k->x.state == RP_AT_ENTRY)
		*err = dbg_thread_reenter(&x->t, &k->regs);
	else if (!*err)
		*err = task_setregs(&x->t, &k->regs);
	if (*err) {
		kill_clone(&x->t);
		goto fail;
	}
	p->refs++;
	x->proc = p;
	return x;
fail:
	if (x)
		free(x->hist);
	free(x);
	if (!carrier)
		free(p);
	return NULL;
}

int dbg_restore(struct rp *rp, int k)
{
	struct dbg *d = rp->dbg;
	struct dbg_ckpt *c = d->ckpt[k];
	int i, pass, err;

	err = rp_reset(rp);
	if (err)
		return err;
	rp->tasks = calloc(c->ntasks, sizeof(*rp->tasks));
	if (!rp->tasks)
		return -ENOMEM;
	/* Carriers first: the other threads are made in their processes.
	 * The table keeps the checkpoint's order (the first task's status
	 * is the recording's). */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < c->ntasks; i++) {
			int ci = c->tasks[i].carrier;

			if ((ci == i) != (pass == 0))
				continue;
			rp->tasks[i] = restore_task(&c->tasks[i],
						    ci == i ? NULL : rp->tasks[ci], &err);
			if (!rp->tasks[i])
				goto fail;
		}
	rp->ntasks = c->ntasks;
	rp->cur = rp->tasks[0];
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
	/* rp_free_tasks takes those made so far. */
	for (i = 0, rp->ntasks = 0; i < c->ntasks; i++)
		if (rp->tasks[i])
			rp->tasks[rp->ntasks++] = rp->tasks[i];
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
