#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "inject/inject.h"
#include "sched/sched.h"
#include "util/msg.h"

int spawn_find(const char *prog, char *buf, size_t len)
{
	const char *path, *p, *end;
	int saw_eacces = 0;

	if (strchr(prog, '/')) {
		if (access(prog, X_OK) < 0)
			return msg_errno(-errno, "cannot execute %s", prog);
		snprintf(buf, len, "%s", prog);
		return 0;
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		struct stat st;

		end = strchrnul(p, ':');
		snprintf(buf, len, "%.*s%s%s", (int)(end - p), p,
			 end > p ? "/" : "", prog);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(buf, X_OK) == 0)
				return 0;
			saw_eacces = 1;
		}
		if (!*end)
			break;
	}
	if (saw_eacces) {
		msg_err("%s: permission denied", prog);
		return -EACCES;
	}
	msg_err("%s: command not found", prog);
	return -ENOENT;
}

/* In the child: set up, then tell the parent why we failed, if we do. */
static void __attribute__((noreturn))
child(const char *path, char *const argv[], char *const envp[], int cpu, int errpipe)
{
	int persona = personality(0xffffffff);
	int err = 0;

	if (persona < 0 || personality(persona | ADDR_NO_RANDOMIZE) < 0)
		err = errno;
	else if (sched_pin_cpu(cpu) < 0)
		err = errno;
	else if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) < 0)
		err = errno;
	else if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		err = errno;
	if (!err) {
		raise(SIGSTOP);
		err = -inject_install_filter();
	}
	if (!err) {
		if (envp)
			execve(path, argv, envp);
		else
			execv(path, argv);
		err = errno;
	}
	if (write(errpipe, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

/* Runs the child up to its execve: syscalls before it are our own set-up,
 * not the program's, so they run unrecorded. */
static int run_to_exec(struct task *t)
{
	int status, sig, stop, err;

	for (;;) {
		stop = task_wait(t, &status, &sig);
		if (stop < 0)
			return stop;
		if (stop == STOP_EXITED)
			return -ECHILD;
		if (stop == STOP_EXEC)
			break;
		err = task_resume(t, 0, stop == STOP_SIGNAL ? sig : 0);
		if (err)
			return err;
	}
	/* Move on to execve's syscall-exit stop, after the kernel has written
	 * its return value: registers set from here on stick. */
	err = task_resume(t, 1, 0);
	if (err)
		return err;
	stop = task_wait(t, &status, &sig);
	if (stop != STOP_SYSCALL_EXIT)
		return stop < 0 ? stop : -EPROTO;
	err = task_reopen_mem(t);
	return err ? err : task_getregs(t);
}

int spawn_traced(struct task *t, const char *path, char *const argv[],
		 char *const envp[], int cpu)
{
	int pipefd[2], status, err, cerr = 0;
	pid_t pid;
	long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEEXEC |
		    PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD |
		    PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return msg_errno(-errno, "pipe");
	pid = fork();
	if (pid < 0) {
		err = msg_errno(-errno, "fork");
		goto out_pipe;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(path, argv, envp, cpu, pipefd[1]);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	if (waitpid(pid, &status, __WALL) < 0 || !WIFSTOPPED(status)) {
		err = -ECHILD;
		goto out_child;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)opts) < 0) {
		err = msg_errno(-errno, "PTRACE_SETOPTIONS");
		goto out_child;
	}
	err = task_open(t, pid);
	if (err)
		goto out_child;
	err = task_resume(t, 0, 0);
	if (!err)
		err = run_to_exec(t);
	if (err) {
		task_close(t);
		goto out_child;
	}
	close(pipefd[0]);
	return 0;

out_child:
	kill(pid, SIGKILL);
	waitpid(pid, &status, __WALL);
	if (read(pipefd[0], &cerr, sizeof(cerr)) == sizeof(cerr) && cerr)
		err = msg_errno(-cerr, "cannot execute %s", path);
	else
		msg_errno(err, "cannot start %s under ptrace", path);
out_pipe:
	close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	return err;
}

int spawn_find_lib(const char *name, char *buf, size_t len)
{
	char self[PATH_MAX - 64];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/%s", self, name);
			if (access(buf, R_OK) == 0)
				return 0;
		}
	}
	snprintf(buf, len, "%s/%s", PKGLIBEXECDIR, name);
	if (access(buf, R_OK) == 0)
		return 0;
	msg_err("cannot find %s next to rrsup or in %s", name, PKGLIBEXECDIR);
	return -ENOENT;
}
