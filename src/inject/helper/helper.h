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

/* patch.c: redirects libc's syscall instructions to rrsup_entry.
 * Returns the number of sites patched. */
HIDDEN int patch_libc(void);

/* Byte helpers (no libc in the hot path: it may be what we patch). */
static inline void h_copy(void *d, const void *s, uint64_t n)
{
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

#endif
