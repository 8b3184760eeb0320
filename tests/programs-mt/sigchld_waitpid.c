/* SIGCHLD with waitpid in the handler: six children exit with statuses
 * 10..15 after different short sleeps; the handler reaps them with
 * waitpid(-1, WNOHANG) in a loop and logs the statuses, so the order and
 * the grouping per handler run depend on timing.
 * rrsup-test: varies */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NC 6

static volatile sig_atomic_t reaped;
static char log_[128];
static volatile int pos;

static void on_chld(int sig)
{
	int st, saved = errno;
	pid_t p;

	(void)sig;
	while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
		log_[pos++] = (char)('a' + WEXITSTATUS(st) - 10);
		reaped++;
	}
	log_[pos++] = '.';
	errno = saved;
}

int main(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	fflush(stdout);
	for (int i = 0; i < NC; i++) {
		if (fork() == 0) {
			usleep(100 + 60 * ((i * 4) % NC));
			_exit(10 + i);
		}
	}
	sigemptyset(&none);
	while (reaped < NC) {
		sigset_t block;

		sigemptyset(&block);
		sigaddset(&block, SIGCHLD);
		sigprocmask(SIG_BLOCK, &block, NULL);
		if (reaped < NC)
			sigsuspend(&none);
		sigprocmask(SIG_UNBLOCK, &block, NULL);
	}
	int left = 0;
	for (int i = 0; log_[i]; i++)
		left += log_[i] != '.';
	printf("reaped %d (%d logged)\nlog %s\n", (int)reaped, left, log_);
	return 0;
}
