/* micro: syscall-heavy micro benchmarks for bench/run.sh.
 *
 *   micro writes N      N 64-byte write(2)s to /dev/null
 *   micro clock N       N clock_gettime(CLOCK_MONOTONIC)
 *   micro files N DIR   N rounds of open/fstat/read/close over the small
 *                       files DIR/0 .. DIR/99 (created first if missing)
 *   micro read FILE     reads FILE to its end in 4 KiB read(2)s
 *
 * Each spends nearly all its time entering and leaving the kernel: the
 * worst case for a tracer that stops on every syscall. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static int writes(long n)
{
	char buf[64];
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	memset(buf, 'x', sizeof(buf));
	for (long i = 0; fd >= 0 && i < n; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 1;
	return fd < 0;
}

static int clocks(long n)
{
	struct timespec t;
	long s = 0;

	for (long i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		s += t.tv_nsec & 1;
	}
	return s < 0;
}

static int files(long n, const char *dir)
{
	char path[4096], buf[512];
	struct stat st;

	for (int k = 0; k < 100; k++) {
		snprintf(path, sizeof(path), "%s/%d", dir, k);
		if (access(path, R_OK) == 0)
			continue;
		FILE *f = fopen(path, "w");
		if (!f)
			return 1;
		fprintf(f, "small file %d\n", k);
		fclose(f);
	}
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i % 100);
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &st) || read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
	}
	return 0;
}

static int reads(const char *file)
{
	char buf[4096];
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	while (fd >= 0 && (r = read(fd, buf, sizeof(buf))) > 0)
		;
	return fd < 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (argc >= 3 && !strcmp(argv[1], "writes"))
		return writes(n);
	if (argc >= 3 && !strcmp(argv[1], "clock"))
		return clocks(n);
	if (argc >= 4 && !strcmp(argv[1], "files"))
		return files(n, argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "read"))
		return reads(argv[2]);
	fprintf(stderr, "usage: micro writes|clock N | files N DIR | read FILE\n");
	return 2;
}
