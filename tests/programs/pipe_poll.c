/* Pipes within one process: short reads, O_NONBLOCK EAGAIN, poll with and
 * without data, a poll timeout whose length is measured, FIONREAD,
 * F_GETPIPE_SZ, EPIPE with SIGPIPE ignored.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	printf("pipe_poll: pipe2 %d\n", pipe2(p, O_NONBLOCK | O_CLOEXEC));
	char buf[128];
	ssize_t n = read(p[0], buf, sizeof buf);
	printf("pipe_poll: empty read %zd %s\n", n, strerrorname_np(errno));
	struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = poll(pf, 1, 4);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("pipe_poll: poll timeout %d revents %#x waited %lld us\n", r, pf[0].revents,
	       ((t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec) / 1000);
	printf("pipe_poll: write %zd\n", write(p[1], "hello pipe", 10));
	r = poll(pf, 2, 0);
	printf("pipe_poll: poll %d revents %#x %#x\n", r, pf[0].revents, pf[1].revents);
	int avail = 0;
	ioctl(p[0], FIONREAD, &avail);
	printf("pipe_poll: FIONREAD %d\n", avail);
	memset(buf, 0, sizeof buf);
	n = read(p[0], buf, 5);
	printf("pipe_poll: read %zd [%s]\n", n, buf);
	memset(buf, 0, sizeof buf);
	n = read(p[0], buf, sizeof buf);
	printf("pipe_poll: short read %zd [%s]\n", n, buf);
	printf("pipe_poll: pipe size %d\n", fcntl(p[1], F_GETPIPE_SZ));
	/* Fill the pipe. */
	static char big[1 << 16];
	long total = 0;
	while ((n = write(p[1], big, sizeof big)) > 0)
		total += n;
	printf("pipe_poll: filled %ld then %s\n", total, strerrorname_np(errno));
	r = poll(pf + 1, 1, 0);
	printf("pipe_poll: full poll %d revents %#x\n", r, pf[1].revents);
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	n = write(p[1], "x", 1);
	printf("pipe_poll: write to closed %zd %s\n", n, strerrorname_np(errno));
	close(p[1]);
	/* Blocking pipe: write then read a record with a timestamp in it. */
	if (pipe(p) != 0)
		return 1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	n = write(p[1], &ts, sizeof ts);
	struct timespec back;
	n = read(p[0], &back, sizeof back);
	printf("pipe_poll: timestamp through pipe %zd %lld.%09ld\n", n, (long long)back.tv_sec,
	       back.tv_nsec);
	close(p[1]);
	n = read(p[0], buf, 1);
	printf("pipe_poll: eof read %zd\n", n);
	return 0;
}
