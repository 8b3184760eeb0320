/* Unit tests for the syscall table (src/syscalls). */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <asm/prctl.h>
#include <fcntl.h>
#include <linux/sched.h>

#include "syscalls/sc.h"
#include "unit_run.h"

/* ---- a fake tracee address space for the read callback ---- */

#define FAKE_BASE 0x10000ULL
#define FAKE_SIZE 4096

struct fake_mem {
	uint8_t bytes[FAKE_SIZE];
	int reads;
};

static int fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct fake_mem *m = ctx;

	m->reads++;
	if (addr < FAKE_BASE || addr - FAKE_BASE > FAKE_SIZE ||
	    len > FAKE_SIZE - (addr - FAKE_BASE))
		return -EFAULT;
	memcpy(buf, m->bytes + (addr - FAKE_BASE), len);
	return 0;
}

static void fake_put(struct fake_mem *m, uint64_t addr, const void *p, size_t len)
{
	ck_assert_uint_ge(addr, FAKE_BASE);
	ck_assert_uint_le(addr - FAKE_BASE + len, FAKE_SIZE);
	memcpy(m->bytes + (addr - FAKE_BASE), p, len);
}

static struct sc_call mkcall(long nr, int64_t ret, uint64_t a0, uint64_t a1,
			     uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct sc_call c = {
		.nr = nr, .args = { a0, a1, a2, a3, a4, a5 }, .ret = ret,
		.read = NULL, .ctx = NULL,
	};
	return c;
}

static struct sc_region R[SC_MAX_REGIONS];

static void assert_region(int i, uint64_t addr, uint64_t len)
{
	ck_assert_msg(R[i].addr == addr && R[i].len == len,
		      "region %d: got %#llx+%llu, want %#llx+%llu", i,
		      (unsigned long long)R[i].addr, (unsigned long long)R[i].len,
		      (unsigned long long)addr, (unsigned long long)len);
}

/* ---- (a) the table against the kernel headers ---- */

