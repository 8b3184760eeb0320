/* Writes bigger than the pipe holds: each fills the pipe, then waits for
 * the reader (a thread, then a forked child) to make room.  The helper
 * sends what fits without waiting and the rest as a call of its own; the
 * program must still see every write complete, and the reader every byte
 * in order.  Last, a timer's signal (no SA_RESTART) interrupts writes
 * that wait: a write that sent some bytes returns their count, one that
 * sent none fails with EINTR.  How many reads the readers needed, and how
 * many writes the signal cut short, differ from run to run.
 * rrsup-test: varies buffered */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK	(3 << 20)	/* more than the 1 MiB rrsup grows pipes to */
#define NCHUNK	4

struct got {
	long reads;
	uint64_t bytes, sum;
};

static int pfd[2];

static void fill(unsigned char *p, size_t n, int k)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + k * 13 + (i >> 12));
}

/* Reads to the end, in pieces of varying size. */
static struct got drain(int fd)
{
	static unsigned char b[100000];
	struct got g = { 0, 0, 14695981039346656037ull };
	ssize_t n, i;

	while ((n = read(fd, b, 1000 + (size_t)(g.reads * 7919) % 99000)) > 0) {
		for (i = 0; i < n; i++)
			g.sum = (g.sum ^ b[i]) * 1099511628211ull;	/* FNV-1a */
		g.bytes += (uint64_t)n;
		g.reads++;
	}
	return g;
}

static void *reader(void *arg)
{
	sigset_t alrm;

	/* The timer's signal is for the writer. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, NULL);
	*(struct got *)arg = drain(pfd[0]);
	return NULL;
}

static volatile sig_atomic_t ticks;

static void on_alarm(int sig)
{
	(void)sig;
	ticks++;
}

/* Writes everything, going on after each write a signal cut short. */
static void write_interrupted(int fd, unsigned char *buf, long *cut, long *eintr)
{
	size_t off;
	ssize_t n;
	int k;

	for (k = 0; k < NCHUNK; k++) {
		fill(buf, CHUNK, k);
		for (off = 0; off < CHUNK; off += (size_t)n) {
			n = write(fd, buf + off, CHUNK - off);
			if (n < 0 && errno == EINTR) {
				(*eintr)++;
				n = 0;
			} else if (n <= 0) {
				exit(2);
			} else if ((size_t)n < CHUNK - off) {
				(*cut)++;
			}
		}
	}
}

/* Every write must send all its bytes, as a blocking write does. */
static int write_all(int fd, unsigned char *buf)
{
	int k, short_writes = 0;

	for (k = 0; k < NCHUNK; k++) {
		fill(buf, CHUNK, k);
		if (write(fd, buf, CHUNK) != CHUNK)
			short_writes++;
	}
	return short_writes;
}

int main(void)
{
	unsigned char *buf = malloc(CHUNK);
	struct got g, c;
	pthread_t th;
	int res[2], st, bad;
	pid_t pid;

	if (!buf || pipe(pfd) || pthread_create(&th, NULL, reader, &g))
		return 1;
	bad = write_all(pfd[1], buf);
	close(pfd[1]);
	pthread_join(th, NULL);
	close(pfd[0]);
	printf("thread: %d short writes, %llu bytes, sum %016llx\n", bad,
	       (unsigned long long)g.bytes, (unsigned long long)g.sum);

	if (pipe(pfd) || pipe(res))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(pfd[1]);
		close(res[0]);
		c = drain(pfd[0]);
		_exit(write(res[1], &c, sizeof(c)) == sizeof(c) ? 0 : 1);
	}
	close(pfd[0]);
	close(res[1]);
	bad = write_all(pfd[1], buf);
	close(pfd[1]);
	if (read(res[0], &c, sizeof(c)) != sizeof(c) || waitpid(pid, &st, 0) != pid ||
	    !WIFEXITED(st) || WEXITSTATUS(st))
		return 1;
	printf("child: %d short writes, %llu bytes, sum %016llx\n", bad,
	       (unsigned long long)c.bytes, (unsigned long long)c.sum);
	printf("reads: thread %ld, child %ld\n", g.reads, c.reads);

	{
		struct sigaction sa;
		struct itimerval it = { { 0, 300 }, { 0, 300 } };
		long cut = 0, eintr = 0;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;	/* no SA_RESTART */
		if (sigaction(SIGALRM, &sa, NULL) || pipe(pfd) ||
		    pthread_create(&th, NULL, reader, &g))
			return 1;
		setitimer(ITIMER_REAL, &it, NULL);
		write_interrupted(pfd[1], buf, &cut, &eintr);
		memset(&it, 0, sizeof(it));
		setitimer(ITIMER_REAL, &it, NULL);
		close(pfd[1]);
		pthread_join(th, NULL);
		close(pfd[0]);
		printf("signals: %llu bytes, sum %016llx\n", (unsigned long long)g.bytes,
		       (unsigned long long)g.sum);
		printf("signals: %ld writes cut short, %ld failed with EINTR, %s\n",
		       cut, eintr, ticks ? "ticked" : "no tick");
	}
	free(buf);
	return 0;
}
