/* A signal handler that makes buffered calls (clock_gettime, getpid,
 * write to a pipe) while the main loop makes buffered calls too; SIGALRM
 * from an interval timer.  How many calls ran between the signals
 * depends on timing.
 * rrsup-test: varies buffered */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static volatile sig_atomic_t hits;
static long when[5];

static void on_alarm(int sig)
{
	struct timespec t;
	char c = (char)('0' + hits);

	(void)sig;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (hits < 5)
		when[hits] = t.tv_nsec % 1000;
	if (write(pfd[1], &c, 1) != 1)
		_exit(1);
	getpid();
	hits++;
}

int main(void)
{
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	struct sigaction sa;
	long loops = 0;
	char buf[8];

	if (pipe(pfd))
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	while (hits < 5) {
		getppid();
		loops++;
	}
	setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);
	printf("read %zd [%.5s] loops %ld\n", read(pfd[0], buf, 5), buf, loops);
	for (int i = 0; i < 5; i++)
		printf("hit %d at %ld\n", i, when[i]);
	return 0;
}
