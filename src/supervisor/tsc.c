#include "tsc.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <ucontext.h>
#include <x86intrin.h>

static int trapped;		/* tsc_trap_self() ran in this process */

uint64_t tsc_read(unsigned *aux)
{
	uint64_t t;
	int saved = errno;

	/* Only the calling thread's mode changes, for two instructions:
	 * other threads keep trapping. */
	if (trapped)
		prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0);
	t = aux ? __rdtscp(aux) : __rdtsc();
	if (trapped)
		prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0);
	errno = saved;
	return t;
}

/* rdtsc is 0f 31, rdtscp 0f 01 f9: the length, or 0 for neither. */
static int insn_len(const uint8_t *ip)
{
	if (ip[0] == 0x0f && ip[1] == 0x31)
		return 2;
	if (ip[0] == 0x0f && ip[1] == 0x01 && ip[2] == 0xf9)
		return 3;
	return 0;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	unsigned aux = 0;
	uint64_t t;
	int len = 0;

	/* A trapped rdtsc is a general protection fault (SI_KERNEL) at an
	 * instruction that was just fetched, so its bytes are readable. */
	if (si->si_code == SI_KERNEL)
		len = insn_len((const uint8_t *)g[REG_RIP]);
	if (!len) {
		/* A real crash: fault again with the default action. */
		signal(sig, SIG_DFL);
		return;
	}
	t = tsc_read(len == 3 ? &aux : NULL);
	g[REG_RAX] = (uint32_t)t;
	g[REG_RDX] = (uint32_t)(t >> 32);
	if (len == 3)
		g[REG_RCX] = aux;
	g[REG_RIP] += len;
}

int tsc_trap_self(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) < 0)
		return -errno;
	trapped = 1;
	if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) < 0) {
		trapped = 0;
		return -errno;
	}
	return 0;
}

void tsc_untrap_self(void)
{
	prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0);
}

int64_t tsc_mono_ns(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
