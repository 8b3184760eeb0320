/* brk/sbrk: grow the heap, write and read it, shrink it, and the raw brk
 * syscall's answers.
 * rrsup-test: varies */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char outbuf[1 << 16];

int main(void)
{
	/* No malloc from here on: stdio gets a static buffer, so the heap
	 * belongs to this test alone. */
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	setvbuf(stderr, NULL, _IONBF, 0);
	char *b0 = sbrk(0);
	printf("brk_sbrk: initial break %p\n", (void *)b0);
	char *p = sbrk(40960);
	printf("brk_sbrk: sbrk(40960) -> %p same %d\n", (void *)p, p == b0);
	for (int i = 0; i < 40960; i++)
		p[i] = (char)(i * 7);
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < 40960; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	printf("brk_sbrk: heap hash %016llx\n", (unsigned long long)h);
	char *b1 = sbrk(0);
	printf("brk_sbrk: break now %p delta %ld\n", (void *)b1, (long)(b1 - b0));
	long raw = syscall(SYS_brk, 0);
	printf("brk_sbrk: raw brk(0) %#lx\n", raw);
	long r2 = syscall(SYS_brk, raw + (1 << 20));
	printf("brk_sbrk: raw brk(+1MiB) delta %ld\n", r2 - raw);
	memset((void *)(r2 - 4096), 0x5a, 4096);
	printf("brk_sbrk: byte at top %#x\n", ((unsigned char *)r2)[-1]);
	r2 = syscall(SYS_brk, raw);
	printf("brk_sbrk: raw brk(back) same %d\n", r2 == raw);
	printf("brk_sbrk: brk() libc -> %d\n", brk(b0));
	printf("brk_sbrk: sbrk(0) after brk(b0) same %d\n", sbrk(0) == b0);
	/* Shrinking below the start fails quietly: the kernel returns the old break. */
	long r3 = syscall(SYS_brk, 4096);
	printf("brk_sbrk: brk(4096) returned old break %d\n", r3 == (long)b0);
	fprintf(stderr, "brk_sbrk: initial break %p\n", (void *)b0);
	return 0;
}
