/* clone(CLONE_VM) without CLONE_THREAD or CLONE_VFORK: a second process
 * on the same memory (and, not asking for a TLS of its own, the same
 * thread pointer), running alongside its parent.  Both make calls libc
 * routes through rrsup's helper, whose buffer and stack they would share:
 * under rrsup both must keep off them, or one overwrites the other's
 * frames (the recording crashed with SIGSEGV before).  They hand a token
 * back and forth through two pipes, so each blocks while the other runs.
 * rrsup-test: */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#define ROUNDS 300

static int to_child[2], to_parent[2];
static volatile long child_sum;

static int child(void *arg)
{
	struct timespec ts;
	char t;
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		if (read(to_child[0], &t, 1) != 1)
			return 2;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		child_sum += getppid() > 0;
		if (write(to_parent[1], &t, 1) != 1)
			return 3;
	}
	return 0;
}

int main(void)
{
	char *stack = malloc(1 << 20), t = 'x';
	struct timespec ts;
	long sum = 0;
	int i, st;
	pid_t c;

	if (!stack || pipe(to_child) || pipe(to_parent))
		return 1;
	c = clone(child, stack + (1 << 20), CLONE_VM | SIGCHLD, NULL);
	if (c < 0)
		return 1;
	for (i = 0; i < ROUNDS; i++) {
		if (write(to_child[1], &t, 1) != 1 || read(to_parent[0], &t, 1) != 1)
			return 4;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		sum += getpid() > 0;
	}
	if (waitpid(c, &st, 0) != c)
		return 5;
	printf("parent %ld, child %ld, child status %d\n", sum, child_sum,
	       WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
	return 0;
}
