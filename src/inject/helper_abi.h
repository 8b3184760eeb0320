/* What the in-process helper (librrsup-helper.so) and the supervisor agree
 * on: fixed addresses, the control syscall, and the layout of the
 * per-thread syscall buffer.  Included by both sides; plain C, no libc
 * types beyond <stdint.h>.
 *
 * The protocol, in short.  Each thread's helper maps a buffer in the
 * helper area and registers it with RRSUP_OP_REGISTER (a trapped call, so
 * it is an event like any other).  At record, a buffered call runs from
 * the inject page's untraced entry, which the seccomp filter lets through
 * without a stop, and the helper appends a record: the call, its result
 * and the bytes it wrote.  Before the supervisor writes any event of a
 * thread it moves that thread's records into the trace (a BUFFER event)
 * and empties the buffer.  At replay the supervisor puts a BUFFER event's
 * records back into the buffer just before the thread runs toward its
 * next event, and the helper hands them out in order instead of calling
 * the kernel; when they run out, the next call is a trapped one, exactly
 * as it was when recorded. */
#ifndef RRSUP_HELPER_ABI_H
#define RRSUP_HELPER_ABI_H

#include <stdint.h>

/* The inject page (see inject.h) holds, at this offset, "syscall; ret":
 * the helper's untraced syscall entry. */
#define RRSUP_UNTRACED_OFF	16

/* Per-thread buffers live in this range, one slot each, so the supervisor
 * can leave them out of memory hashes (their stale tails differ between
 * record and replay, and the program never reads them). */
#define RRSUP_AREA_START	0x70000100000ULL
#define RRSUP_BUF_SIZE		(1ULL << 20)
#define RRSUP_AREA_SLOTS	1024ULL
#define RRSUP_AREA_END	(RRSUP_AREA_START + RRSUP_AREA_SLOTS * RRSUP_BUF_SIZE)

/* The control syscall: a number the kernel does not have (so a program
 * run without rrsup gets ENOSYS and the helper stays out of the way). */
#define RRSUP_SYSCALL		0x5252
enum rrsup_op {
	RRSUP_OP_REGISTER = 1,	/* (op, buf, libc): returns enum rrsup_mode;
				 * libc: a struct rrsup_libc, or 0 */
	RRSUP_OP_DIVERGED,	/* (op, record offset, nr, args ptr): replay only */
	/* Driver API (include/rrsup/driver.h), trapped: */
	RRSUP_OP_FLUSH,		/* (op): the buffer is full, empty it */
	RRSUP_OP_DISALLOWED,	/* (op, nr, args ptr): a recorded call inside a
				 * RecordReplayBeginDisallowEvents region */
	RRSUP_OP_INVALIDATE,	/* (op, reason, len): the recording is unusable */
	RRSUP_OP_ASSERT_FAILED,	/* (op, recorded, len, now, len): replay only */
	RRSUP_OP_DRAINED,	/* (op): replay only, see drain_trap */
	/* Driver API, buffered as records with nr RRSUP_SYSCALL: */
	RRSUP_OP_VALUE = 16,	/* (op, hash of why): ret = the value */
	RRSUP_OP_BYTES,		/* (op, hash of why, len): chunk = the bytes */
	RRSUP_OP_ASSERT,	/* (op): note = the string */
	RRSUP_OP_ASSERT_BYTES,	/* (op, hash of why, len): ret = hash of bytes */
	RRSUP_OP_ANNOTATE,	/* (op): note = "kind\0contents" */
	RRSUP_OP_ARGS,		/* (op, argc): note = the arguments, NUL-separated */
};

enum rrsup_mode {
	RRSUP_MODE_OFF = 0,	/* not under rrsup, or helper disabled */
	RRSUP_MODE_RECORD,	/* buffer calls */
	RRSUP_MODE_REPLAY,	/* hand out recorded results */
	RRSUP_MODE_TRAP,	/* record without buffering (--no-syscall-buffer):
				 * syscalls are left alone, the buffer holds
				 * driver API records only */
	RRSUP_MODE_TRAP_REPLAY,	/* replay of such a recording */
};

