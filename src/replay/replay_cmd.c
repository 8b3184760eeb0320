/* rrsup replay: its options, plain replay to the end, or a gdb session. */
#include "replay.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>

#include "gdb_server.h"
#include "sched/sched.h"
#include "supervisor/cmd.h"
#include "supervisor/cpu.h"
#include "supervisor/tsc.h"
#include "util/msg.h"

static volatile sig_atomic_t stop_signal;

volatile sig_atomic_t *rp_stop_flag(void)
{
	return &stop_signal;
}

/* task_wait looks at task_interrupt and then sleeps in waitpid: a stop
 * signal landing in between would be seen only at the program's next
 * stop, which a replay that computes may not reach for minutes.  So the
 * stop signal also starts a 1 ms timer whose (empty) handler interrupts
 * that waitpid; replay_loop stops it once it has seen the flag. */
static void on_retry(int sig)
{
	(void)sig;
}

static volatile sig_atomic_t retry_armed;	/* replay_loop runs */

static void on_stop_signal(int sig)
{
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };

	stop_signal = sig;
	task_interrupt = 1;
	if (retry_armed)
		setitimer(ITIMER_REAL, &it, NULL);
}

static void retry_off(void)
{
	static const struct itimerval off;

	retry_armed = 0;
	setitimer(ITIMER_REAL, &off, NULL);
}

static int stopped(void)
{
	retry_off();
	return 128 + stop_signal;
}

/* Returns the exit status replay ends with. */
static int replay_loop(struct rp *rp)
{
	int err;

	for (;;) {
		if (stop_signal)
			return stopped();
		if (rp->at_end)
			return rp->main_status;
		if (rp->ev.type == TRACE_EV_END) {
			msg_err("the recording ends here: %.*s", (int)rp->ev.extra_len,
				(const char *)rp->extra);
			return (int)rp->ev.ret;
		}
		if (rp->ev.type == TRACE_EV_EXIT && rp->ev.tid == rp->tasks[0]->rec_tid)
			rp->main_status = cmd_exit_status((int)rp->ev.ret);
		err = rp_replay_event(rp);
		if (err == -EINTR && stop_signal)
			return stopped();
		if (err)
			return err;
	}
}

#define REPLAY_USAGE "usage: rrsup replay [-q] [--gdb | -s PORT] [-g EVENT] " \
	"[-p PID | --onfork PID] [--dbghost HOST] [TRACE]\n"

static int replay_opts(int argc, char **argv, struct rp *rp, const char **dir,
		       struct gdb_opts *g)
{
	enum { OPT_GDB = 256, OPT_ONFORK, OPT_DBGHOST };
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "gdb", no_argument, NULL, OPT_GDB },
		{ "serve", required_argument, NULL, 's' },
		{ "goto", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "onfork", required_argument, NULL, OPT_ONFORK },
		{ "dbghost", required_argument, NULL, OPT_DBGHOST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "qs:g:p:h", opts, NULL)) != -1) {
		if (c == 's' || c == 'g' || c == 'p' || c == OPT_ONFORK) {
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 0 || (c == 's' && v > 65535)) {
				msg_err("%s: not a valid %s", optarg,
					c == 's' ? "port" : c == 'g' ? "event number" : "pid");
				return -EINVAL;
			}
		}
		switch (c) {
		case 'q':
			rp->quiet = 1;
			break;
		case OPT_GDB:
			g->serve = g->launch = 1;
			break;
		case 's':
			g->serve = 1;
			g->port = (int)v;
			break;
		case 'g':
			g->goto_ev = (uint64_t)v;
			break;
		case 'p':
		case OPT_ONFORK:
			g->pid = (pid_t)v;
			g->onfork = c == OPT_ONFORK;
			break;
		case OPT_DBGHOST:
			g->host = optarg;
			break;
		case 'h':
		default:
			fprintf(c == 'h' ? stdout : stderr, REPLAY_USAGE);
			return c == 'h' ? 1 : -EINVAL;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, REPLAY_USAGE);
		return -EINVAL;
	}
	if (!g->serve && (g->goto_ev || g->pid || g->host)) {
		msg_err("-g, -p, --onfork and --dbghost go with --gdb or -s PORT");
		return -EINVAL;
	}
	*dir = optind < argc ? argv[optind] : NULL;
	return 0;
}

int cmd_replay(int argc, char **argv)
{
	struct rp rp = { 0 };
	struct gdb_opts g = { 0 };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	const char *arg;
	int err, status, cpu;

	err = replay_opts(argc, argv, &rp, &arg, &g);
	if (err)
		return err > 0 ? 0 : 2;
	if (trace_dir_resolve(arg, rp.dir, sizeof(rp.dir)))
		return EXIT_RRSUP;
	if (trace_dir_live(rp.dir)) {
		msg_err("%s is still being recorded: replay it once rrsup record "
			"has finished", rp.dir);
		return EXIT_RRSUP;
	}
	if (trace_reader_open(&rp.r, rp.dir))
		return EXIT_RRSUP;
	if (trace_reader_header(rp.r)->version < TRACE_VERSION_REPLAY_MIN) {
		/* Format 1 digested unused argument registers too. */
		msg_err("%s: trace format %u was written by an older rrsup; this one "
			"replays formats %d to %d (dump and info still read it): record again",
			rp.dir, trace_reader_header(rp.r)->version, TRACE_VERSION_REPLAY_MIN,
			TRACE_VERSION);
		trace_reader_close(rp.r);
		return EXIT_RRSUP;
	}
	if (cpu_check_replay(&trace_reader_header(rp.r)->cpu)) {
		trace_reader_close(rp.r);
		return EXIT_RRSUP;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cpu = sched_pin_self();
	rp.cpu = cpu < 0 ? 0 : cpu;
	tsc_trap_self();	/* best effort: only slower without it */
	if (g.serve) {
		status = gdb_serve(&rp, &g);
		trace_reader_close(rp.r);
		return status;
	}
	sa.sa_handler = on_retry;	/* no SA_RESTART: waitpid returns */
	sigaction(SIGALRM, &sa, NULL);
	retry_armed = 1;
	err = rp_start(&rp);
	/* After the stub started: it must not inherit an ignored SIGPIPE.
	 * Ours: "rrsup replay | head" ends the echo, not the replay. */
	signal(SIGPIPE, SIG_IGN);
	status = err ? err : replay_loop(&rp);
	retry_off();
	rp_free_tasks(&rp);
	rp_mm_cleanup(&rp);
	trace_reader_close(rp.r);
	return status < 0 ? EXIT_RRSUP : status;
}
