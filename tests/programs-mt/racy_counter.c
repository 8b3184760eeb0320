/* A racy counter: four threads read a shared counter, make a system call
 * (the race window; every eighth time it is sched_yield) and write it
 * back plus one.  How many increments were lost, and how often each
 * thread saw the counter move under it, depend on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#define NT 4
#define ITER 300

static volatile long counter;
static pthread_barrier_t start;
static int moved[NT];

static void *worker(void *arg)
{
	long id = (long)arg;

	pthread_barrier_wait(&start);
	for (int i = 0; i < ITER; i++) {
		long v = counter;

		if (i % 8 == 0)
			sched_yield();
		else
			getppid();
		if (counter != v)
			moved[id]++;
		counter = v + 1;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	pthread_barrier_init(&start, NULL, NT);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld of %d, lost %ld\n", counter, NT * ITER, NT * ITER - counter);
	printf("moved under each thread: %d %d %d %d\n", moved[0], moved[1], moved[2], moved[3]);
	return 0;
}
