/* Bytes from /dev/urandom and /dev/random via open/read/close.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int dump(const char *path, size_t n)
{
	unsigned char b[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	ssize_t r = read(fd, b, n);
	printf("urandom: %s fd %d read %zd: ", path, fd, r);
	for (ssize_t i = 0; i < r; i++)
		printf("%02x", b[i]);
	printf("\n");
	close(fd);
	return 0;
}

int main(void)
{
	int bad = dump("/dev/urandom", 32);
	bad |= dump("/dev/urandom", 256);
	bad |= dump("/dev/random", 16);
	return bad;
}
