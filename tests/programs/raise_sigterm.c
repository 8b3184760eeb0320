/* raise(SIGTERM) with the default action: status 128+15.
 * rrsup-test: status=143 varies */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("raise_sigterm: realtime %lld.%09ld pid %d\n", (long long)ts.tv_sec,
	       ts.tv_nsec, (int)getpid());
	fflush(stdout);
	raise(SIGTERM);
	printf("raise_sigterm: still alive?!\n");
	return 1;
}
