/* The priority-inheritance requeue (FUTEX_WAIT_REQUEUE_PI and
 * FUTEX_CMP_REQUEUE_PI, raw syscalls: glibc does not use them today).
 * Four threads wait on a condition word; the main thread, holding a PI
 * lock, requeues them all onto the lock and releases it.  The kernel
 * hands the lock to one waiter after another, writing their tids and the
 * waiters bit into the lock word behind their backs; each thread records
 * the order in which it got the lock.  Which thread waits first depends
 * on scheduling.
 * rrsup-test: varies */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NT 4

static _Atomic uint32_t cond, lock, waiting;
static int order[NT], got;

static long futex(_Atomic uint32_t *w, int op, uint32_t val, void *t,
		  _Atomic uint32_t *w2, uint32_t val3)
{
	return syscall(SYS_futex, w, op, val, t, w2, val3);
}

static void pi_lock(void)
{
	uint32_t zero = 0, tid = (uint32_t)syscall(SYS_gettid);

	if (!atomic_compare_exchange_strong(&lock, &zero, tid))
		while (futex(&lock, FUTEX_LOCK_PI, 0, NULL, NULL, 0) < 0 && errno == EINTR)
			;
}

static void pi_unlock(void)
{
	uint32_t tid = (uint32_t)syscall(SYS_gettid);

	if (!atomic_compare_exchange_strong(&lock, &tid, 0))
		futex(&lock, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
}

static void *waiter(void *arg)
{
	long id = (long)arg, r;

	usleep((unsigned)(id * 37 % 5) * 50);
	atomic_fetch_add(&waiting, 1);
	do
		r = futex(&cond, FUTEX_WAIT_REQUEUE_PI, 0, NULL, &lock, 0);
	while (r < 0 && errno == EAGAIN && atomic_load(&cond) == 0);
	if (r < 0 && errno == EAGAIN)
		pi_lock();	/* the requeue came before it waited */
	else if (r < 0)
		perror("FUTEX_WAIT_REQUEUE_PI");
	/* It holds the lock now: the kernel wrote its tid there. */
	order[got++] = (int)id;
	pi_unlock();
	return NULL;
}

int main(void)
{
	pthread_t t[NT];
	long moved = 0;

	pi_lock();
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, waiter, (void *)i);
	while (atomic_load(&waiting) < NT)
		usleep(100);
	usleep(2000);
	atomic_store(&cond, 1);
	/* Wakes none (the lock is held), moves the rest onto it. */
	moved = futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)(long)INT_MAX, &lock, 1);
	pi_unlock();
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("requeued %s, lock word at the end %#x\n", moved >= 0 ? "ok" : "failed",
	       atomic_load(&lock));
	printf("lock order: %d %d %d %d\n", order[0], order[1], order[2], order[3]);
	return 0;
}
