/* An unhandled SIGSEGV: status 128+11 (core dumps disabled first).
 * rrsup-test: status=139 varies */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_CORE, &rl);
	void *p = malloc(16);
	printf("segv_default: heap at %p, about to crash\n", p);
	fflush(stdout);
	fprintf(stderr, "segv_default: bye\n");
	*(volatile int *)8 = 1;
	return 0;
}
