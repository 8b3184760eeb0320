/* futex(2) used directly: five waiters FUTEX_WAIT on one word (private),
 * then FUTEX_WAKE wakes them one at a time; then waiters with bitsets
 * 1, 2, 4 use FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET wakes only those
 * matching.  Which waiter each wake woke depends on scheduling; also a
 * FUTEX_WAIT on a changed value returns EAGAIN and one with a timeout
 * returns ETIMEDOUT.
 * rrsup-test: varies */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NW 5

static atomic_int word, bword, waiting, ticket;
static int order[NW + 3];

static long futex(atomic_int *uaddr, int op, int val, const struct timespec *ts, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, val3);
}

static void *waiter(void *arg)
{
	long id = (long)arg;

	atomic_fetch_add(&waiting, 1);
	for (;;) {
		int v = atomic_load(&word);

		if (v > 0 && atomic_compare_exchange_strong(&word, &v, v - 1))
			break;
		if (v == 0)
			futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, 0);
	}
	usleep(1 + 9 * (id % 3));
	order[atomic_fetch_add(&ticket, 1)] = (int)id;
	return NULL;
}

static void *bwaiter(void *arg)
{
	long bit = (long)arg;

	atomic_fetch_add(&waiting, 1);
	while (atomic_load(&bword) == 0)
		futex(&bword, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, (int)bit);
	order[atomic_fetch_add(&ticket, 1)] = 10 + (int)bit;
	return NULL;
}

static void settle(int n)
{
	while (atomic_load(&waiting) < n)
		usleep(10);
	usleep(300);
}

int main(void)
{
	pthread_t t[NW + 3];
	struct timespec ts = { 0, 200000 };
	long r;

	r = futex(&word, FUTEX_WAIT_PRIVATE, 1, NULL, 0);
	printf("wait on changed value: %ld %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, 0);
	printf("wait with timeout: %ld %s\n", r, r < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "?");

	for (long i = 0; i < NW; i++)
		pthread_create(&t[i], NULL, waiter, (void *)i);
	settle(NW);
	for (int i = 0; i < NW; i++) {
		atomic_fetch_add(&word, 1);
		futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, 0);
		usleep(i % 2 ? 50 : 1);
	}
	futex(&word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, 0);
	for (int i = 0; i < NW; i++)
		pthread_join(t[i], NULL);

	for (long i = 0; i < 3; i++)
		pthread_create(&t[NW + i], NULL, bwaiter, (void *)(1L << i));
	settle(NW + 3);
	atomic_store(&bword, 1);
	r = futex(&bword, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, 2);
	usleep(200);
	long r2 = futex(&bword, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, 1 | 4);
	for (int i = 0; i < 3; i++)
		pthread_join(t[NW + i], NULL);
	printf("bitset wakes: %ld then %ld\n", r, r2);
	printf("order:");
	for (int i = 0; i < NW + 3; i++)
		printf(" %d", order[i]);
	printf("\n");
	return 0;
}
