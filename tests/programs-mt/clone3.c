/* clone3 twice: through pthread_create (glibc 2.34+ creates threads with
 * clone3), and directly as a fork with CLONE_PIDFD, waited for with
 * poll on the pidfd and waitid(P_PIDFD).  The thread, the child and the
 * parent write their progress into one pipe; the interleaving depends on
 * scheduling.
 * rrsup-test: native-variants=5 */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int pfd[2];

static void put(const char *s)
{
	if (write(pfd[1], s, strlen(s)) < 0)
		_exit(3);
}

static void *thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		put("t");
		usleep(30);
	}
	return NULL;
}

int main(void)
{
	struct clone_args ca;
	pthread_t t;
	int pidfd = -1;
	long pid;
	char buf[256];
	ssize_t n, got = 0;

	if (pipe(pfd))
		return 1;
	pthread_create(&t, NULL, thread, NULL);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0) {
		perror("clone3");
		return 1;
	}
	if (pid == 0) {
		for (int i = 0; i < 5; i++) {
			put("c");
			usleep(20);
		}
		_exit(7);
	}
	for (int i = 0; i < 5; i++) {
		put("p");
		usleep(25);
	}
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int pr = poll(&p, 1, 5000);
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	int wr = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED);
	pthread_join(t, NULL);
	close(pfd[1]);
	while ((n = read(pfd[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	printf("interleaving %s\n", buf);
	printf("pidfd %s, poll %d revents %#x, waitid %d pid-match %d code %d status %d\n",
	       pidfd >= 0 ? "ok" : "missing", pr, p.revents, wr, si.si_pid == pid,
	       si.si_code, si.si_status);
	return 0;
}
