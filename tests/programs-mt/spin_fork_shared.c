/* A child process counts while it waits for a flag its parent sets in
 * shared memory (MAP_SHARED), then reports the count through the same
 * page.  The child's loop changes state and makes no system call: rrsup
 * preempts it by saving its state, shared page included, and replay puts
 * that back.  The count differs natively from run to run.
 * rrsup-test: varies timeout=60 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	volatile int flag;
	volatile unsigned long count;
	volatile int started;
};

int main(void)
{
	struct shared *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned long n = 0;
	int status;
	pid_t pid;

	if (s == MAP_FAILED)
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		s->started = 1;
		while (!s->flag)
			n++;
		s->count = n;
		_exit(0);
	}
	while (!s->started)
		usleep(100);
	usleep(500);
	s->flag = 1;
	waitpid(pid, &status, 0);
	printf("child exit %d, counted %lu\n", WEXITSTATUS(status), s->count);
	return 0;
}