static const char *unistd_path(void)
{
	static const char *paths[] = {
		"/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
		"/usr/include/asm/unistd_64.h",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

START_TEST(test_table_matches_header)
{
	static char seen[SC_NR_MAX];
	const char *path = unistd_path();
	char line[256], name[128];
	const struct sc_desc *d;
	int count = 0;
	long nr;
	FILE *f;

	ck_assert_msg(path != NULL, "no unistd_64.h found");
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%127s %ld", name, &nr) != 2)
			continue;
		ck_assert_msg(nr >= 0 && nr < SC_NR_MAX, "%s=%ld out of range", name, nr);
		d = sc_lookup(nr);
		ck_assert_ptr_nonnull(d);
		ck_assert_msg(d->name && strcmp(d->name, name) == 0,
			      "row %ld: got %s, header says %s", nr,
			      d->name ? d->name : "(none)", name);
		ck_assert_msg(d->replay != SC_UNKNOWN, "%s has no policy", name);
		ck_assert_int_eq(sc_number(name), nr);
		seen[nr] = 1;
		count++;
	}
	fclose(f);
	ck_assert_int_gt(count, 300);
	for (nr = 0; nr < SC_NR_MAX; nr++)
		ck_assert_msg(!sc_name(nr) || seen[nr], "row %ld (%s) not in %s",
			      nr, sc_name(nr), path);
}
END_TEST

/* Every descriptor refers to arguments the call has. */
START_TEST(test_table_consistent)
{
	const struct sc_desc *d;
	const struct sc_out *o;
	long nr;
	int i;

	for (nr = 0; nr < SC_NR_MAX; nr++) {
		d = sc_lookup(nr);
		if (!d->name)
			continue;
		ck_assert_msg(d->nargs <= 6, "%s nargs", d->name);
		ck_assert_msg(d->replay <= SC_UNSUP, "%s policy", d->name);
		ck_assert_msg(d->argfmt < (1u << d->nargs), "%s argfmt", d->name);
		ck_assert_msg(!d->special == (d->out[0].kind != SC_O_SPECIAL),
			      "%s special marker", d->name);
		for (i = 0; i < SC_MAX_OUT; i++) {
			o = &d->out[i];
			if (o->kind == SC_O_NONE || o->kind == SC_O_SPECIAL)
				continue;
			ck_assert_msg(o->kind <= SC_O_SPECIAL, "%s kind", d->name);
			ck_assert_msg(o->arg < d->nargs, "%s out arg", d->name);
			ck_assert_msg(d->argfmt & (1u << o->arg), "%s out not ptr", d->name);
			if (o->kind == SC_O_ARG || o->kind == SC_O_IOV ||
			    o->kind == SC_O_SOCKLEN)
				ck_assert_msg(o->size_arg < d->nargs, "%s size_arg", d->name);
		}
	}
}
END_TEST

START_TEST(test_policies)
{
	ck_assert_int_eq(sc_lookup(SYS_read)->replay, SC_EMU);
	ck_assert_int_eq(sc_lookup(SYS_mmap)->replay, SC_MM);
	ck_assert_int_eq(sc_lookup(SYS_brk)->replay, SC_MM);
	ck_assert_int_eq(sc_lookup(SYS_rt_sigaction)->replay, SC_EXEC);
	ck_assert_int_eq(sc_lookup(SYS_arch_prctl)->replay, SC_EXEC);
	ck_assert_int_eq(sc_lookup(SYS_exit_group)->replay, SC_EXIT);
	ck_assert_int_eq(sc_lookup(SYS_execve)->replay, SC_EXECVE);
	ck_assert_int_eq(sc_lookup(SYS_clone)->replay, SC_PROC);
	ck_assert_int_eq(sc_lookup(SYS_rseq)->replay, SC_DENY);
	ck_assert_int_eq(sc_lookup(SYS_io_uring_setup)->replay, SC_DENY);
	ck_assert_int_eq(sc_lookup(SYS_ptrace)->replay, SC_UNSUP);
	ck_assert_ptr_null(sc_deny_why(SYS_rseq));
	ck_assert_ptr_nonnull(sc_deny_why(SYS_io_uring_setup));
}
END_TEST

/* ---- (b) outputs ---- */

START_TEST(test_read)
{
	struct sc_call c = mkcall(SYS_read, 5, 3, 0x7000, 100, 0, 0, 0);

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x7000, 5);
	c.ret = -EBADF;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
	c.ret = 0;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
	c = mkcall(SYS_write, 5, 1, 0x7000, 5, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
}
END_TEST

START_TEST(test_fixed)
{
	struct sc_call c = mkcall(SYS_fstat, 0, 3, 0x8000, 0, 0, 0, 0);

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x8000, 144);
	c = mkcall(SYS_pipe2, 0, 0x9000, 0, 0, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x9000, 8);
	/* A NULL optional pointer is skipped. */
	c = mkcall(SYS_wait4, 42, -1, 0, 0, 0xa000, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0xa000, 144);
	c = mkcall(SYS_rt_sigaction, 0, 2, 0, 0xb000, 8, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0xb000, 32);
	c = mkcall(SYS_rt_sigprocmask, 0, 0, 0, 0xb000, 8, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0xb000, 8);
}
END_TEST

START_TEST(test_readv)
{
	static struct fake_mem m;
	struct iovec iov[4] = {
		{ (void *)0x20000, 4 }, { (void *)0x21000, 0 },
		{ (void *)0x22000, 10 }, { (void *)0x23000, 8 },
	};
	struct sc_call c = mkcall(SYS_readv, 12, 3, FAKE_BASE, 4, 0, 0, 0);

	fake_put(&m, FAKE_BASE, iov, sizeof(iov));
	c.read = fake_read;
	c.ctx = &m;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 2);
	assert_region(0, 0x20000, 4);
	assert_region(1, 0x22000, 8);
	/* All of it. */
	c.ret = 22;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 3);
	assert_region(2, 0x23000, 8);
	/* Too few slots. */
	ck_assert_int_eq(sc_outputs(&c, R, 2), -E2BIG);
	/* Unreadable iovec array. */
	c.args[1] = 0x5000;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EFAULT);
	/* More iovecs than the kernel accepts. */
	c.args[1] = FAKE_BASE;
	c.args[2] = 100000;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
}
END_TEST

START_TEST(test_recvmsg)
{
	static struct fake_mem m;
	const uint64_t mh = FAKE_BASE, iova = FAKE_BASE + 0x100;
	struct iovec iov[2] = { { (void *)0x30000, 5 }, { (void *)0x31000, 100 } };
	struct msghdr msg = {
		.msg_name = (void *)0x32000, .msg_namelen = 16,
		.msg_iov = (struct iovec *)iova, .msg_iovlen = 2,
		.msg_control = (void *)0x33000, .msg_controllen = 20,
		.msg_flags = 0,
	};
	struct sc_call c = mkcall(SYS_recvmsg, 7, 3, mh, 0, 0, 0, 0);

	fake_put(&m, mh, &msg, sizeof(msg));
	fake_put(&m, iova, iov, sizeof(iov));
	c.read = fake_read;
	c.ctx = &m;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 7);
	assert_region(0, 0x32000, 16);
	assert_region(1, mh + 8, 4);
	assert_region(2, 0x30000, 5);
	assert_region(3, 0x31000, 2);
	assert_region(4, 0x33000, 20);
	assert_region(5, mh + 40, 8);
	assert_region(6, mh + 48, 4);
	c.ret = -EAGAIN;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
}
END_TEST

