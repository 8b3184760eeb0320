/* The seccomp filter and the inject page. */
#include "inject.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "inject/helper_abi.h"
#include "supervisor/task.h"
#include "util/msg.h"

#define IP_LO	offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI	(offsetof(struct seccomp_data, instruction_pointer) + 4)

/* The filter stops every syscall for the supervisor except those made from
 * the inject page: those are the supervisor's own remote syscalls (and, in
 * later work, the in-process helper's).  A handful of BPF instructions, so
 * written by hand: libseccomp cannot match on the instruction pointer. */
int inject_install_filter(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_HI),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 (uint32_t)(INJECT_PAGE_ADDR >> 32), 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_LO),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
			 (uint32_t)~(INJECT_PAGE_SIZE - 1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 (uint32_t)INJECT_PAGE_ADDR, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

/* After execve the task has no inject page and no known syscall
 * instruction: borrow the bytes at its entry point for one "syscall; int3",
 * map the page with it, then put everything back. */
int inject_map_page(struct task *t)
{
	static const uint8_t code[] = { 0x0f, 0x05, 0xcc };
	static const uint8_t untraced[] = { 0x0f, 0x05, 0xc3 };	/* syscall; ret */
	struct user_regs_struct saved, r;
	struct task_stash held = { 0 };
	uint8_t orig[sizeof(code)];
	int err, status, sig, stop;
	uint64_t ip;

	err = task_getregs(t);
	if (err)
		return err;
	saved = r = t->regs;
	ip = saved.rip;
	err = task_read(t, ip, orig, sizeof(orig));
	if (!err)
		err = task_write(t, ip, code, sizeof(code));
	if (err)
		return msg_errno(err, "cannot patch entry point of task %d", t->tid);

	r.rax = SYS_mmap;
	r.orig_rax = -1;
	r.rdi = INJECT_PAGE_ADDR;
	r.rsi = INJECT_PAGE_SIZE;
	r.rdx = PROT_READ | PROT_EXEC;
	r.r10 = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	r.r8 = -1;
	r.r9 = 0;
	err = task_setregs(t, &r);
	if (err)
		goto restore;
	/* The filter traps this one (it is not on the page yet): let it run. */
	for (;;) {
		err = task_resume(t, 0, 0);
		if (err)
			goto restore;
		stop = task_wait(t, &status, &sig);
		if (stop < 0 || stop == STOP_EXITED) {
			err = stop < 0 ? stop : -ESRCH;
			goto restore;
		}
		if (stop == STOP_SIGNAL && sig == SIGTRAP)
			break;
		/* Not ours: queue it again once the program runs. */
		if (stop == STOP_SIGNAL)
			task_stash_take(t, &held, sig);
	}
	err = task_getregs(t);
	if (!err && t->regs.rax != INJECT_PAGE_ADDR)
		err = (int64_t)t->regs.rax < 0 ? (int)t->regs.rax : -EEXIST;
	if (!err)
		err = task_write(t, INJECT_PAGE_ADDR + INJECT_SYSCALL_OFF, code,
				 sizeof(code));
	if (!err)
		err = task_write(t, INJECT_PAGE_ADDR + RRSUP_UNTRACED_OFF,
				 untraced, sizeof(untraced));
restore:
	if (err)
		msg_errno(err, "cannot map the inject page at %#llx in task %d",
			  INJECT_PAGE_ADDR, t->tid);
	if (task_write(t, ip, orig, sizeof(orig)) || task_setregs(t, &saved))
		return err ? err : -EIO;
	task_stash_requeue(t, &held);
	return err;
}
