/* corrupt.c with more threads alive throughout: two making system calls
 * while the main thread corrupts its global, one waiting in a read until
 * the end.  Checkpoints of this replay hold a process whose threads are
 * made again when going back, one of them inside its system call. */
#include <pthread.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

int guard = 12345;
int counter;
static __thread int mine;	/* TLS: each thread's own, checked at the end */

static void check(void)
{
	if (guard != 12345)
		printf("guard corrupted: %d\n", guard);	/* CHECK */
}

static void *worker(void *arg)
{
	int i;

	mine = (int)(long)arg;
	for (i = 0; i < 100; i++)
		syscall(SYS_getsid, 0);		/* trapped: events */
	return (void *)(long)(mine * 10);
}

static int pipefd[2];

static void *waiter(void *arg)
{
	char c = 0;

	(void)arg;
	if (read(pipefd[0], &c, 1) != 1)	/* waits until main writes */
		return NULL;
	printf("waiter got %c\n", c);
	return NULL;
}

int main(void)
{
	pthread_t t[2], w;
	unsigned r;
	int i, bad;
	void *ret;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		return 1;
	bad = 5 + (int)(r % 40);
	printf("bad=%d\n", bad);
	mine = 7;
	if (pipe(pipefd))
		return 1;
	pthread_create(&w, NULL, waiter, NULL);
	usleep(20000);		/* the waiter gets to its read and waits */
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)(i + 1));
	for (i = 0; i < 50; i++) {
		counter += i;
		if (i == bad)
			guard = i;	/* CORRUPT */
		if (i % 10 == 0)
			printf("i=%d counter=%d\n", i, counter);
		syscall(SYS_getsid, 0);
	}
	check();
	if (write(pipefd[1], "w", 1) != 1)
		return 1;
	pthread_join(w, NULL);
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], &ret);
		printf("worker %d: %ld\n", i, (long)ret);
	}
	printf("main: %d\n", mine);
	return 0;
}
