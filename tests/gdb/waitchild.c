/* corrupt.c in a child while its parent waits in waitpid() all along, as
 * a test runner waits for a test: at every boundary of the replay, all
 * the parent's threads wait inside a system call. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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
	int i, bad, st;
	pid_t child;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		return 1;
	bad = 5 + (int)(r % 40);
	printf("bad=%d\n", bad);
	fflush(stdout);
	child = fork();
	if (child > 0) {
		printf("child %d\n", (int)child);
		fflush(stdout);
		waitpid(child, &st, 0);
		printf("child status %d\n", WEXITSTATUS(st));
		return 0;
	}
	usleep(10000);		/* the parent gets to its waitpid */
	for (i = 0; i < 50; i++) {
		counter += i;
		if (i == bad)
			guard = i;	/* CORRUPT */
		if (i % 10 == 0)
			printf("i=%d counter=%d\n", i, counter);
		syscall(SYS_getsid, 0);
	}
	check();
	exit(3);
}
