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

/* A syscall, not the vDSO: the vDSO's clocks read the TSC, which traps
 * here. */
static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t tsc_mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* The program's rdtsc, emulated.  Reading the TSC here means switching
 * the supervisor's own mode twice (two prctls, two slow CR4 writes under
 * a nested hypervisor): 10 of the 25 us an emulated rdtsc cost, and
 * ld.so alone executes ten per process.  So the counter is extrapolated
 * from CLOCK_MONOTONIC_RAW at the rate two real reads 50 ms apart gave,
 * re-anchored on a real read every second, and never goes back. */
#define EST_CAL_NS	(50 * 1000 * 1000LL)
#define EST_ANCHOR_NS	(1000 * 1000 * 1000LL)

static struct {
	uint64_t tsc0;			/* first real read... */
	int64_t ns0;			/* ...at this raw time */
	uint64_t tsc;			/* last real read... */
	int64_t ns;
	uint64_t mult;			/* ticks per ns, 32.32; 0: not known */
	uint64_t out;			/* last value given */
	unsigned aux;			/* rdtscp's aux at the last real read */
} est;

uint64_t tsc_emulated(unsigned *aux)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC_RAW);
	uint64_t t;

	if (!est.mult || now - est.ns >= EST_ANCHOR_NS || now < est.ns) {
		t = tsc_read(&est.aux);
		if (!est.ns0) {
			est.tsc0 = t;
			est.ns0 = now;
		} else if (now - est.ns0 >= EST_CAL_NS && t > est.tsc0) {
			est.mult = (uint64_t)(((unsigned __int128)(t - est.tsc0) << 32) /
					      (uint64_t)(now - est.ns0));
		}
		est.tsc = t;
		est.ns = now;
	} else {
		t = est.tsc + (uint64_t)(((unsigned __int128)(now - est.ns) * est.mult) >> 32);
	}
	if (t <= est.out)
		t = est.out + 1;
	est.out = t;
	if (aux)
		*aux = est.aux;
	return t;
}
