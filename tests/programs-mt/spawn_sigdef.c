/* posix_spawn's child (a vfork child on the parent's memory, and under
 * rrsup on the parent's syscall buffer) resets every signal handler
 * before it execs: with handlers, ignored signals and a blocked one in
 * the parent, and POSIX_SPAWN_SETSIGDEF / SETSIGMASK, twenty spawned
 * copies of this program print the signal state they start with, while a
 * second thread of the parent makes calls of its own.  The parent then
 * prints its own handlers and mask, which the children must not have
 * changed.  No scheduling shows in the output.
 * rrsup-test: */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void on_sig(int s)
{
	(void)s;
}

/* SigBlk, SigIgn and SigCgt lines of /proc/self/status, one line. */
static void show_status(const char *who)
{
	char line[256], out[512] = "";
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "SigBlk", 6) || !strncmp(line, "SigIgn", 6) ||
		    !strncmp(line, "SigCgt", 6)) {
			line[strcspn(line, "\n")] = ' ';
			strncat(out, line, sizeof(out) - strlen(out) - 1);
		}
	fclose(f);
	printf("%s: %s\n", who, out);
	fflush(stdout);
}

static void *busy(void *arg)
{
	struct sigaction sa;
	int i, n = 0;

	(void)arg;
	for (i = 0; i < 2000; i++) {
		n += sigaction(SIGHUP, NULL, &sa) == 0;
		n += getppid() > 0;
	}
	return (void *)(long)n;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sig };
	posix_spawnattr_t at;
	sigset_t def, mask;
	pthread_t th;
	void *n;
	pid_t pid;
	int i, st, bad = 0;

	if (argc == 2 && !strcmp(argv[1], "child")) {
		show_status("child");
		return 7;
	}
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	posix_spawnattr_init(&at);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);	/* back to default; SIGXFSZ stays ignored */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setsigmask(&at, &mask);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	pthread_create(&th, NULL, busy, NULL);
	for (i = 0; i < 20; i++) {
		char *av[] = { "spawn_sigdef", "child", NULL };

		if (posix_spawn(&pid, "/proc/self/exe", NULL, i % 2 ? &at : NULL,
				av, environ) != 0)
			return 1;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7)
			bad++;
	}
	pthread_join(th, &n);
	posix_spawnattr_destroy(&at);
	show_status("parent");
	printf("bad children %d, thread calls %ld\n", bad, (long)n);
	return 0;
}
