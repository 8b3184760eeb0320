/* Internal interface between the recorder's files. */
#ifndef RRSUP_RECORD_H
#define RRSUP_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "shmap.h"
#include "task.h"
#include "syscalls/sc.h"
#include "trace/trace.h"

/* Kinds of SIGNAL events (args[0]): where replay must deliver them. */
enum rec_sig_kind {
	SIGK_SYNC = 1,		/* a fault the program's own instruction raises:
				 * replay meets it by itself */
	SIGK_AT_EXIT,		/* delivered on return from the previous syscall */
	SIGK_BEFORE_SYSCALL,	/* held back from user code to the next syscall
				 * instruction (no PMU to name a point between) */
	SIGK_FATAL,		/* uncaught and deadly: delivered at once, the
				 * program dies before doing anything else */
	SIGK_AT_IP,		/* held back while the program spun without
				 * syscalls; delivered at an instruction where
				 * registers and writable memory repeat, so any
				 * visit with that state is the same point */
	SIGK_AT_STATE,		/* nr 0 too: while the program computed without
				 * syscalls, in a loop that changes state; replay
				 * puts the thread's whole recorded state back
				 * (task_state.h) instead of finding the point */
};

/* Extra payload of a SIGK_AT_IP event: the state to wait for. */
struct sig_at_ip {
	siginfo_t si;
	struct user_regs_struct regs;
	uint64_t mem_hash;
	uint64_t xstate_hash;	/* not in format 2 traces */
};
#define SIG_AT_IP_V2_SIZE	offsetof(struct sig_at_ip, xstate_hash)

/* Extra payload of a SIGK_AT_STATE event, then xstate_len bytes of
 * XSAVE area; the event's memory chunks are all writable memory. */
struct sig_at_state {
	siginfo_t si;			/* first, as in every SIGNAL event */
	struct user_regs_struct regs;
	uint32_t xstate_len;
	uint32_t pad;
};

/* Extra payload of an mmap event of a file: which content, and which file
 * (so replay can share one copy between mappings of the same file). */
struct mm_file {
	char blob[TRACE_BLOB_NAME];
	uint64_t dev, ino;
};

/* Where a task of the recording stands.  One task at a time runs user
 * code (cur); the others wait in a ptrace stop or inside a syscall. */
enum rt_state {
	RT_NEW,		/* created; its first stop not seen yet */
	RT_READY,	/* stopped, may be resumed (resume_sig) */
	RT_RUNNING,	/* cur: running user code or a short syscall */
	RT_BLOCKED,	/* inside a syscall that waits; others run */
	RT_EXITING,	/* made exit/exit_group; its exit not reaped yet */
	RT_STOPPED,	/* in a group-stop: waits for a SIGCONT */
	RT_DONE,	/* exited and reaped */
};

struct rtask {
	struct task t;
	int state;
	int resume_sig;
	/* A syscall entered (its ENTRY event written) whose result is
	 * recorded when the task next runs. */
	int has_pending;
	struct trace_event pending;
	pid_t new_child;		/* the task its clone/fork/vfork created */
	struct user_regs_struct exit_regs;	/* regs as last resumed from a syscall exit */
	int exit_regs_valid;
	int deferred_sig;		/* async signal waiting for a syscall */
	siginfo_t deferred_info;
	/* Signals that arrived while deferred_sig waited: theirs is the
	 * next turn, in order (record_signal.c). */
	struct held_sig *held;
	int nheld;
	/* A spin check in progress: the state at the first stop at ip. */
	int spin_check;
	struct user_regs_struct spin_regs;
	uint64_t spin_hash, spin_xhash;
	int preempt;			/* others wait: a long spin is preempted */
	long spin_since;		/* 1 + when a check first failed (ms), or 0 */
	int spin_warned;
	int place_due;			/* placed by its state at the next stop */
	/* Page hashes at the last spin check, and how many pages changed
	 * since the one before (-1: not known): a loop that waits writes
	 * almost nothing, a computation a lot. */
	struct task_pages spin_pages;
	long spin_churn;
	int place_refused;		/* too much memory to place it so */
	long spin_backoff;		/* ms to the next check, after failed ones */
	int dies_in_exec;		/* another thread of its process execs */
	int exit_deferred;		/* died so: its EXIT event comes after
					 * the new image's */
	long run_since;			/* ms clock when it was last scheduled */
	int slice_over;			/* ran its time slice with others ready */
	/* The helper's syscall buffer (record_buf.c), or 0. */
	uint64_t buf;
	uint64_t traced_entry;		/* the helper's trapped entry */
	enum { SHARED_NO, SHARED_SIGNALS, SHARED_VM } buf_shared;
					/* a vfork child on its parent's buffer
					 * (may buffer signal set-up), or either
					 * side of one the helper must keep off
					 * its stack (RRSUP_FORCE_NOSTACK) */
	int buf_lazy;			/* --no-syscall-buffer: only driver API
					 * records, each followed by a FLUSH call */
	int buf_fresh;			/* flushed at this stop already */
	int blocked_in_helper;		/* its next trapped call is one the helper
					 * ran until it blocked: it waits */
	int desched_fd;			/* our copy of its perf counter, or -1 */
	int desched_tfd;		/* the counter's fd in the task */
	int desched_later;		/* registered without its counter: set
					 * up at its first call that needs one */
	pid_t tgid;			/* rec_tgid()'s cache, or 0 */
};

