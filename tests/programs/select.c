/* select and pselect on pipes: ready sets, a timeout whose remainder
 * Linux writes back (varies), an invalid fd.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	if (pipe(p))
		return 1;
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	struct timeval tv = { 0, 3000 };
	int r = select(p[1] + 1, &rd, &wr, NULL, &tv);
	printf("select: %d rd %d wr %d remaining %ld us\n", r, FD_ISSET(p[0], &rd),
	       FD_ISSET(p[1], &wr), (long)tv.tv_usec);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 2500;
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select: timeout %d remaining %ld us\n", r, (long)tv.tv_usec);
	if (write(p[1], "abc", 3) != 3)
		return 1;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select: data %d rd %d remaining>4s %d\n", r, FD_ISSET(p[0], &rd), tv.tv_sec >= 4);
	printf("select: remaining usec %ld\n", (long)tv.tv_usec);
	struct timespec ts = { 0, 1000000 };
	sigset_t mask;
	sigemptyset(&mask);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = pselect(p[0] + 1, &rd, NULL, NULL, &ts, &mask);
	printf("pselect: %d rd %d\n", r, FD_ISSET(p[0], &rd));
	FD_ZERO(&rd);
	FD_SET(200, &rd);
	tv.tv_usec = 1000;
	r = select(201, &rd, NULL, NULL, &tv);
	printf("select: bad fd %d %s\n", r, strerrorname_np(errno));
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	printf("select: finished at %lld.%09ld\n", (long long)now.tv_sec, now.tv_nsec);
	return 0;
}
