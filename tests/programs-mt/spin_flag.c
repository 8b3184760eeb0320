/* Three threads spin on a volatile flag (`while (!flag) ;`, an
 * idempotent spin: no system call, no write) until the main thread sets
 * it after a short sleep; each then takes a ticket.  The order in which
 * the spinners noticed, and how many of them were already spinning when
 * the flag was set, depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NT 3
#define ROUNDS 6

static volatile int flag[ROUNDS];
static atomic_int spinning[ROUNDS], ticket[ROUNDS];
static int order[ROUNDS][NT], early[ROUNDS];

static void *spinner(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < ROUNDS; r++) {
		atomic_fetch_add(&spinning[r], 1);
		while (!flag[r])
			;
		order[r][atomic_fetch_add(&ticket[r], 1)] = (int)id;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, spinner, (void *)i);
	for (int r = 0; r < ROUNDS; r++) {
		usleep(r % 2 ? 200 : 1);
		early[r] = atomic_load(&spinning[r]);
		flag[r] = 1;
	}
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	for (int r = 0; r < ROUNDS; r++)
		printf("round %d: spinning when set %d, order %d %d %d\n", r, early[r],
		       order[r][0], order[r][1], order[r][2]);
	return 0;
}
