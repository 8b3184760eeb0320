/* Worker threads: a breakpoint in the worker stops in a worker thread. */
#include <pthread.h>
#include <stdio.h>

static int results[3];

static void worker_step(int id)
{
	results[id] = id * 10 + 1;	/* THREADS-WORKER */
}

static void *worker(void *arg)
{
	worker_step((int)(long)arg);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	long i;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("results %d %d %d\n", results[0], results[1], results[2]);
	return 0;
}
