/* Requeueing: six threads FUTEX_WAIT on word A; FUTEX_CMP_REQUEUE wakes
 * one and moves the rest to word B, whose wakes then release them one
 * by one.  Then eight threads wait on one pthread condition variable and
 * pthread_cond_broadcast releases them all.  Wake-up orders depend on
 * scheduling; the counts do not.
 * rrsup-test: varies */
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NW 6
#define NC 8

static atomic_int a, b, waiting, ticket, released;
static int order[NW], corder[NC];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go, cticket;

static long futex(atomic_int *uaddr, int op, int val, long val2, atomic_int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static void *waiter(void *arg)
{
	long id = (long)arg;

	atomic_fetch_add(&waiting, 1);
	/* Woken from A (directly or after a requeue to B) once released > 0. */
	for (;;) {
		int v = atomic_load(&released);

		if (v > 0 && atomic_compare_exchange_strong(&released, &v, v - 1))
			break;
		if (v == 0)
			futex(&a, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
	}
	order[atomic_fetch_add(&ticket, 1)] = (int)id;
	return NULL;
}

static void *cwaiter(void *arg)
{
	long id = (long)arg;

	pthread_mutex_lock(&m);
	atomic_fetch_add(&waiting, 1);
	while (!go)
		pthread_cond_wait(&c, &m);
	corder[cticket++] = (int)id;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[NW], ct[NC];
	long woken, moved, later = 0;

	for (long i = 0; i < NW; i++)
		pthread_create(&t[i], NULL, waiter, (void *)i);
	while (atomic_load(&waiting) < NW)
		usleep(10);
	usleep(500);
	atomic_store(&released, 1);
	/* Wake one from A, move the others (val2 = INT_MAX) to B. */
	woken = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, INT32_MAX, &b, 0);
	moved = woken >= 0 ? woken : -1;
	for (int i = 1; i < NW; i++) {
		usleep(i % 2 ? 40 : 5);
		atomic_fetch_add(&released, 1);
		later += futex(&b, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0);
		futex(&a, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0);
	}
	futex(&b, FUTEX_WAKE_PRIVATE, INT32_MAX, 0, NULL, 0);
	futex(&a, FUTEX_WAKE_PRIVATE, INT32_MAX, 0, NULL, 0);
	for (int i = 0; i < NW; i++)
		pthread_join(t[i], NULL);
	printf("cmp_requeue returned %s\n", moved == NW ? "all" : moved > 0 ? "some" : "none");
	printf("futex order:");
	for (int i = 0; i < NW; i++)
		printf(" %d", order[i]);
	printf("\n");

	atomic_store(&waiting, 0);
	for (long i = 0; i < NC; i++)
		pthread_create(&ct[i], NULL, cwaiter, (void *)i);
	while (atomic_load(&waiting) < NC)
		usleep(10);
	pthread_mutex_lock(&m);
	go = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < NC; i++)
		pthread_join(ct[i], NULL);
	printf("broadcast released %d, order:", cticket);
	for (int i = 0; i < NC; i++)
		printf(" %d", corder[i]);
	printf("\n");
	return 0;
}
