/* A traced thread: its ptrace stops, registers and memory.  Everything else
 * in rrsup reaches the tracee through these calls. */
#ifndef RRSUP_TASK_H
#define RRSUP_TASK_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/user.h>
#include <signal.h>

struct task {
	pid_t tid;
	int memfd;			/* /proc/TID/mem, opened once */
	struct user_regs_struct regs;	/* as of the last task_getregs() */
	int exited;			/* task_wait() reaped it... */
	int exit_status;		/* ...with this wait status */
};

/* What a waitpid() status means for us. */
enum task_stop {
	STOP_EXITED,		/* status holds the exit/kill status */
	STOP_SECCOMP,		/* syscall entry, via the seccomp filter */
	STOP_SYSCALL_EXIT,	/* PTRACE_SYSCALL exit stop (TRACESYSGOOD) */
	STOP_EXEC,		/* PTRACE_EVENT_EXEC */
	STOP_EXIT_EVENT,	/* PTRACE_EVENT_EXIT */
	STOP_CLONE,		/* PTRACE_EVENT_CLONE, _FORK or _VFORK */
	STOP_SIGNAL,		/* signal-delivery-stop; task_wait's *sig */
	STOP_OTHER,		/* other ptrace events: group stops... */
};

/* Set from a signal handler: task_wait() then returns -EINTR instead of
 * waiting on, so the supervisor can wind down cleanly. */
extern volatile sig_atomic_t task_interrupt;

int task_open(struct task *t, pid_t tid);
void task_close(struct task *t);
/* /proc/TID/mem stays bound to the address space it was opened on: call
 * this after every execve. */
int task_reopen_mem(struct task *t);

/* Waits for the next stop; *status is the raw waitpid status and *sig the
 * signal of a signal-delivery-stop.  Returns enum task_stop or -errno. */
int task_wait(struct task *t, int *status, int *sig);
/* Classifies a raw waitpid status like task_wait() (*sig likewise). */
int task_classify(int status, int *sig);
/* The new task's tid at a STOP_CLONE stop. */
int task_event_msg(struct task *t, unsigned long *msg);
/* Resumes with PTRACE_CONT (syscall_stop false) or PTRACE_SYSCALL. */
int task_resume(struct task *t, int syscall_stop, int sig);

int task_getregs(struct task *t);
int task_setregs(struct task *t, const struct user_regs_struct *r);
int task_getsiginfo(struct task *t, siginfo_t *si);
int task_setsiginfo(struct task *t, const siginfo_t *si);
/* 1 if sig is in t's signal mask (t stopped), else 0. */
int task_sig_blocked(struct task *t, int sig);

/* Tracee memory through /proc/TID/mem: ignores page protections, like a
 * debugger.  Return 0 or a negative errno (-EIO for a short transfer). */
int task_read(struct task *t, uint64_t addr, void *buf, size_t len);
int task_write(struct task *t, uint64_t addr, const void *buf, size_t len);
/* sc_mem_read-compatible wrapper (ctx is the task). */
int task_read_cb(void *ctx, uint64_t addr, void *buf, size_t len);

/* Signals that stopped a task while it ran calls for the supervisor.
 * Resuming it without them would drop them, so they are queued again
 * (task_stash_requeue) once it is done, to come when it runs the program:
 * with their siginfo where the kernel allows (queued, timer and tkill
 * signals), else as a tkill. */
#define TASK_STASH_MAX 8
struct task_stash {
	int n;
	int sig[TASK_STASH_MAX];
	siginfo_t si[TASK_STASH_MAX];
};
void task_stash_take(struct task *t, struct task_stash *s, int sig);
void task_stash_requeue(struct task *t, struct task_stash *s);

/* Runs one syscall inside the tracee through the inject page and restores
 * its registers afterwards (regs are left as t->regs was on entry; the
 * caller decides how to resume).  The task must be stopped and its inject
 * page mapped.  *ret gets the raw result.  Signals that come meanwhile
 * are queued again. */
int task_remote_syscall(struct task *t, long nr, uint64_t a0, uint64_t a1,
			uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			int64_t *ret);
/* Remote syscall with a string argument (a path), staged in the inject
 * page's scratch area and passed as argument path_arg. */
int task_remote_path_syscall(struct task *t, long nr, int path_arg,
			     const char *path, uint64_t a[6], int64_t *ret);

/* An instruction breakpoint (debug register 0) at addr, or none. */
int task_set_hw_break(struct task *t, uint64_t addr);
int task_clear_hw_break(struct task *t);
/* Resumes past an instruction breakpoint at the current ip: sets RF so it
 * does not fire again before the instruction runs. */
int task_resume_past_break(struct task *t);
/* Data watchpoints for a debugger in debug registers 1-3 (slot); DR0
 * stays the instruction breakpoint above. */
#define TASK_WATCH_WRITE	1
#define TASK_WATCH_ACCESS	3
int task_set_watch(struct task *t, int slot, uint64_t addr, int len, int type);
int task_clear_watch(struct task *t, int slot);
/* Reads and clears DR6: bits 0-3 which breakpoint fired, bit 14 a
 * single step.  Negative errno on failure. */
long task_take_dr6(struct task *t);
/* Resumes for one instruction (PTRACE_SINGLESTEP). */
int task_step(struct task *t, int sig);

/* Hash of every writable mapping's contents (t's stack only from its
 * stack pointer less the red zone up; t->regs must be fresh): with the
 * registers, the whole state a syscall-free loop can change. */
int task_hash_writable(struct task *t, uint64_t *hash);
/* The same, and a hash of each page of that memory (dead stack included)
 * in pages, to count how much a loop writes between two looks. */
struct task_pages {
	uint64_t *hash;
	size_t n, cap;
};
int task_hash_pages(struct task *t, uint64_t *hash, struct task_pages *pages);

/* Waits until an exiting thread group leader is a zombie: then the kernel
 * has cleared its CLONE_CHILD_CLEARTID word and released its robust
 * futexes, which other threads may be about to look at. */
void task_wait_zombie(pid_t tid);
/* The thread group (process) id of a live task, or -errno. */
pid_t task_tgid(pid_t tid);
/* A hex field of /proc/TID/status ("SigPnd:", "SigCgt:"...); 0 if none. */
unsigned long long task_status_hex(pid_t tid, const char *key);

/* Hash of the registers that identify a program point and state, for
 * divergence checks: callee-saved registers, the first nargs syscall
 * argument registers (6 for all), rip, rsp. */
uint64_t task_regs_digest(const struct user_regs_struct *r, int nargs);

/* Registers of a task stopped at a syscall's entry, changed so that
 * resuming runs its syscall instruction again (what the stop was for is
 * then undone, or done another way first). */
static inline void task_rewind_syscall(struct user_regs_struct *r)
{
	r->rax = r->orig_rax;
	r->orig_rax = -1;
	r->rip -= 2;
}

#endif
