/* waitid(2): a child stopped with SIGSTOP and continued with SIGCONT is
 * seen through WSTOPPED and WCONTINUED (with WNOWAIT first, then for
 * real); five more children, released together by closing the pipe they
 * wait on, exit with statuses 1..5 and are collected with waitid(P_ALL)
 * (the last with P_PGID) in an order that depends on scheduling; an
 * ECHILD ends it.
 * rrsup-test: varies */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *code(int c)
{
	switch (c) {
	case CLD_EXITED: return "exited";
	case CLD_KILLED: return "killed";
	case CLD_STOPPED: return "stopped";
	case CLD_CONTINUED: return "continued";
	default: return "?";
	}
}

int main(void)
{
	siginfo_t si;
	pid_t s, k[5];
	char order[8] = { 0 };

	fflush(stdout);
	s = fork();
	if (s == 0) {
		for (;;)
			pause();
	}
	kill(s, SIGSTOP);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, s, &si, WSTOPPED | WNOWAIT);
	printf("nowait: %s sig %d pid-match %d\n", code(si.si_code), si.si_status, si.si_pid == s);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, s, &si, WSTOPPED);
	printf("stopped: %s sig %d\n", code(si.si_code), si.si_status);
	kill(s, SIGCONT);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, s, &si, WCONTINUED);
	printf("continued: %s sig %d\n", code(si.si_code), si.si_status);
	memset(&si, 0, sizeof(si));
	printf("nothing yet with WNOHANG: %d pid %d\n",
	       waitid(P_PID, s, &si, WEXITED | WNOHANG), si.si_pid);
	kill(s, SIGKILL);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, s, &si, WEXITED);
	printf("killed: %s sig %d\n", code(si.si_code), si.si_status);

	int gate[2];
	char c;

	if (pipe(gate))
		return 1;
	for (int i = 0; i < 5; i++) {
		k[i] = fork();
		if (k[i] == 0) {
			close(gate[1]);
			if (read(gate[0], &c, 1) != 0) /* EOF: all start at once */
				_exit(9);
			if (i % 2)
				sched_yield();
			_exit(i + 1);
		}
	}
	close(gate[0]);
	usleep(100);
	close(gate[1]);
	for (int i = 0; i < 5; i++) {
		memset(&si, 0, sizeof(si));
		if (waitid(i == 4 ? P_PGID : P_ALL, i == 4 ? (id_t)getpgrp() : 0, &si, WEXITED) == 0)
			order[i] = (char)('0' + si.si_status);
	}
	errno = 0;
	printf("exit order %s, then %s\n", order,
	       waitid(P_ALL, 0, &si, WEXITED) < 0 && errno == ECHILD ? "ECHILD" : "?");
	return 0;
}
