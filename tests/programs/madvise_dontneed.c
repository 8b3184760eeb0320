/* MADV_DONTNEED on private anonymous memory: the pages read back as zero.
 * On a private file mapping: they read back the file.  On shared memory:
 * the data stays.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t ps = 4096;
	unsigned char *a = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	getrandom(a, 8 * ps, 0);
	printf("madvise_dontneed: anon %p before %02x%02x%02x\n", (void *)a, a[0], a[ps], a[5 * ps]);
	printf("madvise_dontneed: madvise %d\n", madvise(a + ps, 4 * ps, MADV_DONTNEED));
	int zero = 1;
	for (size_t i = ps; i < 5 * ps; i++)
		zero &= a[i] == 0;
	printf("madvise_dontneed: zeros %d after %02x%02x%02x\n", zero, a[0], a[ps], a[5 * ps]);
	char path[4096];
	snprintf(path, sizeof path, "%s/madvise.dat", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unsigned char fb[2 * 4096];
	getrandom(fb, sizeof fb, 0);
	if (write(fd, fb, sizeof fb) != (ssize_t)sizeof fb)
		return 1;
	unsigned char *f = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] ^= 0xff;
	printf("madvise_dontneed: file private modified %d\n", f[0] != fb[0]);
	madvise(f, 2 * ps, MADV_DONTNEED);
	printf("madvise_dontneed: file private restored %d byte %02x\n", f[0] == fb[0], f[0]);
	unsigned char *s = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(s, 0x77, ps);
	madvise(s, ps, MADV_DONTNEED);
	printf("madvise_dontneed: shared kept %02x\n", s[10]);
	printf("madvise_dontneed: MADV_FREE %d\n", madvise(a, ps, MADV_FREE));
	printf("madvise_dontneed: bad advice %d\n", madvise(a, ps, 12345));
	munmap(a, 8 * ps);
	munmap(f, 2 * ps);
	munmap(s, ps);
	close(fd);
	unlink(path);
	return 0;
}
