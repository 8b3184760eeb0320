/* Calls abort(): SIGABRT, status 128+6.  Prints a varying value first.
 * rrsup-test: status=134 varies */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("abort_self: monotonic %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	fprintf(stderr, "abort_self: calling abort()\n");
	fflush(stdout);
	abort();
}
