/* sigsuspend: SIGALRM blocked, a 2 ms timer armed, then sigsuspend with an
 * empty mask returns EINTR after the handler ran; the mask is back to
 * blocking SIGALRM afterwards.  Then the same with SIGUSR1 already pending.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits;

static void h(int sig)
{
	(void)sig;
	hits++;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t block, waitmask, cur;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sigemptyset(&waitmask);
	int r = sigsuspend(&waitmask);
	int e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sigsuspend: %d %s hits %d after %lld us\n", r, strerrorname_np(e), (int)hits,
	       ((t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec) / 1000);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("sigsuspend: ALRM blocked again %d\n", sigismember(&cur, SIGALRM));
	raise(SIGUSR1);
	r = sigsuspend(&waitmask);
	printf("sigsuspend: with USR1 pending %d %s hits %d\n", r, strerrorname_np(errno), (int)hits);
	return 0;
}
