/* pthread_cancel: a thread blocked in read(2) on a pipe (a cancellation
 * point) and one in a loop with nanosleep are cancelled after different
 * numbers of bytes have been fed to the pipe; cleanup handlers report.
 * How far each got depends on timing.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];
static volatile int nread, nsleeps;
static char cleanup[64];

static void cleaned(void *arg)
{
	strcat(cleanup, (const char *)arg);
}

static void *reader(void *arg)
{
	char c;

	(void)arg;
	pthread_cleanup_push(cleaned, "reader ");
	while (read(pfd[0], &c, 1) == 1)
		nread++;
	pthread_cleanup_pop(0);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleaned, "sleeper ");
	for (;;) {
		usleep(13);
		nsleeps++;
	}
	pthread_cleanup_pop(0);
	return NULL;
}

int main(void)
{
	pthread_t r, s;
	void *rr, *rs;

	if (pipe(pfd))
		return 1;
	pthread_create(&r, NULL, reader, NULL);
	pthread_create(&s, NULL, sleeper, NULL);
	for (int i = 0; i < 40; i++) {
		if (write(pfd[1], "x", 1) != 1)
			return 1;
		if (i % 8 == 0)
			usleep(10);
	}
	usleep(100);
	pthread_cancel(r);
	pthread_cancel(s);
	pthread_join(r, &rr);
	pthread_join(s, &rs);
	printf("reader cancelled %d, sleeper cancelled %d, cleanups: %s\n", rr == PTHREAD_CANCELED,
	       rs == PTHREAD_CANCELED, cleanup);
	printf("reader got %d bytes, sleeper slept %s\n", nread,
	       nsleeps > 20 ? "a lot" : nsleeps > 5 ? "some" : "little");
	printf("sleeps %d\n", nsleeps);
	return 0;
}
