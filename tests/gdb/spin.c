/* Runs for a few seconds of syscalls and arithmetic: time to press
 * Ctrl-C while it replays. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec a, b;
	unsigned long n = 0, i;
	volatile unsigned long sink = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (i = 0; i < 50000; i++)	/* replays at native speed */
			sink = sink * 6364136223846793005UL + i;
		getppid();
		n++;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (b.tv_sec - a.tv_sec < 3);
	printf("rounds %s\n", n > 0 ? "many" : "none");
	return 0;
}
