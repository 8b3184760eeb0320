/* An asynchronous SIGALRM ends a busy-wait that changes nothing
 * (while (!fired);).  Such an idempotent spin can be replayed exactly
 * without a branch counter: stopping at the first pass through the loop
 * with that state is equivalent.  Three rounds, the handler reads the clock.
 * rrsup-test: varies timeout=30 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t fired;
static struct timespec when[3];

static void on_alarm(int sig)
{
	(void)sig;
	clock_gettime(CLOCK_MONOTONIC, &when[fired < 3 ? fired : 2]);
	fired++;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	for (int round = 0; round < 3; round++) {
		struct itimerval it = { { 0, 0 }, { 0, 3000 } };
		setitimer(ITIMER_REAL, &it, NULL);
		while (fired == round)
			;
		printf("itimer_idle_spin: round %d fired %d at %lld.%09ld\n", round, (int)fired,
		       (long long)when[round].tv_sec, when[round].tv_nsec);
	}
	return 0;
}
