/* fcntl: flags, F_DUPFD(_CLOEXEC), FD_CLOEXEC, record locks and their
 * queries (own locks never conflict), OFD locks (a conflict reports
 * our pid), flock, F_GETOWN, leases.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/fcntl_locks.dat", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	printf("fcntl_locks: F_GETFL %#x\n", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	printf("fcntl_locks: F_SETFL append|nonblock %d\n", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
	printf("fcntl_locks: F_GETFL %#x\n", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	int d = fcntl(fd, F_DUPFD, 10);
	int dc = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	printf("fcntl_locks: dupfd %d cloexec-dup %d FD_CLOEXEC %d %d\n", d, dc,
	       fcntl(d, F_GETFD), fcntl(dc, F_GETFD));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
	printf("fcntl_locks: F_SETLK %d\n", fcntl(fd, F_SETLK, &fl));
	struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 10 };
	fcntl(fd, F_GETLK, &q);
	printf("fcntl_locks: F_GETLK type %s\n", q.l_type == F_UNLCK ? "UNLCK" : "locked");
	struct flock o = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	int od = open(path, O_RDWR);
	int r = fcntl(od, F_OFD_SETLK, &o);
	printf("fcntl_locks: OFD_SETLK over posix lock %d %s\n", r, r ? strerrorname_np(errno) : "-");
	struct flock oq = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	r = fcntl(od, F_OFD_GETLK, &oq);
	printf("fcntl_locks: OFD_GETLK %d type %d pid %d\n", r, oq.l_type, (int)oq.l_pid);
	printf("fcntl_locks: flock EX %d\n", flock(fd, LOCK_EX | LOCK_NB));
	r = flock(od, LOCK_EX | LOCK_NB);
	printf("fcntl_locks: flock EX second open %d %s\n", r, r ? strerrorname_np(errno) : "-");
	printf("fcntl_locks: F_GETOWN %d\n", fcntl(fd, F_GETOWN));
	printf("fcntl_locks: F_GETLEASE %d\n", fcntl(fd, F_GETLEASE));
	r = fcntl(fd, F_SETLEASE, F_WRLCK);
	printf("fcntl_locks: F_SETLEASE %d %s\n", r, r ? strerrorname_np(errno) : "-");
	close(od);
	close(d);
	close(dc);
	close(fd);
	unlink(path);
	return 0;
}
