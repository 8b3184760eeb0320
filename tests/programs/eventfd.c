/* eventfd counters: accumulate, semaphore mode, nonblocking EAGAIN,
 * overflow, poll readiness, fstat of the anonymous inode.
 * rrsup-test: */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	int fd = eventfd(3, EFD_NONBLOCK);
	uint64_t v = 4;
	printf("eventfd: write %zd\n", write(fd, &v, 8));
	v = 0;
	ssize_t n = read(fd, &v, 8);
	printf("eventfd: read %zd value %llu\n", n, (unsigned long long)v);
	n = read(fd, &v, 8);
	printf("eventfd: empty read %zd %s\n", n, strerrorname_np(errno));
	n = read(fd, &v, 4);
	printf("eventfd: short read %zd %s\n", n, strerrorname_np(errno));
	v = 0xfffffffffffffffeULL;
	printf("eventfd: write max %zd\n", write(fd, &v, 8));
	v = 1;
	n = write(fd, &v, 8);
	printf("eventfd: overflow write %zd %s\n", n, strerrorname_np(errno));
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	int r = poll(&p, 1, 0);
	printf("eventfd: poll %d revents %#x\n", r, p.revents);
	close(fd);
	int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	for (int i = 0; i < 3; i++) {
		v = 99;
		n = read(s, &v, 8);
		printf("eventfd: semaphore read %zd value %llu\n", n, (unsigned long long)v);
	}
	struct stat st;
	fstat(s, &st);
	printf("eventfd: ino %llu mode %o\n", (unsigned long long)st.st_ino, st.st_mode & 07777);
	close(s);
	return 0;
}
