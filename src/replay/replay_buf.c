/* Replay side of the helper's syscall buffers (inject/helper_abi.h): the
 * records of a BUFFER event go back into the task's buffer before it
 * runs toward its next event; its helper hands them out. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay.h"
#include "dbg.h"
#include "inject/helper_abi.h"
#include "inject/inject.h"
#include "syscalls/sc.h"
#include "util/msg.h"

/* The bytes r wrote to the recording's stdout or stderr, or NULL. */
static const struct rrsup_chunk *shown(const struct rrsup_rec *r)
{
	return r->flags & (RRSUP_REC_ECHO_OUT | RRSUP_REC_ECHO_ERR) ?
	       rrsup_rec_data(r) : NULL;
}

static void echo_records(const char *p, uint32_t len)
{
	const char *end = p + len;
	const struct rrsup_rec *r;
	const struct rrsup_chunk *k;

	for (; p && (r = rrsup_rec_at(p, end)); p += r->len)
		if ((k = shown(r)))
			rp_echo(r->flags & RRSUP_REC_ECHO_OUT ? 1 : 2,
				(const char *)(k + 1), k->len);
}

/* Keeps the records that made output, to show once the task has made
 * the calls: shown now, a program's last words came before a long
 * computation that precedes them did, and a Ctrl-C in it left them
 * printed.  Under gdb, whose runs back and forth show each event's
 * output once (echo_from), they are shown as they go in. */
static void echo_later(struct rp *rp, const char *p, uint32_t len)
{
	struct rptask *x = rp->cur;
	const char *end = p + len, *q;
	const struct rrsup_rec *r;

	rp_buf_echo(x, 1);
	if (rp->quiet || (rp->dbg && rp->idx < rp->dbg->echo_from))
		return;
	if (rp->dbg) {
		echo_records(p, len);
		return;
	}
	for (q = p; (r = rrsup_rec_at(q, end)) && !shown(r); q += r->len)
		;
	if (!r || !(x->echo = malloc(len)))
		return;
	memcpy(x->echo, p, len);
	x->echo_len = len;
}

void rp_buf_echo(struct rptask *x, int show)
{
	if (show)
		echo_records(x->echo, x->echo_len);
	free(x->echo);
	x->echo = NULL;
	x->echo_len = 0;
}

/* The helper moves the break for the brk calls it made (RRSUP_REC_BRK):
 * the process's break after them is the last one's.  Set now, as the
 * records go in: nothing reads it before the task's next trapped call,
 * and the task runs through all of them first. */
static void brk_after(struct rp *rp, const char *p, uint32_t len)
{
	const char *end = p + len;
	const struct rrsup_rec *r;

	for (; (r = rrsup_rec_at(p, end)); p += r->len)
		if ((r->flags & RRSUP_REC_BRK) && r->ret > 0)
			rp->cur->proc->brk = (uint64_t)r->ret;
}

int rp_buf_load(struct rp *rp)
{
	struct rptask *x = rp->cur;
	uint32_t h[2] = { rp->ev.extra_len, 0 };	/* used, pos */
	int err;

	if (!x->buf)
		return rp_diverged(rp, "task %d has buffered calls but no helper "
				   "buffer", x->rec_tid);
	if (rp->ev.extra_len > RRSUP_SPACE)
		return rp_diverged(rp, "buffered calls larger than the buffer");
	err = task_write(&x->t, x->buf + RRSUP_HDR_SIZE, rp->extra, rp->ev.extra_len);
	if (!err)
		err = task_write(&x->t, x->buf + offsetof(struct rrsup_buf, used),
				 h, sizeof(h));
	if (err)
		return rp_diverged(rp, "cannot load buffered calls into task %d",
				   x->rec_tid);
	x->buf_event = rp->idx;
	brk_after(rp, rp->extra, rp->ev.extra_len);
	echo_later(rp, rp->extra, rp->ev.extra_len);
	return rp_advance(rp);
}

/* The helper found the program making another call than the record at
 * offset off of the buffer. */
