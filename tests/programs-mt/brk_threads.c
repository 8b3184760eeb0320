/* The program break moved by several threads and a forked child (the
 * helper records brk in-process and replays it by mapping the pages
 * itself).  Two threads take turns under a lock: each grows the heap by
 * its own amount, fills and checks the new pages, and shrinks it back;
 * the order they got the lock in varies natively.  Then the main thread's
 * malloc grows and trims the heap, and a forked child grows it by 1 MiB
 * and exits with a digest of what it wrote.
 * rrsup-test: varies */
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 300

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char order[2 * ROUNDS + 1];
static int norder, bad;
static uint64_t digest;

static uint64_t fill(unsigned char *p, size_t n, unsigned seed)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed);
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

static void *worker(void *arg)
{
	long id = (long)arg;
	intptr_t step = 4096 * (1 + 2 * id);

	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&mu);
		unsigned char *base = sbrk(0), *p = sbrk(step);

		if (p != base || sbrk(0) != base + step)
			bad++;
		digest ^= fill(p, step, (unsigned)(id * 1000 + r));
		if (sbrk(-step) == (void *)-1 || sbrk(0) != base)
			bad++;
		order[norder++] = (char)('a' + id);
		pthread_mutex_unlock(&mu);
		if (r % 7 == (int)id)
			sched_yield();
	}
	return NULL;
}

int main(void)
{
	static char outbuf[1 << 16];
	pthread_t th[2];
	void *blocks[100];
	int switches = 0, st;
	pid_t pid;

	/* stdio's buffer is static: the heap is the test's. */
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	for (long i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (int i = 1; i < norder; i++)
		switches += order[i] != order[i - 1];
	printf("brk_threads: %d rounds, %d bad breaks, digest %016llx\n", norder, bad,
	       (unsigned long long)digest);
	printf("brk_threads: order %.40s... (%d switches)\n", order, switches);

	for (int i = 0; i < 100; i++) {
		blocks[i] = malloc(10000);
		memset(blocks[i], i, 10000);
	}
	for (int i = 99; i >= 0; i--)
		free(blocks[i]);
	malloc_trim(0);
	printf("brk_threads: malloc grew and trimmed the heap\n");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		unsigned char *p = sbrk(1 << 20);

		_exit(p == (void *)-1 ? 255 : (int)(fill(p, 1 << 20, 7) & 0x7f));
	}
	waitpid(pid, &st, 0);
	printf("brk_threads: child's digest byte %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return bad != 0;
}
