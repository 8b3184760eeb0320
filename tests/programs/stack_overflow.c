/* Infinite recursion overflows the stack; the SIGSEGV is handled on an
 * alternate signal stack (sigaltstack) and the program siglongjmps out.
 * The depth reached depends on the stack's placement and limits.
 * rrsup-test: varies */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static sigjmp_buf env;
static volatile long depth;
static volatile char *lowest;

static void h(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)si;
	siglongjmp(env, sig);
}

static volatile long never = -1;

static long recurse(long n)
{
	volatile char pad[512];
	if (n == never)
		return 0;
	pad[0] = (char)n;
	depth = n;
	lowest = pad;
	return recurse(n + 1) + pad[0];
}

int main(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = 1 << 20; /* 1 MiB: a quick overflow */
	setrlimit(RLIMIT_STACK, &rl);
	stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	int s = sigsetjmp(env, 1);
	if (s == 0) {
		printf("stack_overflow: %ld\n", recurse(0));
		return 1;
	}
	printf("stack_overflow: caught signal %d at depth %ld\n", s, depth);
	printf("stack_overflow: lowest frame %p altstack %p\n", (void *)lowest, ss.ss_sp);
	stack_t cur;
	sigaltstack(NULL, &cur);
	printf("stack_overflow: altstack size %zu flags %d\n", cur.ss_size, cur.ss_flags);
	return 0;
}