struct rec {
	struct rtask **tasks;
	int ntasks;
	struct rtask *cur;		/* the task running user code, or NULL */
	int next_pick;			/* round-robin position */
	struct trace_writer *w;
	int ended;			/* an END event was written */
	int no_buffer;			/* --no-syscall-buffer */
	uint64_t denied[8];		/* syscalls refused (SC_DENY) and said so */
	pid_t exec_tid;			/* tid an execve's EXEC stop came with */
	uint64_t nevents;		/* events written so far */
	struct stat out_st[3];		/* our stdout/stderr, to spot echoable writes */
	int out_ok[3];
	struct shmap_set shmaps;	/* shared file mappings */
	void *echo_pre;			/* pipe data a splice may send to stdout */
	size_t echo_pre_len;
	/* Per-event scratch for output regions. */
	struct trace_chunk *chunks;
	void *buf;
	size_t buf_cap;
};

/* record_mm.c.  For an mmap: copies the mapped file into the trace and
 * fills *f (then *flags gets TRACE_F_BLOB), or -ENOTSUP for a mapping the
 * trace cannot reproduce. */
int rec_mm_file(struct rec *rc, const uint64_t args[6], int64_t ret,
		struct mm_file *f, uint32_t *flags);
/* After a successful munmap or mremap. */
void rec_mm_unmapped(struct rec *rc, uint64_t addr, uint64_t len);
/* Appends to r the shared mappings a file-writing call changed. */
int rec_mm_file_writes(struct rec *rc, long nr, const uint64_t a[6],
		       int64_t ret, struct sc_region *r, int n, int max);

/* record.c: writes an event of task x (after the records its helper
 * buffered before it). */
int rec_put(struct rec *rc, struct rtask *x, struct trace_event *ev,
	    const struct trace_chunk *mem, const void *extra);

/* record_buf.c: the helper's syscall buffers. */
int rec_buf_control(struct rec *rc, struct trace_event *ev);
/* Moves x's buffered records into the trace (a BUFFER event). */
int rec_buf_flush(struct rec *rc, struct rtask *x);
/* A held signal waits for a trapped call: no more buffering. */
void rec_buf_force(struct rtask *x);
/* 1 if the signal stop was the helper's (handled); a blocked buffered
 * call becomes a trapped one. */
int rec_buf_signal(struct rec *rc, int sig, const siginfo_t *si);
void rec_buf_inherit(struct rtask *parent, struct rtask *child);
/* fd of task by's process changed: recompute its bits for all threads. */
void rec_buf_fd_changed(struct rec *rc, struct rtask *by, int fd);
/* by made a pipe (its two fds at fds_addr): grown, see record_buf.c. */
void rec_buf_pipe_made(struct rtask *by, uint64_t fds_addr);
void rec_buf_shared_maps(struct rec *rc);
/* Opens a perf event in the background, kept until rrsup exits. */
void rec_desched_warm(void);
int rec_buf_desched_late(struct rtask *x);
void rec_buf_drop(struct rtask *x);

/* record.c / record_signal.c: handle one stop. */
int rec_syscall(struct rec *rc);
int rec_signal(struct rec *rc, int sig);
/* x's held-back signal was delivered: the next one waiting, if any, is
 * held back now (delivered at its next syscall or placement). */
void rec_sig_next(struct rtask *x);
/* x is in a signal-delivery-stop for sig while another is held back:
 * sig waits its turn too (resume x without it). */
int rec_sig_hold(struct rtask *x, int sig);
/* x's held-back signal if it may be delivered now (not blocked), or 0. */
int rec_sig_deliverable(struct rtask *x);
/* With cur at a syscall-exit stop: its held-back signal goes in there,
 * recorded as delivered kind (SIGK_*) at the stop's ip and sp. */
int rec_sig_inject(struct rec *rc, int kind);
/* Ends the recording early: kills the program and writes an END event
 * saying why, with the exit status rrsup record gives (replay gives it
 * too). */
int rec_end(struct rec *rc, const char *why, int status);

/* record_sched.c: the task table and the hand-over between tasks. */
struct rtask *rec_task_find(struct rec *rc, pid_t tid);
/* x's process id (negative errno if unknown); read from /proc once. */
pid_t rec_tgid(struct rtask *x);
struct rtask *rec_task_add(struct rec *rc, pid_t tid, int state);
int rec_others_alive(const struct rec *rc);
int rec_others_ready(const struct rec *rc);
/* Notes the stops of other tasks that are already there (no waiting). */
int rec_reap(struct rec *rc);
int rec_note_stop(struct rec *rc, pid_t tid, int status);
/* Waits for cur's next stop while noting (and so releasing) the stops and
 * exits of others: an execve waits for its process's other threads. */
