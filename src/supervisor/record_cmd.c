/* "rrsup record": options, set-up, the stop loop and winding down. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "cmd.h"
#include "cpu.h"
#include "record.h"
#include "snapshot.h"
#include "tsc.h"
#include "spawn.h"
#include "sched/sched.h"
#include "syscalls/sc.h"
#include "util/msg.h"

extern char **environ;

volatile sig_atomic_t rec_stop_signal;

static void on_rec_stop_signal(int sig)
{
	rec_stop_signal = sig;
	task_interrupt = 1;
	rec_timer_kick();
}

static void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_rec_stop_signal };
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	unsigned i;

	/* No SA_RESTART: waitpid must return so the loop can wind down. */
	sigemptyset(&sa.sa_mask);
	/* SIGPIPE stays as we found it: the program inherits ignored
	 * signals across execve, and must see what it would natively. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int cmd_exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_RRSUP;
}

static void usage(void)
{
	fprintf(stderr, "usage: rrsup record [-o DIR] [--no-syscall-buffer] [--] PROG [ARGS...]\n");
}

/* We were told to stop (SIGINT, SIGTERM, SIGHUP): end the trace here. */
static int stop_requested(struct rec *rc)
{
	char why[128];
	int err;

	snprintf(why, sizeof(why), "rrsup record got %s", strsignal(rec_stop_signal));
	msg_err("%s: stopping the program; the trace ends here", why);
	err = rec_end(rc, why, 128 + rec_stop_signal);
	return err ? err : -EINTR;
}

/* Returns the program's wait status, or a negative errno. */
static int record_loop(struct rec *rc)
{
	int status, sig, stop, err;

	for (;;) {
		if (!rc->cur) {
			err = rec_schedule(rc);
			if (err == 1)
				return rc->tasks[0]->t.exit_status;
			if (err == -EINTR && rec_stop_signal)
				return stop_requested(rc);
			if (err < 0)
				return err;
			continue;
		}
		rec_preempt_arm(rc);
		rc->cur->buf_fresh = 0;		/* it runs: it may buffer calls */
		stop = task_wait(&rc->cur->t, &status, &sig);
		/* The preemption timer is done with; a held-back signal's
		 * (a spin check's) runs on through the stops that follow,
		 * such as other signals arriving. */
		if (stop != -EINTR && rc->cur->preempt && !rc->cur->spin_check &&
		    !rc->cur->deferred_sig)
			rec_timer_disarm();
		if (stop == -EINTR && rec_stop_signal)
			return stop_requested(rc);
		if (stop == -EINTR) {
			err = rec_spin_timer(rc);
			if (err < 0)
				return err;
			continue;
		}
		switch (stop) {
		case STOP_EXITED:
			err = rec_put_exit(rc, rc->cur, status);
			break;
		case STOP_SECCOMP:
			err = rec_syscall(rc);
			break;
		case STOP_SIGNAL:
			err = rec_signal(rc, sig);
			break;
		default:
			err = stop < 0 ? stop : task_resume(&rc->cur->t, 0, 0);
			break;
		}
		if (err == -EINTR && rec_stop_signal)
			return stop_requested(rc);
		if (err)
			return err;
	}
}

static int fill_header(struct trace_header *h, const char *path, int argc,
		       char **argv, char *cwd)
{
	memset(h, 0, sizeof(*h));
	h->version = TRACE_VERSION;
	h->exe = (char *)path;
	h->argc = argc;
	h->argv = argv;
	for (h->envc = 0; environ[h->envc]; h->envc++)
		;
	h->envp = environ;
	if (!getcwd(cwd, PATH_MAX))
		strcpy(cwd, "?");
	h->cwd = cwd;
	h->start_time = time(NULL);
	cpu_identify(&h->cpu);
	return 0;
}

static void remember_outputs(struct rec *rc)
{
	int i;

	/* Output sent to /dev/null is not worth keeping for replay to show
	 * (and a program writing /dev/null itself would be kept whole). */
	for (i = 1; i <= 2; i++)
		rc->out_ok[i] = fstat(i, &rc->out_st[i]) == 0 &&
				!(S_ISCHR(rc->out_st[i].st_mode) &&
				  rc->out_st[i].st_rdev == makedev(1, 3));
}

