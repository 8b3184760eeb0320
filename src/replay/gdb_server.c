/* The gdb remote serial protocol over a replay: gdb's packets become
 * reads of the replayed program, breakpoints, runs forward and backward
 * (dbg.c, dbg_run.c).  Writes are refused: a replay must stay what was
 * recorded. */
#include "gdb_server.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/wait.h>
#include <elf.h>

#include "dbg.h"
#include "gdb_conn.h"
#include "gdb_regs.h"
#include "gdb_srv_priv.h"
#include "supervisor/cmd.h"
#include "supervisor/tsc.h"
#include "util/msg.h"

#define READ_ONLY "E.rrsup: a replay is read-only: memory and registers cannot be changed"

static struct rptask *reg_task(struct srv *s)
{
	struct dbg *d = s->rp->dbg;
	struct rptask *x = s->gtid > 0 ? dbg_task(s->rp, s->gtid) : NULL;

	if (!x || !dbg_in_proc(s->rp, x))
		x = dbg_task(s->rp, d->stop_tid);
	if (!x || !dbg_in_proc(s->rp, x))
		x = dbg_some_task(s->rp);
	return x;
}

/* x's registers now; at_syscall when gdb must see it before its call. */
static struct rptask *regs_of(struct srv *s, int *at_syscall)
{
	struct rptask *x = reg_task(s);

	if (!x)
		return NULL;
	task_getregs(&x->t);	/* else the last ones seen */
	*at_syscall = x->state == RP_AT_ENTRY ||
		      (x->mid == 2 && x->mid_stop == STOP_SECCOMP);
	return x;
}

int srv_send_stop(struct srv *s)
{
	struct dbg *d = s->rp->dbg;
	int st = d->stop_status;

	s->gtid = 0;
	switch (d->stop) {
	case DS_EXITED:
		if (WIFSIGNALED(st))
			return gdb_sendf(s->c, "X%02x", WTERMSIG(st));
		return gdb_sendf(s->c, "W%02x", WEXITSTATUS(st));
	case DS_BEGIN:
		return gdb_sendf(s->c, "T05thread:%x;replaylog:begin;", d->stop_tid);
	case DS_END:
		return gdb_sendf(s->c, "T05thread:%x;replaylog:end;", d->stop_tid);
	case DS_ERROR:
		srv_console(s, "rrsup: the replay failed here (see rrsup's message); "
			    "only reverse execution is left\n");
		s->broken = 1;
		return gdb_sendf(s->c, "T05thread:%x;replaylog:end;", d->stop_tid);
	case DS_BREAK:
		return gdb_sendf(s->c, "T05thread:%x;swbreak:;", d->stop_tid);
	case DS_WATCH:
		return gdb_sendf(s->c, "T05thread:%x;%s:%llx;", d->stop_tid,
				 s->watch_kind, (unsigned long long)d->stop_addr);
	case DS_INTERRUPT:
		return gdb_sendf(s->c, "T02thread:%x;", d->stop_tid);
	case DS_EXEC: {
		char path[PATH_MAX], hex[2 * PATH_MAX + 1];

		if (srv_exec_file(s, path, sizeof(path)))
			return gdb_sendf(s->c, "T05thread:%x;", d->stop_tid);
		gdb_hex(hex, path, strlen(path));
		return gdb_sendf(s->c, "T05thread:%x;exec:%s;", d->stop_tid, hex);
	}
	case DS_SIGNAL:
		return gdb_sendf(s->c, "T%02xthread:%x;", gdb_signo(d->stop_sig),
				 d->stop_tid);
	default:
		return gdb_sendf(s->c, "T05thread:%x;", d->stop_tid);
	}
}

void srv_console(struct srv *s, const char *text)
{
	char hex[2 * 1024 + 2];
	size_t n = strlen(text);

	if (n > 1024)
		n = 1024;
	hex[0] = 'O';
	gdb_hex(hex + 1, text, n);
	gdb_send_str(s->c, hex);
}

static int send_regs(struct srv *s)
{
	static char hex[4096];
	int at_sc, n;
	struct rptask *x = regs_of(s, &at_sc);

	if (!x)
		return gdb_send_str(s->c, "E01");
	n = gdb_regs_hex(&x->t, at_sc, hex, sizeof(hex));
	if (n < 0)
		return gdb_send_str(s->c, "E01");
	return gdb_send(s->c, hex, n);
}