START_TEST(test_socklen)
{
	static struct fake_mem m;
	uint32_t len = 16;
	struct sc_call c = mkcall(SYS_accept4, 5, 3, 0x40000, FAKE_BASE, 0, 0, 0);

	c.read = fake_read;
	c.ctx = &m;
	fake_put(&m, FAKE_BASE, &len, sizeof(len));
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 2);
	assert_region(0, 0x40000, 16);
	assert_region(1, FAKE_BASE, 4);
	/* A reported length beyond any sockaddr is capped. */
	len = 5000;
	fake_put(&m, FAKE_BASE, &len, sizeof(len));
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 2);
	assert_region(0, 0x40000, 128);
	/* recvfrom with MSG_TRUNC: ret beyond the buffer. */
	c = mkcall(SYS_recvfrom, 500, 3, 0x41000, 64, MSG_TRUNC, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x41000, 64);
	/* getsockopt -ERANGE still stores optlen. */
	c = mkcall(SYS_getsockopt, -ERANGE, 3, 1, 31, 0x42000, 0x43000, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x43000, 4);
}
END_TEST

START_TEST(test_mmsg)
{
	struct sc_call c = mkcall(SYS_sendmmsg, 2, 3, 0x50000, 4, 0, 0, 0);

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 2);
	assert_region(0, 0x50000 + 56, 4);
	assert_region(1, 0x50000 + 64 + 56, 4);
}
END_TEST

START_TEST(test_ioctl)
{
	struct sc_call c = mkcall(SYS_ioctl, 0, 0, 0x5401 /* TCGETS */, 0x60000, 0, 0, 0);
	const char *why = NULL;

	ck_assert_int_eq(sc_check(&c, &why), 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x60000, 36);		/* kernel termios */
	c.args[1] = 0x5413;			/* TIOCGWINSZ */
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x60000, 8);
	c.args[1] = 0x5421;			/* FIONBIO */
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
	c.args[1] = 0x5401;
	c.ret = -ENOTTY;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
	/* Unknown request: refused at entry and at exit. */
	c.args[1] = 0xdeadbeef;
	c.ret = 0;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -ENOTSUP);
	ck_assert_int_eq(sc_check(&c, &why), -ENOTSUP);
	ck_assert_ptr_nonnull(why);
}
END_TEST

/* What the helper may run untraced: each call's bound on the bytes it
 * writes covers what the table says the kernel wrote, and an unblocking
 * sigprocmask is marked so (the helper checks for pending signals). */