int rec_wait_cur_reaping(struct rec *rc, int *status, int *sig);
/* Writes an EXIT event for x (status: its wait status), marks it done. */
int rec_put_exit(struct rec *rc, struct rtask *x, int status);
/* With no current task: picks a ready one and resumes it (finishing the
 * syscall it waited in).  1 when no task is left, or -errno. */
int rec_schedule(struct rec *rc);
/* After a kill-family call that sent SIGCONT: the stopped tasks it
 * reached may run again. */
void rec_continue(struct rec *rc, const struct trace_event *ev);
/* A task that keeps making syscalls while others are ready is switched
 * out at the next one after SLICE_MS (its syscalls may be in-process, so
 * the timer also asks its helper to trap the next one). */
#define SLICE_MS 50
long rec_now_ms(void);
/* Switches cur out just before the syscall it is stopped at (an event,
 * so replay switches at the same point); 1 if it did, 0 if nobody else
 * can run, or -errno. */
int rec_slice_end(struct rec *rc);
/* Parks the current task inside the syscall ev (ENTRY event, with the
 * memory the kernel changed on entry, if any). */
int rec_block(struct rec *rc, const struct trace_event *ev,
	      const struct trace_chunk *mem, uint32_t nmem);
void rec_tasks_free(struct rec *rc);
/* record.c: records the result of cur's pending syscall (it is at the
 * syscall's exit stop) and resumes it. */
int rec_finish_syscall(struct rec *rc);

/* record_echo.c: what the program writes to the terminal (or file) that
 * is our stdout/stderr is kept with the event so replay can show it. */
void rec_echo_before(struct rec *rc, long nr, const uint64_t a[6]);
/* TRACE_F_ECHO_STDOUT/STDERR if fd of task tid is our stdout/stderr. */
uint32_t rec_echo_fd(struct rec *rc, pid_t tid, int fd);
uint32_t rec_echo_st(struct rec *rc, const struct stat *st);
int rec_echo_after(struct rec *rc, long nr, const uint64_t a[6], int64_t ret,
		   uint32_t *flags, void **bytes, uint32_t *len);

/* record_spin.c: a held-back signal must not wait forever for a syscall
 * that a spinning program never makes. */
void rec_spin_arm(void);
/* Before waiting for cur to stop: with others ready, a task that runs
 * too long without a syscall is checked for a spin and preempted. */
void rec_preempt_arm(struct rec *rc);
/* task_wait() was interrupted: 1 if it was the spin timer (handled). */
int rec_spin_timer(struct rec *rc);
/* Stops that belong to the spin check: 1 if handled, or -errno. */
int rec_spin_stop(struct rec *rc, int sig, const siginfo_t *si);
/* The program reached a syscall: the held-back signal goes there. */
void rec_spin_cancel(struct rec *rc);
/* It made a syscall (or ended): what the checks learnt is stale. */
void rec_spin_forget(struct rtask *x);
/* The timer also tells a syscall that waits from one that returns. */
void rec_timer_arm(long ms);
void rec_timer_disarm(void);
/* From a signal handler that set task_interrupt: keeps interrupting the
 * supervisor's waits until it has seen the flag. */
void rec_timer_kick(void);
/* 1 (and cleared) if the timer fired. */
int rec_timer_take(void);
/* Set by SIGINT/SIGTERM/SIGHUP: the recording must end. */
extern volatile sig_atomic_t rec_stop_signal;

/* record_place.c: a thread in a loop that changes state is preempted, or
 * gets its held-back signal, at a point replay reaches by putting its
 * whole state back (SIGK_AT_STATE).  ran_ms: how long it has computed. */
int rec_place_wanted(struct rec *rc, long ran_ms);
/* cur is stopped in user code: 1 if placed, 0 if it cannot be (too much
 * memory, or it is in the helper: checked again later), or -errno. */
int rec_place(struct rec *rc);
/* 1 if the task's point is inside the helper's code or on its stack. */
int rec_in_helper(pid_t tid, const struct user_regs_struct *r);
/* record_spin.c: after a SIGNAL event at cur's current point, delivers
 * sig there (si), or with sig 0 switches cur out. */
int rec_spin_deliver(struct rec *rc, int sig, const siginfo_t *si);

/* Registers equal for the purpose of finding a point again. */
int rec_regs_same(const struct user_regs_struct *a,
		  const struct user_regs_struct *b);

/* Applies a recorded rdtsc/rdtscp event to registers (shared with replay). */
void tsc_apply(struct user_regs_struct *r, const struct trace_event *ev);

#endif
