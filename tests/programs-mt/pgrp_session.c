/* Process groups and sessions: one child calls setsid and reports its
 * session and group ids relative to its pid; two children are put into a
 * new process group (setpgid from both sides) and the parent signals the
 * whole group with kill(-pgid, SIGUSR1); each member writes a tag into a
 * pipe when the signal arrives.  The relations are fixed; the tag order
 * depends on scheduling.
 * rrsup-test: varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int pfd[2];
static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got = 1;
}

static void member(char tag, pid_t pgid, int ready)
{
	sigset_t none;
	char s[2] = { tag, 0 };

	if (pgid && setpgid(0, pgid) != 0 && getpgrp() != pgid)
		_exit(3);
	if (write(ready, s, 1) != 1)
		_exit(4);
	sigemptyset(&none);
	while (!got)
		sigsuspend(&none);
	for (int i = 0; i < 3; i++) {
		usleep(10);
		if (write(pfd[1], s, 1) != 1)
			_exit(5);
	}
	_exit(0);
}

int main(void)
{
	struct sigaction sa;
	sigset_t usr1, old;
	int rd[2], st, ok = 0;
	pid_t s, a, b, c;
	char buf[64];
	ssize_t n, got_ = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	if (pipe(pfd) || pipe(rd))
		return 1;
	printf("parent: pgrp==getpgid(0) %d, sid==getsid(0) %d\n", getpgrp() == getpgid(0),
	       getsid(0) == getsid(getpid()));
	fflush(stdout);

	s = fork();
	if (s == 0) {
		pid_t sid = setsid();

		printf("setsid child: sid==pid %d, pgrp==pid %d, setsid again fails %d, setpgid(0,0) as leader fails %d\n",
		       sid == getpid(), getpgrp() == getpid(), setsid() < 0, setpgid(0, 0) < 0);
		fflush(stdout);
		_exit(0);
	}
	waitpid(s, &st, 0);
	ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;

	a = fork();
	if (a == 0)
		member('A', getpid(), rd[1]);
	setpgid(a, a);
	b = fork();
	if (b == 0)
		member('B', a, rd[1]);
	setpgid(b, a);
	c = fork(); /* stays in the parent's group: must not get the signal */
	if (c == 0)
		member('C', 0, rd[1]);
	for (int i = 0; i < 3; i++)
		if (read(rd[0], buf, 1) != 1)
			return 1;
	printf("group: a leads %d, b in a's group %d, c in ours %d\n", getpgid(a) == a,
	       getpgid(b) == a, getpgid(c) == getpgrp());
	fflush(stdout);
	kill(-a, SIGUSR1);
	kill(c, SIGUSR1);
	close(pfd[1]);
	while ((n = read(pfd[0], buf + got_, sizeof(buf) - 1 - got_)) > 0)
		got_ += n;
	buf[got_] = 0;
	for (int i = 0; i < 3; i++) {
		pid_t p = wait(&st);

		ok += p > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("signal order %s, children ok %d\n", buf, ok);
	return 0;
}
