/* epoll over a pipe, an eventfd and a timerfd in one process: ready
 * lists, user data round trip, EPOLLONESHOT, timeouts measured.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static long long mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int p[2];
	if (ep < 0 || pipe(p))
		return 1;
	int ev = eventfd(0, EFD_NONBLOCK);
	int tf = timerfd_create(CLOCK_MONOTONIC, 0);
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = 0x1111 };
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
	e.data.u64 = 0x2222;
	epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);
	e.data.u64 = 0x3333;
	e.events = EPOLLIN | EPOLLONESHOT;
	epoll_ctl(ep, EPOLL_CTL_ADD, tf, &e);
	int r = epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
	printf("epoll: double add %d %s\n", r, strerrorname_np(errno));
	struct epoll_event out[8];
	long long t0 = mono();
	int n = epoll_wait(ep, out, 8, 3);
	printf("epoll: idle wait %d after %lld us\n", n, (mono() - t0) / 1000);
	if (write(p[1], "x", 1) != 1)
		return 1;
	uint64_t one = 5;
	if (write(ev, &one, 8) != 8)
		return 1;
	n = epoll_wait(ep, out, 8, 100);
	printf("epoll: ready %d:", n);
	for (int i = 0; i < n; i++)
		printf(" %#llx/%#x", (unsigned long long)out[i].data.u64, out[i].events);
	printf("\n");
	struct itimerspec its = { { 0, 0 }, { 0, 1500000 } };
	timerfd_settime(tf, 0, &its, NULL);
	char c;
	if (read(p[0], &c, 1) != 1 || read(ev, &one, 8) != 8)
		return 1;
	printf("epoll: eventfd value %llu\n", (unsigned long long)one);
	t0 = mono();
	n = epoll_wait(ep, out, 8, 1000);
	printf("epoll: timer %d data %#llx after %lld us\n", n, (unsigned long long)out[0].data.u64,
	       (mono() - t0) / 1000);
	uint64_t exp;
	if (read(tf, &exp, 8) != 8)
		return 1;
	timerfd_settime(tf, 0, &its, NULL);
	n = epoll_wait(ep, out, 8, 5);
	printf("epoll: oneshot disarmed: %d\n", n);
	e.events = EPOLLIN;
	epoll_ctl(ep, EPOLL_CTL_MOD, tf, &e);
	n = epoll_wait(ep, out, 8, 100);
	printf("epoll: after MOD %d\n", n);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	n = epoll_pwait(ep, out, 8, 0, NULL);
	printf("epoll: pwait %d\n", n);
	close(ep);
	return 0;
}