START_TEST(test_buffer_class)
{
	static const struct { long nr; uint64_t a[4]; int64_t ret; } ok[] = {
		{ SYS_ioctl, { 0, 0x5401, 0x60000 }, 0 },	/* TCGETS */
		{ SYS_ioctl, { 0, 0x540f, 0x60000 }, 0 },	/* TIOCGPGRP */
		{ SYS_ioctl, { 0, 0x5413, 0x60000 }, 0 },	/* TIOCGWINSZ */
		{ SYS_ioctl, { 0, 0x541b, 0x60000 }, 0 },	/* FIONREAD */
		{ SYS_fstat, { 3, 0x60000 }, 0 },
		{ SYS_newfstatat, { 3, 0x61000, 0x60000, 0 }, 0 },
		{ SYS_clock_gettime, { 1, 0x60000 }, 0 },
		{ SYS_gettimeofday, { 0x60000, 0x61000 }, 0 },
		{ SYS_rt_sigaction, { 2, 0, 0x60000, 8 }, 0 },
		{ SYS_rt_sigprocmask, { SIG_SETMASK, 0x61000, 0x60000, 8 }, 0 },
		{ SYS_read, { 3, 0x60000, 100 }, 100 },
		{ SYS_getrandom, { 0x60000, 32, 0 }, 32 },
		{ SYS_uname, { 0x60000 }, 0 },
		{ SYS_sysinfo, { 0x60000 }, 0 },
		{ SYS_getrlimit, { 3, 0x60000 }, 0 },
		{ SYS_prlimit64, { 0, 3, 0, 0x60000 }, 0 },
		{ SYS_set_robust_list, { 0x60000, 24 }, 0 },
	};
	uint64_t max, total;
	size_t i;
	int n, k, cls;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct sc_call c = mkcall(ok[i].nr, ok[i].ret, ok[i].a[0], ok[i].a[1],
					  ok[i].a[2], ok[i].a[3], 0, 0);

		cls = sc_buffer_class(&c, &max);
		ck_assert_msg(cls != SC_BUF_NO, "row %zu: not buffered", i);
		n = sc_outputs(&c, R, SC_MAX_REGIONS);
		ck_assert_int_ge(n, 0);
		for (total = 0, k = 0; k < n; k++)
			total += R[k].len;
		ck_assert_msg(total <= max, "row %zu: writes %llu, bound %llu", i,
			      (unsigned long long)total, (unsigned long long)max);
	}
	{
		struct sc_call c = mkcall(SYS_rt_sigprocmask, 0, SIG_SETMASK, 0x61000, 0, 8, 0, 0);

		ck_assert(sc_buffer_class(&c, &max) & SC_BUF_UNBLOCK);
		c.args[0] = SIG_UNBLOCK;
		ck_assert(sc_buffer_class(&c, &max) & SC_BUF_UNBLOCK);
		c.args[0] = SIG_BLOCK;
		ck_assert(!(sc_buffer_class(&c, &max) & SC_BUF_UNBLOCK));
		c.args[0] = SIG_SETMASK;
		c.args[1] = 0;		/* a query changes nothing */
		ck_assert(!(sc_buffer_class(&c, &max) & SC_BUF_UNBLOCK));
	}
	{
		struct sc_call c = mkcall(SYS_ioctl, 0, 0, 0x5421, 0, 0, 0, 0);	/* FIONBIO */

		ck_assert_int_eq(sc_buffer_class(&c, &max), SC_BUF_NO);
		/* brk: its own class, the helper replays it. */
		c = mkcall(SYS_brk, 0, 0x600000, 0, 0, 0, 0, 0);
		ck_assert_int_eq(sc_buffer_class(&c, &max), SC_BUF_FAST | SC_BUF_BRK);
		ck_assert_uint_eq(max, 0);
		/* setrlimit: replay sets the limit again. */
		c = mkcall(SYS_prlimit64, 0, 0, 3, 0x61000, 0, 0, 0);
		ck_assert_int_eq(sc_buffer_class(&c, &max), SC_BUF_NO);
	}
}
END_TEST

START_TEST(test_variants)
{
	struct sc_call c = mkcall(SYS_fcntl, 0, 3, F_GETLK, 0x70000, 0, 0, 0);
	const char *why;

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x70000, 32);
	c.args[1] = F_SETFL;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);

	c = mkcall(SYS_prctl, 0, PR_GET_NAME, 0x71000, 0, 0, 0, 0);
	ck_assert_int_eq(sc_check(&c, &why), 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x71000, 16);
	c.args[0] = PR_SET_SECCOMP;
	ck_assert_int_eq(sc_check(&c, &why), -ENOTSUP);
	ck_assert_ptr_nonnull(why);

	c = mkcall(SYS_arch_prctl, 0, ARCH_GET_FS, 0x72000, 0, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x72000, 8);
	c.args[0] = ARCH_SET_FS;
	ck_assert_int_eq(sc_check(&c, &why), 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);

	c = mkcall(SYS_clone, 1234, CLONE_PARENT_SETTID, 0, 0x73000, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x73000, 4);
}
END_TEST

START_TEST(test_waits)
{
	struct sc_call c = mkcall(SYS_select, 1, 65, 0x80000, 0, 0x81000, 0x82000, 0);

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 3);
	assert_region(0, 0x80000, 16);
	assert_region(1, 0x81000, 16);
	assert_region(2, 0x82000, 16);
	/* Interrupted: only the timeout is updated. */
	c.ret = -EINTR;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x82000, 16);

	c = mkcall(SYS_poll, 0, 0x83000, 3, 1000, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x83000, 24);

	c = mkcall(SYS_nanosleep, 0, 0x84000, 0x85000, 0, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 0);
	c.ret = -EINTR;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x85000, 16);

	c = mkcall(SYS_epoll_wait, 2, 5, 0x86000, 10, -1, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x86000, 24);

	c = mkcall(SYS_getdents64, 300, 3, 0x87000, 4096, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), 1);
	assert_region(0, 0x87000, 300);
}
END_TEST

