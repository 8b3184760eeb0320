/* execve from a multi-threaded process: three threads block in read on a
 * pipe or spin with system calls, and a fourth (not the main thread)
 * executes /proc/self/exe again.  The new image checks it has the old
 * pid and a single thread.  Before the exec the threads write ticks to
 * stdout with write(2); how many got out depends on scheduling.
 * rrsup-test: varies */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];

static void *blocker(void *arg)
{
	char c;

	(void)arg;
	if (read(pfd[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

static void *ticker(void *arg)
{
	char s[4] = { 'a' + (char)(long)arg, 0 };

	for (;;) {
		if (write(1, s, 1) < 0)
			return NULL;
		usleep(40);
	}
}

static void *execer(void *arg)
{
	char pid[32];

	(void)arg;
	usleep(400);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write(1, "\nexec\n", 6) < 0)
		return NULL;
	execl("/proc/self/exe", "exec_mt", "after", pid, (char *)NULL);
	perror("execl");
	exit(1);
}

int main(int argc, char **argv)
{
	pthread_t t[4];

	if (argc == 3 && strcmp(argv[1], "after") == 0) {
		int n = 0;
		DIR *d = opendir("/proc/self/task");
		struct dirent *e;

		while (d && (e = readdir(d)))
			n += e->d_name[0] != '.';
		printf("after exec: same pid %d, tasks %d\n", atoi(argv[2]) == getpid(), n);
		return 0;
	}
	if (pipe(pfd))
		return 1;
	pthread_create(&t[0], NULL, blocker, NULL);
	pthread_create(&t[1], NULL, ticker, (void *)0L);
	pthread_create(&t[2], NULL, ticker, (void *)1L);
	pthread_create(&t[3], NULL, execer, NULL);
	pthread_join(t[0], NULL);
	return 1;
}
