/* Finding libc's syscall sites.  In glibc 2.36, 436 of 526 syscall
 * instructions follow "mov $NR,%eax" (5 bytes); most others are followed
 * by a check of the result, "cmp $-4095,%rax" or "cmp $-4096,%rax" (6
 * bytes) or its 32-bit form (5 bytes).  Matching whole known sequences,
 * rather than decoding instructions, keeps the patch exact without a
 * disassembler: the bytes either are this sequence or the site is left
 * alone (and is then recorded the slow way).  Built into the helper too:
 * no libc calls beyond memcmp and memcpy, which the compiler inlines. */
#include "inject/sites.h"

#include <string.h>
#include <sys/syscall.h>

/* Length of the result check at p, or 0. */
static int check_len(const uint8_t *p)
{
	static const uint8_t cmp64a[] = { 0x48, 0x3d, 0x01, 0xf0, 0xff, 0xff };
	static const uint8_t cmp64b[] = { 0x48, 0x3d, 0x00, 0xf0, 0xff, 0xff };
	static const uint8_t cmp32[] = { 0x3d, 0x00, 0xf0, 0xff, 0xff };

	if (!memcmp(p, cmp64a, 6) || !memcmp(p, cmp64b, 6))
		return 6;
	if (!memcmp(p, cmp32, 5))
		return 5;
	return 0;
}

/* "mov $NR,%eax" right before the syscall at site, with a plausible
 * syscall number: NR, else -1. */
static int mov_before(const uint8_t *site)
{
	uint32_t nr;

	if (site[-5] != 0xb8)
		return -1;
	memcpy(&nr, site - 4, 4);
	return nr < 512 ? (int)nr : -1;
}

int sites_shape(const uint8_t *text, size_t len, size_t off, int *pre,
		int *post)
{
	const uint8_t *p = text + off;
	int nr;

	/* Room for the longest shape on both sides. */
	if (off < 8 || len < 10 || off >= len - 10 || p[0] != 0x0f || p[1] != 0x05)
		return -1;
	nr = mov_before(p);
	/* Calls whose return lands somewhere else (a new stack, a signal
	 * frame) keep their own syscall instruction. */
	if (nr == SYS_rt_sigreturn || nr == SYS_vfork || nr == SYS_clone ||
	    nr == SYS_clone3)
		return -1;
	*pre = nr >= 0 ? 5 : 0;
	*post = nr >= 0 ? 0 : check_len(p + 2);
	return *pre || *post ? 0 : -1;
}

/* A byte mask with the high bit of each byte of v that is zero. */
static uint64_t zero_bytes(uint64_t v)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((v & low7) + low7) | v | low7);
}

/* The first "syscall" (0f 05) starting in [p, lim), else lim.  Eight
 * bytes a step: a byte at a time cost every process 0.5 ms more. */
static const uint8_t *next_syscall(const uint8_t *p, const uint8_t *lim)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t a, b, m;

	for (; p + 8 <= lim; p += 8) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 1, 8);
		m = zero_bytes(a ^ (0x0f * ones)) & zero_bytes(b ^ (0x05 * ones));
		if (m)
			return p + __builtin_ctzll(m) / 8;
	}
	for (; p < lim; p++)
		if (p[0] == 0x0f && p[1] == 0x05)
			return p;
	return lim;
}

int sites_find(const uint8_t *text, size_t len, uint32_t *off, int max)
{
	const uint8_t *p, *lim;
	int n = 0, pre, post;

	if (len < 18)
		return 0;
	lim = text + len - 10;
	for (p = text + 8; n < max; p++) {
		p = next_syscall(p, lim);
		if (p == lim)
			break;
		if (sites_shape(text, len, (size_t)(p - text), &pre, &post))
			continue;
		off[n++] = (uint32_t)(p - text);
		/* The check moves into the stub: no site inside it. */
		p += 1 + post;
	}
	return n;
}
