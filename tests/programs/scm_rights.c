/* Passing a file descriptor to oneself over a socketpair (SCM_RIGHTS)
 * and credentials (SCM_CREDENTIALS), then using the received fd.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/scm_rights.dat", dir);
	int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unsigned char r[8];
	getrandom(r, sizeof r, 0);
	char text[64];
	int tl = snprintf(text, sizeof text, "secret %02x%02x%02x%02x%02x%02x%02x%02x\n", r[0],
			  r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
	if (write(f, text, tl) != tl)
		return 1;
	int s[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	int on = 1;
	setsockopt(s[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct iovec io = { "fd!", 3 };
	struct msghdr mh = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &f, sizeof f);
	printf("scm_rights: sendmsg %zd\n", sendmsg(s[0], &mh, 0));
	close(f);
	char data[8] = { 0 };
	char ctl[256];
	memset(ctl, 0, sizeof ctl);
	struct iovec ri = { data, sizeof data - 1 };
	struct msghdr rm = { .msg_iov = &ri, .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = sizeof ctl };
	ssize_t n = recvmsg(s[1], &rm, MSG_CMSG_CLOEXEC);
	printf("scm_rights: recvmsg %zd [%s] controllen %zu\n", n, data, (size_t)rm.msg_controllen);
	int got = -1;
	for (c = CMSG_FIRSTHDR(&rm); c; c = CMSG_NXTHDR(&rm, c)) {
		if (c->cmsg_type == SCM_RIGHTS) {
			memcpy(&got, CMSG_DATA(c), sizeof got);
			printf("scm_rights: got fd %d\n", got);
		} else if (c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred cr;
			memcpy(&cr, CMSG_DATA(c), sizeof cr);
			printf("scm_rights: creds pid %d uid %d is-me %d\n", (int)cr.pid,
			       (int)cr.uid, cr.pid == getpid());
		}
	}
	if (got < 0)
		return 2;
	printf("scm_rights: FD_CLOEXEC %d\n", fcntl(got, F_GETFD) & FD_CLOEXEC);
	char back[64] = { 0 };
	n = pread(got, back, sizeof back - 1, 0);
	printf("scm_rights: read through passed fd %zd: %s", n, back);
	close(got);
	unlink(path);
	return 0;
}
