/* The program image execve made: initialised data (a file mapping the
 * recorder keeps only the last page of), and an 8 MiB .bss whose start
 * shares that page (the kernel zeroes the page's tail past the file's
 * data) and whose rest the recorder does not read at all (replay maps
 * zeros).  Prints sums of both, then changes them and prints again. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DATA_WORDS	(48 * 1024 / 8)
#define BSS_BYTES	(8u << 20)

/* A pattern, not zeros: the file holds it. */
static uint64_t data[DATA_WORDS] = { [0 ... DATA_WORDS - 1] = 0x0123456789abcdefULL };
static unsigned char bss[BSS_BYTES];

static uint64_t sum(const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s = s * 31 + c[i];
	return s;
}

static size_t nonzero(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += c[i] != 0;
	return k;
}

int main(void)
{
	size_t i;

	printf("data %llx\n", (unsigned long long)sum(data, sizeof(data)));
	printf("bss nonzero %zu\n", nonzero(bss, sizeof(bss)));
	for (i = 0; i < DATA_WORDS; i += 7)
		data[i] = i * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < BSS_BYTES; i += 4093)
		bss[i] = (unsigned char)(i >> 3);
	printf("after: data %llx bss %llx\n",
	       (unsigned long long)sum(data, sizeof(data)),
	       (unsigned long long)sum(bss, sizeof(bss)));
	return 0;
}
