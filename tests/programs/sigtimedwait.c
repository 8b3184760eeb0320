/* Blocked signals collected synchronously: sigtimedwait, sigwaitinfo,
 * a timed-out wait (EAGAIN) whose duration varies, sigpending.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	union sigval v = { .sival_int = 4242 };
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 4343;
	sigqueue(getpid(), SIGRTMIN, v);
	sigset_t pend;
	sigpending(&pend);
	printf("sigtimedwait: pending USR1 %d RTMIN %d\n", sigismember(&pend, SIGUSR1),
	       sigismember(&pend, SIGRTMIN));
	siginfo_t si;
	for (int i = 0; i < 3; i++) {
		int s = sigwaitinfo(&set, &si);
		printf("sigtimedwait: got %d (%s) code %d pid %d value %d\n", s,
		       s == SIGUSR1 ? "USR1" : "RTMIN", si.si_code, (int)si.si_pid,
		       s == SIGUSR1 ? 0 : si.si_value.sival_int);
	}
	struct timespec t0, t1, to = { 0, 3000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int s = sigtimedwait(&set, &si, &to);
	int e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sigtimedwait: timed out %d %s after %lld ns\n", s, strerrorname_np(e),
	       (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	return 0;
}
