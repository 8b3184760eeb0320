/* Unblocking a pending signal delivers it before sigprocmask returns
 * (POSIX), whichever way the call is made: SIG_UNBLOCK and SIG_SETMASK,
 * with one and with two signals pending.  Then many unblocking calls with
 * nothing pending (the helper makes those without a stop) while a 200 us
 * interval timer fires: the handler counts, and the program prints how
 * many calls saw a new tick.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2, alrm;

static void h(int sig)
{
	if (sig == SIGUSR1)
		usr1++;
	else if (sig == SIGUSR2)
		usr2++;
	else
		alrm++;
}

static void block(int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 200 }, { 0, 200 } };
	sigset_t s, none;
	int i, seen = 0, last = 0, now, bad = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&none);

	block(SIGUSR1, 0);
	raise(SIGUSR1);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	now = usr1;
	bad += now != 1;
	printf("SIG_UNBLOCK with USR1 pending: handler ran %d before return\n", now);

	block(SIGUSR1, SIGUSR2);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, &none, NULL);
	now = usr1 + usr2;
	bad += now != 3;
	printf("SIG_SETMASK with USR1 and USR2 pending: %d before return\n", now);

	block(SIGUSR2, 0);
	raise(SIGUSR2);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	now = usr2;
	bad += now != 2;
	printf("pthread_sigmask with USR2 pending: usr2 %d before return\n", now);

	setitimer(ITIMER_REAL, &it, NULL);
	for (i = 0; i < 20000; i++) {
		block(SIGALRM, 0);
		sigprocmask(SIG_SETMASK, &none, NULL);
		now = alrm;
		if (now != last)
			seen++;
		last = now;
	}
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	printf("ticks: %d, calls that saw a new one: %d\n", (int)alrm, seen);
	return bad;
}
