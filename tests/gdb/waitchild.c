/* corrupt.c in a child while its parent waits in waitpid() all along, as
 * a test runner waits for a test: at every boundary of the replay, all
 * the parent's threads wait inside a system call. */
#include <stdlib.h>
#include <sys/wait.h>

#include "corrupt.h"

int main(void)
{
	int bad = pick_bad(), st;
	pid_t child;

	if (bad < 0)
		return 1;
	child = fork();
	if (child > 0) {
		printf("child %d\n", (int)child);
		fflush(stdout);
		waitpid(child, &st, 0);
		printf("child status %d\n", WEXITSTATUS(st));
		return 0;
	}
	usleep(10000);		/* the parent gets to its waitpid */
	corrupt_loop(bad);
	exit(3);
}
