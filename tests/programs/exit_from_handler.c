/* The program blocks in read() on an empty pipe; a SIGALRM handler ends it
 * with _exit(42).
 * rrsup-test: status=42 varies */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void h(int sig)
{
	(void)sig;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	char buf[96];
	int n = snprintf(buf, sizeof buf, "exit_from_handler: in handler at %lld.%09ld\n",
			 (long long)ts.tv_sec, ts.tv_nsec);
	if (write(1, buf, n) != n)
		_exit(1);
	_exit(42);
}

int main(void)
{
	int p[2];
	if (pipe(p))
		return 1;
	signal(SIGALRM, h);
	struct itimerval it = { { 0, 0 }, { 0, 5000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	printf("exit_from_handler: blocking\n");
	fflush(stdout);
	char c;
	ssize_t n = read(p[0], &c, 1);
	printf("exit_from_handler: read returned %zd?!\n", n);
	return 0;
}
