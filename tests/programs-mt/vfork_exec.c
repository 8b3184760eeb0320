/* vfork + execve: the parent is suspended until the child executes
 * /bin/sh, which writes to a pipe the parent then also writes to; the
 * interleaving of the shell's and the parent's writes depends on timing.
 * A second vfork child calls _exit without exec'ing.
 * rrsup-test: varies */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2], st1, st2;
	char buf[256];
	ssize_t n, got = 0;
	volatile int touched = 0;
	pid_t a, b;

	if (pipe(p))
		return 1;
	fflush(stdout);
	a = vfork();
	if (a == 0) {
		dup2(p[1], 1);
		execl("/bin/sh", "sh", "-c",
		      "for i in 1 2 3 4 5 6; do printf s; sleep 0.0003; done", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 6; i++) {
		if (write(p[1], "p", 1) != 1)
			return 1;
		usleep(250);
	}
	b = vfork();
	if (b == 0) {
		touched = 1; /* vfork: shares the parent's memory */
		_exit(5);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	waitpid(a, &st1, 0);
	waitpid(b, &st2, 0);
	printf("writes: %s\nsh status %d, second child status %d, touched %d\n", buf,
	       WEXITSTATUS(st1), WEXITSTATUS(st2), touched);
	return 0;
}
