/* mremap: grow in place, grow with MREMAP_MAYMOVE, shrink, move to a
 * fixed address, keeping contents.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t h = 1469598103934665603ULL;
	while (n--)
		h = (h ^ *c++) * 1099511628211ULL;
	return h;
}

int main(void)
{
	size_t ps = 4096;
	/* Reserve 16 pages, release the upper 12 so the first can grow in place. */
	char *r = mmap(NULL, 16 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(r + 4 * ps, 12 * ps);
	char *a = mmap(r, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	getrandom(a, 4 * ps, 0);
	uint64_t h0 = fnv(a, 4 * ps);
	printf("mremap: a %p hash %016llx\n", (void *)a, (unsigned long long)h0);
	char *b = mremap(a, 4 * ps, 8 * ps, 0);
	printf("mremap: grow in place %s same %d\n", b == MAP_FAILED ? "failed" : "ok", b == a);
	printf("mremap: kept %d new zero %d\n", fnv(b, 4 * ps) == h0, b[6 * ps] == 0);
	/* Block growth with a neighbour, then grow with MAYMOVE. */
	char *wall = mmap(b + 8 * ps, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("mremap: wall at end %d\n", wall == b + 8 * ps);
	char *c = mremap(b, 8 * ps, 64 * ps, 0);
	printf("mremap: grow blocked %s %s\n", c == MAP_FAILED ? "failed" : "ok", strerrorname_np(errno));
	c = mremap(b, 8 * ps, 64 * ps, MREMAP_MAYMOVE);
	printf("mremap: maymove %p moved %d kept %d\n", (void *)c, c != b, fnv(c, 4 * ps) == h0);
	c[63 * ps] = 'x';
	char *d = mremap(c, 64 * ps, 2 * ps, 0);
	printf("mremap: shrink same %d kept %d\n", d == c, fnv(d, 2 * ps) == fnv(c, 2 * ps));
	char *target = mmap(NULL, 4 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *e = mremap(d, 2 * ps, 2 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	printf("mremap: fixed %p at target %d first byte %02x\n", (void *)e, e == target,
	       (unsigned char)e[0]);
	printf("mremap: old gone: mprotect %d\n", mprotect(d, ps, PROT_READ));
	return 0;
}
