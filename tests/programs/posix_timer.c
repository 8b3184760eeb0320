/* POSIX timers delivering SIGRTMIN (SIGEV_SIGNAL), collected with
 * sigwaitinfo: the overrun count and timer values vary.
 * rrsup-test: varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_value.sival_int = 1234;
	timer_t t;
	if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0) {
		perror("timer_create");
		return 1;
	}
	struct itimerspec its = { { 0, 500000 }, { 0, 1000000 } };
	timer_settime(t, 0, &its, NULL);
	for (int i = 0; i < 3; i++) {
		siginfo_t si;
		int s = sigwaitinfo(&set, &si);
		printf("posix_timer: sig %d code %d value %d overrun %d\n", s, si.si_code,
		       si.si_value.sival_int, si.si_overrun);
		struct timespec ts = { 0, 2000000 };
		nanosleep(&ts, NULL);
	}
	struct itimerspec cur;
	timer_gettime(t, &cur);
	printf("posix_timer: left %ld ns, getoverrun %d\n", cur.it_value.tv_nsec, timer_getoverrun(t));
	timer_delete(t);
	return 0;
}
