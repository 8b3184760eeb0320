/* rename, renameat2(RENAME_NOREPLACE/EXCHANGE), link, symlink, readlink,
 * unlink, mkdir, rmdir, with inode numbers showing what moved.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4096];

static const char *P(const char *name)
{
	static char bufs[4][4200];
	static int i;
	i = (i + 1) % 4;
	snprintf(bufs[i], sizeof bufs[i], "%s/%s", dir, name);
	return bufs[i];
}

static unsigned long long ino(const char *name)
{
	struct stat st;
	if (lstat(P(name), &st) != 0)
		return 0;
	return st.st_ino;
}

static void mk(const char *name, const char *content)
{
	int fd = open(P(name), O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, content, strlen(content)) < 0)
		perror(name);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof dir, "%s/rename_unlink.d", tmp);
	printf("rename_unlink: mkdir %d\n", mkdir(dir, 0700));
	int r = mkdir(dir, 0700);
	printf("rename_unlink: mkdir again %d errno %s\n", r, strerrorname_np(errno));
	mk("a", "content of a");
	mk("b", "content of b");
	printf("rename_unlink: ino a %llu b %llu\n", ino("a"), ino("b"));
	printf("rename_unlink: rename a->c %d\n", rename(P("a"), P("c")));
	printf("rename_unlink: ino c %llu a %llu\n", ino("c"), ino("a"));
	r = renameat2(AT_FDCWD, P("b"), AT_FDCWD, P("c"), RENAME_NOREPLACE);
	printf("rename_unlink: noreplace b->c %d %s\n", r, r ? strerrorname_np(errno) : "");
	r = renameat2(AT_FDCWD, P("b"), AT_FDCWD, P("c"), RENAME_EXCHANGE);
	printf("rename_unlink: exchange b<->c %d ino b %llu c %llu\n", r, ino("b"), ino("c"));
	printf("rename_unlink: link c->d %d\n", link(P("c"), P("d")));
	struct stat st;
	stat(P("d"), &st);
	printf("rename_unlink: nlink %lu ino d %llu ctime %lld.%09ld\n", (unsigned long)st.st_nlink,
	       ino("d"), (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	printf("rename_unlink: symlink %d\n", symlink("c", P("s")));
	char buf[256];
	ssize_t n = readlink(P("s"), buf, sizeof buf);
	printf("rename_unlink: readlink %zd [%.*s]\n", n, (int)(n > 0 ? n : 0), buf);
	n = readlink(P("c"), buf, sizeof buf);
	printf("rename_unlink: readlink regular %zd %s\n", n, strerrorname_np(errno));
	r = rmdir(dir);
	printf("rename_unlink: rmdir nonempty %d %s\n", r, strerrorname_np(errno));
	const char *names[] = { "b", "c", "d", "s", "a" };
	for (int i = 0; i < 5; i++) {
		r = unlink(P(names[i]));
		printf("rename_unlink: unlink %s %d %s\n", names[i], r, r ? strerrorname_np(errno) : "");
	}
	printf("rename_unlink: rmdir %d\n", rmdir(dir));
	r = stat(dir, &st);
	printf("rename_unlink: stat gone %d %s\n", r, strerrorname_np(errno));
	return 0;
}
