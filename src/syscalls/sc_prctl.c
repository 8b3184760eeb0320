/* prctl and arch_prctl: both are SC_EXEC (they set per-task kernel state
 * that replay needs), so every option must be one that is safe to run
 * again at replay.  Options rrsup does not know are refused at entry. */
#include <errno.h>
#include <stddef.h>
#include <asm/prctl.h>
#include <linux/prctl.h>

#include "syscalls/sc_priv.h"

/* Each prctl option rrsup knows, and what it writes. */
enum sc_prctl_how { PRC_NONE, PRC_INT, PRC_U64, PRC_NAME, PRC_AUXV, PRC_CORE, PRC_REFUSE };

#define SC_PR_SET_MDWE		65
#define SC_PR_GET_MDWE		66
#define SC_PR_SET_MEMORY_MERGE	67
#define SC_PR_GET_MEMORY_MERGE	68
#define SC_PR_GET_SHADOW_STACK	74
#define SC_PR_GET_AUXV		0x41555856

struct sc_prctl_opt {
	int opt;
	uint8_t how;
	const char *why;	/* PRC_REFUSE */
};

static const struct sc_prctl_opt sc_prctl_opts[] = {
	{ PR_SET_PDEATHSIG, PRC_NONE, NULL },
	{ PR_GET_PDEATHSIG, PRC_INT, NULL },
	{ PR_GET_DUMPABLE, PRC_NONE, NULL },
	{ PR_SET_DUMPABLE, PRC_NONE, NULL },
	{ PR_GET_UNALIGN, PRC_INT, NULL },
	{ PR_GET_KEEPCAPS, PRC_NONE, NULL },
	{ PR_SET_KEEPCAPS, PRC_NONE, NULL },
	{ PR_GET_FPEMU, PRC_INT, NULL },
	{ PR_GET_FPEXC, PRC_INT, NULL },
	{ PR_GET_TIMING, PRC_NONE, NULL },
	{ PR_SET_NAME, PRC_NONE, NULL },
	{ PR_GET_NAME, PRC_NAME, NULL },
	{ PR_GET_ENDIAN, PRC_INT, NULL },
	{ PR_GET_SECCOMP, PRC_NONE, NULL },
	{ PR_CAPBSET_READ, PRC_NONE, NULL },
	{ PR_CAPBSET_DROP, PRC_NONE, NULL },
	{ PR_GET_TSC, PRC_INT, NULL },
	{ PR_GET_SECUREBITS, PRC_NONE, NULL },
	{ PR_SET_SECUREBITS, PRC_NONE, NULL },
	{ PR_SET_TIMERSLACK, PRC_NONE, NULL },
	{ PR_GET_TIMERSLACK, PRC_NONE, NULL },
	{ PR_TASK_PERF_EVENTS_DISABLE, PRC_NONE, NULL },
	{ PR_TASK_PERF_EVENTS_ENABLE, PRC_NONE, NULL },
	{ PR_MCE_KILL, PRC_NONE, NULL },
	{ PR_MCE_KILL_GET, PRC_NONE, NULL },
	{ PR_SET_PTRACER, PRC_NONE, NULL },
	{ PR_SET_CHILD_SUBREAPER, PRC_NONE, NULL },
	{ PR_GET_CHILD_SUBREAPER, PRC_INT, NULL },
	{ PR_SET_NO_NEW_PRIVS, PRC_NONE, NULL },
	{ PR_GET_NO_NEW_PRIVS, PRC_NONE, NULL },
	{ PR_GET_TID_ADDRESS, PRC_U64, NULL },
	{ PR_SET_THP_DISABLE, PRC_NONE, NULL },
	{ PR_GET_THP_DISABLE, PRC_NONE, NULL },
	{ PR_CAP_AMBIENT, PRC_NONE, NULL },
	{ PR_GET_SPECULATION_CTRL, PRC_NONE, NULL },
	{ PR_SET_SPECULATION_CTRL, PRC_NONE, NULL },
	{ PR_GET_TAGGED_ADDR_CTRL, PRC_NONE, NULL },
	{ PR_SET_IO_FLUSHER, PRC_NONE, NULL },
	{ PR_GET_IO_FLUSHER, PRC_NONE, NULL },
	{ PR_SCHED_CORE, PRC_CORE, NULL },
	{ PR_SET_VMA, PRC_NONE, NULL },
	{ SC_PR_GET_MDWE, PRC_NONE, NULL },
	{ SC_PR_SET_MEMORY_MERGE, PRC_NONE, NULL },
	{ SC_PR_GET_MEMORY_MERGE, PRC_NONE, NULL },
	{ SC_PR_GET_SHADOW_STACK, PRC_U64, NULL },
	{ SC_PR_GET_AUXV, PRC_AUXV, NULL },
	{ PR_SET_SECCOMP, PRC_REFUSE,
	  "prctl(PR_SET_SECCOMP): filters would apply to rrsup's injected syscalls" },
	{ PR_SET_TSC, PRC_REFUSE, "prctl(PR_SET_TSC): rdtsc trapping belongs to rrsup" },
	{ PR_SET_MM, PRC_REFUSE, "prctl(PR_SET_MM) rewrites the address-space layout" },
	{ PR_SET_SYSCALL_USER_DISPATCH, PRC_REFUSE,
	  "prctl(PR_SET_SYSCALL_USER_DISPATCH) would divert rrsup's injected syscalls" },
	{ SC_PR_SET_MDWE, PRC_REFUSE,
	  "prctl(PR_SET_MDWE) could forbid the mappings replay needs" },
};

