/* The debugger's breakpoints and watchpoints: the int3s in the debugged
 * process (kept, and counting, when gdb takes one out), where they may
 * not go (code made writable), the debug registers of each task, and
 * memory as the program sees it under them. */
#include "dbg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define INT3 0xcc

struct dbg_bp *dbg_bp_find(struct dbg *d, uint64_t addr)
{
	int i;

	for (i = 0; i < d->nbps; i++)
		if (d->bps[i].addr == addr)
			return &d->bps[i];
	return NULL;
}

static int in_writable(struct dbg *d, uint64_t addr)
{
	int i;

	for (i = 0; i < d->nwritable; i++)
		if (addr >= d->writable[i].lo && addr < d->writable[i].hi)
			return 1;
	return 0;
}

void dbg_mprotect(struct rp *rp, struct rptask *x, uint64_t addr, uint64_t len,
		  int prot)
{
	struct dbg *d = rp->dbg;
	int i;

	if (!d || !dbg_in_proc(rp, x))
		return;
	if (!(prot & PROT_WRITE)) {
		for (i = 0; i < d->nwritable; i++)
			if (d->writable[i].lo < addr + len && addr < d->writable[i].hi)
				d->writable[i--] = d->writable[--d->nwritable];
		return;
	}
	if (d->nwritable == DBG_NWRITABLE)
		return;
	d->writable[d->nwritable].lo = addr;
	d->writable[d->nwritable++].hi = addr + len;
	for (i = 0; i < d->nbps; i++) {
		struct dbg_bp *b = &d->bps[i];

		if (b->inserted && b->addr >= addr && b->addr < addr + len) {
			task_write(&x->t, b->addr, &b->orig, 1);
			b->inserted = 0;
		}
	}
}

/* Puts b's int3 into the debugged process, or checks it is still there
 * (an mmap over it takes it away).  -EIO where nothing is mapped yet: a
 * run from the start meets breakpoints in libraries before they load. */
static int bp_insert(struct rp *rp, struct dbg_bp *b)
{
	struct rptask *x = dbg_some_task(rp);
	uint8_t int3 = INT3, byte;
	int err;

	if (!x || in_writable(rp->dbg, b->addr))
		return 0;
	if (b->inserted) {
		if (!task_read(&x->t, b->addr, &byte, 1) && byte == INT3)
			return 0;
		b->inserted = 0;
	}
	err = task_read(&x->t, b->addr, &b->orig, 1);
	if (!err)
		err = task_write(&x->t, b->addr, &int3, 1);
	if (!err)
		b->inserted = 1;
	return err;
}

