/* The gdb remote protocol's transport (see gdb_conn.h). */
#include "gdb_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/msg.h"

int gdb_listen(const char *host, int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	int fd, one = 1, err;

	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		msg_err("--dbghost %s: not an IPv4 address", host);
		return -EINVAL;
	}
	sa.sin_port = htons((uint16_t)*port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return msg_errno(-errno, "socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		if (err == -EADDRINUSE)
			msg_err("port %d on %s is in use: pick another with -s PORT",
				*port, host);
		else
			msg_errno(err, "cannot listen on %s:%d", host, *port);
		goto fail;
	}
	if (listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
		err = msg_errno(-errno, "cannot listen on %s:%d", host, *port);
		goto fail;
	}
	*port = ntohs(sa.sin_port);
	return fd;
fail:
	close(fd);
	return err;
}

int gdb_accept(struct gdb_conn *c, int lfd)
{
	int one = 1;

	do
		c->fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (c->fd < 0 && errno == EINTR && !(c->stop && *c->stop));
	if (c->fd < 0)
		return -errno;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->noack = 0;
	c->interrupted = 0;
	c->in_len = 0;
	return 0;
}

void gdb_close(struct gdb_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int fill(struct gdb_conn *c, int wait)
{
	ssize_t n;

	if (!wait) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };

		if (poll(&p, 1, 0) <= 0)
			return 0;
	}
	if (c->in_len == sizeof(c->in))
		c->in_len = 0;		/* garbage: start over */
	do
		n = read(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
	while (n < 0 && errno == EINTR && !(c->stop && *c->stop));
	if (n <= 0)
		return -EPIPE;
	c->in_len += n;
	return 1;
}

static void consume(struct gdb_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

/* Takes a complete packet from the buffer: 1, 0 if none yet, or 2 for
 * an interrupt byte. */
static int take(struct gdb_conn *c, size_t *len)
{
	size_t i, start, end;
	unsigned sum = 0, want;

	for (i = 0; i < c->in_len; i++) {
		if (c->in[i] == 0x03) {
			consume(c, i + 1);
			return 2;
		}
		if (c->in[i] == '$')
			break;
	}
	consume(c, i);
	if (!c->in_len)
		return 0;
	start = 1;
	for (end = start; end < c->in_len && c->in[end] != '#'; end++)
		sum += (unsigned char)c->in[end];
	if (end + 2 >= c->in_len)
		return 0;
	if (sscanf(c->in + end + 1, "%2x", &want) != 1 || (want != (sum & 0xff) && !c->noack)) {
		consume(c, end + 3);
		if (!c->noack && write(c->fd, "-", 1) != 1)
			return -EPIPE;
		return take(c, len);	/* gdb sends it again; more may be here */
	}
	*len = end - start;
	if (*len > GDB_PKT_MAX)
		*len = GDB_PKT_MAX;
	memcpy(c->pkt, c->in + start, *len);
	c->pkt[*len] = 0;
	consume(c, end + 3);
	if (!c->noack && write(c->fd, "+", 1) != 1)
		return -EPIPE;
	return 1;
}

int gdb_recv(struct gdb_conn *c, size_t *len)
{
	int r;

	if (c->interrupted) {
		c->interrupted = 0;
		return 0;
	}
	for (;;) {
		r = take(c, len);
		if (r == 1)
			return 1;
		if (r == 2)
			return 0;
		if (r < 0)
			return r;
		r = fill(c, 1);
		if (r < 0)
			return r;
	}
}

int gdb_poll_interrupt(struct gdb_conn *c)
{
	size_t i;

	if (c->interrupted)
		return 1;
	if (fill(c, 0) < 0)
		return 1;	/* gone: stop and let gdb_recv tell */
	for (i = 0; i < c->in_len; i++)
		if (c->in[i] == 0x03) {
			memmove(c->in + i, c->in + i + 1, c->in_len - i - 1);
			c->in_len--;
			c->interrupted = 1;
			return 1;
		}
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EPIPE;
		p += w;
		n -= w;
	}
	return 0;
}

int gdb_send(struct gdb_conn *c, const void *data, size_t len)
{
	const unsigned char *d = data;
	unsigned sum = 0;
	size_t i, o = 0;

	c->out[o++] = '$';
	for (i = 0; i < len && o < sizeof(c->out) - 8; i++) {
		unsigned char b = d[i];

		if (b == '$' || b == '#' || b == '}' || b == '*') {
			c->out[o++] = '}';
			sum += '}';
			b ^= 0x20;
		}
		c->out[o++] = (char)b;
		sum += b;
	}
	o += snprintf(c->out + o, 4, "#%02x", sum & 0xff);
	msg_debug("gdb <- %.*s", (int)(o > 200 ? 200 : o), c->out);
	/* gdb's '+' acknowledgements are skipped by take(). */
	return write_all(c->fd, c->out, o);
}

int gdb_send_str(struct gdb_conn *c, const char *s)
{
	return gdb_send(c, s, strlen(s));
}

int gdb_sendf(struct gdb_conn *c, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(buf))
		return -EOVERFLOW;
	return gdb_send(c, buf, n);
}

void gdb_hex(char *out, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *d = data;
	size_t i;

	for (i = 0; i < len; i++) {
		*out++ = digits[d[i] >> 4];
		*out++ = digits[d[i] & 15];
	}
	*out = 0;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long gdb_unhex(void *out, const char *hex, size_t max)
{
	unsigned char *o = out;
	size_t n = 0;

	while (n < max && hex[0] && hex[1]) {
		int hi = nibble(hex[0]), lo = nibble(hex[1]);

		if (hi < 0 || lo < 0)
			return -1;
		o[n++] = (unsigned char)(hi << 4 | lo);
		hex += 2;
	}
	return (long)n;
}
