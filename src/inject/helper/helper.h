/* Internals of the in-process helper (librrsup-helper.so).  Everything
 * here is hidden: the library exports only the driver API. */
#ifndef RRSUP_HELPER_H
#define RRSUP_HELPER_H

#include <stdint.h>

#include "inject/helper_abi.h"

#define HIDDEN __attribute__((visibility("hidden")))

struct hook_args {
	uint64_t nr;
	uint64_t a[6];
};

/* entry.S */
HIDDEN void rrsup_entry(void);
HIDDEN long rrsup_do_syscall(long nr, const uint64_t a[6], uintptr_t entry);
HIDDEN void rrsup_traced_entry(void);

/* helper.c: the C side of rrsup_entry: the stack to run the hook on (0:
 * the current one), then the hook. */
HIDDEN uintptr_t rrsup_stack(void);
HIDDEN long rrsup_hook(struct hook_args *h);
/* A trapped syscall (for the helper's own set-up). */
HIDDEN long helper_trap(long nr, uint64_t a0, uint64_t a1, uint64_t a2,
			uint64_t a3, uint64_t a4, uint64_t a5);
/* enum rrsup_mode of the calling thread's registration. */
HIDDEN int helper_mode(void);

/* helper.c, for the driver API (driver.c).  One driver operation that
 * leaves a record in the buffer: at record it is appended, at replay the
 * next record must be the same operation (else the replay stops as
 * diverged) and is handed back: ret, and the bytes (written back to addr
 * when addr is not 0, else compared (ASSERT) or returned in *out).  Not
 * under rrsup, or without a buffer: returns 0 and changes nothing;
 * else 1. */
struct drv_call {
	uint64_t op, a1, a2;
	int64_t ret;
	uint64_t addr;		/* memory to restore at replay, or 0 */
	const void *data;	/* bytes to keep */
	uint64_t len;
	const void *out;	/* replay: the recorded bytes */
	uint64_t out_len;
};
HIDDEN int helper_drv(struct drv_call *d);
/* A trapped control call (RRSUP_OP_INVALIDATE...): its result, or
 * -ENOSYS not under rrsup. */
HIDDEN long helper_control(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3,
			   uint64_t a4);
/* Writes to fd without recording (RecordReplayPrint). */
HIDDEN void helper_write_untraced(int fd, const void *p, uint64_t len);
/* The calling thread's buffer, set up if need be, or NULL. */
HIDDEN struct rrsup_buf *helper_buf(void);
/* Per-thread nesting of pass-through and disallowed regions. */
HIDDEN int *helper_passthrough(void);
HIDDEN int *helper_disallow(void);

/* patch.c: redirects libc's syscall instructions to rrsup_entry.  First
 * where libc's text is (1 if found), then the patch, with the sites the
 * supervisor handed over if any; returns the number of sites patched. */
struct libc_text {
	struct rrsup_libc l;
	uint64_t base;			/* where libc's mappings start */
};
HIDDEN int patch_find_libc(struct libc_text *t);
HIDDEN int patch_libc(const struct libc_text *t, const struct rrsup_sites *given);

/* Byte helpers (no libc in the hot path: it may be what we patch). */
static inline void h_copy(void *d, const void *s, uint64_t n)
{
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

#endif
