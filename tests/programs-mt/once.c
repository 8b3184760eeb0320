/* pthread_once raced by eight threads, three times over (three once
 * controls): which thread ran each initialiser depends on scheduling,
 * and each initialiser must run exactly once.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NT 8
#define NO 3

static pthread_once_t once[NO] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };
static atomic_int runs[NO];
static __thread long self_id;
static long winner[NO];
static pthread_barrier_t bar;

static void init0(void) { atomic_fetch_add(&runs[0], 1); winner[0] = self_id; usleep(100); }
static void init1(void) { atomic_fetch_add(&runs[1], 1); winner[1] = self_id; }
static void init2(void) { atomic_fetch_add(&runs[2], 1); winner[2] = self_id; getppid(); }
static void (*const inits[NO])(void) = { init0, init1, init2 };

static void *worker(void *arg)
{
	self_id = (long)arg;
	for (int i = 0; i < NO; i++) {
		pthread_barrier_wait(&bar);
		if (self_id % 2)
			usleep(5);
		pthread_once(&once[i], inits[i]);
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
	for (int i = 0; i < NO; i++)
		printf("once %d: ran %d time(s), by thread %ld\n", i, atomic_load(&runs[i]), winner[i]);
	return 0;
}
