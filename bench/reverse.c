/* bench/reverse.c: a CPU-and-syscall mix that runs for argv[1] seconds of
 * wall time and calls second_mark() once a second, then at_end().  The
 * reverse benchmark stops in at_end() and reverse-continues to the last
 * second_mark(), one second of recorded time back. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long sink;

__attribute__((noinline)) void second_mark(int s)
{
	sink += (unsigned long)s;
}

__attribute__((noinline)) void at_end(void)
{
	sink++;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 10, start = now(), next = start + 1;
	unsigned long i, calls = 0;
	int s = 0;

	while (now() - start < secs) {
		for (i = 0; i < 20000; i++)	/* ~tens of microseconds of CPU */
			sink = sink * 6364136223846793005UL + i;
		getppid();
		calls++;
		if (now() >= next) {
			second_mark(++s);
			next += 1;
		}
	}
	at_end();
	printf("%d seconds, %lu rounds\n", s, calls);
	return 0;
}
