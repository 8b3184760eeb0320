/* A SIGALRM handler on an alternate signal stack (SA_ONSTACK) that makes
 * system calls, interrupting a loop of them.  Under rrsup the signal is
 * delivered at a call the helper makes on its own stack, so the handler
 * interrupts frames on that stack while itself running elsewhere: its
 * calls must not take the helper stack's top (the recording looped
 * forever in the handler's calls before).  Prints the loop's sum and
 * whether the handler ran and saw the alternate stack in use.
 * rrsup-test: timeout=30 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/time.h>

static volatile int handled, on_alt;

static void on_alarm(int sig)
{
	stack_t cur;

	(void)sig;
	if (sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_ONSTACK))
		on_alt = 1;
	handled += getppid() > 0;
}

int main(void)
{
	stack_t ss = { .ss_sp = malloc(1 << 16), .ss_size = 1 << 16 };
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_ONSTACK | SA_RESTART };
	struct itimerval it = { { 0, 500 }, { 0, 500 } };
	long sum = 0;
	int i;

	if (!ss.ss_sp || sigaltstack(&ss, NULL) || sigaction(SIGALRM, &sa, NULL))
		return 1;
	setitimer(ITIMER_REAL, &it, NULL);
	for (i = 0; i < 200000; i++)
		sum += getppid() > 0;
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	printf("sum %ld, handler ran: %s, on the alternate stack: %s\n", sum,
	       handled ? "yes" : "no", on_alt ? "yes" : "no");
	return 0;
}
