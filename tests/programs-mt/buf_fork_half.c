/* fork while the helper's buffer holds calls not yet moved into the
 * trace: the child goes on making buffered calls in its copy, the parent
 * in its own; both report clock readings, which differ from run to run.
 * rrsup-test: varies buffered */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long stamp(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_nsec;
}

int main(void)
{
	int p[2], st;
	long a = 0, b = 0;
	char line[128];
	ssize_t n;
	pid_t pid;

	for (int i = 0; i < 100; i++)
		a += stamp() % 1000 + getpid() % 7;
	if (pipe(p))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 100; i++)
			b += stamp() % 1000;
		n = snprintf(line, sizeof(line), "child %ld %d\n", b, getppid() == 0);
		if (write(p[1], line, n) != n)
			_exit(2);
		_exit(3);
	}
	close(p[1]);
	n = read(p[0], line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = 0;
	waitpid(pid, &st, 0);
	printf("parent %ld\n%sstatus %d\n", a, line, WEXITSTATUS(st));
	return 0;
}
