/* rdtsc and rdtscp via inline asm (PR_SET_TSC trap at record/replay).
 * rrsup-test: varies */
#include <stdint.h>
#include <stdio.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdtscp(uint32_t *aux)
{
	uint32_t lo, hi, c;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
	*aux = c;
	return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
	uint64_t prev = rdtsc();
	printf("rdtsc: first %llu\n", (unsigned long long)prev);
	for (int i = 0; i < 8; i++) {
		uint64_t t = rdtsc();
		printf("rdtsc: delta %llu\n", (unsigned long long)(t - prev));
		prev = t;
	}
	uint32_t aux;
	uint64_t t = rdtscp(&aux);
	printf("rdtsc: rdtscp %llu aux %u\n", (unsigned long long)t, aux);
	/* A loop whose trip count depends on the TSC. */
	uint64_t start = rdtsc(), n = 0;
	while (rdtsc() - start < 100000)
		n++;
	printf("rdtsc: iterations for 100000 cycles: %llu\n", (unsigned long long)n);
	return 0;
}
