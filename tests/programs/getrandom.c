/* getrandom() in its flavours, plus values derived from it.
 * rrsup-test: varies */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

static void hex(const char *what, const unsigned char *b, size_t n)
{
	printf("getrandom: %s ", what);
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

int main(void)
{
	unsigned char b[64];
	ssize_t r = getrandom(b, 16, 0);
	printf("getrandom: ret %zd\n", r);
	hex("plain", b, 16);
	r = getrandom(b, 32, GRND_NONBLOCK);
	printf("getrandom: nonblock ret %zd\n", r);
	hex("nonblock", b, 32);
	r = syscall(SYS_getrandom, b, 64, GRND_INSECURE);
	printf("getrandom: insecure ret %zd\n", r);
	hex("insecure", b, 64);
	r = getrandom(b, 8, 0xff00);
	printf("getrandom: bad flags ret %zd errno %d\n", r, errno);
	unsigned seed;
	getrandom(&seed, sizeof seed, 0);
	srandom(seed);
	printf("getrandom: random() after seeding %ld %ld\n", random(), random());
	fprintf(stderr, "getrandom: seed %u\n", seed);
	return 0;
}
