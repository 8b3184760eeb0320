/* memfd_create, ftruncate, write, shared mapping seen through read(),
 * seals.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	int fd = memfd_create("rrsup-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	printf("memfd: fd %d\n", fd);
	if (fd < 0)
		return 1;
	printf("memfd: ftruncate %d\n", ftruncate(fd, 8192));
	unsigned char rnd[16];
	getrandom(rnd, sizeof rnd, 0);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (int i = 0; i < 16; i++)
		sprintf(m + 2 * i, "%02x", rnd[i]);
	char buf[40] = { 0 };
	printf("memfd: pread %zd [%s]\n", pread(fd, buf, 32, 0), buf);
	printf("memfd: pwrite %zd\n", pwrite(fd, "memfd!", 6, 4096));
	printf("memfd: mapping sees [%.6s]\n", m + 4096);
	printf("memfd: add seals %d\n", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
	printf("memfd: get seals %#x\n", fcntl(fd, F_GET_SEALS));
	int r = ftruncate(fd, 100);
	printf("memfd: shrink sealed %d %s\n", r, strerrorname_np(errno));
	struct stat st;
	fstat(fd, &st);
	printf("memfd: size %lld ino %llu\n", (long long)st.st_size, (unsigned long long)st.st_ino);
	char link[128];
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(p, link, sizeof link);
	printf("memfd: link [%.*s]\n", (int)(n > 0 ? n : 0), link);
	munmap(m, 8192);
	close(fd);
	return 0;
}
