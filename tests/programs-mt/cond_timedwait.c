/* pthread_cond_timedwait with short timeouts: a waiter waits up to 300 us
 * at a time for a counter that a signaller bumps at irregular intervals;
 * the sequence of "timed out" (.) and "signalled" (S) wake-ups depends
 * on timing.
 * rrsup-test: native-variants=5 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BUMPS 25

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
static int count, done;

static void *signaller(void *arg)
{
	(void)arg;
	for (int i = 0; i < BUMPS; i++) {
		usleep(100 + (i * 37) % 400);
		pthread_mutex_lock(&m);
		count++;
		pthread_cond_signal(&c);
		pthread_mutex_unlock(&m);
	}
	pthread_mutex_lock(&m);
	done = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_condattr_t ca;
	pthread_t t;
	char trace[1024];
	int n = 0, seen = 0, timeouts = 0;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c, &ca);
	pthread_create(&t, NULL, signaller, NULL);
	pthread_mutex_lock(&m);
	while (!done && n < (int)sizeof(trace) - 2) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 300000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		while (count == seen && !done) {
			if (pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT) {
				trace[n++] = '.';
				timeouts++;
				break;
			}
		}
		if (count != seen) {
			trace[n++] = count - seen > 1 ? '2' : 'S';
			seen = count;
		}
	}
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	trace[n] = 0;
	printf("%s\nbumps seen %d\n", trace, seen);
	return 0;
}
