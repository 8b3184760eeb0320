/* A self-sent SIGUSR1 handled by an SA_SIGINFO handler (si_pid, si_uid,
 * si_code), then sigqueue with a value, then kill() to self, each printed
 * from the handler via write().
 * rrsup-test: varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int count;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	char buf[160];
	int n = snprintf(buf, sizeof buf,
			 "sigusr1_info: handler #%d sig %d code %d pid %d uid %d value %d\n",
			 ++count, sig, si->si_code, (int)si->si_pid, (int)si->si_uid,
			 si->si_code == SI_QUEUE ? si->si_value.sival_int : -1);
	if (write(1, buf, n) != n)
		_exit(9);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	printf("sigusr1_info: pid %d\n", (int)getpid());
	raise(SIGUSR1);
	union sigval v = { .sival_int = 31337 };
	sigqueue(getpid(), SIGUSR1, v);
	kill(getpid(), SIGUSR1);
	printf("sigusr1_info: handled %d\n", count);
	fprintf(stderr, "sigusr1_info: done\n");
	return 0;
}
