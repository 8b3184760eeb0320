/* hello-random: a tiny program whose output differs on every run.
 *
 * It prints the wall-clock time, a few bytes from getrandom(2), its pid,
 * a value of the CPU's time-stamp counter (rdtsc) and the address the
 * kernel picks for a fresh anonymous mapping.  Run it twice natively and
 * the lines change; record it with `rrsup record` and every `rrsup replay`
 * of that trace prints exactly what the recording printed.
 *
 * Build: cc -O2 -o hello-random examples/hello-random.c
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint64_t read_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
	struct timespec ts;
	unsigned char rnd[8];
	ssize_t got;
	void *p;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		perror("clock_gettime");
		return 1;
	}
	printf("time:    %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);

	got = getrandom(rnd, sizeof(rnd), 0);
	if (got != (ssize_t)sizeof(rnd)) {
		fprintf(stderr, "getrandom: %s\n",
			got < 0 ? strerror(errno) : "short read");
		return 1;
	}
	printf("random: ");
	for (size_t i = 0; i < sizeof(rnd); i++)
		printf(" %02x", rnd[i]);
	printf("\n");

	printf("pid:     %ld\n", (long)getpid());
	printf("rdtsc:   %" PRIu64 "\n", read_tsc());

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* Show where the mapping landed and that it is usable. */
	memcpy(p, "ok", 3);
	printf("mmap:    %p (%s)\n", p, (char *)p);
	munmap(p, 4096);
	return 0;
}
