/* A debug session over the replay: breakpoints, watchpoints and single
 * steps inside the replayed program, and positions in the replay exact
 * enough to come back to without a hardware counter.
 *
 * A position is an event index plus, inside the syscall-free stretch the
 * task of that event runs before reaching it, an anchor: the k-th arrival
 * of the task at a breakpoint address, or the k-th trigger of a
 * watchpoint, counted from the start of the stretch, and then n single
 * steps.  Replay is deterministic and breakpoints do not change what the
 * program does, so running again from the start and counting the same way
 * reaches the same instruction with the same state. */
#ifndef RRSUP_DBG_H
#define RRSUP_DBG_H

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "replay.h"

enum dbg_pos_kind {
	POS_BOUNDARY,	/* before event ev is replayed */
	POS_STEPS,	/* n steps into the stretch of event ev */
	POS_BP,		/* k-th arrival at addr in that stretch, then n steps */
	POS_WATCH,	/* k-th trigger of watch addr/wlen/wtype, then n steps */
	POS_END,	/* at the stop that ends the stretch, not yet replayed */
};

struct dbg_pos {
	uint64_t ev;
	int kind;
	int wlen, wtype;
	uint64_t addr, k, n;
};

struct dbg_bp {
	uint64_t addr;
	uint8_t orig;
	int inserted;		/* its int3 is in the debugged process */
	int gdb;		/* gdb has it inserted (Z0); else only counted */
	int valid;		/* count kept since the stretch began */
	uint64_t count;
};

#define DBG_NWATCH 3		/* debug registers 1-3 */
struct dbg_watch {
	uint64_t addr;
	int len, type;		/* type: TASK_WATCH_* */
	int used, gdb, valid;
	uint64_t count;
};

enum dbg_mode { RUN_CONT, RUN_SEEK, RUN_SCAN };

enum dbg_stop {
	DS_NONE,
	DS_BREAK,	/* a gdb breakpoint: stop_addr */
	DS_WATCH,	/* a gdb watchpoint fired: stop_addr */
	DS_STEP,	/* the step asked for is done */
	DS_END,		/* the debugged process is about to end */
	DS_EXITED,	/* it has ended: stop_status */
	DS_INTERRUPT,	/* Ctrl-C */
	DS_SIGNAL,	/* a recorded signal is about to reach the program:
			 * stop_sig */
	DS_TARGET,	/* a seek arrived */
	DS_BEGIN,	/* reverse execution reached the session's start */
	DS_ERROR,	/* replay failed (divergence): message printed */
	DS_EXEC,	/* the debugged process exec'd: a new program */
};

#define DBG_NWRITABLE 16
struct dbg_writable {
	uint64_t lo, hi;
};

#define DBG_NCKPT 128		/* checkpoints kept at most */
#define DBG_CKPT_MS 250		/* replay time between checkpoints */
struct dbg_ckpt;

struct dbg {
	pid_t pid;		/* recorded pid of the debugged process */
	/* Code made writable (the helper patching libc): no int3 goes
	 * there, the program reads and rewrites it. */
	struct dbg_writable writable[DBG_NWRITABLE];
	int nwritable;
	struct dbg_ckpt *ckpt[DBG_NCKPT];	/* sorted by event index */
	int nckpt;
	long ckpt_ms;		/* when the last one was made */
	long ckpt_every_ms;	/* DBG_CKPT_MS, or $RRSUP_CHECKPOINT_MS */
	struct dbg_bp *bps;
	int nbps, capbps;
	struct dbg_watch w[DBG_NWATCH];

	/* What the current run is for. */
	int mode;
	pid_t step_tid;		/* CONT: a single step of this task */
	int step_started;
	struct dbg_pos target;	/* SEEK, SCAN */
	uint64_t steps_left;	/* steps still to go after the target's anchor */
	int stepping_target;
	struct gdb_conn *conn;	/* polled for Ctrl-C */

	/* The stretch running now (a task of the debugged process). */
	uint64_t st_ev;
	pid_t st_tid;
	struct dbg_pos pos;	/* where that task is, when pos_known */
	int pos_known;

	/* SCAN: the last gdb breakpoint or watchpoint hit before target. */
	struct dbg_pos hit;
	int hit_kind;		/* DS_BREAK or DS_WATCH, 0 for none */
	uint64_t hit_addr;
	pid_t hit_tid;

	/* Why the run stopped, and where. */
	int stop;
	pid_t stop_tid;
	uint64_t stop_addr;
	int stop_status;
	int stop_sig;
	uint64_t pass_sigs;	/* QPassSignals: bit n-1 for signal n */
	int exec_pending;	/* dbg_exec saw one: report it */

	int exit_status;	/* wait status the debugged process ended with */
	uint64_t start_ev;	/* where the session begins */
	uint64_t echo_from;	/* output of events before this was shown */
};

#define RP_DBG_STOP 2		/* a hook stopped the replay for the debugger */

/* dbg.c: hooks called by replay.c when rp->dbg is set. */
/* In place of resuming x for its next event (the stretch begins).
 * Returns 0, RP_DBG_STOP or a negative errno. */
