/* The main thread exits (pthread_exit) while holding a robust mutex; the
 * kernel marks it FUTEX_OWNER_DIED when the main thread is gone, and one
 * of three waiting threads gets EOWNERDEAD.  Which one, and the order of
 * the others, depend on scheduling, and on a start delay taken from the
 * clock (on an idle machine the threads otherwise queue in the order
 * they were made, and the output hardly ever varies).
 * rrsup-test: native-variants=2 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define NT 3

static pthread_mutex_t m;
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static char order[16];
static int pos, owner_dead = -1, finished;

static void *waiter(void *arg)
{
	long id = (long)arg;
	struct timespec ts;
	int r, last;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	usleep(ts.tv_nsec / 1000 % 300);
	r = pthread_mutex_lock(&m);

	if (r == EOWNERDEAD) {
		owner_dead = (int)id;
		pthread_mutex_consistent(&m);
	} else if (r != 0) {
		printf("lock failed: %d\n", r);
		return NULL;
	}
	order[pos++] = (char)('0' + id);
	usleep(20);
	pthread_mutex_unlock(&m);
	pthread_mutex_lock(&done_lock);
	last = ++finished == NT;
	pthread_mutex_unlock(&done_lock);
	if (last)
		printf("owner died seen by %d, order %s\n", owner_dead, order);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_t t[NT];

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&m, &a);
	pthread_mutex_lock(&m);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, waiter, (void *)i);
	usleep(2000);
	pthread_exit(NULL);	/* still holding m */
}
