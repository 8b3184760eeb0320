/* Six threads meet at a pthread barrier ten times; each round prints the
 * order in which they arrived and which one was the serial thread.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NT 6
#define ROUNDS 10

static pthread_barrier_t bar;
static atomic_int ticket[ROUNDS];
static int order[ROUNDS][NT], serial[ROUNDS];

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < ROUNDS; r++) {
		if ((id + r) % 2)
			sched_yield();
		else
			usleep(20);
		order[r][atomic_fetch_add(&ticket[r], 1)] = (int)id;
		if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
			serial[r] = (int)id;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	pthread_barrier_init(&bar, NULL, NT);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	for (int r = 0; r < ROUNDS; r++) {
		printf("round %d:", r);
		for (int i = 0; i < NT; i++)
			printf(" %d", order[r][i]);
		printf(" serial=%d\n", serial[r]);
	}
	pthread_barrier_destroy(&bar);
	return 0;
}