int dbg_stretch_start(struct rp *rp, struct rptask *x);
/* x stopped mid-stretch for the debugger goes on. */
int dbg_go(struct rp *rp, struct rptask *x);
/* A SIGTRAP stop of x: 0 not the debugger's, 1 handled (x resumed),
 * RP_DBG_STOP, or a negative errno. */
int dbg_trap(struct rp *rp, struct rptask *x);
/* Any other stop of x in its stretch, before the replay handles it:
 * 0 or RP_DBG_STOP (x left there, x->mid = 2). */
int dbg_event_stop(struct rp *rp, struct rptask *x, int stop, int sig);
/* After every wait on x: puts back an int3 a step-over took out. */
void dbg_after_wait(struct rp *rp, struct rptask *x);
/* A successful mprotect of x's: int3s leave code made writable. */
void dbg_mprotect(struct rp *rp, struct rptask *x, uint64_t addr, uint64_t len,
		  int prot);
/* x's process exec'd: its breakpoints are gone with the old image. */
void dbg_exec(struct rp *rp, struct rptask *x);

/* dbg.c: breakpoints and watchpoints. */
int dbg_bp_add(struct rp *rp, uint64_t addr, int gdb);
int dbg_bp_remove(struct rp *rp, uint64_t addr);
int dbg_watch_add(struct rp *rp, uint64_t addr, int len, int type, int gdb);
int dbg_watch_remove(struct rp *rp, uint64_t addr, int len, int type);
/* The replay starts again: no int3 of ours is in memory. */
void dbg_forget_run(struct rp *rp);
/* dbg_points.c internals shared with dbg.c. */
struct dbg_bp *dbg_bp_find(struct dbg *d, uint64_t addr);
/* The breakpoint whose int3 is at addr in x's memory, or NULL. */
struct dbg_bp *dbg_our_int3(struct rp *rp, struct rptask *x, uint64_t addr);
/* x's debug registers as the watch table says. */
int dbg_arm(struct rp *rp, struct rptask *x);
/* Puts every breakpoint into memory (after a restart, after exec). */
int dbg_insert_all(struct rp *rp);
/* Reads the debugged process's memory as the program sees it (without
 * the int3s). */
int dbg_read_mem(struct rp *rp, uint64_t addr, void *buf, size_t len);
/* A live task of the debugged process to read memory through. */
struct rptask *dbg_some_task(struct rp *rp);
struct rptask *dbg_task(struct rp *rp, pid_t rec_tid);
int dbg_in_proc(struct rp *rp, struct rptask *x);
/* Single-steps x once (stepping over an int3 of ours); returns the
 * stop like task_wait, with *dr6 for a SIGTRAP. */
int dbg_step_raw(struct rp *rp, struct rptask *x, int *sig, long *dr6);

/* Takes out our int3s (before a checkpoint copies the memory). */
void dbg_uninsert_all(struct rp *rp, struct rptask *x);

/* dbg_ckpt.c: checkpoints (see there). */
void dbg_maybe_checkpoint(struct rp *rp);
/* The latest checkpoint at or before event idx, or -1; its index. */
int dbg_ckpt_before(struct rp *rp, uint64_t idx);
uint64_t dbg_ckpt_idx(struct rp *rp, int k);
/* Makes checkpoint k the replay's state. */
int dbg_restore(struct rp *rp, int k);
void dbg_ckpt_free(struct rp *rp);
int dbg_ckpt_list(struct rp *rp, char *out, size_t len);

/* dbg_thread.c: what the kernel keeps per thread, for checkpoints. */
struct dbg_thread_state {
	uint64_t sigmask;
	stack_t altstack;
	uint64_t clear_tid, robust_head, robust_len;
};
int dbg_thread_save(struct rptask *x, struct dbg_thread_state *s);
int dbg_thread_restore(struct task *t, const struct dbg_thread_state *s);
#define DBG_CLONE_PROCESS	(CLONE_PARENT | SIGCHLD)
#define DBG_CLONE_THREAD	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
				 CLONE_THREAD | CLONE_SYSVSEM)
int dbg_clone(struct task *t, uint64_t flags, struct task *out);
int dbg_thread_reenter(struct task *t, const struct user_regs_struct *at);

/* dbg_run.c: running the replay for the debugger. */
int dbg_run(struct rp *rp);
/* Replays from the start (quietly up to what was shown) to pos. */
int dbg_seek(struct rp *rp, const struct dbg_pos *pos);
/* Reverse: the last gdb breakpoint/watchpoint hit before the current
 * position, else the session's start (returns DS_* in rp->dbg->stop). */
int dbg_reverse_continue(struct rp *rp);
int dbg_reverse_step(struct rp *rp, pid_t tid);
/* Places a stop whose anchor was not counted from its stretch's start
 * (runs again from the position gdb resumed at, from). */
int dbg_resolve(struct rp *rp, const struct dbg_pos *from);
/* The position the debugger stands at now (-EAGAIN: not placed yet). */
int dbg_here(struct rp *rp, struct dbg_pos *pos);

#endif
