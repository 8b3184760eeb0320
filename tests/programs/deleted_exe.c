/* Reads its own executable through /proc/self/exe and an input file the
 * runner made; the runner deletes the executable and rewrites then
 * deletes the input after recording, so replay must rely on the trace.
 * rrsup-test: args="@INPUT@" delete-exe varies */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t hash_fd(int fd, long *len)
{
	char buf[8192];
	ssize_t n;
	uint64_t h = 1469598103934665603ULL;
	*len = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
		*len += n;
	}
	return h;
}

int main(int argc, char **argv)
{
	long len;
	int fd = open("/proc/self/exe", O_RDONLY);
	uint64_t h = hash_fd(fd, &len);
	close(fd);
	printf("deleted_exe: own executable %ld bytes hash %016llx\n", len, (unsigned long long)h);
	if (argc > 1) {
		fd = open(argv[1], O_RDONLY);
		h = hash_fd(fd, &len);
		struct stat st;
		fstat(fd, &st);
		close(fd);
		printf("deleted_exe: input %ld bytes hash %016llx mtime %lld.%09ld\n", len,
		       (unsigned long long)h, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("deleted_exe: monotonic %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	return 0;
}