static const struct sc_prctl_opt *sc_prctl_find(int opt)
{
	size_t i;

	for (i = 0; i < sizeof(sc_prctl_opts) / sizeof(sc_prctl_opts[0]); i++)
		if (sc_prctl_opts[i].opt == opt)
			return &sc_prctl_opts[i];
	return NULL;
}

int sc_ck_prctl(const struct sc_call *c, const char **why)
{
	const struct sc_prctl_opt *o = sc_prctl_find((int)c->args[0]);

	if (!o) {
		*why = "prctl option not known to rrsup";
		return -ENOTSUP;
	}
	if (o->how == PRC_REFUSE) {
		*why = o->why;
		return -ENOTSUP;
	}
	return 0;
}

#define SC_TASK_COMM_LEN	16
#define SC_PR_SCHED_CORE_GET	0

int sc_sp_prctl(const struct sc_call *c, struct sc_region *r, int max)
{
	const struct sc_prctl_opt *o = sc_prctl_find((int)c->args[0]);
	uint64_t len;

	if (!o || o->how == PRC_REFUSE)
		return -ENOTSUP;
	if (c->ret < 0)
		return 0;
	switch (o->how) {
	case PRC_INT:
		return sc_add(r, 0, max, c->args[1], sizeof(int));
	case PRC_U64:
		return sc_add(r, 0, max, c->args[1], sizeof(uint64_t));
	case PRC_NAME:
		return sc_add(r, 0, max, c->args[1], SC_TASK_COMM_LEN);
	case PRC_AUXV:
		/* Returns the full size, copies at most args[2] bytes. */
		len = (uint64_t)c->ret < c->args[2] ? (uint64_t)c->ret : c->args[2];
		return sc_add(r, 0, max, c->args[1], len);
	case PRC_CORE:
		if (c->args[1] != SC_PR_SCHED_CORE_GET)
			return 0;
		return sc_add(r, 0, max, c->args[4], sizeof(uint64_t));
	}
	return 0;
}

#ifndef ARCH_GET_UNTAG_MASK
#define ARCH_GET_UNTAG_MASK	0x4001
#define ARCH_GET_MAX_TAG_BITS	0x4003
#endif
#ifndef ARCH_SHSTK_STATUS
#define ARCH_SHSTK_STATUS	0x5005
#endif

/* The codes that store an unsigned long at args[1]; 0 for those that
 * store nothing; -1 for the ones rrsup refuses (shadow stacks, LAM, vDSO
 * mapping, cpuid faulting: all things the supervisor must control). */
static int sc_arch_prctl_out(int code)
{
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
	case ARCH_GET_CPUID:
	case ARCH_REQ_XCOMP_PERM:
	case ARCH_REQ_XCOMP_GUEST_PERM:
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
	case ARCH_GET_XCOMP_SUPP:
	case ARCH_GET_XCOMP_PERM:
	case ARCH_GET_XCOMP_GUEST_PERM:
	case ARCH_GET_UNTAG_MASK:
	case ARCH_GET_MAX_TAG_BITS:
	case ARCH_SHSTK_STATUS:
		return sizeof(uint64_t);
	}
	return -1;
}

int sc_ck_arch_prctl(const struct sc_call *c, const char **why)
{
	int code = (int)c->args[0];

	if (sc_arch_prctl_out(code) >= 0)
		return 0;
	if (code == ARCH_SET_CPUID)
		*why = "arch_prctl(ARCH_SET_CPUID): cpuid faulting belongs to rrsup";
	else
		*why = "arch_prctl code not supported (shadow stack, LAM or vDSO mapping)";
	return -ENOTSUP;
}

int sc_sp_arch_prctl(const struct sc_call *c, struct sc_region *r, int max)
{
	int len = sc_arch_prctl_out((int)c->args[0]);

	if (len < 0)
		return -ENOTSUP;
	if (c->ret < 0)
		return 0;
	return sc_add(r, 0, max, c->args[1], (uint64_t)len);
}
