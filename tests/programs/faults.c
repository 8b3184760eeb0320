/* Synchronous faults caught by handlers that siglongjmp out: SIGSEGV from
 * a bad pointer and from a PROT_NONE page, SIGBUS past the end of a file
 * mapping, SIGFPE from a division by zero, SIGILL from ud2, SIGTRAP from
 * int3.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile siginfo_t got;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = *si;
	siglongjmp(env, sig);
}

static void report(const char *what, int sig, void *base)
{
	printf("faults: %-10s sig %-2d (%s) code %d addr-offset %ld\n", what, sig,
	       sigabbrev_np(sig), got.si_code,
	       base ? (long)((char *)got.si_addr - (char *)base) : (long)(got.si_addr != NULL));
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	for (int i = 0; i < 5; i++)
		sigaction(sigs[i], &sa, NULL);

	int s;
	if ((s = sigsetjmp(env, 1)) == 0)
		*(volatile int *)16 = 1;
	else
		report("null+16", s, (void *)0);

	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p + 4096, 4096, PROT_NONE);
	printf("faults: page at %p\n", (void *)p);
	if ((s = sigsetjmp(env, 1)) == 0)
		((volatile char *)p)[4096 + 123] = 1;
	else
		report("prot_none", s, p);
	if ((s = sigsetjmp(env, 1)) == 0)
		(void)((volatile char *)p)[4096 + 7];
	else
		report("read-none", s, p);
	printf("faults: raw si_addr %p\n", got.si_addr);

	char path[4096];
	snprintf(path, sizeof path, "%s/faults.dat", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (write(fd, "x", 1) != 1)
		return 1;
	char *f = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	if ((s = sigsetjmp(env, 1)) == 0)
		(void)((volatile char *)f)[4096 + 5];
	else
		report("bus", s, f);
	munmap(f, 8192);
	close(fd);
	unlink(path);

	volatile int zero = 0;
	if ((s = sigsetjmp(env, 1)) == 0)
		printf("faults: %d\n", 10 / zero);
	else
		report("div0", s, NULL);
	if ((s = sigsetjmp(env, 1)) == 0)
		__asm__ volatile("ud2");
	else
		report("ud2", s, NULL);
	if ((s = sigsetjmp(env, 1)) == 0)
		__asm__ volatile("int3");
	else
		report("int3", s, NULL);
	/* The mask was restored by siglongjmp: SIGSEGV is not blocked. */
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("faults: SIGSEGV blocked after longjmp: %d\n", sigismember(&cur, SIGSEGV));
	fprintf(stderr, "faults: all caught\n");
	return 0;
}
