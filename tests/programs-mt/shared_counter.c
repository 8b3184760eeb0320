/* A racy counter in a MAP_SHARED anonymous page, shared by the parent and
 * three forked children: each reads it, makes a system call (every eighth a
 * sched_yield), writes it back plus one.  Lost increments depend on scheduling; a process-shared
 * pthread mutex protects a second counter, which must be exact.
 * rrsup-test: varies */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NP 4
#define ITER 400

struct shared {
	pthread_mutex_t m;
	pthread_barrier_t start;
	volatile long racy;
	long exact;
	int moved[NP];
};

static void work(struct shared *s, int k)
{
	pthread_barrier_wait(&s->start);
	for (int i = 0; i < ITER; i++) {
		long v = s->racy;

		if (i % 8 == 0)
			sched_yield();
		else
			getppid();
		if (s->racy != v)
			s->moved[k]++;
		s->racy = v + 1;
		pthread_mutex_lock(&s->m);
		s->exact++;
		pthread_mutex_unlock(&s->m);
	}
}

int main(void)
{
	pthread_mutexattr_t ma;
	pthread_barrierattr_t ba;
	struct shared *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ok = 0;

	if (s == MAP_FAILED)
		return 1;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->m, &ma);
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&s->start, &ba, NP);
	fflush(stdout);
	for (int i = 1; i < NP; i++)
		if (fork() == 0) {
			work(s, i);
			_exit(0);
		}
	work(s, 0);
	for (int i = 1; i < NP; i++) {
		int st;

		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	}
	printf("exact %ld of %d, children ok %d\nracy %ld, lost %ld\n", s->exact, NP * ITER, ok,
	       s->racy, NP * ITER - s->racy);
	printf("moved under each process: %d %d %d %d\n", s->moved[0], s->moved[1], s->moved[2],
	       s->moved[3]);
	return 0;
}
