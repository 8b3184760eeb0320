/* AF_UNIX socketpairs within one process: stream and datagram send/recv,
 * sendmsg/recvmsg with several iovecs, MSG_PEEK, MSG_DONTWAIT EAGAIN,
 * SO_PEERCRED (pid varies), shutdown, getsockname.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int s[2], d[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) ||
	    socketpair(AF_UNIX, SOCK_DGRAM, 0, d))
		return 1;
	printf("socketpair: fds %d %d %d %d\n", s[0], s[1], d[0], d[1]);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char msg[64];
	int len = snprintf(msg, sizeof msg, "now=%lld.%09ld", (long long)ts.tv_sec, ts.tv_nsec);
	printf("socketpair: send %zd\n", send(s[0], msg, len, 0));
	char buf[256];
	memset(buf, 0, sizeof buf);
	ssize_t n = recv(s[1], buf, 4, MSG_PEEK);
	printf("socketpair: peek %zd [%s]\n", n, buf);
	memset(buf, 0, sizeof buf);
	n = recv(s[1], buf, sizeof buf, 0);
	printf("socketpair: recv %zd [%s]\n", n, buf);
	n = recv(s[1], buf, sizeof buf, MSG_DONTWAIT);
	printf("socketpair: empty recv %zd %s\n", n, strerrorname_np(errno));
	/* sendmsg with three iovecs, recvmsg into two. */
	struct iovec out[3] = { { "alpha-", 6 }, { "beta-", 5 }, { "gamma", 5 } };
	struct msghdr mh = { .msg_iov = out, .msg_iovlen = 3 };
	printf("socketpair: sendmsg %zd\n", sendmsg(d[0], &mh, 0));
	char a[8] = { 0 }, b[32] = { 0 };
	struct iovec in[2] = { { a, 7 }, { b, 31 } };
	struct msghdr mr = { .msg_iov = in, .msg_iovlen = 2 };
	n = recvmsg(d[1], &mr, 0);
	printf("socketpair: recvmsg %zd [%s][%s] flags %#x\n", n, a, b, mr.msg_flags);
	/* A datagram larger than the buffer is truncated. */
	if (send(d[0], "0123456789", 10, 0) != 10)
		return 1;
	memset(a, 0, sizeof a);
	struct iovec one = { a, 4 };
	struct msghdr mt = { .msg_iov = &one, .msg_iovlen = 1 };
	n = recvmsg(d[1], &mt, 0);
	printf("socketpair: truncated %zd [%s] MSG_TRUNC %d\n", n, a, !!(mt.msg_flags & MSG_TRUNC));
	struct ucred cr;
	socklen_t cl = sizeof cr;
	getsockopt(s[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl);
	printf("socketpair: peercred pid %d uid %d gid %d is-me %d\n", (int)cr.pid, (int)cr.uid,
	       (int)cr.gid, cr.pid == getpid());
	int sz;
	socklen_t szl = sizeof sz;
	getsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &sz, &szl);
	printf("socketpair: sndbuf %d\n", sz);
	struct sockaddr_un un;
	socklen_t ul = sizeof un;
	getsockname(s[0], (struct sockaddr *)&un, &ul);
	printf("socketpair: sockname len %u family %d\n", (unsigned)ul, un.sun_family);
	shutdown(s[0], SHUT_WR);
	n = recv(s[1], buf, sizeof buf, 0);
	printf("socketpair: after shutdown recv %zd\n", n);
	close(s[0]);
	close(s[1]);
	close(d[0]);
	close(d[1]);
	return 0;
}