/* Garbage sizes give an error, never a huge region. */
START_TEST(test_huge)
{
	struct sc_call c = mkcall(SYS_epoll_wait, INT64_C(1) << 60, 5, 0x86000, 10, -1, 0, 0);

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
	c = mkcall(SYS_rt_sigprocmask, 0, 0, 0, 0xb000, UINT64_C(1) << 62, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
	/* count * size overflows 64 bits */
	c = mkcall(SYS_move_pages, 0, 0, UINT64_C(1) << 62, 0x1000, 0x2000, 0x3000, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
	c = mkcall(SYS_poll, 1, 0x83000, 0xffffffff, 0, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
	c = mkcall(SYS_read, INT64_C(1) << 40, 3, 0x7000, 100, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
	/* A region wrapping past the end of the address space. */
	c = mkcall(SYS_fstat, 0, 3, UINT64_MAX - 10, 0, 0, 0, 0);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -EINVAL);
}
END_TEST

START_TEST(test_unknown_and_unsup)
{
	struct sc_call c = mkcall(400, 0, 0, 0, 0, 0, 0, 0);
	const char *why = NULL;

	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -ENOSYS);
	ck_assert_int_eq(sc_check(&c, &why), -ENOSYS);
	ck_assert_ptr_nonnull(why);
	c.nr = 100000;
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -ENOSYS);
	c.nr = -1;
	ck_assert_int_eq(sc_check(&c, &why), -ENOSYS);
	c.nr = SYS_ptrace;
	why = NULL;
	ck_assert_int_eq(sc_check(&c, &why), -ENOTSUP);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(sc_outputs(&c, R, SC_MAX_REGIONS), -ENOTSUP);
	c.nr = SYS_getpid;
	ck_assert_int_eq(sc_check(&c, &why), 0);
}
END_TEST

/* ---- (c) formatting, (d) names ---- */

START_TEST(test_format)
{
	uint64_t a[6] = { 1, 0x7ffd1234, 12, 0, 0, 0 };
	char buf[128];

	ck_assert_str_eq(sc_format(SYS_write, a, buf, sizeof(buf)),
			 "write(1, 0x7ffd1234, 12)");
	a[0] = (uint64_t)-100;
	a[1] = 0x5000;
	a[2] = 0x80000;
	ck_assert_str_eq(sc_format(SYS_openat, a, buf, sizeof(buf)),
			 "openat(-100, 0x5000, 524288, 0)");
	a[0] = 3;
	a[1] = 0;
	ck_assert_str_eq(sc_format(SYS_fstat, a, buf, sizeof(buf)), "fstat(3, NULL)");
	ck_assert_str_eq(sc_format(SYS_getpid, a, buf, sizeof(buf)), "getpid()");
	ck_assert_str_eq(sc_format(400, a, buf, sizeof(buf)),
			 "syscall_400(0x3, 0, 0x80000, 0, 0, 0)");
	/* Truncation keeps the buffer terminated. */
	sc_format(SYS_write, a, buf, 6);
	ck_assert_str_eq(buf, "write");
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(sc_number("openat"), 257);
	ck_assert_int_eq(sc_number("read"), 0);
	ck_assert_int_eq(sc_number("no_such_call"), -1);
	ck_assert_int_eq(sc_number(NULL), -1);
	ck_assert_str_eq(sc_name(SYS_exit_group), "exit_group");
	ck_assert_ptr_null(sc_name(-1));
	ck_assert_ptr_null(sc_name(SC_NR_MAX));
	ck_assert_ptr_null(sc_name(400));
	ck_assert_ptr_null(sc_lookup(SC_NR_MAX));
}
END_TEST

static Suite *sc_suite(void)
{
	Suite *s = suite_create("syscalls");
	TCase *t = tcase_create("table");

	tcase_add_test(t, test_table_matches_header);
	tcase_add_test(t, test_table_consistent);
	tcase_add_test(t, test_policies);
	suite_add_tcase(s, t);
	t = tcase_create("outputs");
	tcase_add_test(t, test_read);
	tcase_add_test(t, test_fixed);
	tcase_add_test(t, test_readv);
	tcase_add_test(t, test_recvmsg);
	tcase_add_test(t, test_socklen);
	tcase_add_test(t, test_mmsg);
	tcase_add_test(t, test_ioctl);
	tcase_add_test(t, test_buffer_class);
	tcase_add_test(t, test_variants);
	tcase_add_test(t, test_waits);
	tcase_add_test(t, test_huge);
	tcase_add_test(t, test_unknown_and_unsup);
	suite_add_tcase(s, t);
	t = tcase_create("format");
	tcase_add_test(t, test_format);
	tcase_add_test(t, test_names);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(sc_suite());
}
