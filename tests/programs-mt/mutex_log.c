/* Eight threads append their id to a shared log under a mutex, 40 times
 * each, yielding between turns: the order in which they got the lock
 * depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#define NT 8
#define ITER 40

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char log_[NT * ITER + 1];
static int pos;

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		pthread_mutex_lock(&lock);
		log_[pos++] = (char)('a' + id);
		pthread_mutex_unlock(&lock);
		if (i % 3 == 0)
			sched_yield();
		else
			getppid();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	for (long i = 0; i < NT; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
			return 1;
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < pos; i += 64)
		printf("%.64s\n", log_ + i);
	printf("entries %d\n", pos);
	return 0;
}
