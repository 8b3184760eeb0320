/* writes: a syscall-heavy benchmark workload.
 *
 * Opens /dev/null and writes 64-byte blocks to it one write(2) at a time
 * (200000 by default; the first argument overrides the count).  Nearly all
 * of its time is spent entering and leaving the kernel, which makes it the
 * worst case for a tracer that stops on every syscall. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
	char buf[64];
	int fd;

	memset(buf, 'x', sizeof(buf));
	buf[sizeof(buf) - 1] = '\n';
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		perror("open /dev/null");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			perror("write");
			return 1;
		}
	}
	close(fd);
	return 0;
}
