/* Calls whose output layout depends on an argument or on memory: files,
 * time, signals, processes.  Special functions see failed calls too
 * (sc_outputs does not filter them), because a few calls write on failure:
 * nanosleep's remaining time, select's timeout, capget's version. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <time.h>
#include <sys/select.h>
#include <sys/types.h>
#include <asm/unistd_64.h>
#include <linux/futex.h>
#include <linux/sched.h>

#include "syscalls/sc_priv.h"

#ifndef F_GET_RW_HINT
#define F_GET_RW_HINT		1035
#endif
#ifndef F_GET_FILE_RW_HINT
#define F_GET_FILE_RW_HINT	1037
#endif

int sc_sp_fcntl(const struct sc_call *c, struct sc_region *r, int max)
{
	if (c->ret < 0)
		return 0;
	switch ((int)c->args[1]) {
	case F_GETLK:		/* == F_GETLK64 on x86-64 */
	case F_OFD_GETLK:
		return sc_add(r, 0, max, c->args[2], sizeof(struct flock));
	case F_GETOWN_EX:
		return sc_add(r, 0, max, c->args[2], sizeof(struct f_owner_ex));
	case F_GET_RW_HINT:
	case F_GET_FILE_RW_HINT:
		return sc_add(r, 0, max, c->args[2], sizeof(uint64_t));
	}
	return 0;
}

/* Timeouts that select, pselect6 and ppoll write back.  The kernel does so
 * whatever the result, once it has read the timeout; after -EFAULT we do
 * not know which pointer was bad, so we keep the timeout only if readable. */
static int sc_timeout(const struct sc_call *c, struct sc_region *r, int n,
		      int max, uint64_t addr)
{
	struct timespec ts;

	if (n < 0 || !addr)
		return n;
	if (c->ret == -EFAULT && sc_peek(c, addr, &ts, sizeof(ts)) < 0)
		return n;
	return sc_add(r, n, max, addr, sizeof(ts));	/* == timeval size */
}

int sc_sp_select(const struct sc_call *c, struct sc_region *r, int max)
{
	int nfds = (int)c->args[0];
	uint64_t setlen;
	int i, n = 0;

	/* The sets are written back only on success, zeroed on timeout. */
	if (c->ret >= 0 && nfds > 0) {
		setlen = ((uint64_t)nfds + 63) / 64 * sizeof(uint64_t);
		for (i = 1; i <= 3; i++)
			n = sc_add(r, n, max, c->args[i], setlen);
	}
	return sc_timeout(c, r, n, max, c->args[4]);
}

int sc_sp_poll(const struct sc_call *c, struct sc_region *r, int max)
{
	uint32_t nfds = (uint32_t)c->args[1];
	int n = 0;

	/* revents are copied out even when a signal cut the wait short. */
	if (c->ret >= 0 || sc_interrupted(c->ret))
		n = sc_add_n(r, n, max, c->args[0], nfds, sizeof(struct pollfd));
	if (c->nr == __NR_ppoll)
		n = sc_timeout(c, r, n, max, c->args[2]);
	return n;
}

/* The remaining time is written only when a signal interrupted the sleep,
 * and never for an absolute clock_nanosleep. */
int sc_sp_nanosleep(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t rem = c->args[1];

	if (!sc_interrupted(c->ret))
		return 0;
	if (c->nr == __NR_clock_nanosleep) {
		if (c->args[1] & TIMER_ABSTIME)
			return 0;
		rem = c->args[3];
	}
	return sc_add(r, 0, max, rem, sizeof(struct timespec));
}

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* Plain waits and wakes never store to user memory; the PI operations
 * store owner tids and waiter bits into the futex word (also when they
 * time out), and FUTEX_WAKE_OP applies its operation to *uaddr2. */
