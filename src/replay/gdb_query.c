/* The gdb server's queries: what it supports, the target description,
 * auxv and the executable (so gdb finds the program and its shared
 * libraries), threads, and the "monitor" commands. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>

#include "dbg.h"
#include "gdb_conn.h"
#include "gdb_regs.h"
#include "gdb_srv_priv.h"
#include "util/msg.h"

/* Sends the part [off, off+len) of a document, qXfer style. */
static int xfer(struct srv *s, const void *doc, size_t size, const char *range)
{
	static char out[GDB_PKT_MAX];
	unsigned long long off, len;

	if (sscanf(range, "%llx,%llx", &off, &len) != 2)
		return gdb_send_str(s->c, "E01");
	if (off >= size)
		return gdb_send_str(s->c, "l");
	if (len > size - off)
		len = size - off;
	if (len > sizeof(out) - 1)
		len = sizeof(out) - 1;
	out[0] = off + len < size ? 'm' : 'l';
	memcpy(out + 1, (const char *)doc + off, len);
	return gdb_send(s->c, out, len + 1);
}

/* The debugged process's auxv, where its image's entry left it: above
 * argc, argv and envp on the stack. */
int srv_auxv(struct srv *s, uint64_t *v, size_t cap)
{
	struct rptask *x = dbg_some_task(s->rp);
	uint64_t p, w;
	size_t n = 0;

	if (!x || !x->proc->entry_sp ||
	    dbg_read_mem(s->rp, x->proc->entry_sp, &w, 8))
		return -ESRCH;
	p = x->proc->entry_sp + 8 * (w + 2);	/* argc, argv, NULL */
	do {
		if (dbg_read_mem(s->rp, p, &w, 8))
			return -EFAULT;
		p += 8;
	} while (w);
	while (n + 2 <= cap) {
		if (dbg_read_mem(s->rp, p, v + n, 16))
			return -EFAULT;
		p += 16;
		n += 2;
		if (v[n - 2] == AT_NULL)
			return (int)n;
	}
	return -E2BIG;
}

/* The file mapped at the program's entry point: the copy in the trace,
 * which is what ran even if the original changed since. */
int srv_exec_file(struct srv *s, char *path, size_t cap)
{
	struct rptask *x = dbg_some_task(s->rp);
	uint64_t v[128], entry = 0;
	char maps[64], line[1400];
	unsigned long long lo, hi;
	int n = srv_auxv(s, v, 128), i, ok = -ENOENT;
	FILE *f;

	for (i = 0; i + 1 < n; i += 2)
		if (v[i] == AT_ENTRY)
			entry = v[i + 1];
	if (!x || !entry)
		return -ESRCH;
	snprintf(maps, sizeof(maps), "/proc/%d/maps", x->t.tid);
	f = fopen(maps, "r");
	if (!f)
		return -errno;
	while (ok && fgets(line, sizeof(line), f)) {
		char *slash = strchr(line, '/');

		if (sscanf(line, "%llx-%llx", &lo, &hi) != 2 || entry < lo ||
		    entry >= hi || !slash)
			continue;
		slash[strcspn(slash, "\n")] = 0;
		snprintf(path, cap, "%s", slash);
		ok = 0;
	}
	fclose(f);
	return ok;
}

static void monitor_out(struct srv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void monitor_out(struct srv *s, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* 'O' packets, then "OK": a bare hex reply would end the command. */
	srv_console(s, text);
}

/* The processes alive at this point of the recording, by recorded pid,
 * with their threads; the one gdb debugs is marked. */
static void monitor_processes(struct srv *s)
{
	struct rp *rp = s->rp;
	char line[1024];
	int i, j;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];
		size_t o;
		int first = 1;

		if (x->state == RP_DONE)
			continue;
		for (j = 0; j < i; j++)
			if (rp->tasks[j]->proc == x->proc && rp->tasks[j]->state != RP_DONE)
				first = 0;
		if (!first)
			continue;
		o = snprintf(line, sizeof(line), "process %d%s, threads:", x->proc->rec_pid,
			     dbg_in_proc(rp, x) ? " (debugged)" : "");
		for (j = i; j < rp->ntasks && o < sizeof(line) - 16; j++)
			if (rp->tasks[j]->proc == x->proc && rp->tasks[j]->state != RP_DONE)
				o += snprintf(line + o, sizeof(line) - o, " %d",
					      rp->tasks[j]->rec_tid);
		snprintf(line + o, sizeof(line) - o, "\n");
		monitor_out(s, "%s", line);
	}
}

static int monitor(struct srv *s, const char *hexcmd)
{
	struct dbg *d = s->rp->dbg;
	char cmd[512] = { 0 };
	unsigned long long ev;
	struct dbg_pos p;
	long n = gdb_unhex(cmd, hexcmd, sizeof(cmd) - 1);

	if (n < 0)
		return gdb_send_str(s->c, "E01");
	cmd[n] = 0;
	if (!strcmp(cmd, "when")) {
		if (dbg_here(s->rp, &p))
			p.ev = s->rp->idx;
		monitor_out(s, "Current event: %llu%s\n", (unsigned long long)p.ev,
			    p.kind == POS_BOUNDARY ? "" : " (inside the run up to it)");
	} else if (sscanf(cmd, "goto %llu", &ev) == 1) {
		p = (struct dbg_pos){ .ev = ev, .kind = POS_BOUNDARY };
		if (ev < d->start_ev) {
			monitor_out(s, "event %llu is before this session's start (%llu)\n",
				    ev, (unsigned long long)d->start_ev);
		} else if (dbg_seek(s->rp, &p)) {
			monitor_out(s, "cannot go to event %llu\n", ev);
		} else {
			d->stop = DS_NONE;
			monitor_out(s, "Now before event %llu; run \"maintenance flush "
				    "register-cache\" to see the new state\n", ev);
		}
	} else if (!strcmp(cmd, "processes")) {
		monitor_processes(s);
	} else if (!strcmp(cmd, "checkpoints")) {
		char list[2048];

		dbg_ckpt_list(s->rp, list, sizeof(list));
		monitor_out(s, "%s", list);
	} else {
		monitor_out(s, "rrsup monitor commands:\n"
			    "  when          the current event number\n"
			    "  goto EVENT    go to just before event EVENT\n"
			    "  processes     the recording's processes alive now\n"
			    "  checkpoints   the checkpoints kept\n");
	}
	return gdb_send_str(s->c, "OK");
}

