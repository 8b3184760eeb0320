/* Which calls the in-process helper runs and records without stopping
 * the program.  A call qualifies when its only effects are its result,
 * the bytes it writes (all described by the table) and kernel state that
 * replay does not need (the fd table, file offsets, futex queues); and
 * when an upper bound of what it writes is known before it runs, so the
 * helper can check the buffer has room. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <linux/fs.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/futex.h>

#include "syscalls/sc_priv.h"

/* <asm/termios.h>'s numbers; glibc's headers clash with it here. */
#define SC_TCGETS	0x5401
#define SC_TIOCGPGRP	0x540f
#define SC_TIOCGWINSZ	0x5413
#define SC_FIONREAD	0x541b

/* Vectors longer than this go the slow way (the helper copies the array). */
#define SC_BUF_IOV_MAX 16

static int iov_total(const struct sc_call *c, uint64_t iov, uint64_t cnt,
		     uint64_t *total)
{
	struct iovec v[SC_BUF_IOV_MAX];
	uint64_t i;

	if (cnt > SC_BUF_IOV_MAX || sc_peek(c, iov, v, cnt * sizeof(v[0])))
		return -1;
	*total = 0;
	for (i = 0; i < cnt; i++)
		*total += v[i].iov_len;
	return 0;
}

static int msg_total(const struct sc_call *c, uint64_t *total)
{
	struct msghdr m;

	if (sc_peek(c, c->args[1], &m, sizeof(m)) ||
	    iov_total(c, (uint64_t)m.msg_iov, m.msg_iovlen, total))
		return -1;
	*total += m.msg_namelen + m.msg_controllen + sizeof(m);
	return 0;
}

static int futex_class(const uint64_t a[6])
{
	switch (a[1] & FUTEX_CMD_MASK) {
	case FUTEX_WAIT: case FUTEX_WAIT_BITSET:
		return SC_BUF_BLOCK;
	case FUTEX_WAKE: case FUTEX_WAKE_BITSET:
		return SC_BUF_FAST;
	default:
		/* PI and requeue ops write futex words for other threads:
		 * the supervisor's special handling stays in charge. */
		return SC_BUF_NO;
	}
}

static int fcntl_class(const uint64_t a[6])
{
	switch (a[1]) {
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
	case F_GETFL: case F_SETFL:
		return SC_BUF_FAST;
	default:
		/* Locks, leases, owners, seals: the table's special case. */
		return SC_BUF_NO;
	}
}

static int madvise_class(const uint64_t a[6])
{
	switch (a[2]) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
		return SC_BUF_FAST | SC_BUF_EXEC;
	default:
		/* MADV_FREE and friends leave it to the kernel whether the
		 * pages survive: the mm code decides how to record them. */
		return SC_BUF_NO;
	}
}

