/* A thread's whole state as the program sees it between two instructions:
 * the writable memory of its process, its general registers and its FPU
 * and vector registers.  Without a branch counter, a thread stopped in a
 * loop that changes state cannot be stopped at the same point again at
 * replay; saving this state at record and putting it back at replay
 * (record_jump.c, replay_state.c) places it there exactly. */
#ifndef RRSUP_TASK_STATE_H
#define RRSUP_TASK_STATE_H

#include <stdint.h>

#include "task.h"
#include "trace/trace.h"

/* The XSAVE area of x86-64 CPUs up to AVX-512 and AMX tiles fits. */
#define STATE_XSTATE_MAX	(16 * 1024)

struct task_state {
	struct trace_chunk *mem;	/* writable memory, in pieces */
	uint32_t nmem, cap;
	uint64_t bytes;
};

/* Reads the writable memory of t's process that is in use (not the
 * helper's buffers, not pages never touched or only read) into s.
 * -E2BIG (and nothing kept) if that is more than max bytes. */
int state_take_mem(struct task *t, uint64_t max, struct task_state *s);
void state_free(struct task_state *s);
/* Writes the pieces of memory that differ from mem into t's process. */
int state_put_mem(struct task *t, const struct trace_chunk *mem, uint32_t n);
/* What state_take_mem would read, in bytes. */
int state_in_use_size(struct task *t, uint64_t *bytes);

/* The FPU/vector registers (PTRACE_GETREGSET NT_X86_XSTATE); *len in:
 * room, out: size. */
int state_get_xstate(struct task *t, void *buf, uint32_t *len);
int state_set_xstate(struct task *t, const void *buf, uint32_t len);
/* A hash of the FPU/vector registers' values (not of which of them the
 * CPU happens to track as in use). */
int state_xstate_hash(struct task *t, uint64_t *hash);

/* Calls fn for each writable range of t's process, the helper's buffers
 * left out (the program never reads them, and they differ between record
 * and replay). */
typedef int (*state_range_fn)(void *ctx, uint64_t start, uint64_t end);
int state_each_writable(struct task *t, state_range_fn fn, void *ctx);

#endif
