/* Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT, i.e. FUTEX_LOCK_PI
 * and FUTEX_UNLOCK_PI when contended) and a recursive one: five threads
 * take the PI mutex eight times each with short sleeps inside; the order
 * they got it depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NT 5
#define ITER 8

static pthread_mutex_t pi, rec;
static char order[NT * ITER + 1];
static int pos, depth_ok = 1;

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		pthread_mutex_lock(&pi);
		pthread_mutex_lock(&rec);
		pthread_mutex_lock(&rec);
		order[pos++] = (char)('A' + id);
		pthread_mutex_unlock(&rec);
		if (pthread_mutex_trylock(&rec) != 0)
			depth_ok = 0;
		else
			pthread_mutex_unlock(&rec);
		pthread_mutex_unlock(&rec);
		usleep(15);
		pthread_mutex_unlock(&pi);
		if (i % 2)
			usleep(5);
	}
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_t t[NT];
	int proto = -1;

	pthread_mutexattr_init(&a);
	if (pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT))
		return 1;
	pthread_mutex_init(&pi, &a);
	pthread_mutexattr_getprotocol(&a, &proto);
	pthread_mutexattr_destroy(&a);
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("protocol %s, recursion %s\n%s\n", proto == PTHREAD_PRIO_INHERIT ? "inherit" : "?",
	       depth_ok ? "ok" : "broken", order);
	return 0;
}
