/* nanosleep, clock_nanosleep (relative and TIMER_ABSTIME), usleep,
 * measured with clock_gettime: the elapsed times vary.
 * rrsup-test: varies */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	long long t0 = now(CLOCK_MONOTONIC);
	struct timespec req = { 0, 2000000 }, rem = { 7, 7 };
	int r = nanosleep(&req, &rem);
	long long t1 = now(CLOCK_MONOTONIC);
	printf("nanosleep: nanosleep 2ms -> %d rem %ld.%ld slept %lld ns\n", r,
	       (long)rem.tv_sec, rem.tv_nsec, t1 - t0);
	req.tv_nsec = 3000000;
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	long long t2 = now(CLOCK_MONOTONIC);
	printf("nanosleep: clock_nanosleep rel 3ms -> %d slept %lld ns\n", r, t2 - t1);
	struct timespec abs;
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 1500000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
	long long t3 = now(CLOCK_REALTIME);
	printf("nanosleep: abs realtime -> %d overshoot %lld ns\n", r,
	       t3 - (abs.tv_sec * 1000000000LL + abs.tv_nsec));
	usleep(1000);
	long long t4 = now(CLOCK_MONOTONIC);
	printf("nanosleep: usleep 1ms total since start %lld ns\n", t4 - t0);
	req.tv_nsec = 2000000000L;
	r = nanosleep(&req, NULL);
	printf("nanosleep: invalid -> %d errno %d\n", r, errno);
	r = clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL);
	printf("nanosleep: thread cputime clock -> %d\n", r);
	fprintf(stderr, "nanosleep: total %lld ns\n", now(CLOCK_MONOTONIC) - t0);
	return 0;
}
