/* A chain of execs in one process: this program execs /bin/sh, which
 * execs this program again, which execs it a third time; every stage
 * checks it kept the pid and prints what it was given.  Deterministic
 * (not marked varies): the native run must print exactly what the
 * recording printed.
 * rrsup-test: */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char pid[32], cmd[512], self[256];
	ssize_t n;

	if (argc == 1) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return 3;
		self[n] = 0;
		snprintf(pid, sizeof(pid), "%d", getpid());
		printf("stage 1\n");
		fflush(stdout);
		snprintf(cmd, sizeof(cmd), "echo stage 2: shell; exec '%s' stage3 %s", self, pid);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "stage3") == 0) {
		printf("stage 3: same pid %d\n", atoi(argv[2]) == getpid());
		fflush(stdout);
		execl("/proc/self/exe", "exec_chain", "stage4", argv[2], (char *)NULL);
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "stage4") == 0) {
		printf("stage 4: same pid %d, argv0 %s\n", atoi(argv[2]) == getpid(), argv[0]);
		return 0;
	}
	return 2;
}
