/* Putting rrsup's code into the target.  For now that is one page at a fixed
 * address holding a "syscall; int3" sequence: the seccomp filter lets
 * syscalls made from this page through without a stop, which is how the
 * supervisor makes syscalls inside the target (remote syscalls).  The replay
 * stub executable carries the same page at the same address. */
#ifndef RRSUP_INJECT_H
#define RRSUP_INJECT_H

#include <stdint.h>
#include <sys/types.h>

#include "inject/helper_abi.h"

/* Far below where the kernel places mappings top-down (just under the
 * stack at 128 TiB) and far above where brk heaps grow. */
#define INJECT_PAGE_ADDR	0x70000000000ULL
#define INJECT_PAGE_SIZE	4096ULL
/* Offset of the "syscall; int3" pair in the page. */
#define INJECT_SYSCALL_OFF	0
/* The second half of the page is scratch space for the arguments of
 * remote syscalls (paths, argv arrays). */
#define INJECT_SCRATCH_OFF	2048

struct task;

/* Installs the seccomp filter in the calling process (the child, before
 * execve): every syscall stops with PTRACE_EVENT_SECCOMP except those made
 * from the inject page.  Returns 0 or a negative errno. */
int inject_install_filter(void);
/* Maps the inject page into a task that has just exec'd (record side).  The
 * task must be in a stop whose registers survive resumption (a syscall-exit
 * or signal stop, not the PTRACE_EVENT_EXEC stop itself, after which the
 * kernel still writes execve's return value).  Returns 0 or -errno. */
int inject_map_page(struct task *t);

/* At a helper's RRSUP_OP_REGISTER (record and replay alike): writes where
 * libc's syscall sites are into the buffer at buf, if the helper named its
 * libc (a struct rrsup_libc at libc_addr).  Best effort: without the list
 * the helper finds them itself. */
void inject_offer_sites(struct task *t, uint64_t buf, uint64_t libc_addr);

/* A process made by a clone with CLONE_VM (no thread) shares its parent's
 * helper buffer, hence the helper stack at its top.  Must both keep off
 * it (RRSUP_FORCE_NOSTACK)?  Yes unless the child is a vfork child, whose
 * parent waits, and the parent's frames (sp, at its clone) are not on
 * that stack.  Record and replay decide alike. */
static inline int inject_shares_helper_stack(uint64_t buf, uint64_t parent_sp,
					     int vfork)
{
	uint64_t top = buf + RRSUP_BUF_SIZE;

	return !vfork || (parent_sp < top && parent_sp >= top - RRSUP_STACK_SIZE);
}

#endif
