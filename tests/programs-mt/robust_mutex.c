/* Robust mutexes (set_robust_list): a thread exits while holding a robust
 * mutex; the next locker gets EOWNERDEAD, marks it consistent and goes
 * on.  Four threads then take turns; which of them got EOWNERDEAD and
 * the turn order depend on scheduling.
 * rrsup-test: native-variants=5 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NT 4
#define ITER 5

static pthread_mutex_t m;
static char order[64];
static int pos, owner_dead = -1;

static void *dier(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	usleep(200);
	return NULL; /* exits holding m */
}

static void *worker(void *arg)
{
	long id = (long)arg;

	usleep(50 * id);
	for (int i = 0; i < ITER; i++) {
		int r = pthread_mutex_lock(&m);

		if (r == EOWNERDEAD) {
			owner_dead = (int)id;
			pthread_mutex_consistent(&m);
		} else if (r != 0) {
			return NULL;
		}
		order[pos++] = (char)('0' + id);
		usleep(10);
		pthread_mutex_unlock(&m);
		if (i % 2)
			usleep(20);
	}
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_t d, t[NT];

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&m, &a);
	pthread_create(&d, NULL, dier, NULL);
	usleep(50);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	pthread_join(d, NULL);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("owner died, noticed by thread %d\nturns %s (%d)\n", owner_dead, order, pos);
	return 0;
}
