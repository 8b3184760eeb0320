/* vDSO time functions and their syscall twins: every clock, gettimeofday,
 * time(), clock_getres.  All must come from the recording at replay.
 * rrsup-test: varies */
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const struct { clockid_t id; const char *name; } clocks[] = {
	{ CLOCK_REALTIME, "REALTIME" },
	{ CLOCK_MONOTONIC, "MONOTONIC" },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
	{ CLOCK_BOOTTIME, "BOOTTIME" },
	{ CLOCK_TAI, "TAI" },
	{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
	{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" },
	{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec ts, res;
		if (clock_gettime(clocks[i].id, &ts) != 0)
			return 99;
		clock_getres(clocks[i].id, &res);
		printf("clocks: %-16s %lld.%09ld res %ld\n", clocks[i].name,
		       (long long)ts.tv_sec, ts.tv_nsec, res.tv_nsec);
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("clocks: gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	time_t t = time(NULL);
	printf("clocks: time %lld\n", (long long)t);
	/* The raw syscalls, bypassing the vDSO. */
	struct timespec ts;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	printf("clocks: SYS_clock_gettime MONOTONIC %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	syscall(SYS_gettimeofday, &tv, NULL);
	printf("clocks: SYS_gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	printf("clocks: SYS_time %lld\n", (long long)syscall(SYS_time, NULL));
	/* A monotonic sequence: deltas between consecutive readings. */
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 5; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		long long d = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
		printf("clocks: delta[%d] %lld ns\n", i, d);
		a = b;
	}
	fprintf(stderr, "clocks: done at %lld\n", (long long)time(NULL));
	return 0;
}
