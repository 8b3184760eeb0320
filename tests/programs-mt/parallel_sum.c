/* A deterministic multi-threaded computation: four threads each sum a
 * quarter of an array (with a few system calls on the way) and the main
 * thread joins them in order.  Not marked varies: every native run and
 * the recording must print the same.
 * rrsup-test: */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define N 40000
#define NT 4

static unsigned a[N];

static void *part(void *arg)
{
	long k = (long)arg;
	unsigned long s = 0;

	for (long i = k * (N / NT); i < (k + 1) * (N / NT); i++) {
		s += a[i] * (unsigned long)(i % 7 + 1);
		if (i % 5000 == 0)
			getppid();
	}
	return (void *)s;
}

int main(void)
{
	pthread_t t[NT];
	unsigned long total = 0;

	for (unsigned i = 0; i < N; i++)
		a[i] = i * 2654435761u;
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, part, (void *)i);
	for (int i = 0; i < NT; i++) {
		void *r;

		pthread_join(t[i], &r);
		printf("part %d: %lu\n", i, (unsigned long)r);
		total += (unsigned long)r;
	}
	printf("total %lu\n", total);
	return 0;
}
