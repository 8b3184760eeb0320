/* A SIGALRM arrives while the program counts without system calls in a
 * loop that changes memory: rrsup records the thread's whole state there,
 * and replay (under gdb too) puts it back and delivers the signal.  The
 * handler must see, forwards and backwards, the counter the recording
 * printed. */
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
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	while (!fired)
		counter++;
	printf("seen=%lu\n", seen);
	return 0;
}