#define RRSUP_BUF_MAGIC		0x72727362u	/* "bsrr" */
#define RRSUP_FORCE_VFORK	2u
#define RRSUP_FORCE_NOSTACK	3u
#define RRSUP_ECHO_FDS		1024

/* At the start of each buffer; records follow at RRSUP_HDR_SIZE. */
struct rrsup_buf {
	uint32_t magic;
	uint32_t mode;		/* enum rrsup_mode, set by the helper */
	uint32_t used;		/* record: bytes written; replay: bytes loaded */
	uint32_t pos;		/* replay: bytes handed out */
	/* Written by the supervisor at record: */
	uint32_t force_trap;	/* make calls trapped (a held signal waits
				 * for one); RRSUP_FORCE_VFORK: all but
				 * those that change nothing the parent
				 * shares (a vfork child runs on its
				 * parent's buffer); RRSUP_FORCE_NOSTACK:
				 * all, on the program's own stack (another
				 * process shares this memory and may run
				 * while this one's frames are on the
				 * helper stack); set until exec, at record
				 * and replay alike */
	/* Written by the helper, cleared by the supervisor: */
	uint32_t will_block;	/* the trapped call that follows was tried
				 * without waiting and would wait: hand over
				 * at once */
	uint32_t diverted;	/* the untraced call numbered so (inflight
				 * when it blocked) was turned into a trapped
				 * one: no record for it */
	/* Written by the supervisor at replay: trap (RRSUP_OP_DRAINED) once
	 * the last loaded record is handed out; the state the recording
	 * saved after those calls is put back there (SIGK_AT_STATE). */
	uint32_t drain_trap;
	uint32_t no_file_writes;	/* shared file mappings exist: writes to
					 * fds past RRSUP_ECHO_FDS are trapped */
	int32_t desched_fd;	/* perf context-switch counter, or -1 */
	uint64_t traced_entry;	/* the helper's trapped "syscall; ret" */
	/* The recording's stdout and stderr (st_dev, st_ino; 0 0 for none),
	 * so the helper can tell an fd it opens that writes there. */
	uint64_t out_dev[2], out_ino[2];
	uint32_t seq;		/* helper: numbers its untraced calls (from 1) */
	uint32_t inflight;	/* helper: the number of the one running now
				 * (a signal handler's calls nest) */
	/* Set bit: fd may be the recording's stdout or stderr, so the
	 * helper keeps the bytes written to it for replay to show. */
	uint64_t echo_fds[RRSUP_ECHO_FDS / 64];
	/* Set bit: fd is a regular file or a device like /dev/null, whose
	 * reads and writes do not wait for anyone: no context-switch
	 * counter needed around them. */
	uint64_t noblock_fds[RRSUP_ECHO_FDS / 64];
	/* Set bit: fd's file has a shared mapping, whose memory a write
	 * changes: writes to it are trapped so the supervisor records it. */
	uint64_t shared_fds[RRSUP_ECHO_FDS / 64];
	/* Set by the helper: bytes written to fd were kept since the last
	 * flush, so closing fd must wait for the supervisor to look at it. */
	uint64_t echo_dirty[RRSUP_ECHO_FDS / 64];
	/* Driver API: what RecordReplaySetCrashNote and Diagnostic left, for
	 * the supervisor to print if the program crashes (NUL-terminated). */
	char crash_note[512];
	char diagnostics[2048];		/* the latest lines, oldest dropped */
};
#define RRSUP_HDR_SIZE		4096u
_Static_assert(sizeof(struct rrsup_buf) <= RRSUP_HDR_SIZE, "buffer header size");
/* The top of each slot is the stack the helper runs on: what it leaves
 * below the program's stack pointer would otherwise differ between record
 * and replay, and memory hashes (spin checks) would see it. */
#define RRSUP_STACK_SIZE	(64u * 1024)
#define RRSUP_SPACE	((uint32_t)(RRSUP_BUF_SIZE - RRSUP_HDR_SIZE - RRSUP_STACK_SIZE))

