/* kill(2) between two processes of the recording: parent and child play
 * SIGUSR1 ping-pong ten times (each waits in sigsuspend), then the child
 * counts with short sleeps until the parent sends SIGTERM after a while;
 * the child's handler writes how far it got into a pipe.
 * rrsup-test: varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t pings, count;
static int pfd[2];

static void on_usr1(int sig)
{
	(void)sig;
	pings++;
}

static void on_term(int sig)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%d", (int)count);

	(void)sig;
	if (write(pfd[1], s, n) < 0)
		_exit(2);
	_exit(42);
}

int main(void)
{
	struct sigaction sa;
	sigset_t usr1, old;
	pid_t child, parent = getpid();
	char buf[32];
	ssize_t n;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	if (pipe(pfd))
		return 1;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		sa.sa_handler = on_term;
		sigaction(SIGTERM, &sa, NULL);
		for (int i = 0; i < 10; i++) {
			while (pings <= i)
				sigsuspend(&old);
			kill(parent, SIGUSR1);
		}
		for (;;) {
			count++;
			usleep(10);
		}
	}
	for (int i = 0; i < 10; i++) {
		kill(child, SIGUSR1);
		while (pings <= i)
			sigsuspend(&old);
	}
	usleep(1500);
	kill(child, SIGTERM);
	waitpid(child, &st, 0);
	close(pfd[1]);
	n = read(pfd[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("pings %d, child exited %d, it counted %s\n", (int)pings, WEXITSTATUS(st), buf);
	return 0;
}
