/* An asynchronous SIGALRM interrupting a pure computation loop that makes
 * no syscalls and changes memory at every turn (a volatile counter).
 * Without a branch counter the delivery point cannot be found again by
 * running; rrsup saves the thread's whole state there instead and puts it
 * back at replay, so the handler sees the recorded counter.
 * rrsup-test: varies timeout=20 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t fired;
static volatile unsigned long counter, seen;

static void on_alarm(int sig)
{
	(void)sig;
	seen = counter;
	fired = 1;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	while (!fired)
		counter++;
	printf("itimer_spin: handler saw counter %lu, loop ended at %lu\n", seen, counter);
	return 0;
}