int sc_sp_futex(const struct sc_call *c, struct sc_region *r, int max)
{
	int op = (int)c->args[1] & FUTEX_CMD_MASK;

	if (c->ret == -EFAULT || c->ret == -ENOSYS)
		return 0;
	switch (op) {
	case FUTEX_WAKE_OP:
		if (c->ret < 0)
			return 0;
		return sc_add(r, 0, max, c->args[4], sizeof(uint32_t));
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_UNLOCK_PI:
		return sc_add(r, 0, max, c->args[0], sizeof(uint32_t));
	case FUTEX_WAIT_REQUEUE_PI:
	case FUTEX_CMP_REQUEUE_PI:
		return sc_add(r, 0, max, c->args[4], sizeof(uint32_t));
	}
	return 0;
}

#define SC_CAP_V1	0x19980330
#define SC_CAP_DATA	12	/* struct __user_cap_data_struct */

/* A wrong version in the header makes capget fail with -EINVAL after
 * storing the preferred version there: libcap probes that way. */
int sc_sp_capget(const struct sc_call *c, struct sc_region *r, int max)
{
	uint32_t version;
	int err;

	if (c->ret == -EINVAL)
		return sc_add(r, 0, max, c->args[0], sizeof(version));
	if (c->ret < 0 || !c->args[1])
		return 0;
	err = sc_peek(c, c->args[0], &version, sizeof(version));
	if (err < 0)
		return err;
	return sc_add_n(r, 0, max, c->args[1], version == SC_CAP_V1 ? 1 : 2,
			SC_CAP_DATA);
}

/* getgroups(0, list) only counts. */
int sc_sp_getgroups(const struct sc_call *c, struct sc_region *r, int max)
{
	if (c->ret <= 0 || (int)c->args[0] == 0)
		return 0;
	return sc_add_n(r, 0, max, c->args[1], (uint64_t)c->ret, sizeof(gid_t));
}

/* One byte per 4 KiB page of [addr, addr+len). */
int sc_sp_mincore(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t len = c->args[1];

	if (c->ret < 0)
		return 0;
	return sc_add(r, 0, max, c->args[2], len / 4096 + (len % 4096 != 0));
}

/* The node mask is copied as maxnode-1 bits rounded up to longs. */
int sc_sp_get_mempolicy(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t maxnode = c->args[2], bits;
	int n;

	if (c->ret < 0)
		return 0;
	n = sc_add(r, 0, max, c->args[0], sizeof(int));
	if (maxnode == 0)
		return n;
	bits = maxnode - 1;
	return sc_add_n(r, n, max, c->args[1], bits / 64 + (bits % 64 != 0),
			sizeof(uint64_t));
}

/* SYSLOG_ACTION_READ, _READ_ALL and _READ_CLEAR fill the buffer. */
int sc_sp_syslog(const struct sc_call *c, struct sc_region *r, int max)
{
	int type = (int)c->args[0];

	if (c->ret <= 0 || type < 2 || type > 4)
		return 0;
	return sc_add(r, 0, max, c->args[1], (uint64_t)c->ret);
}

/* Functions 0 (read) and 2 (read default) copy ret bytes of LDT. */
int sc_sp_modify_ldt(const struct sc_call *c, struct sc_region *r, int max)
{
	int func = (int)c->args[0];

	if (c->ret <= 0 || (func != 0 && func != 2))
		return 0;
	return sc_add(r, 0, max, c->args[1], (uint64_t)c->ret);
}

/* ret is the full size; with a zero or short size nothing (or less) is
 * copied, so the region is min(ret, size). */
int sc_sp_xattr(const struct sc_call *c, struct sc_region *r, int max)
{
	int buf = 1, size = 2;
	uint64_t len;

	switch (c->nr) {
	case __NR_getxattr:
	case __NR_lgetxattr:
	case __NR_fgetxattr:
		buf = 2;
		size = 3;
		break;
#ifdef __NR_listxattrat
	case __NR_listxattrat:
		buf = 3;
		size = 4;
		break;
#endif
	}
	if (c->ret <= 0)
		return 0;
	len = (uint64_t)c->ret < c->args[size] ? (uint64_t)c->ret : c->args[size];
	return sc_add(r, 0, max, c->args[buf], len);
}

