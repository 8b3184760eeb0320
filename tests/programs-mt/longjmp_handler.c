/* A signal handler that longjmps out: an interval timer's SIGALRM
 * interrupts a loop of system calls, and the handler siglongjmps back to
 * main, which records how many calls the loop had made; five rounds, the
 * counts depend on timing.  Single-threaded, single-process.
 * rrsup-test: native-variants=5 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile long calls;

static void on_alrm(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 300 } };
	long counts[5];
	sigset_t cur;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	for (volatile int r = 0; r < 5; r++) {
		calls = 0;
		if (sigsetjmp(env, 1) == 0) {
			setitimer(ITIMER_REAL, &it, NULL);
			for (;;) {
				getppid();
				calls++;
			}
		}
		counts[r] = calls;
	}
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("SIGALRM unblocked after the jumps: %d\n", !sigismember(&cur, SIGALRM));
	printf("calls before each alarm:");
	for (int r = 0; r < 5; r++)
		printf(" %ld", counts[r]);
	printf("\n");
	return 0;
}
