/* Reads all of stdin (the runner feeds a copy of this source file, and
 * changes that copy after recording): byte and line counts, a hash, the
 * first line, fstat of fd 0, and a timestamp.
 * rrsup-test: stdin=SELF delete-exe varies */
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct stat st;
	fstat(0, &st);
	printf("stdin_read: fd0 regular %d size %lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
	char buf[1000];
	ssize_t n;
	long total = 0, lines = 0, reads = 0;
	uint64_t h = 1469598103934665603ULL;
	char first[200] = { 0 };
	int fl = 0, in_first = 1;
	while ((n = read(0, buf, sizeof buf)) > 0) {
		reads++;
		for (ssize_t i = 0; i < n; i++) {
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
			if (buf[i] == '\n') {
				lines++;
				in_first = 0;
			} else if (in_first && fl < 199) {
				first[fl++] = buf[i];
			}
		}
		total += n;
	}
	printf("stdin_read: %ld bytes in %ld reads, %ld lines, hash %016llx\n", total, reads, lines,
	       (unsigned long long)h);
	printf("stdin_read: first line [%s]\n", first);
	printf("stdin_read: final read %zd\n", n);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("stdin_read: at %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	return 0;
}
