/* Signals interrupting blocking syscalls: read on an empty pipe without
 * SA_RESTART (EINTR), with SA_RESTART where the handler supplies the data
 * (the read restarts and gets it), nanosleep returning the time left
 * (varies), select.  (sigsuspend has its own program.)
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static volatile sig_atomic_t hits;

static void h_plain(int sig)
{
	(void)sig;
	hits++;
}

static void h_feed(int sig)
{
	(void)sig;
	hits++;
	if (write(pfd[1], "fed", 3) != 3)
		_exit(9);
}

static void set(void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

static void arm(long usec)
{
	struct itimerval it = { { 0, 0 }, { 0, usec } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	if (pipe(pfd))
		return 1;
	char buf[16] = { 0 };
	set(h_plain, 0);
	arm(3000);
	ssize_t n = read(pfd[0], buf, sizeof buf);
	printf("eintr: read without SA_RESTART %zd %s hits %d\n", n, strerrorname_np(errno), (int)hits);
	set(h_feed, SA_RESTART);
	arm(3000);
	n = read(pfd[0], buf, sizeof buf - 1);
	printf("eintr: read with SA_RESTART %zd [%s] hits %d\n", n, buf, (int)hits);
	set(h_plain, 0);
	arm(2000);
	struct timespec req = { 1, 0 }, rem = { 0, 0 };
	int r = nanosleep(&req, &rem);
	printf("eintr: nanosleep %d %s remaining %ld.%09ld\n", r, strerrorname_np(errno),
	       (long)rem.tv_sec, rem.tv_nsec);
	/* poll and epoll-style waits interrupted too. */
	arm(2000);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = select(0, NULL, NULL, NULL, &(struct timeval){ 1, 0 });
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("eintr: select %d %s after %lld us\n", r, strerrorname_np(errno),
	       ((t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec) / 1000);
	return 0;
}
