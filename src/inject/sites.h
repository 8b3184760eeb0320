/* Where libc's syscall instructions can be sent to the helper (see
 * helper/patch.c for how a site is rewritten).  Shared by the helper, which
 * patches, and the supervisor, which finds the sites once per libc and
 * hands the list to each new process (scanning 1.4 MB of text cost every
 * process ~0.2 ms, at record and again at replay).  Pure functions of the
 * text's bytes: both sides find the same sites. */
#ifndef RRSUP_INJECT_SITES_H
#define RRSUP_INJECT_SITES_H

#include <stddef.h>
#include <stdint.h>

/* The stub area: one slot for the entry address, then a stub a site. */
#define SITES_STUB_SIZE		48
#define SITES_STUB_AREA		(64 * 1024)
#define SITES_MAX		((SITES_STUB_AREA - 64) / SITES_STUB_SIZE)

/* The bytes a site at off moves into its stub, before ("mov $NR,%eax")
 * and after (a result check) the 2-byte syscall instruction.  Returns 0
 * if off is a site that can be patched, -1 if not. */
int sites_shape(const uint8_t *text, size_t len, size_t off, int *pre,
		int *post);

/* The patchable sites of text (its offsets, ascending), at most max.
 * Returns how many. */
int sites_find(const uint8_t *text, size_t len, uint32_t *off, int max);

#endif