int dbg_bp_add(struct rp *rp, uint64_t addr, int gdb)
{
	struct dbg *d = rp->dbg;
	struct dbg_bp *b = dbg_bp_find(d, addr);

	if (!b) {
		if (d->nbps == d->capbps) {
			int cap = d->capbps ? 2 * d->capbps : 16;
			struct dbg_bp *n = realloc(d->bps, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			d->bps = n;
			d->capbps = cap;
		}
		b = &d->bps[d->nbps++];
		memset(b, 0, sizeof(*b));
		b->addr = addr;
		/* Not counted since the stretch began: a stop there has to
		 * be placed by running again (dbg_run.c). */
		b->valid = 0;
	}
	b->gdb |= gdb;
	return bp_insert(rp, b);
}

/* gdb's removal: the int3 stays and keeps counting arrivals, so that
 * positions stay exact when gdb inserts it again at the next resume. */
int dbg_bp_remove(struct rp *rp, uint64_t addr)
{
	struct dbg_bp *b = dbg_bp_find(rp->dbg, addr);

	if (b)
		b->gdb = 0;
	return 0;
}

void dbg_uninsert_all(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	int i;

	for (i = 0; i < d->nbps; i++)
		if (d->bps[i].inserted) {
			task_write(&x->t, d->bps[i].addr, &d->bps[i].orig, 1);
			d->bps[i].inserted = 0;
		}
}

void dbg_forget_run(struct rp *rp)
{
	int i;

	for (i = 0; i < rp->dbg->nbps; i++)
		rp->dbg->bps[i].inserted = 0;
	rp->dbg->nwritable = 0;
}

int dbg_insert_all(struct rp *rp)
{
	struct dbg *d = rp->dbg;
	int i, err = 0;

	for (i = 0; i < d->nbps && !err; i++)
		if (bp_insert(rp, &d->bps[i]) == -ENOMEM)
			err = -ENOMEM;
	return err;
}

void dbg_exec(struct rp *rp, struct rptask *x)
{
	int i;

	if (!rp->dbg || !dbg_in_proc(rp, x))
		return;
	/* The new image has none of them, and their addresses mean
	 * other code now. */
	rp->dbg->nbps = 0;
	rp->dbg->nwritable = 0;
	for (i = 0; i < DBG_NWATCH; i++)
		rp->dbg->w[i].used = 0;
	rp->dbg->exec_pending = 1;
}

static struct dbg_watch *watch_find(struct dbg *d, uint64_t addr, int len, int type)
{
	int i;

	for (i = 0; i < DBG_NWATCH; i++)
		if (d->w[i].used && d->w[i].addr == addr && d->w[i].len == len &&
		    d->w[i].type == type)
			return &d->w[i];
	return NULL;
}

int dbg_watch_add(struct rp *rp, uint64_t addr, int len, int type, int gdb)
{
	struct dbg *d = rp->dbg;
	struct dbg_watch *w = watch_find(d, addr, len, type);
	int i;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return -EINVAL;
	if (addr & (len - 1))
		return -EINVAL;
	if (!w) {
		/* A free slot, else one only kept for counting. */
		for (i = 0; i < DBG_NWATCH && d->w[i].used; i++)
			;
		for (i = i == DBG_NWATCH ? 0 : i; i < DBG_NWATCH && d->w[i].used && d->w[i].gdb; i++)
			;
		if (i == DBG_NWATCH)
			return -ENOSPC;
		w = &d->w[i];
		memset(w, 0, sizeof(*w));
		w->used = 1;
		w->addr = addr;
		w->len = len;
		w->type = type;
	}
	w->gdb |= gdb;
	return 0;
}

int dbg_watch_remove(struct rp *rp, uint64_t addr, int len, int type)
{
	struct dbg_watch *w = watch_find(rp->dbg, addr, len, type);

	if (w)
		w->gdb = 0;
	return 0;
}

/* Debug registers of x as the watch table says. */
int dbg_arm(struct rp *rp, struct rptask *x)
{
	struct dbg *d = rp->dbg;
	int i, err = 0;

	for (i = 0; i < DBG_NWATCH && !err; i++) {
		if (d->w[i].used)
			err = task_set_watch(&x->t, i + 1, d->w[i].addr, d->w[i].len,
					     d->w[i].type);
		else if (x->armed & (1u << i))
			err = task_clear_watch(&x->t, i + 1);
		if (d->w[i].used)
			x->armed |= 1u << i;
		else
			x->armed &= ~(1u << i);
	}
	return err;
}

int dbg_read_mem(struct rp *rp, uint64_t addr, void *buf, size_t len)
{
	struct rptask *x = dbg_some_task(rp);
	struct dbg *d = rp->dbg;
	int i, err;

	if (!x)
		return -ESRCH;
	err = task_read(&x->t, addr, buf, len);
	if (err)
		return err;
	for (i = 0; i < d->nbps; i++)
		if (d->bps[i].inserted && d->bps[i].addr >= addr &&
		    d->bps[i].addr < addr + len)
			((uint8_t *)buf)[d->bps[i].addr - addr] = d->bps[i].orig;
	return 0;
}

/* The breakpoint whose int3 is at addr in x's memory. */
struct dbg_bp *dbg_our_int3(struct rp *rp, struct rptask *x, uint64_t addr)
{
	struct dbg_bp *b = dbg_bp_find(rp->dbg, addr);
	uint8_t byte;

	if (!b || task_read(&x->t, addr, &byte, 1) || byte != INT3)
		return NULL;
	return b;
}
