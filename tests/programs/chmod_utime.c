/* chmod/fchmod/chown, utimensat with explicit times, UTIME_NOW (varies)
 * and UTIME_OMIT, futimens, then stat.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, const char *path)
{
	struct stat st;
	stat(path, &st);
	printf("chmod_utime: %-10s mode %04o uid %d atime %lld.%09ld mtime %lld.%09ld\n", what,
	       st.st_mode & 07777, (int)st.st_uid, (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/chmod_utime.dat", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0640);
	printf("chmod_utime: chmod %d\n", chmod(path, 0751));
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1234567890, 987654321 } };
	printf("chmod_utime: utimensat %d\n", utimensat(AT_FDCWD, path, t, 0));
	show("explicit", path);
	printf("chmod_utime: fchmod %d\n", fchmod(fd, 04700));
	t[0].tv_nsec = UTIME_OMIT;
	t[1].tv_nsec = UTIME_NOW;
	printf("chmod_utime: futimens %d\n", futimens(fd, t));
	show("now", path);
	printf("chmod_utime: fchown %d\n", fchown(fd, getuid(), getgid()));
	show("chown", path);
	close(fd);
	unlink(path);
	return 0;
}
