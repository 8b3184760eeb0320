/* fork + pipe + exec: a three-stage pipeline built by hand (this program
 * re-executed as "gen", then /bin/cat, then this program as "tag"), and
 * next to it two more children re-executed as "chatter" that write into
 * one shared pipe concurrently.  The pipeline's result is fixed; the
 * chatter's interleaving depends on scheduling.
 * rrsup-test: varies */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn(int in, int out, char *const argv[])
{
	pid_t p = fork();

	if (p == 0) {
		if (in >= 0 && dup2(in, 0) < 0)
			_exit(126);
		if (out >= 0 && dup2(out, 1) < 0)
			_exit(126);
		for (int fd = 3; fd < 64; fd++)
			close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	return p;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "gen") == 0) {
		for (int i = 1; i <= 50; i++)
			printf("%d\n", i * i);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "tag") == 0) {
		char line[64];
		long sum = 0;
		int n = 0;

		while (fgets(line, sizeof(line), stdin)) {
			sum += atol(line);
			n++;
		}
		printf("tag: %d lines, sum %ld\n", n, sum);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "chatter") == 0) {
		for (int i = 0; i < 8; i++) {
			if (write(1, argv[2], 1) != 1)
				return 1;
			usleep(20 + 7 * i);
		}
		return 0;
	}

	int p1[2], p2[2], p3[2], c[2];
	char self[] = "/proc/self/exe", gen[] = "gen", tag[] = "tag", chat[] = "chatter";
	char cat[] = "/bin/cat", x[] = "x", y[] = "y";
	char *gen_argv[] = { self, gen, NULL }, *cat_argv[] = { cat, NULL };
	char *tag_argv[] = { self, tag, NULL };
	char *cx[] = { self, chat, x, NULL }, *cy[] = { self, chat, y, NULL };
	pid_t pids[5];
	char buf[256];
	ssize_t n, got = 0;
	int st, ok = 0;

	fflush(stdout);
	if (pipe(p1) || pipe(p2) || pipe(p3) || pipe(c))
		return 1;
	pids[0] = spawn(-1, p1[1], gen_argv);
	pids[1] = spawn(p1[0], p2[1], cat_argv);
	pids[2] = spawn(p2[0], p3[1], tag_argv);
	pids[3] = spawn(-1, c[1], cx);
	pids[4] = spawn(-1, c[1], cy);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
	close(p3[1]);
	close(c[1]);
	while ((n = read(p3[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		printf("pipeline: %s", buf);
	}
	while ((n = read(c[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	for (int i = 0; i < 5; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	printf("chatter: %s\nchildren ok: %d\n", buf, ok);
	return 0;
}
