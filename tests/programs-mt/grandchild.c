/* A grandchild that outlives its parent: the child forks a grandchild and
 * exits at once; the grandchild waits until it has been re-parented, then
 * writes into a pipe the original process reads until EOF.  The original
 * process and the grandchild also race writing ticks to the pipe.
 * rrsup-test: varies */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2], st;
	pid_t child, top = getpid();
	char buf[512];
	ssize_t n, got = 0;

	if (pipe(p))
		return 1;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		pid_t mid = getpid();

		if (fork() == 0) {
			char s[64];
			int waits = 0, len;

			close(p[0]);
			while (getppid() == mid && waits < 20000) {
				usleep(10);
				waits++;
			}
			len = snprintf(s, sizeof(s), "[reparented away from child: %d, not to top: %d]",
				       getppid() != mid, getppid() != top);
			if (write(p[1], s, len) < 0)
				_exit(1);
			for (int i = 0; i < 6; i++) {
				if (write(p[1], "g", 1) < 0)
					_exit(1);
				usleep(i % 3 ? 3 : 40);
			}
			_exit(0);
		}
		_exit(4);
	}
	close(p[1]);
	if (waitpid(child, &st, 0) != child)
		return 1;
	for (int i = 0; i < 20; i++) {
		ssize_t r = read(p[0], buf + got, sizeof(buf) - 1 - got);

		if (r <= 0)
			break;
		got += r;
		buf[got++] = '|';
	}
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	printf("child status %d\nfrom grandchild: %s\n", WEXITSTATUS(st), buf);
	return 0;
}
