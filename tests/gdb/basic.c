/* Breakpoints, locals and a backtrace through a shared library: cmp is
 * called from the C library's qsort.  The seed comes from getrandom, so
 * only a replay shows the recorded value. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

static unsigned seed;
static int calls;

static int cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	calls++;	/* BASIC-CMP */
	return (x > y) - (x < y);
}

int main(void)
{
	int v[6], i;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		return 1;
	for (i = 0; i < 6; i++)
		v[i] = (int)((seed >> (4 * i)) & 0xff);
	printf("seed=%u first=%d\n", seed, v[0]);
	qsort(v, 6, sizeof(v[0]), cmp);
	printf("calls=%d min=%d max=%d\n", calls, v[0], v[5]);
	return 0;
}
