/* What the watch tests share (corrupt.c and its multi-task variants): a
 * global corrupted at one random iteration among many writes of other
 * data, noticed only at the end.  The tests look for the CORRUPT and
 * CHECK lines in gdb's output. */
#include <stdio.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

int guard = 12345;
int counter;

static void check(void)
{
	if (guard != 12345)
		printf("guard corrupted: %d\n", guard);	/* CHECK */
}

/* The iteration that corrupts guard, printed as "bad=N"; -1 on error. */
static int pick_bad(void)
{
	unsigned r;
	int bad;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		return -1;
	bad = 5 + (int)(r % 40);
	printf("bad=%d\n", bad);
	fflush(stdout);
	return bad;
}

static void corrupt_loop(int bad)
{
	int i;

	for (i = 0; i < 50; i++) {
		counter += i;
		if (i == bad)
			guard = i;	/* CORRUPT */
		if (i % 10 == 0)
			printf("i=%d counter=%d\n", i, counter);
		syscall(SYS_getsid, 0);		/* trapped: an event */
	}
	check();
}