static int send_reg(struct srv *s, const char *arg)
{
	char hex[80];
	int at_sc;
	struct rptask *x = regs_of(s, &at_sc);
	int n;

	n = x ? gdb_reg_hex(&x->t, (int)strtol(arg, NULL, 16), at_sc, hex) : -ESRCH;
	if (n < 0)
		return gdb_send_str(s->c, "E01");
	return gdb_send(s->c, hex, n);
}

static int send_mem(struct srv *s, const char *arg)
{
	static uint8_t buf[GDB_PKT_MAX / 2];
	static char hex[GDB_PKT_MAX + 1];
	unsigned long long addr, len, got;

	if (sscanf(arg, "%llx,%llx", &addr, &len) != 2)
		return gdb_send_str(s->c, "E01");
	if (len > sizeof(buf) / 2)
		len = sizeof(buf) / 2;
	/* What can be read: all of it, else up to the first bad page. */
	got = len;
	while (got && dbg_read_mem(s->rp, addr, buf, got)) {
		unsigned long long to_page = 4096 - (addr & 4095);

		got = got > to_page ? to_page : got > 1 ? got / 2 : 0;
	}
	if (!got && len)
		return gdb_send_str(s->c, "E01");
	gdb_hex(hex, buf, got);
	return gdb_send(s->c, hex, 2 * got);
}

static int point(struct srv *s, const char *pkt)
{
	unsigned long long addr, kind;
	int type = pkt[1] - '0', add = pkt[0] == 'Z', err;

	if (sscanf(pkt + 3, "%llx,%llx", &addr, &kind) != 2 || type < 0 || type > 4)
		return gdb_send_str(s->c, "E01");
	if (type <= 1)
		err = add ? dbg_bp_add(s->rp, addr, 1) : dbg_bp_remove(s->rp, addr);
	else if (add)
		err = dbg_watch_add(s->rp, addr, (int)kind,
				    type == 2 ? TASK_WATCH_WRITE : TASK_WATCH_ACCESS, 1);
	else
		err = dbg_watch_remove(s->rp, addr, (int)kind,
				       type == 2 ? TASK_WATCH_WRITE : TASK_WATCH_ACCESS);
	if (!err && add && type >= 2)
		s->watch_kind = type == 2 ? "watch" : type == 3 ? "rwatch" : "awatch";
	return gdb_send_str(s->c, err ? "E01" : "OK");
}

int srv_threads(struct srv *s)
{
	char out[4096];
	size_t o = 0;
	int i;

	out[o++] = 'm';
	for (i = 0; i < s->rp->ntasks && o < sizeof(out) - 20; i++) {
		struct rptask *x = s->rp->tasks[i];

		if (dbg_in_proc(s->rp, x) && x->state != RP_DONE && x->state != RP_NEW)
			o += snprintf(out + o, sizeof(out) - o, "%s%x", o > 1 ? "," : "",
				      x->rec_tid);
	}
	if (o == 1)
		return gdb_send_str(s->c, "l");
	return gdb_send(s->c, out, o);
}

/* "P n=value": gdb writes a register.  A value it already has is fine
 * (gdb rewrites the pc, and with it orig_rax, when it restarts or steps
 * over its own breakpoints); a change is refused. */
static int write_reg(struct srv *s, const char *arg)
{
	char now[80], *eq = strchr(arg, '=');
	int at_sc, regno = (int)strtol(arg, NULL, 16);
	struct rptask *x = regs_of(s, &at_sc);

	if (!eq || !x)
		return gdb_send_str(s->c, "E01");
	if (regno == 57)	/* orig_rax: only syscall restarting reads it */
		return gdb_send_str(s->c, "OK");
	if (gdb_reg_hex(&x->t, regno, at_sc, now) > 0 && !strcasecmp(now, eq + 1))
		return gdb_send_str(s->c, "OK");
	msg_warn("debugger: gdb tried to change the replayed program; refused");
	return gdb_send_str(s->c, READ_ONLY);
}

/* Runs forward (continue or a step of one thread) and reports. */
static int resume(struct srv *s, int step, pid_t tid)
{
	struct rp *rp = s->rp;
	struct dbg *d = rp->dbg;
	struct dbg_pos from;
	struct rptask *x;

	if (s->broken || d->stop == DS_END || d->stop == DS_EXITED)
		return srv_send_stop(s);
	if (dbg_here(rp, &from))
		from.kind = -1;
	d->mode = RUN_CONT;
	d->step_tid = 0;
	d->step_started = 0;
	if (step) {
		x = dbg_task(rp, tid > 0 ? tid : d->stop_tid);
		if (!x || !dbg_in_proc(rp, x))
			x = reg_task(s);
		d->step_tid = x ? x->rec_tid : 0;
		/* In the kernel already: its step ends when the call does. */
		d->step_started = x && (x->state == RP_AT_ENTRY || x->state == RP_IN_KERNEL);
	}
	d->conn = s->c;
	dbg_run(rp);
	d->conn = NULL;
	d->step_tid = 0;
	if (!d->pos_known && from.kind >= 0 && dbg_resolve(rp, &from))
		d->stop = DS_ERROR;
	return srv_send_stop(s);
}

