/* Output reaching stdout by other roads than write(2): writev, a dup of
 * fd 1, fcntl(F_DUPFD), sendfile and copy_file_range from a file, splice
 * through a pipe.  All of it is program output and must be echoed at
 * replay, in order.  (The runner's stdout is a regular file, where all of
 * these calls work.)
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	setvbuf(stdout, NULL, _IONBF, 0);
	unsigned char r[8];
	getrandom(r, sizeof r, 0);
	char rnd[32];
	snprintf(rnd, sizeof rnd, "%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4],
		 r[5], r[6], r[7]);
	printf("stdout_paths: 1 printf %s\n", rnd);
	struct iovec iov[3] = { { "stdout_paths: 2 writev ", 23 }, { rnd, 16 }, { "\n", 1 } };
	ssize_t n = writev(1, iov, 3);
	fprintf(stderr, "stdout_paths: writev returned %zd\n", n);
	int d = dup(1);
	dprintf(d, "stdout_paths: 3 via dup fd %d\n", d);
	int d2 = fcntl(1, F_DUPFD_CLOEXEC, 50);
	dprintf(d2, "stdout_paths: 4 via F_DUPFD fd %d\n", d2);
	close(d);
	close(d2);

	char path[4096];
	snprintf(path, sizeof path, "%s/stdout_paths.src", dir);
	int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char text[256];
	int len = snprintf(text, sizeof text,
			   "stdout_paths: 5 sendfile %s\nstdout_paths: 6 copy_file_range %s\n"
			   "stdout_paths: 7 splice %s\n", rnd, rnd, rnd);
	if (f < 0 || write(f, text, len) != len)
		return 1;
	int l5 = strchr(text, '\n') - text + 1;
	int l6 = strchr(text + l5, '\n') - (text + l5) + 1;
	int l7 = len - l5 - l6;
	off_t off = 0;
	n = sendfile(1, f, &off, l5);
	fprintf(stderr, "stdout_paths: sendfile returned %zd\n", n);
	loff_t in = l5;
	n = copy_file_range(f, &in, 1, NULL, l6, 0);
	fprintf(stderr, "stdout_paths: copy_file_range returned %zd\n", n);
	if (n < 0 && write(1, text + l5, l6) != l6)
		return 2;
	int p[2];
	if (pipe(p))
		return 3;
	loff_t in2 = l5 + l6;
	n = splice(f, &in2, p[1], NULL, l7, 0);
	fprintf(stderr, "stdout_paths: splice file->pipe returned %zd\n", n);
	n = splice(p[0], NULL, 1, NULL, l7, 0);
	fprintf(stderr, "stdout_paths: splice pipe->stdout returned %zd\n", n);
	close(f);
	unlink(path);
	printf("stdout_paths: 8 done\n");
	return 0;
}
