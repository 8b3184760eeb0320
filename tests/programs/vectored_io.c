/* readv/writev/preadv/pwritev/preadv2, copy_file_range, sendfile,
 * fallocate and splice between two temp files and a pipe.
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
	char a[4096], b[4096];
	snprintf(a, sizeof a, "%s/vectored_io.a", dir);
	snprintf(b, sizeof b, "%s/vectored_io.b", dir);
	int fa = open(a, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int fb = open(b, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fa < 0 || fb < 0) {
		perror("open");
		return 1;
	}
	unsigned char r[6];
	getrandom(r, sizeof r, 0);
	char rnd[16];
	snprintf(rnd, sizeof rnd, "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5]);
	struct iovec w[3] = { { "head:", 5 }, { rnd, 12 }, { ":tail\n", 6 } };
	printf("vectored_io: writev %zd\n", writev(fa, w, 3));
	char x[8] = { 0 }, y[8] = { 0 }, z[16] = { 0 };
	struct iovec rv[3] = { { x, 5 }, { y, 6 }, { z, 15 } };
	printf("vectored_io: preadv %zd", preadv(fa, rv, 3, 0));
	printf(" [%s][%s][%s]\n", x, y, z);
	struct iovec pw[2] = { { "PW", 2 }, { "V!", 2 } };
	printf("vectored_io: pwritev %zd\n", pwritev(fa, pw, 2, 5));
	memset(x, 0, sizeof x);
	memset(y, 0, sizeof y);
	struct iovec rv2[2] = { { x, 4 }, { y, 7 } };
	printf("vectored_io: preadv2 %zd", preadv2(fa, rv2, 2, 3, 0));
	printf(" [%s][%s]\n", x, y);
	lseek(fa, 0, SEEK_SET);
	memset(z, 0, sizeof z);
	struct iovec rv3 = { z, 9 };
	printf("vectored_io: readv %zd [%s]\n", readv(fa, &rv3, 1), z);
	loff_t in = 0, out = 0;
	printf("vectored_io: copy_file_range %zd\n", copy_file_range(fa, &in, fb, &out, 100, 0));
	off_t so = 5;
	lseek(fb, 0, SEEK_END);
	printf("vectored_io: sendfile %zd offset now %lld\n", sendfile(fb, fa, &so, 12), (long long)so);
	int p[2];
	if (pipe(p))
		return 1;
	loff_t po = 0;
	printf("vectored_io: splice file->pipe %zd\n", splice(fa, &po, p[1], NULL, 10, 0));
	char pb[16] = { 0 };
	printf("vectored_io: pipe read %zd [%s]\n", read(p[0], pb, sizeof pb - 1), pb);
	printf("vectored_io: fallocate %d\n", fallocate(fb, 0, 0, 65536));
	char all[128] = { 0 };
	printf("vectored_io: b has %zd [", pread(fb, all, sizeof all - 1, 0));
	for (int i = 0; all[i]; i++)
		putchar(all[i] == '\n' ? '|' : all[i]);
	printf("]\n");
	close(fa);
	close(fb);
	unlink(a);
	unlink(b);
	return 0;
}
