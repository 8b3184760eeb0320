/* Failing syscalls: each errno must be reproduced exactly.
 * rrsup-test: */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define TRY(expr)                                                                    \
	do {                                                                         \
		errno = 0;                                                           \
		long r_ = (long)(expr);                                              \
		int e_ = errno;                                                      \
		printf("errnos: %-40s -> %ld %s\n", #expr, r_, e_ ? strerrorname_np(e_) : "-"); \
	} while (0)

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char f[4096], d[4096], l[4096], x[4200], longname[5000];
	snprintf(f, sizeof f, "%s/errnos.file", dir);
	snprintf(d, sizeof d, "%s/errnos.dir", dir);
	snprintf(l, sizeof l, "%s/errnos.loop", dir);
	int fd = open(f, O_CREAT | O_RDWR | O_TRUNC, 0600);
	mkdir(d, 0700);
	snprintf(x, sizeof x, "%s/x", d);
	close(open(x, O_CREAT | O_WRONLY, 0600));
	symlink(l, l); /* a link to itself */
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	char buf[16];
	char *volatile bad = (char *)8;
	int p[2];
	if (write(fd, "hello", 5) != 5)
		return 1;
	if (pipe(p))
		return 1;
	TRY(open("/nonexistent/file", O_RDONLY));
	TRY(close(9999));
	TRY(read(9999, buf, 1));
	TRY(access(f, X_OK));                 /* EACCES even for root: no x bit */
	TRY(open(d, O_WRONLY));               /* EISDIR */
	TRY(open(f, O_RDONLY | O_DIRECTORY)); /* ENOTDIR */
	TRY(mkdir(d, 0700));                  /* EEXIST */
	TRY(open(f, O_CREAT | O_EXCL, 0600)); /* EEXIST */
	TRY(lseek(fd, 0, 42));                /* EINVAL */
	TRY(lseek(p[0], 0, SEEK_SET));        /* ESPIPE */
	TRY(write(fd, bad, 1));               /* EFAULT */
	TRY(pread(fd, bad, 1, 0));            /* EFAULT */
	TRY(ioctl(fd, TCGETS, buf));          /* ENOTTY */
	TRY(open(longname, O_RDONLY));        /* ENAMETOOLONG */
	TRY(open(l, O_RDONLY));               /* ELOOP */
	TRY(wait(NULL));                      /* ECHILD */
	TRY(rmdir(d));                        /* ENOTEMPTY */
	TRY(write(p[0], "x", 1));             /* EBADF: read end */
	TRY(munmap((void *)1, 4096));         /* EINVAL */
	TRY(dup2(fd, -1));                    /* EBADF */
	TRY(fcntl(fd, 12345));                /* EINVAL */
	TRY(link(d, "/proc/nope"));           /* EPERM or EXDEV */
	TRY(rename(d, "/proc/self/nope"));    /* EXDEV or ENOENT */
	TRY(chdir(f));                        /* ENOTDIR */
	TRY(kill(999999999, 0));              /* ESRCH */
	TRY(getpriority(99, 0));              /* EINVAL */
	TRY(truncate(d, 0));                  /* EISDIR */
	TRY(readlink(f, buf, sizeof buf));    /* EINVAL */
	TRY(unlink(d));                       /* EISDIR */
	close(fd);
	close(p[0]);
	close(p[1]);
	unlink(f);
	unlink(l);
	unlink(x);
	rmdir(d);
	TRY(unlink(f)); /* now ENOENT */
	fprintf(stderr, "errnos: done\n");
	return 0;
}
