/* Terminal queries that fail on pipes and files: isatty on fds 0-2 and a
 * pipe, ioctl(TIOCGWINSZ), tcgetattr, ttyname; the types of fds 0-2.
 * Then queries that answer (the helper makes them without a stop): a
 * pseudo-terminal's window size and process group, and FIONREAD on a pipe
 * holding bytes.
 * rrsup-test: stdin=SELF stdin-pipe */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static const char *kind(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return "closed";
	return S_ISREG(st.st_mode) ? "file" : S_ISFIFO(st.st_mode) ? "fifo" : S_ISCHR(st.st_mode) ? "chr"
		: S_ISSOCK(st.st_mode) ? "sock" : "other";
}

int main(void)
{
	int p[2];
	if (pipe(p))
		return 1;
	int fds[] = { 0, 1, 2, p[0], p[1] };
	for (int i = 0; i < 5; i++) {
		int fd = fds[i];
		errno = 0;
		int t = isatty(fd);
		int e1 = errno;
		struct winsize ws;
		errno = 0;
		int r = ioctl(fd, TIOCGWINSZ, &ws);
		int e2 = errno;
		struct termios tio;
		errno = 0;
		int r2 = tcgetattr(fd, &tio);
		int e3 = errno;
		printf("isatty: fd %d (%s) isatty %d %s TIOCGWINSZ %d %s tcgetattr %d %s\n", fd, kind(fd),
		       t, e1 ? strerrorname_np(e1) : "-", r, e2 ? strerrorname_np(e2) : "-", r2,
		       e3 ? strerrorname_np(e3) : "-");
	}
	errno = 0;
	char *name = ttyname(p[0]);
	printf("isatty: ttyname(pipe) %s %s\n", name ? name : "NULL", strerrorname_np(errno));

	int n = -1;
	if (write(p[1], "hello", 5) != 5 || ioctl(p[0], FIONREAD, &n))
		return 1;
	printf("isatty: FIONREAD on a pipe holding 5 bytes: %d\n", n);

	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m))
		return 1;
	int sl = open(ptsname(m), O_RDWR | O_NOCTTY);
	struct winsize set = { .ws_row = 37, .ws_col = 101 }, got = { 0 };
	if (sl < 0 || ioctl(m, TIOCSWINSZ, &set) || ioctl(sl, TIOCGWINSZ, &got))
		return 1;
	errno = 0;
	int pg = -2, r = ioctl(sl, TIOCGPGRP, &pg);
	printf("isatty: pty isatty %d, window %dx%d, TIOCGPGRP %d %s\n", isatty(sl), got.ws_col,
	       got.ws_row, r, r ? strerrorname_np(errno) : "-");
	return 0;
}
