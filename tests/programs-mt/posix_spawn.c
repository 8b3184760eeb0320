/* posix_spawn (glibc: clone with CLONE_VM|CLONE_VFORK, then exec) of four
 * copies of this program as writers into one pipe, with file actions
 * that put the pipe on their stdout; plus posix_spawnp of "true".  The
 * interleaving of the writers depends on scheduling.
 * rrsup-test: native-variants=5 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "writer") == 0) {
		for (int i = 0; i < 6; i++) {
			if (write(1, argv[2], 1) != 1)
				return 1;
			usleep(15 + 10 * (argv[2][0] - 'a'));
		}
		return argv[2][0] - 'a';
	}

	int p[2], st, sum = 0;
	pid_t pids[4], t;
	char buf[128];
	ssize_t n, got = 0;
	posix_spawn_file_actions_t fa;

	if (pipe(p))
		return 1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	for (int i = 0; i < 4; i++) {
		char tag[2] = { (char)('a' + i), 0 };
		char *av[] = { "posix_spawn", "writer", tag, NULL };

		if (posix_spawn(&pids[i], "/proc/self/exe", &fa, NULL, av, environ) != 0)
			return 1;
	}
	char *tv[] = { "true", NULL };
	int tr = posix_spawnp(&t, "true", NULL, NULL, tv, environ);
	close(p[1]);
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	for (int i = 0; i < 4; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st))
			sum += WEXITSTATUS(st);
	waitpid(t, &st, 0);
	printf("writers: %s\nstatus sum %d, true: spawn %d exit %d\n", buf, sum, tr, WEXITSTATUS(st));
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
