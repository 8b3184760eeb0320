/* 100 threads created and joined, in two waves; each takes a ticket when
 * it starts, and the program prints the start order.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NT 100

static atomic_int next;
static int started[NT];
static long sum;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	long id = (long)arg;

	if (id % 7 == 0)
		usleep(10);
	started[atomic_fetch_add(&next, 1)] = (int)id;
	pthread_mutex_lock(&m);
	sum += id;
	pthread_mutex_unlock(&m);
	return (void *)(id * 2);
}

int main(void)
{
	pthread_t t[NT];
	long rsum = 0;

	for (int wave = 0; wave < 2; wave++) {
		for (long i = wave * NT / 2; i < (wave + 1) * NT / 2; i++)
			if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
				return 1;
		for (int i = wave * NT / 2; i < (wave + 1) * NT / 2; i++) {
			void *r;

			pthread_join(t[i], &r);
			rsum += (long)r;
		}
	}
	for (int i = 0; i < NT; i += 25) {
		for (int j = i; j < i + 25; j++)
			printf("%d%c", started[j], j == i + 24 ? '\n' : ' ');
	}
	printf("sum %ld returned %ld\n", sum, rsum);
	return 0;
}
