/* Anonymous mmaps, private and shared, fixed and hinted, mprotect,
 * munmap of a middle page, mincore, and a failing mmap.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

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
	unsigned char seed[4];
	getrandom(seed, 4, 0);
	char *a = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || s == MAP_FAILED)
		return 1;
	printf("mmap_anon: private %p shared %p\n", (void *)a, (void *)s);
	printf("mmap_anon: fresh zero %d %d\n", a[0] == 0 && a[16 * ps - 1] == 0, s[100] == 0);
	for (size_t i = 0; i < 16 * ps; i++)
		a[i] = (char)(seed[i % 4] + i);
	for (size_t i = 0; i < 4 * ps; i++)
		s[i] = (char)(seed[(i + 1) % 4] ^ i);
	printf("mmap_anon: hash private %016llx shared %016llx\n",
	       (unsigned long long)fnv(a, 16 * ps), (unsigned long long)fnv(s, 4 * ps));
	unsigned char vec[16];
	printf("mmap_anon: mincore %d:", mincore(a, 16 * ps, vec));
	for (int i = 0; i < 16; i++)
		printf("%d", vec[i] & 1);
	printf("\n");
	printf("mmap_anon: munmap middle %d\n", munmap(a + 4 * ps, 2 * ps));
	printf("mmap_anon: mprotect RO %d\n", mprotect(a, 4 * ps, PROT_READ));
	printf("mmap_anon: read after mprotect %d\n", a[5] == (char)(seed[1] + 5));
	int r = mprotect(a + 4 * ps, ps, PROT_READ);
	printf("mmap_anon: mprotect unmapped %d %s\n", r, strerrorname_np(errno));
	/* Re-map the hole with MAP_FIXED and check it is zero. */
	char *f = mmap(a + 4 * ps, 2 * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("mmap_anon: fixed at hole ok %d zero %d\n", f == a + 4 * ps, f[10] == 0);
	char *n = mmap(a, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("mmap_anon: FIXED_NOREPLACE on busy %s %s\n", n == MAP_FAILED ? "failed" : "mapped",
	       strerrorname_np(errno));
	char *big = mmap(NULL, (size_t)1 << 46, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap_anon: 64 TiB %s\n", big == MAP_FAILED ? "failed" : "mapped");
	char *g = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	printf("mmap_anon: growsdown %p\n", (void *)g);
	char *pop = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	printf("mmap_anon: populate %p mincore %d:", (void *)pop, mincore(pop, 4 * ps, vec));
	for (int i = 0; i < 4; i++)
		printf("%d", vec[i] & 1);
	printf("\n");
	printf("mmap_anon: munmap all %d %d\n", munmap(a, 16 * ps), munmap(s, 4 * ps));
	fprintf(stderr, "mmap_anon: seed %02x%02x%02x%02x\n", seed[0], seed[1], seed[2], seed[3]);
	return 0;
}