/* The process's first registration names libc's text, so the supervisor
 * can hand over where its syscall sites are (inject/sites.h): it writes a
 * struct rrsup_sites at RRSUP_HDR_SIZE, where no record is yet.  The
 * helper checks each site's bytes, and finds them itself without one. */
struct rrsup_libc {
	uint64_t text;		/* address of the executable segment */
	uint64_t len;
	uint32_t id_len;	/* the GNU build ID, 0 if none */
	uint8_t id[44];
};
#define RRSUP_SITES_MAGIC	0x73746973u	/* "sits" */
struct rrsup_sites {
	uint32_t magic;
	uint32_t n;
	uint64_t text;		/* the text they are offsets into */
	uint32_t off[];
};

/* One buffered call.  chunks follow: a struct rrsup_chunk and its bytes,
 * padded to 8.  Packed (the layout has no padding either way): the
 * supervisor reads a flushed buffer where it lands in a trace frame, at
 * any alignment. */
struct __attribute__((packed)) rrsup_rec {
	uint32_t len;		/* whole record, a multiple of 8 */
	uint16_t nr;
	uint8_t flags;		/* RRSUP_REC_* */
	uint8_t nchunks;
	int64_t ret;
	uint64_t args[6];
};
_Static_assert(sizeof(struct rrsup_rec) == 64, "rrsup_rec layout");
#define RRSUP_REC_EXEC		0x01	/* run again at replay (madvise) */
#define RRSUP_REC_DATA		0x02	/* last chunk: bytes written to fd
					 * (addr = fd), for echo */
#define RRSUP_REC_ECHO_OUT	0x04	/* set by the supervisor: echo the data */
#define RRSUP_REC_ECHO_ERR	0x08	/* chunk to stdout / stderr */
#define RRSUP_REC_NOTE		0x10	/* last chunk: driver API text (addr 0),
					 * not memory */
#define RRSUP_REC_PART		0x20	/* a write that sent ret bytes of its
					 * count without waiting: the rest
					 * follows as a call of its own */
#define RRSUP_REC_BRK		0x40	/* brk: its one chunk (addr 0, 8
					 * bytes) is the break before the
					 * call; replay moves it from there */

struct __attribute__((packed)) rrsup_chunk {
	uint64_t addr;
	uint64_t len;
};
_Static_assert(sizeof(struct rrsup_chunk) == 16, "rrsup_chunk layout");

#define RRSUP_ALIGN8(x)		(((x) + 7u) & ~7u)

/* The record at p if a whole one fits before end, else 0 (a damaged
 * buffer).  The next one is at p + len. */
static inline const struct rrsup_rec *rrsup_rec_at(const char *p, const char *end)
{
	const struct rrsup_rec *r = (const struct rrsup_rec *)p;

	if (end - p < (long)sizeof(*r) || r->len < sizeof(*r) ||
	    r->len > (uint64_t)(end - p) || r->len % 8)
		return 0;
	return r;
}

/* The bytes a write-family record kept for echoing (RRSUP_REC_DATA: its
 * last chunk, addr = the fd), or 0.  Chunk lengths are trusted: callers
 * got r from rrsup_rec_at and check the chunk against r->len. */
static inline const struct rrsup_chunk *rrsup_rec_data(const struct rrsup_rec *r)
{
	const char *q = (const char *)(r + 1), *end = (const char *)r + r->len;
	const struct rrsup_chunk *k = 0;
	int i;

	if (!(r->flags & RRSUP_REC_DATA))
		return 0;
	for (i = 0; i < r->nchunks; i++) {
		k = (const struct rrsup_chunk *)q;
		if (end - q < (long)sizeof(*k) || k->len > (uint64_t)(end - q) - sizeof(*k))
			return 0;
		q += sizeof(*k) + RRSUP_ALIGN8(k->len);
	}
	return k;
}

/* The signal the context-switch counter sends when a buffered call
 * blocks. */
#define RRSUP_DESCHED_SIG	30	/* SIGPWR */

#endif
