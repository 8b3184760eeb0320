/* The main thread leaves with pthread_exit while three other threads go
 * on (the thread-group leader is a zombie until the last one exits); the
 * last thread to finish calls exit(5).  Threads write their progress with
 * write(2); the order depends on scheduling.
 * rrsup-test: varies status=5 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NT 3

static atomic_int alive = NT;

static void *worker(void *arg)
{
	char s[3] = { (char)('a' + (long)arg), ' ', 0 };

	for (int i = 0; i < 5; i++) {
		if (write(1, s, 2) != 2)
			exit(1);
		usleep(30 + 20 * (long)arg);
	}
	if (atomic_fetch_sub(&alive, 1) == 1) {
		if (write(1, "\nlast one out\n", 14) != 14)
			exit(1);
		exit(5);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;

	for (long i = 0; i < NT; i++)
		pthread_create(&t, NULL, worker, (void *)i);
	if (write(1, "main leaves ", 12) != 12)
		return 1;
	pthread_exit(NULL);
}