static int vcont(struct srv *s, const char *pkt)
{
	const char *p = pkt + 5;
	pid_t tid = 0;
	int step = 0;

	if (!strcmp(pkt, "vCont?"))
		return gdb_send_str(s->c, "vCont;c;C;s;S");
	while (*p == ';') {
		char act = p[1];

		p += 2;
		if (act == 'C' || act == 'S')
			p += 2;		/* a signal: the recording decides */
		if ((act == 's' || act == 'S') && !step) {
			step = 1;
			tid = *p == ':' ? (pid_t)strtol(p + 1, NULL, 16) : 0;
		}
		while (*p && *p != ';')
			p++;
	}
	return resume(s, step, tid);
}

static int reverse(struct srv *s, int step)
{
	struct rp *rp = s->rp;
	int err;

	s->broken = 0;
	err = step ? dbg_reverse_step(rp, s->gtid > 0 ? s->gtid : rp->dbg->stop_tid) :
		     dbg_reverse_continue(rp);
	if (err) {
		msg_debug("debugger: going back failed: %s", strerror(-err));
		return gdb_send_str(s->c, "E01");
	}
	return srv_send_stop(s);
}

static int restart(struct srv *s)
{
	struct dbg_pos p = { .ev = s->rp->dbg->start_ev, .kind = POS_BOUNDARY };

	s->broken = 0;
	if (dbg_seek(s->rp, &p))
		return gdb_send_str(s->c, "E01");
	s->rp->dbg->stop = DS_NONE;
	return srv_send_stop(s);
}

/* One packet; 1 when gdb is done with us (kill, detach). */
static int handle(struct srv *s, const char *pkt, size_t len)
{
	switch (pkt[0]) {
	case '?':
		return srv_send_stop(s);
	case '!':
		return gdb_send_str(s->c, "OK");
	case 'g':
		return send_regs(s);
	case 'p':
		return send_reg(s, pkt + 1);
	case 'P':
		return write_reg(s, pkt + 1);
	case 'G':
	case 'M':
	case 'X':
		msg_warn("debugger: gdb tried to change the replayed program; refused");
		return gdb_send_str(s->c, READ_ONLY);
	case 'm':
		return send_mem(s, pkt + 1);
	case 'H':
		s->gtid = (pid_t)strtol(pkt + 2, NULL, 16);
		return gdb_send_str(s->c, "OK");
	case 'T':
		return gdb_send_str(s->c, dbg_task(s->rp, (pid_t)strtol(pkt + 1, NULL, 16)) ?
				    "OK" : "E01");
	case 'Z':
	case 'z':
		return point(s, pkt);
	case 'c':
		return resume(s, 0, 0);
	case 's':
		return resume(s, 1, s->gtid);
	case 'b':
		if (pkt[1] == 'c' || pkt[1] == 's')
			return reverse(s, pkt[1] == 's');
		break;
	case 'D':
		gdb_send_str(s->c, "OK");
		return 1;
	case 'k':
		return 2;
	case 'v':
		if (!strncmp(pkt, "vCont", 5))
			return vcont(s, pkt);
		if (!strncmp(pkt, "vRun", 4))
			return restart(s);
		if (!strncmp(pkt, "vKill", 5))
			return gdb_send_str(s->c, "OK");
		if (!strncmp(pkt, "vFile:", 6))
			return srv_file(s, pkt);
		break;
	case 'q':
	case 'Q':
		return srv_query(s, pkt, len);
	default:
		break;
	}
	return gdb_send_str(s->c, "");
}

static int wait_gdb(struct srv *s, int lfd)
{
	int err = gdb_accept(s->c, lfd);

	if (err == -EINTR && *s->c->stop)
		return err;
	if (err)
		return msg_errno(err, "debugger: accepting gdb's connection");
	msg_debug("gdb connected");
	return 0;
}

/* Runs up to where the session begins: the process asked for and the
 * event asked for. */
