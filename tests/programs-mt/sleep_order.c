/* Eight threads sleep for close but different times (nanosleep and
 * clock_nanosleep) and take a ticket when they wake: the wake-up order
 * depends on timing.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define NT 8

static atomic_int ticket;
static int order[NT * 3];

static void *sleeper(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < 3; r++) {
		struct timespec ts = { 0, 50000 + 3000 * ((id * 5 + r * 3) % NT) };

		if (id % 2)
			nanosleep(&ts, NULL);
		else
			clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		order[atomic_fetch_add(&ticket, 1)] = (int)id;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, sleeper, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("wake order:");
	for (int i = 0; i < NT * 3; i++)
		printf(" %d", order[i]);
	printf("\n");
	return 0;
}
