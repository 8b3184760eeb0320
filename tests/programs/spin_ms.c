/* Spin until CLOCK_MONOTONIC advances by 1 ms and print the number of
 * iterations (each one is a clock read), then the same for 10 ms of
 * CLOCK_MONOTONIC_COARSE.
 * rrsup-test: varies */
#include <stdio.h>
#include <time.h>

static long long ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	long long start = ns(CLOCK_MONOTONIC), t;
	long iters = 0;
	do {
		t = ns(CLOCK_MONOTONIC);
		iters++;
	} while (t - start < 1000000);
	printf("spin_ms: %ld iterations, elapsed %lld ns\n", iters, t - start);
	start = ns(CLOCK_MONOTONIC_COARSE);
	iters = 0;
	do {
		t = ns(CLOCK_MONOTONIC_COARSE);
		iters++;
	} while (t - start < 10000000);
	printf("spin_ms: coarse %ld iterations, elapsed %lld ns\n", iters, t - start);
	fprintf(stderr, "spin_ms: last %ld\n", iters);
	return 0;
}
