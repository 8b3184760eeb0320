/* A counting semaphore (sem_t, 2 slots) shared by six threads: the order
 * in which they got a slot depends on scheduling; the most threads ever
 * inside at once must be 2.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NT 6
#define ITER 6

static sem_t sem;
static atomic_int inside, maxinside, ticket;
static char order[NT * ITER + 1];

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		sem_wait(&sem);
		int n = atomic_fetch_add(&inside, 1) + 1;
		int m = atomic_load(&maxinside);
		while (n > m && !atomic_compare_exchange_weak(&maxinside, &m, n))
			;
		order[atomic_fetch_add(&ticket, 1)] = (char)('0' + id);
		usleep(20 + 10 * id);
		atomic_fetch_sub(&inside, 1);
		sem_post(&sem);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];
	int v;

	sem_init(&sem, 0, 2);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	sem_getvalue(&sem, &v);
	printf("order %s\nmax inside %d, final value %d\n", order, atomic_load(&maxinside), v);
	sem_destroy(&sem);
	return 0;
}