static int open_trace(struct rec *rc, const char *outdir, const char *path,
		      int argc, char **argv, char *dir, size_t dirlen)
{
	struct trace_header h;
	char cwd[PATH_MAX], base[PATH_MAX];
	int err;

	if (outdir) {
		snprintf(dir, dirlen, "%s", outdir);
	} else {
		snprintf(base, sizeof(base), "%s", path);
		err = trace_dir_new(basename(base), dir, dirlen);
		if (err)
			return err;
	}
	fill_header(&h, path, argc, argv, cwd);
	return trace_writer_open(&rc->w, dir, &h);
}

/* Every process of the recording loads the helper (and so do the
 * processes they start, which inherit the environment).  The variable is
 * part of the recorded environment like any other. */
static int preload_helper(void)
{
	char path[PATH_MAX], *val;
	const char *old = getenv("LD_PRELOAD");
	int err = spawn_find_lib("librrsup-helper.so", path, sizeof(path));

	if (err)
		return err;
	if (old && *old) {
		if (asprintf(&val, "%s:%s", path, old) < 0)
			return -ENOMEM;
	} else {
		val = strdup(path);
	}
	if (!val || setenv("LD_PRELOAD", val, 1))
		err = -ENOMEM;
	free(val);
	return err;
}

static int parse_opts(int argc, char **argv, const char **outdir, int *no_buffer)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "no-syscall-buffer", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* "+": stop at the program's name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			*outdir = optarg;
			break;
		case 'B':
			*no_buffer = 1;
			break;
		case 'h':
			usage();
			exit(0);
		default:
			usage();
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		usage();
		return -EINVAL;
	}
	return optind;
}

int cmd_record(int argc, char **argv)
{
	struct rec rc = { 0 };
	struct rtask *main_task;
	const char *outdir = NULL;
	char path[PATH_MAX], dir[PATH_MAX];
	int first, cpu, err, status;

	first = parse_opts(argc, argv, &outdir, &rc.no_buffer);
	if (first < 0)
		return 2;
	if (!rc.no_buffer)
		rec_desched_warm();
	if (preload_helper())
		return EXIT_RRSUP;
	err = spawn_find(argv[first], path, sizeof(path));
	if (err)
		return err == -EACCES ? 126 : 127;
	rc.chunks = calloc(SC_MAX_REGIONS, sizeof(*rc.chunks));
	if (!rc.chunks)
		return EXIT_RRSUP;
	remember_outputs(&rc);
	cpu = sched_pin_self();
	if (cpu < 0)
		cpu = 0;
	/* Best effort: only slower without it. */
	tsc_trap_self();
	err = open_trace(&rc, outdir, path, argc - first, argv + first, dir,
			 sizeof(dir));
	if (err)
		return EXIT_RRSUP;
	/* RecordReplayGetRecordingId (driver API): the trace's name. */
	setenv("RRSUP_RECORDING_ID", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, 1);
	catch_stop_signals();
	main_task = calloc(1, sizeof(*main_task));
	rc.tasks = calloc(1, sizeof(*rc.tasks));
	err = main_task && rc.tasks ? 0 : -ENOMEM;
	if (!err)
		err = spawn_traced(&main_task->t, path, argv + first, NULL, cpu);
	if (err) {
		trace_writer_close(rc.w);
		free(main_task);
		free(rc.tasks);
		return err == -ENOENT || err == -ENOEXEC ? 127 : err == -EACCES ? 126 : EXIT_RRSUP;
	}
	main_task->desched_fd = -1;
	rc.tasks[rc.ntasks++] = main_task;
	rc.cur = main_task;
	main_task->state = RT_RUNNING;
	if (!outdir)
		trace_set_latest(dir);
	err = snapshot_record(&main_task->t, rc.w);
	if (!err)
		err = task_resume(&main_task->t, 0, 0);
	status = err ? err : record_loop(&rc);
	if (status < 0) {
		msg_debug("recording failed: %d", status);
		rec_end(&rc, "rrsup record failed", EXIT_RRSUP);
	}
	/* Write errors were reported where they happened; the exit status
	 * says the trace is incomplete. */
	if (trace_writer_close(rc.w))
		err = -EIO;
	rec_tasks_free(&rc);
	free(rc.chunks);
	free(rc.buf);
	shmap_free(&rc.shmaps);
	free(rc.echo_pre);
	msg_debug("recorded %llu events in %s", (unsigned long long)rc.nevents, dir);
	if (status == -EINTR)
		return 128 + rec_stop_signal;
	if (status < 0 || err)
		return EXIT_RRSUP;
	return cmd_exit_status(status);
}
