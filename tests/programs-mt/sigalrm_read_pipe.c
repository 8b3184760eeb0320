/* SIGALRM interrupting read on a pipe: a child writes a byte into the
 * pipe at irregular moments while an interval timer (setitimer, 400 us)
 * fires in the parent, whose SIGALRM handler has no SA_RESTART; each
 * read either gets a byte or fails with EINTR.  The sequence of bytes
 * (b) and interruptions (i) depends on timing.
 * rrsup-test: native-variants=5 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void on_alrm(int sig)
{
	(void)sig;
	alarms++;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 400 }, { 0, 400 } }, off = { { 0, 0 }, { 0, 0 } };
	int p[2], bytes = 0, eintr = 0, st;
	char seq[512], c;
	int n = 0;
	pid_t child;

	if (pipe(p))
		return 1;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		close(p[0]);
		for (int i = 0; i < 12; i++) {
			usleep(150 + 97 * (i % 5));
			if (write(p[1], "x", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (;;) {
		ssize_t r = read(p[0], &c, 1);

		if (r == 1) {
			bytes++;
			seq[n++] = 'b';
		} else if (r < 0 && errno == EINTR) {
			eintr++;
			seq[n++] = 'i';
		} else {
			break;
		}
		if (n >= (int)sizeof(seq) - 1)
			break;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	seq[n] = 0;
	waitpid(child, &st, 0);
	printf("bytes %d, interrupted: %s\n%s\n", bytes, eintr > 0 ? "yes" : "no", seq);
	return 0;
}
