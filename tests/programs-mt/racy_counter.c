/* A racy counter: four threads read a shared counter, make a system call
 * (the race window) and write it back plus one.  How many increments were
 * lost depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NT 4
#define ITER 300

static volatile long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	for (int i = 0; i < ITER; i++) {
		long v = counter;

		getppid();
		counter = v + 1;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	pthread_barrier_init(&start, NULL, NT);
	for (int i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld of %d, lost %ld\n", counter, NT * ITER, NT * ITER - counter);
	return 0;
}
