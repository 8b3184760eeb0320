/* corrupt.c with a second process alive throughout: a child making
 * system calls while the parent corrupts its global, so that the replay
 * has two processes (and its checkpoints two clones each). */
#include <stdio.h>
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
	if (child == 0) {
		for (i = 0; i < 100; i++)
			syscall(SYS_getsid, 0);		/* trapped: events */
		_exit(0);
	}
	printf("child %d\n", (int)child);
	for (i = 0; i < 50; i++) {
		counter += i;
		if (i == bad)
			guard = i;	/* CORRUPT */
		if (i % 10 == 0)
			printf("i=%d counter=%d\n", i, counter);
		syscall(SYS_getsid, 0);
	}
	check();
	waitpid(child, &st, 0);
	return 0;
}
