/* Process identity numbers.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	printf("pids: getpid %d\n", (int)getpid());
	printf("pids: gettid %d\n", (int)gettid());
	printf("pids: getppid %d\n", (int)getppid());
	printf("pids: getpgrp %d\n", (int)getpgrp());
	printf("pids: getsid %d\n", (int)getsid(0));
	printf("pids: raw SYS_getpid %ld\n", syscall(SYS_getpid));
	printf("pids: pid == tid: %s\n", getpid() == gettid() ? "yes" : "no");
	fprintf(stderr, "pids: stderr pid %d\n", (int)getpid());
	return 0;
}
