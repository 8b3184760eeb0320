/* Two processes: the child runs child_work() and then execs this program
 * again, which runs exec_work(); the parent then takes a SIGUSR1. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int done;

static void child_work(void)
{
	done = 1;	/* PROCS-CHILD */
}

static void exec_work(void)
{
	done = 2;	/* PROCS-EXEC */
}

static void on_usr1(int sig)
{
	done = sig;	/* PROCS-HANDLER */
}

int main(int argc, char **argv)
{
	pid_t p;

	if (argc > 1 && !strcmp(argv[1], "exec")) {
		exec_work();
		printf("exec'd %d\n", getpid());
		return 0;
	}
	signal(SIGUSR1, on_usr1);
	p = fork();
	if (p == 0) {
		printf("child %d\n", getpid());
		fflush(stdout);
		child_work();
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(127);
	}
	waitpid(p, NULL, 0);
	raise(SIGUSR1);
	printf("parent done=%d\n", done);
	return 0;
}