static int simple_class(long nr, const uint64_t a[6], uint64_t *max_out)
{
	uint64_t n = 0;
	int cls = SC_BUF_FAST;

	switch (nr) {
	case SYS_read:
		cls = SC_BUF_BLOCK;
		/* fall through */
	case SYS_pread64:
	case SYS_getdents64:
		n = a[2];
		break;
	case SYS_readlink:
		n = a[2];
		break;
	case SYS_readlinkat:
		n = a[3];
		break;
	case SYS_getcwd:
		n = a[1];
		break;
	case SYS_getrandom:
		n = a[1];
		break;
	case SYS_openat:
		/* Only opening a FIFO (or a device) waits for someone, and
		 * these flags rule that out: arming the context-switch
		 * counter costs two ioctls (5% of find's time, which opens
		 * every directory it walks). */
		if (!(a[2] & (O_DIRECTORY | O_NONBLOCK | O_PATH)))
			cls = SC_BUF_BLOCK;
		break;
	case SYS_write:
	case SYS_sendto: case SYS_sendmsg:
		cls = SC_BUF_BLOCK;
		break;
	case SYS_pwrite64: case SYS_close: case SYS_lseek: case SYS_access:
	case SYS_faccessat: case SYS_faccessat2: case SYS_getpid:
	case SYS_gettid: case SYS_getppid: case SYS_getuid: case SYS_geteuid:
	case SYS_getgid: case SYS_getegid: case SYS_sched_yield:
		break;
	case SYS_fstat: case SYS_newfstatat:
		n = 144;
		break;
	case SYS_statx:
		n = 256;
		break;
	case SYS_clock_gettime:
		n = 16;
		break;
	case SYS_gettimeofday:
		n = 24;
		break;
	case SYS_time:
		n = 8;
		break;
	case SYS_poll:
		cls = SC_BUF_BLOCK;
		n = a[1] * 8;
		break;
	case SYS_ppoll:
		cls = SC_BUF_BLOCK;
		n = a[1] * 8 + 16;
		break;
	case SYS_epoll_wait:
		cls = SC_BUF_BLOCK;
		n = a[2] * 12;
		break;
	case SYS_recvfrom:
		cls = SC_BUF_BLOCK;
		n = a[2] + 128 + 4;
		break;
	case SYS_futex:
		cls = futex_class(a);
		break;
	case SYS_fcntl:
		cls = fcntl_class(a);
		break;
	case SYS_dup: case SYS_dup2: case SYS_dup3:
	/* File system changes: replay needs only their results. */
	case SYS_fsync: case SYS_fdatasync: case SYS_fchmod: case SYS_fchown:
	case SYS_umask: case SYS_fadvise64: case SYS_mkdirat: case SYS_fchownat:
	case SYS_unlinkat: case SYS_renameat: case SYS_renameat2:
	case SYS_symlinkat: case SYS_fchmodat: case SYS_utimensat:
	case SYS_ftruncate:
		break;
	/* Questions about the system and limits; the robust futex list
	 * (a forked child's first call), which replay sets again. */
	case SYS_uname:
		n = 390;	/* struct utsname */
		break;
	case SYS_sysinfo:
		n = 112;
		break;
	case SYS_getrlimit:
		n = 16;
		break;
	case SYS_prlimit64:
		/* A new limit on the program itself is set again at replay
		 * (the stack limit decides where it overflows): trapped. */
		if (a[2])
			return SC_BUF_NO;
		n = 16;
		break;
	case SYS_set_robust_list:
		break;
	case SYS_copy_file_range:
		n = 16;		/* the two offsets it may advance */
		break;
	case SYS_ioctl:
		/* isatty()'s TCGETS, a shell's questions about its terminal
		 * before each command, and cp's clone attempt. */
		if (a[1] == SC_TCGETS)
			n = 64;		/* a kernel struct termios, and more */
		else if (a[1] == SC_TIOCGPGRP || a[1] == SC_FIONREAD)
			n = 4;
		else if (a[1] == SC_TIOCGWINSZ)
			n = 8;
		else if (a[1] != FICLONE && a[1] != FICLONERANGE)
			return SC_BUF_NO;
		break;
	case SYS_madvise:
		cls = madvise_class(a);
		break;
	case SYS_brk:
		/* malloc moves the break up and down (tar: 355 times);
		 * the address space change is replayed by the helper. */
		cls |= SC_BUF_BRK;
		break;
	/* Signal state: the table has replay run these again, so the
	 * kernel holds the same handlers and mask then. */
	case SYS_rt_sigaction:
		n = 32;		/* the kernel's struct sigaction */
		break;
	case SYS_rt_sigprocmask:
		/* Blocking more delivers nothing.  A call that unblocks a
		 * pending signal must deliver it before it returns (POSIX),
		 * and only a stop can record that point: the helper checks
		 * nothing is pending first.  One arriving after the check
		 * is held back like any signal that comes in user code. */
		if (a[1] && a[0] != SIG_BLOCK)
			cls |= SC_BUF_UNBLOCK;
		n = a[3] <= 8 ? a[3] : 8;
		break;
	default:
		return SC_BUF_NO;
	}
	*max_out = n;
	return cls;
}

static int class_of(const struct sc_call *c, uint64_t *max_out)
{
	uint64_t n;

	switch (c->nr) {
	case SYS_writev:
		/* Nothing written to memory, but the helper may keep the
		 * bytes for echoing: the vector must be short. */
		*max_out = 0;
		return iov_total(c, c->args[1], c->args[2], &n) ? SC_BUF_NO : SC_BUF_BLOCK;
	case SYS_readv:
		if (iov_total(c, c->args[1], c->args[2], max_out))
			return SC_BUF_NO;
		return SC_BUF_BLOCK;
	case SYS_recvmsg:
		if (msg_total(c, max_out))
			return SC_BUF_NO;
		return SC_BUF_BLOCK;
	default:
		return simple_class(c->nr, c->args, max_out);
	}
}

int sc_buffer_class(const struct sc_call *c, uint64_t *max_out)
{
	const struct sc_desc *d = sc_lookup(c->nr);
	int cls = class_of(c, max_out);

	/* Only calls the table replays from their results (or runs again)
	 * can be handed back by the helper. */
	if (cls == SC_BUF_NO || !d ||
	    (d->replay != SC_EMU && d->replay != SC_EXEC && c->nr != SYS_madvise &&
	     c->nr != SYS_brk))
		return SC_BUF_NO;
	if (d->replay == SC_EXEC)
		cls |= SC_BUF_EXEC;
	return cls;
}

int sc_makes_fd(long nr, const uint64_t a[6])
{
	switch (nr) {
	case SYS_dup: case SYS_dup2: case SYS_dup3: case SYS_open:
	case SYS_openat: case SYS_openat2: case SYS_creat:
		return 1;
	case SYS_fcntl:
		return a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC;
	default:
		return 0;
	}
}
