/* Two different signals, then a real-time one twice, sent by a child
 * while the parent computes without system calls: the parent must take
 * every one of them (a standard signal sent twice may merge, these do
 * not).  rrsup holds a signal that arrives in the middle of user code
 * back to a point it can record; the ones that arrive meanwhile must
 * wait their turn, not be lost. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got1, got2, gotrt;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		got1++;
	else if (sig == SIGUSR2)
		got2++;
	else
		gotrt++;
}

int main(void)
{
	struct sigaction sa;
	volatile unsigned long spins = 0;
	pid_t parent = getpid(), pid;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGUSR2, &sa, NULL) ||
	    sigaction(SIGRTMIN + 1, &sa, NULL))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		/* Under rrsup the parent runs first and computes until it
		 * is preempted for this child (a sleep here would need a
		 * second preemption, which can come seconds later). */
		kill(parent, SIGUSR1);
		kill(parent, SIGUSR2);
		sigqueue(parent, SIGRTMIN + 1, (union sigval){ .sival_int = 1 });
		sigqueue(parent, SIGRTMIN + 1, (union sigval){ .sival_int = 2 });
		_exit(0);
	}
	/* No system call until all four came (or about 10 s of counting). */
	while ((!got1 || !got2 || gotrt < 2) && spins < 40000000000UL)
		spins++;
	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			return 1;
	if (!WIFEXITED(st))
		return 1;
	printf("SIGUSR1 %d, SIGUSR2 %d, SIGRTMIN+1 %d%s\n", (int)got1, (int)got2,
	       (int)gotrt, spins >= 40000000000UL ? " (gave up waiting)" : "");
	return 0;
}
