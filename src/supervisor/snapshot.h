/* The image a successful execve leaves: the mappings the kernel made (the
 * executable, its interpreter, the stack), their writable contents and the
 * registers.  Record saves it as an EXEC event; replay rebuilds it around
 * the inject page of the stub, so replay never depends on the files on disk
 * being the same as when the program was recorded. */
#ifndef RRSUP_SNAPSHOT_H
#define RRSUP_SNAPSHOT_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/user.h>

#include "task.h"
#include "trace/trace.h"

#define SNAP_MAGIC	0x50414e53	/* "SNAP" */
#define SNAP_NAME_MAX	256

enum {
	SNAP_F_SHARED = 0x1,	/* MAP_SHARED */
	SNAP_F_BLOB = 0x2,	/* backed by a file copied into the trace */
	SNAP_F_DATA = 0x4,	/* contents saved as a memory chunk */
	SNAP_F_STACK = 0x8,	/* the main stack: grows down */
};

/* Serialized as is (little-endian x86-64, fixed size). */
struct snap_map {
	uint64_t start, end, offset;
	uint32_t prot, flags;
	char blob[TRACE_BLOB_NAME];
	char name[SNAP_NAME_MAX];	/* path or [stack], for people */
};

struct snap_head {
	uint32_t magic;
	uint32_t nmaps;
	uint64_t brk;		/* the program break the kernel set up */
	struct rlimit rlim[RLIM_NLIMITS];	/* limits shape the stack's growth */
	struct user_regs_struct regs;
	/* followed by nmaps struct snap_map */
};

/* Record side: with t at execve's syscall-exit stop, maps the inject page,
 * hides the vDSO from the program and writes the EXEC event. */
struct trace_writer;
int snapshot_record(struct task *t, struct trace_writer *w);

/* Replay side (src/replay/rebuild.c): rebuilds the image of an EXEC event
 * in t (stopped at any stop, inject page present).  Leaves t's registers
 * set to the recorded ones and *brk to the recorded program break. */
struct trace_reader;
int snapshot_restore(struct task *t, struct trace_reader *r,
		     const struct trace_event *ev, const struct trace_chunk *mem,
		     const void *extra, uint64_t *brk);

/* Parses extra; NULL if malformed. */
const struct snap_head *snapshot_parse(const void *extra, uint32_t len);

#endif
