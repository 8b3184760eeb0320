/* Sends libc's own syscall instructions to the helper.
 *
 * Interposing symbols (write, read...) would miss the calls libc makes
 * internally (printf's write, opendir's openat), which are most of them.
 * So, as rr does, the helper rewrites the syscall sites themselves (which
 * ones: inject/sites.c).  Each site's instruction pair is replaced by a
 * jump to a per-site stub that runs the displaced instruction, calls
 * rrsup_entry and jumps back.  The stubs live in a page within reach of a
 * 32-bit jump from libc.
 *
 * Runs once, in the constructor, before the program's main(): the same
 * code on the same bytes at replay, so both patch alike. */
#include <link.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "helper.h"
#include "inject/sites.h"

/* The GNU build ID from a PT_NOTE segment, if it has one. */
static void build_id(struct dl_phdr_info *info, const ElfW(Phdr) *ph,
		     struct libc_text *t)
{
	const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
	const uint8_t *end = p + ph->p_memsz;
	ElfW(Nhdr) nh;

	while (p + sizeof(nh) <= end) {
		memcpy(&nh, p, sizeof(nh));
		p += sizeof(nh);
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    nh.n_descsz <= sizeof(t->l.id) &&
		    p + 4 + nh.n_descsz <= end && !memcmp(p, "GNU", 4)) {
			memcpy(t->l.id, p + 4, nh.n_descsz);
			t->l.id_len = nh.n_descsz;
			return;
		}
		p += ((nh.n_namesz + 3) & ~3u) + ((nh.n_descsz + 3) & ~3u);
	}
}

static int find_libc(struct dl_phdr_info *info, size_t size, void *data)
{
	struct libc_text *t = data;
	int i;

	(void)size;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "/libc.so."))
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_NOTE && !t->l.id_len)
			build_id(info, ph, t);
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && !t->l.len) {
			t->base = info->dlpi_addr;
			t->l.text = info->dlpi_addr + ph->p_vaddr;
			t->l.len = ph->p_memsz;
		}
	}
	return t->l.len != 0;
}

int patch_find_libc(struct libc_text *t)
{
	memset(t, 0, sizeof(*t));
	return dl_iterate_phdr(find_libc, t) && t->l.len >= 18;
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

static uint8_t *stub_page(const struct libc_text *t)
{
	uint64_t want = (t->base - SITES_STUB_AREA - 0x10000) & ~0xfffULL;
	long r;
	int i;

	/* Below libc (and the TLS block ld.so maps right under it), where
	 * nothing else is mapped with ASLR off: each try is a trapped call. */
	for (i = 0; i < 64; i++, want -= 0x100000) {
		r = helper_trap(SYS_mmap, want, SITES_STUB_AREA, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				(uint64_t)-1, 0);
		if (r == (long)want)
			return (uint8_t *)want;
	}
	return NULL;
}

/* The sites the supervisor handed over, if they are this text's and
 * each is one (ascending, not overlapping); else those found here. */
static int site_list(const struct libc_text *t, const struct rrsup_sites *given,
		     uint32_t *off)
{
	const uint8_t *text = (const uint8_t *)t->l.text;
	uint64_t end = 0;
	uint32_t i;
	int pre, post;

	if (!given || given->magic != RRSUP_SITES_MAGIC ||
	    given->text != t->l.text || given->n > SITES_MAX)
		goto scan;
	for (i = 0; i < given->n; i++) {
		if (sites_shape(text, t->l.len, given->off[i], &pre, &post) ||
		    given->off[i] < end + pre)
			goto scan;
		end = given->off[i] + 2 + post;
		off[i] = given->off[i];
	}
	return (int)given->n;
scan:
	return sites_find(text, t->l.len, off, SITES_MAX);
}

int patch_libc(const struct libc_text *t, const struct rrsup_sites *given)
{
	uint32_t off[SITES_MAX];
	uint8_t *stubs, *entry_slot, *text = (uint8_t *)t->l.text;
	uint64_t pg_start, pg_end;
	int n, i, pre, post;

	stubs = stub_page(t);
	if (!stubs)
		return 0;
	entry_slot = stubs;
	*(uint64_t *)entry_slot = (uint64_t)(uintptr_t)rrsup_entry;
	pg_start = t->l.text & ~0xfffULL;
	pg_end = (t->l.text + t->l.len + 0xfff) & ~0xfffULL;
	if (helper_trap(SYS_mprotect, pg_start, pg_end - pg_start,
			PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0))
		return 0;
	/* Only now: a debugger's breakpoints leave code the program makes
	 * writable (replay's dbg_mprotect), and must not hide a site. */
	n = site_list(t, given, off);
	for (i = 0; i < n; i++) {
		uint8_t *p = text + off[i], *s = stubs + 64 + i * SITES_STUB_SIZE, *at;

		if (sites_shape(text, t->l.len, off[i], &pre, &post))
			continue;	/* checked above: cannot happen */
		make_stub(s, p, pre, post, entry_slot);
		at = p - pre;
		at[0] = 0xe9;
		put32(at + 1, s - (at + 5));
		memset(at + 5, 0xcc, pre + 2 + post - 5);	/* never reached */
	}
	helper_trap(SYS_mprotect, pg_start, pg_end - pg_start,
		    PROT_READ | PROT_EXEC, 0, 0, 0);
	helper_trap(SYS_mprotect, (uint64_t)stubs, SITES_STUB_AREA,
		    PROT_READ | PROT_EXEC, 0, 0, 0);
	return n;
}
