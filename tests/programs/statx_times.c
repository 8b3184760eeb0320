/* statx() on a fresh file: birth/access/modify/change timestamps, inode,
 * mount id; also stat/lstat/fstatat on the same file.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void pts(const char *what, struct statx_timestamp t)
{
	printf("statx_times: %s %lld.%09u\n", what, (long long)t.tv_sec, t.tv_nsec);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/statx_times.file", dir);
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	if (write(fd, "hello statx\n", 12) != 12)
		return 98;
	close(fd);
	struct statx sx;
	if (statx(AT_FDCWD, path, 0, STATX_ALL, &sx) != 0) {
		perror("statx");
		return 1;
	}
	printf("statx_times: mask %#x size %llu mode %o nlink %u\n", sx.stx_mask,
	       (unsigned long long)sx.stx_size, sx.stx_mode & 07777, sx.stx_nlink);
	printf("statx_times: ino %llu dev %u:%u\n", (unsigned long long)sx.stx_ino,
	       sx.stx_dev_major, sx.stx_dev_minor);
	pts("btime", sx.stx_btime);
	pts("atime", sx.stx_atime);
	pts("mtime", sx.stx_mtime);
	pts("ctime", sx.stx_ctime);
	struct stat st, lst, ast;
	stat(path, &st);
	lstat(path, &lst);
	fstatat(AT_FDCWD, path, &ast, 0);
	printf("statx_times: stat ino %llu blocks %lld blksize %ld same %d %d\n",
	       (unsigned long long)st.st_ino, (long long)st.st_blocks, (long)st.st_blksize,
	       st.st_ino == lst.st_ino, st.st_ino == ast.st_ino);
	/* statx on a missing path: errno is part of the result. */
	int r = statx(AT_FDCWD, "/nonexistent/statx", 0, STATX_BASIC_STATS, &sx);
	printf("statx_times: missing -> %d\n", r);
	unlink(path);
	return 0;
}
