/* corrupt.c with more threads alive throughout: two making system calls
 * while the main thread corrupts its global, one waiting in a read until
 * the end.  Checkpoints of this replay hold a process whose threads are
 * made again when going back, one of them inside its system call. */
#include <pthread.h>

#include "corrupt.h"

static __thread int mine;	/* TLS: each thread's own, checked at the end */

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
	int bad = pick_bad(), i;
	void *ret;

	if (bad < 0)
		return 1;
	mine = 7;
	if (pipe(pipefd))
		return 1;
	pthread_create(&w, NULL, waiter, NULL);
	usleep(20000);		/* the waiter gets to its read and waits */
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)(i + 1));
	corrupt_loop(bad);
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
