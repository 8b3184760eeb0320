/* corrupt.c with a second process alive throughout: a child making
 * system calls while the parent corrupts its global, so that the replay
 * has two processes (and its checkpoints two clones each). */
#include <sys/wait.h>

#include "corrupt.h"

int main(void)
{
	int bad = pick_bad(), st, i;
	pid_t child;

	if (bad < 0)
		return 1;
	child = fork();
	if (child == 0) {
		for (i = 0; i < 100; i++)
			syscall(SYS_getsid, 0);
		_exit(0);
	}
	printf("child %d\n", (int)child);
	corrupt_loop(bad);
	waitpid(child, &st, 0);
	return 0;
}