static int find_start(struct rp *rp, const struct gdb_opts *o)
{
	struct dbg *d = rp->dbg;
	pid_t want = o->pid ? o->pid : rp->tasks[0]->proc->rec_pid;
	int i, err;

	for (;;) {
		int found = 0;

		for (i = 0; i < rp->ntasks; i++) {
			struct rptask *x = rp->tasks[i];

			if (x->proc->rec_pid == want && x->state != RP_DONE &&
			    (o->onfork || x->proc->execs > 0))
				found = 1;
		}
		if (found && rp->idx >= o->goto_ev)
			break;
		if (rp->at_end || rp->ev.type == TRACE_EV_END) {
			if (!found)
				msg_err("process %d %s in this trace", want, o->onfork ?
					"is not created" : "never runs a program of its own");
			else
				msg_err("event %llu is past the end of the trace (%llu events)",
					(unsigned long long)o->goto_ev,
					(unsigned long long)rp->idx);
			return -ESRCH;
		}
		err = rp_replay_event(rp);
		if (err)
			return err < 0 ? err : -EPROTO;
	}
	for (i = 0; i < rp->ntasks; i++)
		if (rp->tasks[i]->proc->rec_pid == want) {
			err = rp_first_stop(rp, rp->tasks[i]);
			if (err)
				return err;
		}
	d->pid = want;
	d->start_ev = rp->idx;
	d->echo_from = rp->idx;
	d->stop_tid = rp->tasks[0]->rec_tid;
	for (i = 0; i < rp->ntasks; i++)
		if (dbg_in_proc(rp, rp->tasks[i]) && rp->tasks[i]->state != RP_DONE) {
			d->stop_tid = rp->tasks[i]->rec_tid;
			break;
		}
	return 0;
}

static void launch_gdb(const char *host, int port)
{
	char target[128];

	snprintf(target, sizeof(target), "target extended-remote %s:%d", host, port);
	tsc_untrap_self();
	execlp("gdb", "gdb", "-q", "-ex", "set remotetimeout 600", "-ex", target,
	       (char *)NULL);
	msg_errno(-errno, "cannot run gdb");
	_exit(127);
}

int gdb_serve(struct rp *rp, const struct gdb_opts *o)
{
	static struct gdb_conn conn = { .fd = -1 };
	struct dbg d = { 0 };
	struct srv s = { .rp = rp, .c = &conn, .watch_kind = "watch" };
	const char *host = o->host ? o->host : "127.0.0.1";
	int port = o->port, lfd, err, done = 0;
	pid_t gdb_pid = 0;

	if (strcmp(host, "127.0.0.1"))
		msg_warn("listening on %s: anyone who can reach it can read the "
			 "recorded program's memory", host);
	lfd = gdb_listen(host, &port);
	if (lfd < 0)
		return EXIT_RRSUP;
	if (o->launch) {
		/* gdb stays in the foreground; we serve from a child. */
		gdb_pid = fork();
		if (gdb_pid < 0)
			return msg_errno(-errno, "fork"), EXIT_RRSUP;
		if (gdb_pid > 0) {
			close(lfd);
			launch_gdb(host, port);
		}
		signal(SIGINT, SIG_IGN);
	}
	conn.stop = rp_stop_flag();
	d.ckpt_every_ms = getenv("RRSUP_CHECKPOINT_MS") ?
			  atol(getenv("RRSUP_CHECKPOINT_MS")) : DBG_CKPT_MS;
	rp->dbg = &d;
	err = rp_start(rp);
	if (!err)
		err = find_start(rp, o);
	if (!err && !o->launch)
		fprintf(stderr, "rrsup: waiting for gdb on %s:%d: in gdb, "
			"target extended-remote %s:%d\n", host, port, host, port);
	signal(SIGPIPE, SIG_IGN);
	while (!err && !done && !*conn.stop) {
		if (wait_gdb(&s, lfd))
			break;
		for (;;) {
			size_t len;
			int r = gdb_recv(&conn, &len);

			if (r < 0 || *conn.stop)
				break;		/* gone: wait for the next one */
			if (r == 0)
				continue;	/* Ctrl-C while stopped */
			msg_debug("gdb -> %.200s", conn.pkt);
			r = handle(&s, conn.pkt, len);
			if (r == 2 || (r == 1 && o->launch)) {
				done = 1;
				break;
			}
			if (r)
				break;
		}
		gdb_close(&conn);
		srv_file_close_all();
		if (o->launch)
			done = 1;
	}
	close(lfd);
	dbg_ckpt_free(rp);
	rp_free_tasks(rp);
	rp_mm_cleanup(rp);
	free(d.bps);
	rp->dbg = NULL;
	return err ? EXIT_RRSUP : 0;
}
