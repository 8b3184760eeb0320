/* Interpreting the table: which memory a finished call wrote, and whether a
 * call about to run can be recorded at all. */
#include <errno.h>
#include <sys/uio.h>

#include "syscalls/sc_priv.h"

int sc_add(struct sc_region *r, int n, int max, uint64_t addr, uint64_t len)
{
	if (n < 0)
		return n;
	if (addr == 0 || len == 0)
		return n;
	if (len > SC_LEN_MAX || addr + len < addr)
		return -EINVAL;
	if (n >= max)
		return -E2BIG;
	r[n].addr = addr;
	r[n].len = len;
	return n + 1;
}

int sc_add_n(struct sc_region *r, int n, int max, uint64_t addr,
	     uint64_t count, uint64_t size)
{
	uint64_t len;

	if (n < 0)
		return n;
	if (__builtin_mul_overflow(count, size, &len))
		return -EINVAL;
	return sc_add(r, n, max, addr, len);
}

int sc_peek(const struct sc_call *c, uint64_t addr, void *buf, size_t len)
{
	if (!c->read)
		return -EFAULT;
	return c->read(c->ctx, addr, buf, len);
}

bool sc_interrupted(int64_t ret)
{
	return ret == -EINTR || ret == -SC_ERESTARTSYS ||
	       ret == -SC_ERESTARTNOINTR || ret == -SC_ERESTARTNOHAND ||
	       ret == -SC_ERESTART_RESTARTBLOCK;
}

/* The iovec array is read in chunks so that a 1024-entry array does not
 * need 16 KiB of stack. */
#define SC_IOV_CHUNK 64

int sc_add_iov(const struct sc_call *c, struct sc_region *r, int n, int max,
	       uint64_t iov, uint64_t cnt, uint64_t bytes)
{
	struct iovec v[SC_IOV_CHUNK];
	uint64_t i, k, got, len;
	int err;

	if (n < 0 || bytes == 0 || iov == 0)
		return n;
	if (cnt > SC_IOV_MAX || bytes > SC_LEN_MAX)
		return -EINVAL;
	for (i = 0; i < cnt && bytes > 0; i += got) {
		got = cnt - i < SC_IOV_CHUNK ? cnt - i : SC_IOV_CHUNK;
		err = sc_peek(c, iov + i * sizeof(v[0]), v, got * sizeof(v[0]));
		if (err < 0)
			return err;
		for (k = 0; k < got && bytes > 0; k++) {
			len = v[k].iov_len < bytes ? v[k].iov_len : bytes;
			n = sc_add(r, n, max, (uint64_t)v[k].iov_base, len);
			bytes -= len;
		}
	}
	return n;
}

int sc_add_socklen(const struct sc_call *c, struct sc_region *r, int n,
		   int max, uint64_t buf, uint64_t lenp, uint64_t cap)
{
	uint32_t len;
	int err;

	if (n < 0 || buf == 0 || lenp == 0)
		return n;
	err = sc_peek(c, lenp, &len, sizeof(len));
	if (err < 0)
		return err;
	/* The kernel stores the full length even when it truncated the
	 * copy, so len can exceed what was written; cap bounds it. */
	if (cap && len > cap)
		len = cap;
	n = sc_add(r, n, max, buf, len);
	return sc_add(r, n, max, lenp, sizeof(len));
}

static int sc_out_one(const struct sc_call *c, const struct sc_out *o,
		      struct sc_region *r, int n, int max)
{
	uint64_t addr = c->args[o->arg % 6];
	uint64_t ret = (uint64_t)c->ret;
	uint64_t count = c->args[o->size_arg % 6];

	switch (o->kind) {
	case SC_O_NONE:
	case SC_O_SPECIAL:
		return n;
	case SC_O_FIXED:
		return sc_add(r, n, max, addr, o->size);
	case SC_O_RET:
		return sc_add(r, n, max, addr, ret);
	case SC_O_ARG:
		return sc_add_n(r, n, max, addr, count, o->size ? o->size : 1);
	case SC_O_RETMUL:
		return sc_add_n(r, n, max, addr, ret, o->size);
	case SC_O_IOV:
		return sc_add_iov(c, r, n, max, addr, count, ret);
	case SC_O_SOCKLEN:
		return sc_add_socklen(c, r, n, max, addr, count, o->size);
	}
	return -EINVAL;
}

int sc_outputs(const struct sc_call *c, struct sc_region *r, int max)
{
	const struct sc_desc *d = sc_lookup(c->nr);
	int i, n = 0;

	if (!d || !d->name || d->replay == SC_UNKNOWN)
		return -ENOSYS;
	if (d->replay == SC_UNSUP)
		return -ENOTSUP;
	if (max < 0)
		return -EINVAL;
	if (d->special)
		return d->special(c, r, max);
	if (c->ret < 0)
		return 0;
	for (i = 0; i < SC_MAX_OUT && n >= 0; i++)
		n = sc_out_one(c, &d->out[i], r, n, max);
	return n;
}

int sc_check(const struct sc_call *c, const char **why)
{
	const struct sc_desc *d = sc_lookup(c->nr);
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!d || !d->name) {
		*why = "unknown syscall number";
		return -ENOSYS;
	}
	if (d->replay == SC_UNKNOWN) {
		*why = "syscall has no recording rule";
		return -ENOSYS;
	}
	if (d->replay == SC_UNSUP) {
		*why = sc_unsup_why(c->nr);
		return -ENOTSUP;
	}
	if (d->check)
		return d->check(c, why);
	return 0;
}
