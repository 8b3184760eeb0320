/* Sends libc's own syscall instructions to the helper.
 *
 * Interposing symbols (write, read...) would miss the calls libc makes
 * internally (printf's write, opendir's openat), which are most of them.
 * So, as rr does, the helper rewrites the syscall sites themselves.  In
 * glibc 2.36, 436 of 526 syscall instructions follow "mov $NR,%eax" (5
 * bytes); most others are followed by a check of the result, "cmp
 * $-4095,%rax" or "cmp $-4096,%rax" (6 bytes) or its 32-bit form (5
 * bytes).  Either pair is replaced by a jump to a per-site stub that runs
 * the displaced instruction, calls rrsup_entry and jumps back.  The stubs
 * live in a page within reach of a 32-bit jump from libc.  Matching whole
 * known sequences, rather than decoding instructions, keeps the patch
 * exact without a disassembler: the bytes either are this sequence or the
 * site is left alone (and is then recorded the slow way).
 *
 * Runs once, in the constructor, before the program's main(): the same
 * code on the same bytes at replay, so both patch alike. */
#include <link.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "helper.h"

#define STUB_SIZE	48
#define STUB_AREA	(64 * 1024)
#define MAX_SITES	((STUB_AREA - 64) / STUB_SIZE)

struct text {
	uint64_t start, end;
	uint64_t base;			/* where libc's mappings start */
};

static int find_libc(struct dl_phdr_info *info, size_t size, void *data)
{
	struct text *t = data;
	int i;

	(void)size;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "/libc.so."))
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			t->base = info->dlpi_addr;
			t->start = info->dlpi_addr + ph->p_vaddr;
			t->end = t->start + ph->p_memsz;
			return 1;
		}
	}
	return 0;
}

/* Length of the result check following the syscall at p, or 0. */
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

/* Calls whose return lands somewhere else (a new stack, a signal frame)
 * must keep their own syscall instruction. */
static int must_skip(const uint8_t *site)
{
	int nr = mov_before(site);

	return nr == SYS_rt_sigreturn || nr == SYS_vfork ||
	       nr == SYS_clone || nr == SYS_clone3;
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void put32(uint8_t *p, int64_t v)
{
	int32_t x = (int32_t)v;

	memcpy(p, &x, 4);
}

/* Writes the stub for a site at s: the pre bytes before the syscall
 * instruction at site and the post bytes after it move into the stub;
 * the entry point's address is in the slot at entry_slot. */
static void make_stub(uint8_t *s, uint8_t *site, int pre, int post,
		      uint8_t *entry_slot)
{
	uint8_t *p = s;

	memcpy(p, site - pre, pre);
	p += pre;
	/* lea -128(%rsp),%rsp: step over the red zone */
	memcpy(p, "\x48\x8d\x64\x24\x80", 5);
	p += 5;
	/* jmp over a literal: the address after the syscall instruction,
	 * which a debugger unwinds to.  It ends 6 bytes (the call) before
	 * the call's return address: STUB_SITE_BACK in entry.S is 14. */
	p[0] = 0xeb;
	p[1] = 8;
	put64(p + 2, (uint64_t)(uintptr_t)(site + 2));
	p += 10;
	/* call *entry_slot(%rip) */
	p[0] = 0xff;
	p[1] = 0x15;
	put32(p + 2, entry_slot - (p + 6));
	p += 6;
	/* lea 128(%rsp),%rsp */
	memcpy(p, "\x48\x8d\xa4\x24\x80\x00\x00\x00", 8);
	p += 8;
	memcpy(p, site + 2, post);
	p += post;
	/* jmp back past what was moved */
	p[0] = 0xe9;
	put32(p + 1, (site + 2 + post) - (p + 5));
}

static uint8_t *stub_page(const struct text *t)
{
	uint64_t want = (t->base - STUB_AREA - 0x10000) & ~0xfffULL;
	long r;
	int i;

	/* Below libc (and the TLS block ld.so maps right under it), where
	 * nothing else is mapped with ASLR off: each try is a trapped call. */
	for (i = 0; i < 64; i++, want -= 0x100000) {
		r = helper_trap(SYS_mmap, want, STUB_AREA, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				(uint64_t)-1, 0);
		if (r == (long)want)
			return (uint8_t *)want;
	}
	return NULL;
}

/* A byte mask with the high bit of each byte of v that is zero. */
static uint64_t zero_bytes(uint64_t v)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((v & low7) + low7) | v | low7);
}

/* The first "syscall" (0f 05) starting in [p, lim), else lim.  Eight
 * bytes a step: scanning libc's 1.4 MB of text a byte at a time cost
 * every process 0.5 ms more, at record and again at replay. */
static uint8_t *next_syscall(uint8_t *p, uint8_t *lim)
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

int patch_libc(void)
{
	struct text t = { 0, 0, 0 };
	uint8_t *stubs, *p, *lim, *entry_slot;
	uint64_t pg_start, pg_end;
	int n = 0;

	if (!dl_iterate_phdr(find_libc, &t) || t.end - t.start < 16)
		return 0;
	stubs = stub_page(&t);
	if (!stubs)
		return 0;
	entry_slot = stubs;
	*(uint64_t *)entry_slot = (uint64_t)(uintptr_t)rrsup_entry;
	pg_start = t.start & ~0xfffULL;
	pg_end = (t.end + 0xfff) & ~0xfffULL;
	if (helper_trap(SYS_mprotect, pg_start, pg_end - pg_start,
			PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0))
		return 0;
	lim = (uint8_t *)t.end - 10;
	for (p = (uint8_t *)t.start + 8; n < MAX_SITES; p++) {
		uint8_t *s, *at;
		int pre = 0, post = 0;

		p = next_syscall(p, lim);
		if (p == lim)
			break;
		if (must_skip(p))
			continue;
		if (mov_before(p) >= 0)
			pre = 5;
		else
			post = check_len(p + 2);
		if (!pre && !post)
			continue;
		s = stubs + 64 + n * STUB_SIZE;
		make_stub(s, p, pre, post, entry_slot);
		at = p - pre;
		at[0] = 0xe9;
		put32(at + 1, s - (at + 5));
		memset(at + 5, 0xcc, pre + 2 + post - 5);	/* never reached */
		n++;
		p += 1 + post;
	}
	helper_trap(SYS_mprotect, pg_start, pg_end - pg_start,
		    PROT_READ | PROT_EXEC, 0, 0, 0);
	helper_trap(SYS_mprotect, (uint64_t)stubs, STUB_AREA,
		    PROT_READ | PROT_EXEC, 0, 0, 0);
	return n;
}
