/* signalfd: block signals, raise/sigqueue them, read signalfd_siginfo
 * records (ssi_pid varies), poll readiness.
 * rrsup-test: varies */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &m, NULL);
	int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
	printf("signalfd: fd %d\n", fd);
	struct pollfd p = { fd, POLLIN, 0 };
	printf("signalfd: poll empty %d\n", poll(&p, 1, 0));
	raise(SIGUSR2);
	union sigval v = { .sival_int = 777 };
	sigqueue(getpid(), SIGRTMIN + 1, v);
	int r = poll(&p, 1, 0);
	printf("signalfd: poll %d revents %#x\n", r, p.revents);
	struct signalfd_siginfo si[4];
	ssize_t n = read(fd, si, sizeof si);
	printf("signalfd: read %zd bytes = %zd records\n", n, n / (ssize_t)sizeof si[0]);
	for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++)
		printf("signalfd: signo %u code %d pid %u uid %u int %d\n", si[i].ssi_signo,
		       si[i].ssi_code, si[i].ssi_pid, si[i].ssi_uid, si[i].ssi_int);
	n = read(fd, si, sizeof si);
	printf("signalfd: empty read %zd\n", n);
	close(fd);
	return 0;
}