#define SC_HANDLE_HDR		8	/* handle_bytes, handle_type */
#define SC_MAX_HANDLE_SZ	128
#define SC_AT_HANDLE_MNT_ID_UNIQUE 0x001

/* On -EOVERFLOW the kernel still stores the mount id and the header, with
 * handle_bytes set to the size it needs. */
int sc_sp_name_to_handle(const struct sc_call *c, struct sc_region *r, int max)
{
	bool uniq = c->args[4] & SC_AT_HANDLE_MNT_ID_UNIQUE;
	uint32_t bytes = 0;
	int err, n;

	if (c->ret != 0 && c->ret != -EOVERFLOW)
		return 0;
	n = sc_add(r, 0, max, c->args[3], uniq ? sizeof(uint64_t) : sizeof(int));
	if (c->ret == 0) {
		err = sc_peek(c, c->args[2], &bytes, sizeof(bytes));
		if (err < 0)
			return err;
		if (bytes > SC_MAX_HANDLE_SZ)
			return -EINVAL;
	}
	return sc_add(r, n, max, c->args[2], SC_HANDLE_HDR + bytes);
}

/* struct clone_args, up to the fields we need (CLONE_ARGS_SIZE_VER0). */
struct sc_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid;
	uint64_t exit_signal, stack, stack_size, tls;
};

/* The parent-side stores of a successful clone: the child's tid and the
 * pidfd.  Stores in the child (CLONE_CHILD_SETTID) belong to the child. */
int sc_sp_clone(const struct sc_call *c, struct sc_region *r, int max)
{
	struct sc_clone_args ca;
	int err, n = 0;

	if (c->ret <= 0)
		return 0;
	if (c->nr == __NR_clone) {
		if (c->args[0] & (CLONE_PARENT_SETTID | CLONE_PIDFD))
			n = sc_add(r, n, max, c->args[2], sizeof(int));
		return n;
	}
	if (c->args[1] < sizeof(ca))
		return -EINVAL;
	err = sc_peek(c, c->args[0], &ca, sizeof(ca));
	if (err < 0)
		return err;
	if (ca.flags & CLONE_PIDFD)
		n = sc_add(r, n, max, ca.pidfd, sizeof(int));
	if (ca.flags & CLONE_PARENT_SETTID)
		n = sc_add(r, n, max, ca.parent_tid, sizeof(int));
	return n;
}

const char *sc_deny_why(long nr)
{
	return nr == __NR_rseq ? NULL : sc_unsup_why(nr);
}

const char *sc_unsup_why(long nr)
{
	switch (nr) {
	case __NR_ptrace:
		return "ptrace: the process is already traced by rrsup";
	case __NR_uselib:
		return "uselib maps a library outside the mm code's knowledge";
	case __NR_sysfs:
		return "sysfs: obsolete, and its string output has no bound";
	case __NR_iopl:
	case __NR_ioperm:
		return "port I/O access cannot be recorded";
	case __NR_io_setup:
		return "Linux AIO: the kernel completes requests into memory asynchronously";
	case __NR_perf_event_open:
		return "perf events: counters and ring buffers change outside syscalls";
	case __NR_process_vm_writev:
		return "process_vm_writev may write this process's memory unrecorded";
	case __NR_seccomp:
		return "seccomp filters would also apply to rrsup's injected syscalls";
	case __NR_bpf:
		return "bpf: per-command outputs are not described";
	case __NR_userfaultfd:
		return "userfaultfd: page contents are supplied outside the recorded thread";
	case __NR_io_uring_setup:
	case __NR_io_uring_enter:
	case __NR_io_uring_register:
		return "io_uring: shared rings are written by the kernel asynchronously";
	case __NR_process_madvise:
		return "process_madvise can discard this process's pages behind the mm code";
	case __NR_memfd_secret:
		return "memfd_secret memory cannot be read by the supervisor";
	}
	return "recording this syscall is not supported";
}
