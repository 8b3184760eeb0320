/* A global corrupted at one random iteration among many writes of other
 * data; the program notices only at the end. */
#include <stdio.h>
#include <sys/random.h>
#include <unistd.h>

int guard = 12345;
int counter;

static void check(void)
{
	if (guard != 12345)
		printf("guard corrupted: %d\n", guard);	/* CHECK */
}

int main(void)
{
	unsigned r;
	int i, bad;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		return 1;
	bad = 5 + (int)(r % 40);
	printf("bad=%d\n", bad);
	for (i = 0; i < 50; i++) {
		counter += i;
		if (i == bad)
			guard = i;	/* CORRUPT */
		if (i % 10 == 0)
			printf("i=%d counter=%d\n", i, counter);
		getppid();
	}
	check();
	return 0;
}
