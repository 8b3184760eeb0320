/* A read that blocks inside the helper: one thread reads an empty pipe
 * (recorded in-process until it blocks, then handed to the supervisor)
 * while the main thread makes buffered calls, counting them, and writes
 * to the pipe after a pause.  How many calls it made meanwhile, and the
 * clock, differ from run to run.
 * rrsup-test: varies buffered */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static char got[64];
static ssize_t n;

static void *reader(void *arg)
{
	(void)arg;
	n = read(pfd[0], got, sizeof(got) - 1);
	return NULL;
}

int main(void)
{
	struct timespec t0, t;
	pthread_t th;
	long calls = 0;

	if (pipe(pfd) || pthread_create(&th, NULL, reader, NULL))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		getppid();
		clock_gettime(CLOCK_MONOTONIC, &t);
		calls++;
	} while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 20000000L);
	if (write(pfd[1], "hello", 5) != 5)
		return 1;
	pthread_join(th, NULL);
	printf("read %zd [%s] after %ld calls, %ld ns\n", n, got, calls,
	       (long)((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec)));
	return 0;
}
