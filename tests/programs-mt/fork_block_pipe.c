/* A forked child (no exec) reads a pipe its parent fills slowly, so its
 * reads block again and again: under rrsup the child's helper makes them
 * in-process once it has a context-switch counter of its own, and each
 * one that blocks must hand the CPU back to the parent (else the
 * recording hangs).  Then the roles swap through a second pipe.  The
 * child reports how many reads it needed, which depends on scheduling.
 * rrsup-test: buffered varies */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int drain(int fd, int *reads)
{
	char buf[64];
	ssize_t n;
	int total = 0;

	*reads = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		total += (int)n;
		(*reads)++;
	}
	return total;
}

static void feed(int fd, int chunks)
{
	int i;

	for (i = 0; i < chunks; i++) {
		if (write(fd, "0123456789", 10) != 10)
			_exit(3);
		if (i % 50 == 0)
			usleep(200);
	}
	close(fd);
}

int main(void)
{
	int down[2], up[2], st, n, reads;
	pid_t c;

	if (pipe(down) || pipe(up))
		return 1;
	c = fork();
	if (c < 0)
		return 1;
	if (c == 0) {
		char line[64];

		close(down[1]);
		close(up[0]);
		n = drain(down[0], &reads);
		snprintf(line, sizeof(line), "child got %d bytes in %d reads\n", n, reads);
		if (write(1, line, strlen(line)) < 0)
			_exit(4);
		feed(up[1], 300);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	feed(down[1], 500);
	n = drain(up[0], &reads);
	waitpid(c, &st, 0);
	printf("parent got %d bytes back; child status %d\n", n, WEXITSTATUS(st));
	return 0;
}
