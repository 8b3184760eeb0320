/* The replayer: re-runs a recorded program, feeding it the recorded
 * results instead of asking the kernel. */
#ifndef RRSUP_REPLAY_H
#define RRSUP_REPLAY_H

#include <limits.h>
#include <stdint.h>
#include <signal.h>

#include "supervisor/shmap.h"
#include "supervisor/task.h"

#include <sys/types.h>
#include "trace/trace.h"

/* A writable copy of a recorded file, for its shared mappings. */
struct rp_copy {
	uint64_t dev, ino;
	char path[1100];
	int file;		/* N of tmpdir/file-N */
};

/* What threads of one process share. */
struct rproc {
	int refs;
	uint64_t brk;		/* the program break as replayed so far */
	pid_t rec_pid;		/* its pid when recorded */
	int execs;		/* images it had (1 after its first exec) */
	uint64_t entry_sp;	/* stack pointer of its image's entry: argc,
				 * argv, envp and auxv lie above */
};

/* Where a replayed task stands between its events. */
enum rp_state {
	RP_NEW,		/* created by a replayed clone; first stop not seen */
	RP_PARKED,	/* stopped; resumed (resume_sig) for its next event */
	RP_AT_ENTRY,	/* stopped at the entry of a syscall it waited in */
	RP_IN_KERNEL,	/* resumed inside a syscall (vfork): its exit stop comes */
	RP_EXITING,	/* made exit/exit_group */
	RP_DONE,
};

struct rptask {
	struct task t;
	pid_t rec_tid;		/* its tid in the recording */
	int state;
	int resume_sig;
	uint64_t ctid;		/* CLONE_CHILD_SETTID address to fix, or 0 */
	struct rproc *proc;
	uint64_t buf;		/* its helper's syscall buffer, or 0 */
	int died_in_exec;	/* killed by another thread's execve; its
				 * exit (t.exit_status) is reaped already */
	uint64_t buf_event;	/* the BUFFER event last loaded into it */
	/* Output of those records, shown once the task has made the calls
	 * (its next event), not when they are loaded: a copy, or NULL. */
	char *echo;
	uint32_t echo_len;
	/* Per-thread kernel state a checkpoint must give back. */
	uint64_t clear_tid;	/* set_tid_address / CLONE_CHILD_CLEARTID */
	uint64_t robust_head, robust_len;	/* set_robust_list */
	stack_t altstack;	/* sigaltstack; ss_size 0: none */
	/* Debugger state (dbg.c). */
	int mid;		/* stopped for the debugger: 1 inside a stretch,
				 * 2 at the stop that ends it (mid_stop/mid_sig) */
	int mid_stop, mid_sig;
	int stepping;		/* a single step was asked for... */
	uint64_t step_from;	/* ...at this ip */
	int step_tf;		/* ...with the program's own TF set */
	int foreign_step;	/* stepping over an inherited int3 */
	uint64_t reinsert;	/* an int3 to put back after the step */
	unsigned armed;		/* watch slots set in its debug registers */
	uint64_t *hist;		/* events whose stretches it ran */
	size_t nhist, caphist;
};

struct rp {
	struct rptask **tasks;
	int ntasks;
	struct rptask *cur;	/* the task the current event is about */
	char stub[PATH_MAX];	/* replay execs this, then rebuilds the image */
	struct trace_reader *r;
	struct trace_mark ev_mark;	/* the reader just before ev */
	/* The next recorded event: what the program must do next. */
	struct trace_event ev;
	const struct trace_chunk *mem;
	const void *extra;
	uint64_t idx;		/* its index in the trace */
	int at_end;		/* no more events */
	int quiet;		/* -q: don't echo the program's output */
	int main_status;	/* exit status of the first task, as recorded */
	struct shmap_set shmaps;	/* shared mappings of the copies */
	struct rp_copy *copies;
	int ncopies, ncopy_files;
	char tmpdir[1024];	/* where the copies live, removed at the end */
	struct dbg *dbg;	/* a debug session, or NULL */
	char dir[PATH_MAX];	/* the trace */
	int cpu;		/* the CPU replay runs on */
};

struct dbg;

/* replay.c */
int rp_advance(struct rp *rp);
/* For the debugger: the start (first image, first task parked), one
 * event, and the end of a run (kills what is left). */
int rp_start(struct rp *rp);
int rp_replay_event(struct rp *rp);
void rp_free_tasks(struct rp *rp);
/* A task just created by a replayed clone: waits for its first stop, so
 * that its registers and memory can be read. */
int rp_first_stop(struct rp *rp, struct rptask *x);
/* Set (to the signal) when SIGINT or SIGTERM asked rrsup to stop. */
volatile sig_atomic_t *rp_stop_flag(void);
/* Resets rp to replay the trace again from its start (rp_reset: tasks
 * gone, trace reopened, nothing started). */
int rp_restart(struct rp *rp);
int rp_reset(struct rp *rp);
/* Prints "replay diverged at event N: ..." and returns -EPROTO. */
int rp_diverged(struct rp *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int rp_write_mem(struct rp *rp);

/* Writes the program's output to our fd 1 or 2 (as recorded). */
void rp_echo(int fd, const char *p, size_t len);

/* replay_buf.c: the helper's syscall buffers.  rp_buf_load handles a
 * BUFFER event of rp->cur (a stopped task); rp_buf_control the helper's
 * control call at its seccomp stop.  Both advance past the event. */
int rp_buf_load(struct rp *rp);
int rp_buf_control(struct rp *rp);
/* Shows the output x's loaded records made (x has made the calls), or
 * only drops it (show 0: the replay ends before they were made). */
void rp_buf_echo(struct rptask *x, int show);

/* Parks the current task: it runs on (with sig) at its next event. */
void rp_park(struct rp *rp, int sig);
/* Waits for the current task's next stop, which must be want (with
 * want_sig if not 0); else a divergence. */
int rp_expect_stop(struct rp *rp, enum task_stop want, int want_sig);
/* The recorded signal at hand, injected by the caller, reaches its
 * delivery stop: recorded siginfo, advance, park with it. */
int rp_take_signal(struct rp *rp, int sig);

/* replay_state.c: SIGK_AT_STATE events.  rp_state_start, for x parked
 * with that event next: RP_PUT if the state is in place (event done), 0
 * if x must first run until its helper traps with RRSUP_OP_DRAINED (then
 * rp_state_drained, at that seccomp stop), or a negative errno. */
#define RP_PUT 3
int rp_state_start(struct rp *rp, struct rptask *x);
int rp_state_drained(struct rp *rp);

/* rebuild.c: execve at its seccomp stop becomes an execve of the stub,
 * whose image is then rebuilt from the EXEC event that follows. */
int rp_exec_stub(struct rp *rp);

/* rebuild.c: address-space changes.  The task is at the seccomp stop of
 * the current (SYSCALL, SC_MM) event; on return it is stopped with the
 * registers it must resume with (result in rax) but not yet resumed, and
 * the return value says where: 0 its seccomp stop (call skipped), 1 its
 * exit stop, 2 an int3 stop after remote syscalls; or a negative errno. */
int rp_mm(struct rp *rp);
/* Removes the copies. */
void rp_mm_cleanup(struct rp *rp);
/* Writes recorded bytes into a read-only shared file mapping. */
int rp_mm_write_shared(struct rp *rp, uint64_t addr, const void *data,
		       uint64_t len);

#endif
