/* Busy loops that end on time: gettimeofday until the microsecond
 * changes 200 times, then getppid() syscalls until rdtsc has advanced
 * 2M cycles.
 * rrsup-test: varies */
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

int main(void)
{
	struct timeval a, b;
	gettimeofday(&a, NULL);
	long changes = 0, reads = 0;
	while (changes < 200) {
		gettimeofday(&b, NULL);
		reads++;
		if (b.tv_usec != a.tv_usec || b.tv_sec != a.tv_sec) {
			changes++;
			a = b;
		}
	}
	printf("spin_gettimeofday: %ld reads for 200 changes, last %lld.%06ld\n", reads,
	       (long long)b.tv_sec, (long)b.tv_usec);
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t t0 = ((uint64_t)hi << 32) | lo, t;
	long calls = 0;
	do {
		getppid();
		calls++;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		t = ((uint64_t)hi << 32) | lo;
	} while (t - t0 < 2000000);
	printf("spin_gettimeofday: %ld getppid calls in 2M cycles\n", calls);
	return 0;
}
