/* A breakpoint hit a known number of times, with syscalls between hits
 * and several hits between syscalls. */
#include <stdio.h>
#include <unistd.h>

volatile int sink;

static void tick(int i)
{
	sink += i;	/* LOOP-TICK */
}

int main(void)
{
	int i;

	for (i = 0; i < 12; i++) {
		tick(i);
		if (i % 3 == 2)
			getppid();
	}
	printf("sink=%d\n", sink);
	return 0;
}
