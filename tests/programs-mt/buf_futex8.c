/* Eight threads hammer one mutex and a condition variable: each takes the
 * lock 2000 times and appends its id to a log every 250th time; futex
 * waits and wakes go through the helper.  The log's order depends on
 * scheduling.
 * rrsup-test: varies buffered */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NT 8
#define ITER 2000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static char log_[NT * ITER / 250 + 1];
static int nlog, turn;
static long counter;

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		pthread_mutex_lock(&m);
		counter++;
		if (i % 250 == 0)
			log_[nlog++] = (char)('a' + id);
		if (i % 500 == 0) {
			/* A condvar round: wait for a turn now and then. */
			turn++;
			pthread_cond_broadcast(&c);
		}
		pthread_mutex_unlock(&m);
		if (i % 100 == 0)
			sched_yield();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	for (long i = 0; i < NT; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i))
			return 1;
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld turns %d\nlog %s\n", counter, turn, log_);
	return 0;
}
