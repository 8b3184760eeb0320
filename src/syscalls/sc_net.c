/* Socket calls whose outputs live behind a msghdr or need a length other
 * than the result. */
#include <errno.h>
#include <stddef.h>
#include <time.h>
#include <sys/socket.h>

#include "syscalls/sc_priv.h"

/* glibc's msghdr matches the kernel's user_msghdr on x86-64 (size_t
 * lengths); mmsghdr adds msg_len and padding. */
_Static_assert(sizeof(struct msghdr) == 56, "user_msghdr ABI");
_Static_assert(sizeof(struct mmsghdr) == 64, "mmsghdr ABI");

/* getsockopt values are small; this only stops garbage. */
#define SC_SOCKOPT_MAX	(1u << 20)

/* MSG_TRUNC makes recvfrom return the datagram's real length, which can
 * exceed the buffer: only min(ret, len) bytes were stored. */
int sc_sp_recvfrom(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t len = c->args[2];
	int n;

	if (c->ret < 0)
		return 0;
	if ((uint64_t)c->ret < len)
		len = (uint64_t)c->ret;
	n = sc_add(r, 0, max, c->args[1], len);
	return sc_add_socklen(c, r, n, max, c->args[4], c->args[5], SC_SOCKADDR_MAX);
}

/* What a receive stored through the msghdr at addr (read after the call,
 * so its lengths are the kernel's): the address, bytes of data spread over
 * the iovecs, the control data, and the three fields the kernel updates. */
static int sc_msghdr_out(const struct sc_call *c, struct sc_region *r, int n,
			 int max, uint64_t addr, uint64_t bytes)
{
	struct msghdr m;
	uint64_t namelen;
	int err;

	if (n < 0)
		return n;
	err = sc_peek(c, addr, &m, sizeof(m));
	if (err < 0)
		return err;
	namelen = m.msg_namelen < SC_SOCKADDR_MAX ? m.msg_namelen : SC_SOCKADDR_MAX;
	n = sc_add(r, n, max, (uint64_t)m.msg_name, namelen);
	n = sc_add(r, n, max, addr + offsetof(struct msghdr, msg_namelen),
		   sizeof(m.msg_namelen));
	n = sc_add_iov(c, r, n, max, (uint64_t)m.msg_iov, m.msg_iovlen, bytes);
	n = sc_add(r, n, max, (uint64_t)m.msg_control, m.msg_controllen);
	n = sc_add(r, n, max, addr + offsetof(struct msghdr, msg_controllen),
		   sizeof(m.msg_controllen));
	return sc_add(r, n, max, addr + offsetof(struct msghdr, msg_flags),
		      sizeof(m.msg_flags));
}

int sc_sp_recvmsg(const struct sc_call *c, struct sc_region *r, int max)
{
	if (c->ret < 0)
		return 0;
	return sc_msghdr_out(c, r, 0, max, c->args[1], (uint64_t)c->ret);
}

/* ret messages were received; each has its own msghdr and msg_len.  The
 * timeout is written back only when at least one message arrived. */
int sc_sp_recvmmsg(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t i, base, cnt = (uint64_t)c->ret;
	struct mmsghdr mm;
	int err, n = 0;

	if (c->ret <= 0)
		return 0;
	if (cnt > SC_IOV_MAX)
		return -EINVAL;
	for (i = 0; i < cnt && n >= 0; i++) {
		base = c->args[1] + i * sizeof(mm);
		err = sc_peek(c, base, &mm, sizeof(mm));
		if (err < 0)
			return err;
		n = sc_msghdr_out(c, r, n, max, base, mm.msg_len);
		n = sc_add(r, n, max, base + offsetof(struct mmsghdr, msg_len),
			   sizeof(mm.msg_len));
	}
	return sc_add(r, n, max, c->args[4], sizeof(struct timespec));
}

/* sendmmsg stores how much of each sent message went out. */
int sc_sp_sendmmsg(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t i, cnt = (uint64_t)c->ret;
	int n = 0;

	if (c->ret <= 0)
		return 0;
	if (cnt > SC_IOV_MAX)
		return -EINVAL;
	for (i = 0; i < cnt; i++)
		n = sc_add(r, n, max, c->args[1] + i * sizeof(struct mmsghdr) +
			   offsetof(struct mmsghdr, msg_len), sizeof(unsigned int));
	return n;
}

/* Options such as SO_PEERSEC fail with -ERANGE after storing the length
 * they need in *optlen. */
int sc_sp_getsockopt(const struct sc_call *c, struct sc_region *r, int max)
{
	if (c->ret == -ERANGE)
		return sc_add(r, 0, max, c->args[4], sizeof(socklen_t));
	if (c->ret < 0)
		return 0;
	return sc_add_socklen(c, r, 0, max, c->args[3], c->args[4], SC_SOCKOPT_MAX);
}
