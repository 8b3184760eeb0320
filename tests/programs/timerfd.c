/* timerfd: one-shot and periodic timers read within the process; the
 * expiration counts and remaining times vary.
 * rrsup-test: varies */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	printf("timerfd: fd %d\n", fd);
	struct itimerspec its = { { 0, 1000000 }, { 0, 2000000 } }, cur;
	printf("timerfd: settime %d\n", timerfd_settime(fd, 0, &its, NULL));
	timerfd_gettime(fd, &cur);
	printf("timerfd: remaining %ld ns interval %ld ns\n", cur.it_value.tv_nsec,
	       cur.it_interval.tv_nsec);
	uint64_t exp;
	ssize_t n = read(fd, &exp, sizeof exp);
	printf("timerfd: first read %zd expirations %llu\n", n, (unsigned long long)exp);
	struct timespec ts = { 0, 5500000 };
	nanosleep(&ts, NULL);
	n = read(fd, &exp, sizeof exp);
	printf("timerfd: after 5.5ms %zd expirations %llu\n", n, (unsigned long long)exp);
	struct pollfd p = { fd, POLLIN, 0 };
	int r = poll(&p, 1, 100);
	printf("timerfd: poll %d revents %#x\n", r, p.revents);
	n = read(fd, &exp, sizeof exp);
	printf("timerfd: third read %zd expirations %llu\n", n, (unsigned long long)exp);
	/* Absolute one-shot on CLOCK_REALTIME. */
	int fd2 = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct itimerspec abs = { { 0, 0 }, { now.tv_sec + 100, now.tv_nsec } };
	timerfd_settime(fd2, TFD_TIMER_ABSTIME, &abs, NULL);
	timerfd_gettime(fd2, &cur);
	printf("timerfd: abs remaining %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	n = read(fd2, &exp, sizeof exp);
	printf("timerfd: nonblocking read %zd\n", n);
	close(fd);
	close(fd2);
	return 0;
}
