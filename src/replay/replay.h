/* The replayer: re-runs a recorded program, feeding it the recorded
 * results instead of asking the kernel. */
#ifndef RRSUP_REPLAY_H
#define RRSUP_REPLAY_H

#include <stdint.h>

#include "supervisor/shmap.h"
#include "supervisor/task.h"
#include "trace/trace.h"

/* A writable copy of a recorded file, for its shared mappings. */
struct rp_copy {
	uint64_t dev, ino;
	char path[1100];
	int file;		/* N of tmpdir/file-N */
};

struct rp {
	struct task t;
	struct trace_reader *r;
	/* The next recorded event: what the program must do next. */
	struct trace_event ev;
	const struct trace_chunk *mem;
	const void *extra;
	uint64_t idx;		/* its index in the trace */
	int at_end;		/* no more events */
	int quiet;		/* -q: don't echo the program's output */
	pid_t pid;		/* the program's pid when recorded */
	uint64_t brk;		/* the program break as replayed so far */
	struct shmap_set shmaps;	/* shared mappings of the copies */
	struct rp_copy *copies;
	int ncopies, ncopy_files;
	char tmpdir[1024];	/* where the copies live, removed at the end */
};

/* replay.c */
int rp_advance(struct rp *rp);
/* Prints "replay diverged at event N: ..." and returns -EPROTO. */
int rp_diverged(struct rp *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int rp_write_mem(struct rp *rp);

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
