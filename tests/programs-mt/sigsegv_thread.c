/* SIGSEGV handled and recovered in a thread: one thread touches a
 * PROT_NONE page five times; its handler (on an alternate stack) makes the
 * page writable for that access and records the fault address, the
 * thread re-protects the page and goes on.  Two other threads log their
 * progress meanwhile; the interleaving depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *page;
static long pagesz;
static volatile int faults;
static volatile uintptr_t lastaddr;
static pthread_mutex_t logm = PTHREAD_MUTEX_INITIALIZER;
static char log_[512];

static void note(const char *s)
{
	pthread_mutex_lock(&logm);
	strcat(log_, s);
	pthread_mutex_unlock(&logm);
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	faults++;
	lastaddr = (uintptr_t)si->si_addr;
	if ((char *)si->si_addr < page || (char *)si->si_addr >= page + pagesz)
		_exit(99);
	mprotect(page, pagesz, PROT_READ | PROT_WRITE);
}

static void *faulter(void *arg)
{
	stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536 };

	(void)arg;
	sigaltstack(&ss, NULL);
	for (int i = 0; i < 5; i++) {
		page[i * 8] = (char)i; /* faults, recovered */
		mprotect(page, pagesz, PROT_NONE);
		note("F");
		usleep(30);
	}
	return NULL;
}

static void *other(void *arg)
{
	char s[2] = { (char)('a' + (long)arg), 0 };

	for (int i = 0; i < 5; i++) {
		note(s);
		usleep(25);
	}
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t[3];

	pagesz = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, pagesz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	pthread_create(&t[0], NULL, faulter, NULL);
	pthread_create(&t[1], NULL, other, (void *)0L);
	pthread_create(&t[2], NULL, other, (void *)1L);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	mprotect(page, pagesz, PROT_READ);
	printf("%s\nfaults %d, last at page+%ld, bytes %d %d %d %d %d\n", log_, faults,
	       (long)(lastaddr - (uintptr_t)page), page[0], page[8], page[16], page[24], page[32]);
	return 0;
}
