/* AT_RANDOM bytes, the stack protector canary derived from them, and the
 * rest of auxv as getauxval() sees it.
 * rrsup-test: varies */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

int main(void)
{
	const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
	printf("auxv_random: AT_RANDOM at %p:", (const void *)r);
	for (int i = 0; i < 16; i++)
		printf(" %02x", r[i]);
	printf("\n");
	uint64_t canary;
	__asm__ volatile("mov %%fs:0x28, %0" : "=r"(canary));
	printf("auxv_random: canary %016llx\n", (unsigned long long)canary);
	/* glibc's pointer guard lives next to it. */
	uint64_t guard;
	__asm__ volatile("mov %%fs:0x30, %0" : "=r"(guard));
	printf("auxv_random: pointer guard %016llx\n", (unsigned long long)guard);
	static const struct { unsigned long t; const char *n; } keys[] = {
		{ AT_PHDR, "AT_PHDR" }, { AT_PHENT, "AT_PHENT" }, { AT_PHNUM, "AT_PHNUM" },
		{ AT_PAGESZ, "AT_PAGESZ" }, { AT_BASE, "AT_BASE" }, { AT_FLAGS, "AT_FLAGS" },
		{ AT_ENTRY, "AT_ENTRY" }, { AT_UID, "AT_UID" }, { AT_EUID, "AT_EUID" },
		{ AT_GID, "AT_GID" }, { AT_EGID, "AT_EGID" }, { AT_HWCAP, "AT_HWCAP" },
		{ AT_HWCAP2, "AT_HWCAP2" }, { AT_CLKTCK, "AT_CLKTCK" },
		{ AT_SECURE, "AT_SECURE" }, { AT_SYSINFO_EHDR, "AT_SYSINFO_EHDR" },
		{ AT_MINSIGSTKSZ, "AT_MINSIGSTKSZ" },
	};
	for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
		printf("auxv_random: %-16s 0x%lx\n", keys[i].n, getauxval(keys[i].t));
	const char *fn = (const char *)getauxval(AT_EXECFN);
	const char *base = fn ? strrchr(fn, '/') : NULL;
	printf("auxv_random: AT_EXECFN basename %s\n", base ? base + 1 : fn ? fn : "(none)");
	fprintf(stderr, "auxv_random: first random byte %02x\n", r[0]);
	return 0;
}
