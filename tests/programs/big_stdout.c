/* About 2 MiB of output in writes of many sizes, to stdout via stdio and
 * write(2), with stderr interleaved: all of it must be echoed at replay,
 * byte for byte.
 * rrsup-test: varies lines-vary */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

int main(void)
{
	unsigned seed;
	getrandom(&seed, sizeof seed, 0);
	uint64_t x = seed | 1;
	static char buf[70000];
	long total = 0;
	for (int i = 0; i < 60; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t n = x % sizeof buf;
		for (size_t k = 0; k < n; k++)
			buf[k] = (k % 64 == 63) ? '\n' : 'a' + (char)((x >> (k % 50)) % 26);
		if (i % 2) {
			fwrite(buf, 1, n, stdout);
		} else {
			fflush(stdout);
			if (write(1, buf, n) != (ssize_t)n)
				return 1;
		}
		total += n;
		if (i % 10 == 0)
			fprintf(stderr, "big_stdout: chunk %d size %zu\n", i, n);
	}
	printf("\nbig_stdout: total %ld seed %u\n", total, seed);
	return 0;
}