/* gdb numbers signals its own way (GDB_SIGNAL_*): the same as Linux's up
 * to 15, then they part. */
static const struct { int linux_sig, gdb_sig; } signos[] = {
	{ SIGSTKFLT, 0 }, { SIGCHLD, 20 }, { SIGCONT, 19 }, { SIGSTOP, 17 },
	{ SIGTSTP, 18 }, { SIGTTIN, 21 }, { SIGTTOU, 22 }, { SIGURG, 16 },
	{ SIGXCPU, 24 }, { SIGXFSZ, 25 }, { SIGVTALRM, 26 }, { SIGPROF, 27 },
	{ SIGWINCH, 28 }, { SIGIO, 23 }, { SIGPWR, 32 }, { SIGSYS, 12 },
	{ SIGBUS, 10 }, { SIGUSR1, 30 }, { SIGUSR2, 31 }, { SIGSEGV, 11 },
};

int gdb_signo(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(signos) / sizeof(signos[0]); i++)
		if (signos[i].linux_sig == sig)
			return signos[i].gdb_sig;
	if (sig >= 34 && sig <= 64)	/* SIGRTMIN..: GDB_SIGNAL_REALTIME_34.. */
		return sig == 34 ? 46 : sig - 35 + 45 + 2;
	return sig;
}

/* "QPassSignals:e;f;..." (gdb's numbers): those stop nobody. */
static void pass_signals(struct srv *s, const char *list)
{
	uint64_t mask = 0;
	int sig;

	while (*list) {
		int g = (int)strtol(list, NULL, 16);

		for (sig = 1; sig <= 64; sig++)
			if (gdb_signo(sig) == g)
				mask |= 1ULL << (sig - 1);
		list = strchr(list, ';');
		if (!list)
			break;
		list++;
	}
	s->rp->dbg->pass_sigs = mask;
}

static int supported(struct srv *s)
{
	return gdb_sendf(s->c, "PacketSize=%x;QStartNoAckMode+;qXfer:features:read+;"
			 "qXfer:auxv:read+;qXfer:exec-file:read+;swbreak+;hwbreak+;"
			 "ReverseStep+;ReverseContinue+;vContSupported+;QPassSignals+;"
			 "exec-events+",
			 GDB_PKT_MAX);
}

int srv_query(struct srv *s, const char *pkt, size_t len)
{
	static char path[1200];
	uint64_t v[128];
	int n;

	(void)len;
	if (!strncmp(pkt, "qSupported", 10))
		return supported(s);
	if (!strcmp(pkt, "QStartNoAckMode")) {
		n = gdb_send_str(s->c, "OK");
		s->c->noack = 1;
		return n;
	}
	if (!strncmp(pkt, "qXfer:features:read:target.xml:", 31))
		return xfer(s, gdb_target_xml(), strlen(gdb_target_xml()), pkt + 31);
	if (!strncmp(pkt, "qXfer:auxv:read::", 17)) {
		n = srv_auxv(s, v, 128);
		if (n < 0)
			return gdb_send_str(s->c, "E01");
		return xfer(s, v, n * 8, pkt + 17);
	}
	if (!strncmp(pkt, "qXfer:exec-file:read:", 21)) {
		const char *range = strchr(pkt + 21, ':');

		if (!range || srv_exec_file(s, path, sizeof(path)))
			return gdb_send_str(s->c, "E01");
		return xfer(s, path, strlen(path), range + 1);
	}
	if (!strcmp(pkt, "qfThreadInfo"))
		return srv_threads(s);
	if (!strcmp(pkt, "qsThreadInfo"))
		return gdb_send_str(s->c, "l");
	if (!strncmp(pkt, "qThreadExtraInfo,", 17)) {
		struct rptask *x = dbg_task(s->rp, (pid_t)strtol(pkt + 17, NULL, 16));
		char text[64], hex[130];

		snprintf(text, sizeof(text), "process %d of the recording",
			 x ? x->proc->rec_pid : 0);
		gdb_hex(hex, text, strlen(text));
		return gdb_send_str(s->c, hex);
	}
	if (!strcmp(pkt, "qC"))
		return gdb_sendf(s->c, "QC%x", s->rp->dbg->stop_tid);
	if (!strncmp(pkt, "qAttached", 9))
		return gdb_send_str(s->c, "1");
	if (!strncmp(pkt, "qRcmd,", 6))
		return monitor(s, pkt + 6);
	if (!strncmp(pkt, "QPassSignals:", 13)) {
		pass_signals(s, pkt + 13);
		return gdb_send_str(s->c, "OK");
	}
	if (!strncmp(pkt, "qSymbol", 7) || !strncmp(pkt, "QProgramSignals", 15))
		return gdb_send_str(s->c, "OK");
	return gdb_send_str(s->c, "");
}
