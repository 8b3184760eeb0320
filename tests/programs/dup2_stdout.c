/* dup2 a file onto stdout, write to it (those bytes must NOT be echoed at
 * replay: they went to a file), restore stdout, then print a hash of what
 * the file holds.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/dup2_stdout.out", dir);
	printf("dup2_stdout: before redirect\n");
	fflush(stdout);
	int saved = dup(1);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	printf("dup2_stdout: dup2 -> %d\n", dup2(fd, 1));
	unsigned char r[16];
	getrandom(r, sizeof r, 0);
	for (int i = 0; i < 16; i++)
		printf("NOT-ON-TERMINAL line %d random %02x\n", i, r[i]);
	fflush(stdout);
	if (write(1, "raw write to the file\n", 22) != 22)
		return 1;
	/* stderr onto the file too, briefly. */
	int saved2 = dup(2);
	dup2(fd, 2);
	fprintf(stderr, "NOT-ON-TERMINAL stderr into file\n");
	dup2(saved2, 2);
	close(saved2);
	dup2(saved, 1);
	close(saved);
	char buf[4096];
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	uint64_t h = 1469598103934665603ULL;
	for (ssize_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
	printf("dup2_stdout: back on stdout; file has %zd bytes hash %016llx\n", n,
	       (unsigned long long)h);
	fprintf(stderr, "dup2_stdout: stderr restored\n");
	close(fd);
	unlink(path);
	return 0;
}
