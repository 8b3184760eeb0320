/* Producer/consumer over a condition variable: two producers, three
 * consumers, a bounded queue of four.  Which consumer got which item
 * depends on scheduling.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NPROD 2
#define NCONS 3
#define PER_PROD 30
#define QLEN 4

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int q[QLEN], qh, qn, producers_left = NPROD;
static int got[NCONS][NPROD * PER_PROD], ngot[NCONS];

static void *producer(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < PER_PROD; i++) {
		pthread_mutex_lock(&m);
		while (qn == QLEN)
			pthread_cond_wait(&not_full, &m);
		q[(qh + qn++) % QLEN] = (int)id * 100 + i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&m);
		if (i % 4 == 0)
			usleep(50);
	}
	pthread_mutex_lock(&m);
	producers_left--;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *consumer(void *arg)
{
	long id = (long)arg;

	for (;;) {
		pthread_mutex_lock(&m);
		while (qn == 0 && producers_left > 0)
			pthread_cond_wait(&not_empty, &m);
		if (qn == 0) {
			pthread_mutex_unlock(&m);
			return NULL;
		}
		got[id][ngot[id]++] = q[qh];
		qh = (qh + 1) % QLEN;
		qn--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&m);
		getppid();
	}
}

int main(void)
{
	pthread_t p[NPROD], c[NCONS];
	int total = 0;

	for (long i = 0; i < NCONS; i++)
		pthread_create(&c[i], NULL, consumer, (void *)i);
	for (long i = 0; i < NPROD; i++)
		pthread_create(&p[i], NULL, producer, (void *)i);
	for (int i = 0; i < NPROD; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < NCONS; i++)
		pthread_join(c[i], NULL);
	for (int i = 0; i < NCONS; i++) {
		printf("consumer %d:", i);
		for (int j = 0; j < ngot[i]; j++)
			printf(" %d", got[i][j]);
		printf("\n");
		total += ngot[i];
	}
	printf("total %d\n", total);
	return 0;
}
