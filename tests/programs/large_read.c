/* Creates a 64 MiB file of pseudo-random bytes (seeded by getrandom),
 * reads it back with one 64 MiB read() and with odd-sized reads, prints
 * hashes.  The file is deleted before exit.
 * rrsup-test: varies timeout=120 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#define SIZE (64u << 20)

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 1099511628211ULL;
	return h;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/large_read.dat", dir);
	uint64_t seed;
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		return 1;
	seed |= 1;
	unsigned char *buf = malloc(SIZE);
	uint64_t x = seed;
	for (size_t i = 0; i < SIZE / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		((uint64_t *)buf)[i] = x;
	}
	uint64_t hw = fnv(1469598103934665603ULL, buf, SIZE);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 2;
	for (size_t off = 0; off < SIZE;) {
		ssize_t n = write(fd, buf + off, SIZE - off > (1 << 20) ? (1 << 20) : SIZE - off);
		if (n <= 0)
			return 3;
		off += n;
	}
	for (size_t i = 0; i < SIZE; i++)
		buf[i] = 0;
	lseek(fd, 0, SEEK_SET);
	size_t got = 0;
	while (got < SIZE) {
		ssize_t n = read(fd, buf + got, SIZE - got);
		if (n <= 0)
			break;
		got += n;
	}
	uint64_t hr = fnv(1469598103934665603ULL, buf, got);
	printf("large_read: wrote hash %016llx\n", (unsigned long long)hw);
	printf("large_read: read %zu bytes hash %016llx match %d\n", got, (unsigned long long)hr,
	       hr == hw);
	/* Odd-sized chunks from an odd offset. */
	lseek(fd, 12345, SEEK_SET);
	uint64_t h2 = 1469598103934665603ULL;
	size_t total = 0;
	ssize_t n;
	while ((n = read(fd, buf, 1000003)) > 0) {
		h2 = fnv(h2, buf, n);
		total += n;
	}
	printf("large_read: chunked %zu bytes hash %016llx\n", total, (unsigned long long)h2);
	close(fd);
	unlink(path);
	free(buf);
	return 0;
}
