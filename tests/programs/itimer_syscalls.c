/* An asynchronous SIGALRM (setitimer, 5 ms) interrupting a loop that makes
 * a syscall every iteration: the iteration at which the handler ran
 * varies natively and must be reproduced exactly.  Also alarm() + pause().
 * rrsup-test: varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t fired;
static volatile long at_iter;
static volatile long iter;

static void on_alarm(int sig)
{
	(void)sig;
	if (!fired)
		at_iter = iter;
	fired++;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 5000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	while (!fired) {
		getppid();
		iter++;
	}
	printf("itimer_syscalls: SIGALRM after %ld iterations (handler saw %ld)\n", iter, at_iter);
	struct itimerval cur;
	getitimer(ITIMER_REAL, &cur);
	printf("itimer_syscalls: timer now %ld.%06ld\n", (long)cur.it_value.tv_sec,
	       (long)cur.it_value.tv_usec);
	/* Periodic timer, 2 ms, counting syscalls between ticks. */
	fired = 0;
	it.it_interval.tv_usec = 2000;
	it.it_value.tv_usec = 2000;
	setitimer(ITIMER_REAL, &it, NULL);
	long per[4] = { 0 };
	long n = 0;
	int last = 0;
	while (fired < 4) {
		getppid();
		n++;
		if (fired != last) {
			per[last] = n;
			last = fired;
			n = 0;
		}
	}
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	printf("itimer_syscalls: per tick %ld %ld %ld %ld\n", per[0], per[1], per[2], per[3]);
	/* pause() until an alarm. */
	fired = 0;
	ualarm(3000, 0);
	int r = pause();
	printf("itimer_syscalls: pause returned %d fired %d\n", r, (int)fired);
	return 0;
}