static int buffered_divergence(struct rp *rp, uint64_t off, long nr, uint64_t args)
{
	struct rptask *x = rp->cur;
	struct rrsup_rec r;
	uint64_t a[6] = { 0 }, ra[6];
	char rec[256], made[256];
	uint64_t n = 0, p;

	if (task_read(&x->t, x->buf + RRSUP_HDR_SIZE + off, &r, sizeof(r)) ||
	    task_read(&x->t, args, a, sizeof(a)))
		return rp_diverged(rp, "in calls buffered in-process (unreadable)");
	/* Which record of its BUFFER event, counting from 1. */
	for (p = 0; p <= off; n++) {
		uint32_t len;

		if (task_read(&x->t, x->buf + RRSUP_HDR_SIZE + p, &len, sizeof(len)) || !len)
			break;
		p += len;
	}
	memcpy(ra, r.args, sizeof(ra));
	sc_format(r.nr, ra, rec, sizeof(rec));
	sc_format(nr, a, made, sizeof(made));
	msg_err("replay diverged at event %llu, buffered call %llu: recorded %s, "
		"program made %s", (unsigned long long)x->buf_event,
		(unsigned long long)n, rec, made);
	return -EPROTO;
}

static int read_text(struct rp *rp, uint64_t addr, uint64_t len, char *buf,
		     size_t cap)
{
	if (len >= cap)
		len = cap - 1;
	buf[0] = 0;
	if (task_read(&rp->cur->t, addr, buf, len))
		return -EIO;
	buf[len] = 0;
	return 0;
}

/* RecordReplayAssert saw another string than when recorded. */
static int assert_failed(struct rp *rp, uint64_t was, uint64_t was_len,
			 uint64_t now, uint64_t now_len)
{
	char a[512], b[512];

	read_text(rp, was, was_len, a, sizeof(a));
	read_text(rp, now, now_len, b, sizeof(b));
	msg_err("replay diverged at event %llu: RecordReplayAssert recorded \"%s\", "
		"replay has \"%s\"", (unsigned long long)rp->cur->buf_event, a, b);
	return -EPROTO;
}

/* RecordReplayInvalidateRecording: the program said the recording cannot
 * be replayed from here on. */
static int unusable(struct rp *rp, uint64_t reason, uint64_t len)
{
	char why[512];

	read_text(rp, reason, len, why, sizeof(why));
	msg_err("the recording was marked unusable at event %llu by the program: %s",
		(unsigned long long)rp->idx, why);
	return -EPROTO;
}

/* RRSUP_SYSCALL at its seccomp stop (already checked against the event
 * when it is a recorded one). */
int rp_buf_control(struct rp *rp)
{
	struct user_regs_struct *r = &rp->cur->t.regs;
	int64_t ret = rp->ev.ret;
	int err;

	if (r->rdi == RRSUP_OP_DIVERGED)
		return buffered_divergence(rp, r->rsi, (long)r->rdx, r->r10);
	if (r->rdi == RRSUP_OP_ASSERT_FAILED)
		return assert_failed(rp, r->rsi, r->rdx, r->r10, r->r8);
	if (r->rdi == RRSUP_OP_REGISTER &&
	    (ret == RRSUP_MODE_RECORD || ret == RRSUP_MODE_TRAP)) {
		rp->cur->buf = r->rsi;
		/* Not under a debugger: its breakpoints would be in the
		 * text read.  The helper then looks for itself, once it has
		 * made the text writable (and so free of them). */
		if (ret == RRSUP_MODE_RECORD && !rp->dbg)
			inject_offer_sites(&rp->cur->t, r->rsi, r->rdx);
		ret = ret == RRSUP_MODE_RECORD ? RRSUP_MODE_REPLAY : RRSUP_MODE_TRAP_REPLAY;
	}
	if (r->rdi == RRSUP_OP_INVALIDATE)
		return unusable(rp, r->rsi, r->rdx);
	r->orig_rax = -1;
	r->rax = ret;
	err = task_setregs(&rp->cur->t, r);
	return err ? err : rp_advance(rp);
}
