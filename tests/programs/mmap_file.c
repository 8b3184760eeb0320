/* File mappings: a file with random content mapped shared (writes reach
 * the file) and private (they do not), msync, a read-only mapping of a
 * system file, and a mapping past EOF (SIGBUS territory left alone).
 * The file is deleted before exit, so replay must have kept its bytes.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t h = 1469598103934665603ULL;
	while (n--)
		h = (h ^ *c++) * 1099511628211ULL;
	return h;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/mmap_file.dat", dir);
	size_t len = 3 * 4096 + 100;
	unsigned char *buf = malloc(len);
	getrandom(buf, len, 0);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		return 1;
	printf("mmap_file: file hash %016llx\n", (unsigned long long)fnv(buf, len));
	unsigned char *sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *pr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char *off = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 8192);
	if (sh == MAP_FAILED || pr == MAP_FAILED || off == MAP_FAILED)
		return 2;
	printf("mmap_file: shared %p private %p offset %p\n", (void *)sh, (void *)pr, (void *)off);
	printf("mmap_file: shared==file %d private==file %d offset==file %d\n",
	       memcmp(sh, buf, len) == 0, memcmp(pr, buf, len) == 0,
	       memcmp(off, buf + 8192, 4096) == 0);
	/* Write through the shared mapping: the file and the offset view see it. */
	memcpy(sh + 8192, "SHARED-WRITE", 12);
	printf("mmap_file: msync %d\n", msync(sh, len, MS_SYNC));
	unsigned char rb[16] = { 0 };
	printf("mmap_file: pread %zd [%.12s] offset view [%.12s]\n", pread(fd, rb, 12, 8192), rb, off);
	/* Private writes stay private, but untouched private pages see shared writes. */
	memcpy(pr, "PRIVATE", 7);
	pread(fd, rb, 7, 0);
	printf("mmap_file: file start unchanged %d\n", memcmp(rb, buf, 7) == 0);
	printf("mmap_file: private sees shared write [%.12s]\n", pr + 8192);
	/* write() into the file shows up in the shared mapping. */
	pwrite(fd, "VIA-WRITE", 9, 100);
	printf("mmap_file: shared sees write [%.9s]\n", sh + 100);
	/* The tail of the last page beyond EOF reads as zero. */
	printf("mmap_file: past-eof byte %d\n", sh[len + 10]);
	printf("mmap_file: shared hash %016llx private hash %016llx\n",
	       (unsigned long long)fnv(sh, len), (unsigned long long)fnv(pr, len));
	munmap(sh, len);
	munmap(pr, len);
	munmap(off, 4096);
	close(fd);
	unlink(path);
	/* A read-only mapping of a system file. */
	fd = open("/etc/passwd", O_RDONLY);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		char *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		printf("mmap_file: /etc/passwd size %lld hash %016llx\n", (long long)st.st_size,
		       (unsigned long long)fnv(m, st.st_size));
		munmap(m, st.st_size);
		close(fd);
	}
	free(buf);
	return 0;
}
