/* open/write/pread/pwrite/lseek/fstat/ftruncate/fsync on a temp file.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/files_basic.dat", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	unsigned char rnd[8];
	getrandom(rnd, sizeof rnd, 0);
	char text[128];
	int len = snprintf(text, sizeof text, "line one %02x%02x%02x%02x\nline two\n",
			   rnd[0], rnd[1], rnd[2], rnd[3]);
	printf("files_basic: write %zd\n", write(fd, text, len));
	printf("files_basic: lseek cur %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	printf("files_basic: lseek end %lld\n", (long long)lseek(fd, 0, SEEK_END));
	printf("files_basic: pwrite %zd\n", pwrite(fd, "LINE", 4, 0));
	char buf[256];
	memset(buf, 0, sizeof buf);
	printf("files_basic: pread %zd\n", pread(fd, buf, sizeof buf - 1, 0));
	printf("files_basic: content [%s]\n", buf);
	printf("files_basic: lseek set 5 -> %lld\n", (long long)lseek(fd, 5, SEEK_SET));
	memset(buf, 0, sizeof buf);
	printf("files_basic: read %zd [%s]\n", read(fd, buf, 3), buf);
	/* Holes. */
	printf("files_basic: lseek 1MiB -> %lld\n", (long long)lseek(fd, 1 << 20, SEEK_SET));
	printf("files_basic: write at 1MiB %zd\n", write(fd, "tail", 4));
	printf("files_basic: SEEK_DATA from 4096 -> %lld\n", (long long)lseek(fd, 4096, SEEK_DATA));
	printf("files_basic: SEEK_HOLE from 0 -> %lld\n", (long long)lseek(fd, 0, SEEK_HOLE));
	struct stat st;
	fstat(fd, &st);
	printf("files_basic: size %lld blocks>0 %d ino %llu mtime %lld.%09ld\n",
	       (long long)st.st_size, st.st_blocks > 0, (unsigned long long)st.st_ino,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	printf("files_basic: ftruncate 10 -> %d\n", ftruncate(fd, 10));
	printf("files_basic: fsync -> %d fdatasync -> %d\n", fsync(fd), fdatasync(fd));
	fstat(fd, &st);
	printf("files_basic: size now %lld\n", (long long)st.st_size);
	memset(buf, 0, sizeof buf);
	printf("files_basic: pread after truncate %zd [%s]\n", pread(fd, buf, 100, 0), buf);
	errno = 0;
	printf("files_basic: pread past end %zd\n", pread(fd, buf, 100, 1000));
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	printf("files_basic: append write %zd\n", write(fd, "++", 2));
	close(fd);
	fd = open(path, O_RDONLY);
	memset(buf, 0, sizeof buf);
	printf("files_basic: final read %zd [%s]\n", read(fd, buf, 100), buf);
	close(fd);
	printf("files_basic: unlink %d\n", unlink(path));
	return 0;
}
