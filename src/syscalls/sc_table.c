/* One row per x86-64 syscall number, indexed by number.
 *
 * Replay policies, in short:
 *   SC_EMU    the call's only effect on the process is its result and the
 *             bytes it writes; replay does not run it.  This includes calls
 *             that create or close fds: replay never touches the fds itself,
 *             and file-backed mappings come from the trace.
 *   SC_EXEC   the kernel keeps per-process state that later user-space
 *             behaviour depends on (signal dispositions and masks, fs base,
 *             LDT/GDT entries, PKRU...), so replay runs the call again.
 *   SC_MM     address-space changes, replayed by the supervisor's mm code.
 *   SC_UNSUP  recording would be silently wrong; sc_unsup_why() says why.
 *   SC_DENY   refused at record with ENOSYS, without running (rseq, and
 *             facilities a kernel may lack: sc_deny_why()).
 *
 * Sizes come from sizeof() of the glibc types where they match the kernel
 * ABI (asserted below), and are literal where glibc's type differs.
 * Rows for syscalls newer than the installed headers are guarded with
 * #ifdef so that the table never claims a number the headers lack. */
#include <stddef.h>
#include <asm/unistd_64.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/statfs.h>
#include <sys/epoll.h>
#include <signal.h>
#include <sched.h>
#include <mqueue.h>
#include <time.h>
#include <linux/aio_abi.h>

#include "syscalls/sc_priv.h"

_Static_assert(sizeof(struct stat) == 144, "struct stat ABI");
_Static_assert(sizeof(struct statx) == 256, "struct statx ABI");
_Static_assert(sizeof(struct timespec) == 16, "struct timespec ABI");
_Static_assert(sizeof(struct timeval) == 16, "struct timeval ABI");
_Static_assert(sizeof(struct rusage) == 144, "struct rusage ABI");
_Static_assert(sizeof(struct utsname) == 390, "struct new_utsname ABI");
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo ABI");
_Static_assert(sizeof(struct tms) == 32, "struct tms ABI");
_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit ABI");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t ABI");
_Static_assert(sizeof(struct epoll_event) == 12, "packed epoll_event ABI");
_Static_assert(sizeof(stack_t) == 24, "stack_t ABI");
_Static_assert(sizeof(struct itimerval) == 32, "struct itimerval ABI");
_Static_assert(sizeof(struct itimerspec) == 32, "struct itimerspec ABI");
_Static_assert(sizeof(struct timex) == 208, "struct __kernel_timex ABI");
_Static_assert(sizeof(struct statfs) == 120, "struct statfs ABI");
_Static_assert(sizeof(struct mq_attr) == 64, "struct mq_attr ABI");

#define SZ_STAT		sizeof(struct stat)
#define SZ_TIMESPEC	sizeof(struct timespec)
#define SZ_RUSAGE	sizeof(struct rusage)
#define SZ_SIGINFO	sizeof(siginfo_t)
#define SZ_ITIMERVAL	sizeof(struct itimerval)
#define SZ_ITIMERSPEC	sizeof(struct itimerspec)
#define SZ_EPOLL	sizeof(struct epoll_event)
#define SZ_IOEVENT	sizeof(struct io_event)
#define SZ_STATFS	sizeof(struct statfs)
/* Kernel struct sigaction: handler, flags, restorer, 8-byte mask.  glibc's
 * struct sigaction carries a 128-byte sigset_t, so no sizeof here. */
#define SZ_KSIGACTION	32
/* __kernel_timer_t is int; glibc's timer_t is a pointer. */
#define SZ_KTIMER	4
/* struct user_desc (set_thread_area, get_thread_area). */
#define SZ_USER_DESC	16
/* struct ustat: int, pad, unsigned long, char[6], char[6], pad. */
#define SZ_USTAT	32
/* struct cachestat: five __u64 counters. */
#define SZ_CACHESTAT	40

#define P0 0x01
#define P1 0x02
#define P2 0x04
#define P3 0x08
#define P4 0x10
#define P5 0x20

#define O_FIX(a, sz)	{ .arg = (a), .kind = SC_O_FIXED, .size = (sz) }
#define O_RET(a)	{ .arg = (a), .kind = SC_O_RET }
#define O_ARG(a, n, sz)	{ .arg = (a), .kind = SC_O_ARG, .size_arg = (n), .size = (sz) }
#define O_RETMUL(a, sz)	{ .arg = (a), .kind = SC_O_RETMUL, .size = (sz) }
#define O_IOV(a, n)	{ .arg = (a), .kind = SC_O_IOV, .size_arg = (n) }
/* .size caps the buffer: the kernel reports the full length even when it
 * truncated the copy. */
#define O_SOCKADDR(a, n) \
	{ .arg = (a), .kind = SC_O_SOCKLEN, .size_arg = (n), .size = SC_SOCKADDR_MAX }

#define OUT(...)	.out = { __VA_ARGS__ }
#define SPECIAL(f)	.out = { { .kind = SC_O_SPECIAL } }, .special = (f)
#define CHECK(f)	.check = (f)

#define ROW(nm, n, pol, fmt, ...) [__NR_##nm] = { .name = #nm, .nargs = (n), \
	.replay = (pol), .argfmt = (fmt), __VA_ARGS__ }
#define EMU(nm, n, fmt, ...)	ROW(nm, n, SC_EMU, fmt, __VA_ARGS__)
#define EXEC(nm, n, fmt, ...)	ROW(nm, n, SC_EXEC, fmt, __VA_ARGS__)
#define MM(nm, n, fmt)		ROW(nm, n, SC_MM, fmt)
#define UNSUP(nm, n, fmt)	ROW(nm, n, SC_UNSUP, fmt)

const struct sc_desc sc_table[SC_NR_MAX] = {
	/* Files and directories. */
	EMU(read, 3, P1, OUT(O_RET(1))),
	EMU(write, 3, P1),
	EMU(open, 3, P0),
	EMU(close, 1, 0),
	EMU(stat, 2, P0 | P1, OUT(O_FIX(1, SZ_STAT))),
	EMU(fstat, 2, P1, OUT(O_FIX(1, SZ_STAT))),
	EMU(lstat, 2, P0 | P1, OUT(O_FIX(1, SZ_STAT))),
	EMU(lseek, 3, 0),
	EMU(pread64, 4, P1, OUT(O_RET(1))),
	EMU(pwrite64, 4, P1),
	EMU(readv, 3, P1, OUT(O_IOV(1, 2))),
	EMU(writev, 3, P1),
	EMU(preadv, 5, P1, OUT(O_IOV(1, 2))),
	EMU(pwritev, 5, P1),
	EMU(preadv2, 6, P1, OUT(O_IOV(1, 2))),
	EMU(pwritev2, 6, P1),
	EMU(access, 2, P0),
	EMU(pipe, 1, P0, OUT(O_FIX(0, 2 * sizeof(int)))),
	EMU(pipe2, 2, P0, OUT(O_FIX(0, 2 * sizeof(int)))),
	EMU(dup, 1, 0),
	EMU(dup2, 2, 0),
	EMU(dup3, 3, 0),
	EMU(sendfile, 4, P2, OUT(O_FIX(2, sizeof(int64_t)))),
	EMU(fcntl, 3, 0, SPECIAL(sc_sp_fcntl)),
	EMU(ioctl, 3, P2, SPECIAL(sc_sp_ioctl), CHECK(sc_ck_ioctl)),
	EMU(flock, 2, 0),
	EMU(fsync, 1, 0),
	EMU(fdatasync, 1, 0),
	EMU(truncate, 2, P0),
	EMU(ftruncate, 2, 0),
	EMU(getdents, 3, P1, OUT(O_RET(1))),
	EMU(getdents64, 3, P1, OUT(O_RET(1))),
	EMU(getcwd, 2, P0, OUT(O_RET(0))),
	EMU(chdir, 1, P0),
	EMU(fchdir, 1, 0),
	EMU(rename, 2, P0 | P1),
	EMU(mkdir, 2, P0),
	EMU(rmdir, 1, P0),
	EMU(creat, 2, P0),
	EMU(link, 2, P0 | P1),
	EMU(unlink, 1, P0),
	EMU(symlink, 2, P0 | P1),
	EMU(readlink, 3, P0 | P1, OUT(O_RET(1))),
	EMU(chmod, 2, P0),
	EMU(fchmod, 2, 0),
	EMU(chown, 3, P0),
	EMU(fchown, 3, 0),
	EMU(lchown, 3, P0),
	EMU(umask, 1, 0),
	EMU(utime, 2, P0 | P1),
	EMU(utimes, 2, P0 | P1),
	EMU(mknod, 3, P0),
	EMU(ustat, 2, P1, OUT(O_FIX(1, SZ_USTAT))),
	EMU(statfs, 2, P0 | P1, OUT(O_FIX(1, SZ_STATFS))),
	EMU(fstatfs, 2, P1, OUT(O_FIX(1, SZ_STATFS))),
	EMU(chroot, 1, P0),
	EMU(sync, 0, 0),
	EMU(syncfs, 1, 0),
	EMU(readahead, 3, 0),
	EMU(setxattr, 5, P0 | P1 | P2),
	EMU(lsetxattr, 5, P0 | P1 | P2),
	EMU(fsetxattr, 5, P1 | P2),
	EMU(getxattr, 4, P0 | P1 | P2, SPECIAL(sc_sp_xattr)),
	EMU(lgetxattr, 4, P0 | P1 | P2, SPECIAL(sc_sp_xattr)),
	EMU(fgetxattr, 4, P1 | P2, SPECIAL(sc_sp_xattr)),
	EMU(listxattr, 3, P0 | P1, SPECIAL(sc_sp_xattr)),
	EMU(llistxattr, 3, P0 | P1, SPECIAL(sc_sp_xattr)),
	EMU(flistxattr, 3, P1, SPECIAL(sc_sp_xattr)),
	EMU(removexattr, 2, P0 | P1),
	EMU(lremovexattr, 2, P0 | P1),
	EMU(fremovexattr, 2, P1),
	EMU(fadvise64, 4, 0),
	EMU(openat, 4, P1),
	EMU(mkdirat, 3, P1),
	EMU(mknodat, 4, P1),
	EMU(fchownat, 5, P1),
	EMU(futimesat, 3, P1 | P2),
	EMU(newfstatat, 4, P1 | P2, OUT(O_FIX(2, SZ_STAT))),
	EMU(unlinkat, 3, P1),
	EMU(renameat, 4, P1 | P3),
	EMU(linkat, 5, P1 | P3),
	EMU(symlinkat, 3, P0 | P2),
	EMU(readlinkat, 4, P1 | P2, OUT(O_RET(2))),
	EMU(fchmodat, 3, P1),
	EMU(faccessat, 3, P1),
	EMU(splice, 6, P1 | P3, OUT(O_FIX(1, sizeof(int64_t)), O_FIX(3, sizeof(int64_t)))),
	EMU(tee, 4, 0),
	EMU(sync_file_range, 4, 0),
	/* Reading from a pipe into user memory fills the iovecs; in the
	 * other direction recording the (unchanged) bytes is harmless. */
	EMU(vmsplice, 4, P1, OUT(O_IOV(1, 2))),
	EMU(utimensat, 4, P1 | P2),
	EMU(fallocate, 4, 0),
	EMU(name_to_handle_at, 5, P1 | P2 | P3, SPECIAL(sc_sp_name_to_handle)),
	EMU(open_by_handle_at, 3, P1),
	EMU(renameat2, 5, P1 | P3),
	EMU(copy_file_range, 6, P1 | P3,
	    OUT(O_FIX(1, sizeof(int64_t)), O_FIX(3, sizeof(int64_t)))),
	EMU(statx, 5, P1 | P4, OUT(O_FIX(4, sizeof(struct statx)))),
	EMU(openat2, 4, P1 | P2),
	EMU(faccessat2, 4, P1),
	EMU(close_range, 3, 0),
	EMU(memfd_create, 2, P0),
	EMU(inotify_init, 0, 0),
	EMU(inotify_init1, 1, 0),
	EMU(inotify_add_watch, 3, P1),
	EMU(inotify_rm_watch, 2, 0),
	EMU(fanotify_init, 2, 0),
	EMU(fanotify_mark, 5, P4),

	/* Mount API and filesystem administration: effects are outside the
	 * process; replay sees them only through recorded results. */
	EMU(mount, 5, P0 | P1 | P2 | P4),
	EMU(umount2, 2, P0),
	EMU(pivot_root, 2, P0 | P1),
	EMU(swapon, 2, P0),
	EMU(swapoff, 1, P0),
	EMU(quotactl, 4, P1 | P3, SPECIAL(sc_sp_quotactl), CHECK(sc_ck_quotactl)),
	EMU(quotactl_fd, 4, P3, SPECIAL(sc_sp_quotactl), CHECK(sc_ck_quotactl)),
	EMU(open_tree, 3, P1),
	EMU(move_mount, 5, P1 | P3),
	EMU(fsopen, 2, P0),
	EMU(fsconfig, 5, P2 | P3),
	EMU(fsmount, 3, 0),
	EMU(fspick, 3, P1),
	EMU(mount_setattr, 5, P1 | P3),

	/* Waiting for fds. */
	EMU(poll, 3, P0, SPECIAL(sc_sp_poll)),
	EMU(ppoll, 5, P0 | P2 | P3, SPECIAL(sc_sp_poll)),
	EMU(select, 5, P1 | P2 | P3 | P4, SPECIAL(sc_sp_select)),
	EMU(pselect6, 6, P1 | P2 | P3 | P4 | P5, SPECIAL(sc_sp_select)),
	EMU(epoll_create, 1, 0),
	EMU(epoll_create1, 1, 0),
	EMU(epoll_ctl, 4, P3),
	EMU(epoll_wait, 4, P1, OUT(O_RETMUL(1, SZ_EPOLL))),
	EMU(epoll_pwait, 6, P1 | P4, OUT(O_RETMUL(1, SZ_EPOLL))),
	EMU(epoll_pwait2, 6, P1 | P3 | P4, OUT(O_RETMUL(1, SZ_EPOLL))),
	EMU(eventfd, 1, 0),
	EMU(eventfd2, 2, 0),
	EMU(signalfd, 3, P1),
	EMU(signalfd4, 4, P1),
	EMU(timerfd_create, 2, 0),
	EMU(timerfd_settime, 4, P2 | P3, OUT(O_FIX(3, SZ_ITIMERSPEC))),
	EMU(timerfd_gettime, 2, P1, OUT(O_FIX(1, SZ_ITIMERSPEC))),

	/* Sockets. */
	EMU(socket, 3, 0),
	EMU(socketpair, 4, P3, OUT(O_FIX(3, 2 * sizeof(int)))),
	EMU(connect, 3, P1),
	EMU(bind, 3, P1),
	EMU(listen, 2, 0),
	EMU(shutdown, 2, 0),
	EMU(accept, 3, P1 | P2, OUT(O_SOCKADDR(1, 2))),
	EMU(accept4, 4, P1 | P2, OUT(O_SOCKADDR(1, 2))),
	EMU(getsockname, 3, P1 | P2, OUT(O_SOCKADDR(1, 2))),
	EMU(getpeername, 3, P1 | P2, OUT(O_SOCKADDR(1, 2))),
	EMU(sendto, 6, P1 | P4),
	EMU(recvfrom, 6, P1 | P4 | P5, SPECIAL(sc_sp_recvfrom)),
	EMU(sendmsg, 3, P1),
	EMU(recvmsg, 3, P1, SPECIAL(sc_sp_recvmsg)),
	EMU(sendmmsg, 4, P1, SPECIAL(sc_sp_sendmmsg)),
	EMU(recvmmsg, 5, P1 | P4, SPECIAL(sc_sp_recvmmsg)),
	EMU(setsockopt, 5, P3),
	EMU(getsockopt, 5, P3 | P4, SPECIAL(sc_sp_getsockopt)),

	/* Time.  Timers only produce signals, which the trace records. */
	EMU(nanosleep, 2, P0 | P1, SPECIAL(sc_sp_nanosleep)),
	EMU(clock_nanosleep, 4, P2 | P3, SPECIAL(sc_sp_nanosleep)),
	EMU(gettimeofday, 2, P0 | P1,
	    OUT(O_FIX(0, sizeof(struct timeval)), O_FIX(1, sizeof(struct timezone)))),
	EMU(settimeofday, 2, P0 | P1),
	EMU(time, 1, P0, OUT(O_FIX(0, sizeof(int64_t)))),
	EMU(clock_gettime, 2, P1, OUT(O_FIX(1, SZ_TIMESPEC))),
	EMU(clock_getres, 2, P1, OUT(O_FIX(1, SZ_TIMESPEC))),
	EMU(clock_settime, 2, P1),
	EMU(adjtimex, 1, P0, OUT(O_FIX(0, sizeof(struct timex)))),
	EMU(clock_adjtime, 2, P1, OUT(O_FIX(1, sizeof(struct timex)))),
	EMU(getitimer, 2, P1, OUT(O_FIX(1, SZ_ITIMERVAL))),
	EMU(setitimer, 3, P1 | P2, OUT(O_FIX(2, SZ_ITIMERVAL))),
	EMU(alarm, 1, 0),
	EMU(timer_create, 3, P1 | P2, OUT(O_FIX(2, SZ_KTIMER))),
	EMU(timer_settime, 4, P2 | P3, OUT(O_FIX(3, SZ_ITIMERSPEC))),
	EMU(timer_gettime, 2, P1, OUT(O_FIX(1, SZ_ITIMERSPEC))),
	EMU(timer_getoverrun, 1, 0),
	EMU(timer_delete, 1, 0),

	/* Process information and credentials. */
	EMU(getpid, 0, 0),
	EMU(getppid, 0, 0),
	EMU(gettid, 0, 0),
	EMU(getuid, 0, 0),
	EMU(geteuid, 0, 0),
	EMU(getgid, 0, 0),
	EMU(getegid, 0, 0),
	EMU(getpgrp, 0, 0),
	EMU(getpgid, 1, 0),
	EMU(getsid, 1, 0),
	EMU(setpgid, 2, 0),
	EMU(setsid, 0, 0),
	EMU(setuid, 1, 0),
	EMU(setgid, 1, 0),
	EMU(setreuid, 2, 0),
	EMU(setregid, 2, 0),
	EMU(setresuid, 3, 0),
	EMU(setresgid, 3, 0),
	EMU(getresuid, 3, P0 | P1 | P2, OUT(O_FIX(0, 4), O_FIX(1, 4), O_FIX(2, 4))),
	EMU(getresgid, 3, P0 | P1 | P2, OUT(O_FIX(0, 4), O_FIX(1, 4), O_FIX(2, 4))),
	EMU(setfsuid, 1, 0),
	EMU(setfsgid, 1, 0),
	EMU(getgroups, 2, P1, SPECIAL(sc_sp_getgroups)),
	EMU(setgroups, 2, P1),
	EMU(capget, 2, P0 | P1, SPECIAL(sc_sp_capget)),
	EMU(capset, 2, P0 | P1),
	EMU(uname, 1, P0, OUT(O_FIX(0, sizeof(struct utsname)))),
	EMU(sethostname, 2, P0),
	EMU(setdomainname, 2, P0),
	EMU(sysinfo, 1, P0, OUT(O_FIX(0, sizeof(struct sysinfo)))),
	EMU(times, 1, P0, OUT(O_FIX(0, sizeof(struct tms)))),
	EMU(getrusage, 2, P1, OUT(O_FIX(1, SZ_RUSAGE))),
	/* Resource limits are emulated: re-applying e.g. RLIMIT_AS at
	 * replay could make the mm code's own mappings fail. */
	EMU(getrlimit, 2, P1, OUT(O_FIX(1, sizeof(struct rlimit)))),
	EMU(setrlimit, 2, P1),
	EMU(prlimit64, 4, P2 | P3, OUT(O_FIX(3, sizeof(struct rlimit)))),
	EMU(getpriority, 2, 0),
	EMU(setpriority, 3, 0),
	EMU(getcpu, 3, P0 | P1 | P2, OUT(O_FIX(0, 4), O_FIX(1, 4))),
	EMU(getrandom, 3, P0, OUT(O_RET(0))),
	EMU(syslog, 3, P1, SPECIAL(sc_sp_syslog)),
	EMU(acct, 1, P0),
	EMU(reboot, 4, P3),
	EMU(kexec_load, 4, P2),
	EMU(kexec_file_load, 5, P3),
	EMU(init_module, 3, P0 | P2),
	EMU(finit_module, 3, P1),
	EMU(delete_module, 2, P0),
	EMU(vhangup, 0, 0),
	EMU(kcmp, 5, 0),
	/* Namespace changes only alter what later (recorded) calls see. */
	EMU(unshare, 1, 0),
	EMU(setns, 2, 0),
	EMU(ioprio_set, 3, 0),
	EMU(ioprio_get, 2, 0),
	EMU(membarrier, 3, 0),
	EMU(landlock_create_ruleset, 3, P0),
	EMU(landlock_add_rule, 4, P2),
	EMU(landlock_restrict_self, 2, 0),
	EMU(add_key, 5, P0 | P1 | P2),
	EMU(request_key, 4, P0 | P1 | P2),
	EMU(keyctl, 5, 0, SPECIAL(sc_sp_keyctl), CHECK(sc_ck_keyctl)),

	/* Scheduling.  Affinity set by the program is emulated: the
	 * supervisor owns CPU placement at replay. */
	EMU(sched_setparam, 2, P1),
	EMU(sched_getparam, 2, P1, OUT(O_FIX(1, sizeof(struct sched_param)))),
	EMU(sched_setscheduler, 3, P2),
	EMU(sched_getscheduler, 1, 0),
	EMU(sched_get_priority_max, 1, 0),
	EMU(sched_get_priority_min, 1, 0),
	EMU(sched_rr_get_interval, 2, P1, OUT(O_FIX(1, SZ_TIMESPEC))),
	EMU(sched_setaffinity, 3, P2),
	EMU(sched_getaffinity, 3, P2, OUT(O_RET(2))),
	EMU(sched_setattr, 3, P1),
	EMU(sched_getattr, 4, P1, OUT(O_ARG(1, 2, 1))),
	/* No kernel state, but a natural yield point: rerunning it keeps
	 * the replayed schedule close to the recorded one, and costs
	 * nothing. */
	EXEC(sched_yield, 0, 0),

	/* Signals.  Delivery itself is recorded as events; the handlers,
	 * mask and alternate stack must really be installed at replay
	 * because the kernel consults them when it builds signal frames. */
	EXEC(rt_sigaction, 4, P1 | P2, OUT(O_FIX(2, SZ_KSIGACTION))),
	EXEC(rt_sigprocmask, 4, P1 | P2, OUT(O_ARG(2, 3, 1))),
	EXEC(rt_sigreturn, 0, 0),
	EXEC(sigaltstack, 2, P0 | P1, OUT(O_FIX(1, sizeof(stack_t)))),
	EMU(rt_sigpending, 2, P0, OUT(O_ARG(0, 1, 1))),
	EMU(rt_sigtimedwait, 4, P0 | P1 | P2, OUT(O_FIX(1, SZ_SIGINFO))),
	EMU(rt_sigqueueinfo, 3, P2),
	EMU(rt_tgsigqueueinfo, 4, P3),
	EMU(rt_sigsuspend, 2, P0),
	EMU(pause, 0, 0),
	EMU(kill, 2, 0),
	EMU(tkill, 2, 0),
	EMU(tgkill, 3, 0),
	EMU(pidfd_send_signal, 4, P2),
	EMU(pidfd_open, 2, 0),
	EMU(pidfd_getfd, 3, 0),
	/* The kernel resumes an interrupted call (nanosleep, poll,
	 * futex...) through this number with the original argument
	 * registers; the supervisor must describe its outputs with the
	 * interrupted call's number. */
	EMU(restart_syscall, 0, 0),

	/* Per-thread kernel state user space relies on. */
	EXEC(arch_prctl, 2, P1, SPECIAL(sc_sp_arch_prctl), CHECK(sc_ck_arch_prctl)),
	EXEC(prctl, 5, 0, SPECIAL(sc_sp_prctl), CHECK(sc_ck_prctl)),
	EXEC(set_tid_address, 1, P0),
	EXEC(set_robust_list, 2, P0),
	EMU(get_robust_list, 3, P1 | P2, OUT(O_FIX(1, 8), O_FIX(2, 8))),
	EXEC(set_thread_area, 1, P0, OUT(O_FIX(0, SZ_USER_DESC))),
	EMU(get_thread_area, 1, P0, OUT(O_FIX(0, SZ_USER_DESC))),
	EXEC(modify_ldt, 3, P1, SPECIAL(sc_sp_modify_ldt)),
	/* READ_IMPLIES_EXEC and friends change how later mmaps behave. */
	EXEC(personality, 1, 0),
	/* Allocating a key also initialises its PKRU bits. */
	EXEC(pkey_alloc, 2, 0),
	EXEC(pkey_free, 1, 0),
	EMU(futex, 6, P0 | P3 | P4, SPECIAL(sc_sp_futex)),
	EMU(futex_waitv, 5, P0 | P3),

	/* Address space. */
	MM(mmap, 6, P0),
	MM(mprotect, 3, P0),
	MM(munmap, 2, P0),
	MM(brk, 1, P0),
	MM(mremap, 5, P0 | P4),
	MM(msync, 3, P0),
	MM(madvise, 3, P0),
	MM(mlock, 2, P0),
	MM(munlock, 2, P0),
	MM(mlockall, 1, 0),
	MM(munlockall, 0, 0),
	MM(mlock2, 3, P0),
	MM(remap_file_pages, 5, P0),
	MM(pkey_mprotect, 4, P0),
	MM(shmat, 3, P1),
	MM(shmdt, 1, P0),
	EMU(mincore, 3, P0 | P2, SPECIAL(sc_sp_mincore)),
	/* NUMA placement has no effect the program can observe except
	 * through these calls' recorded results. */
	EMU(mbind, 6, P0 | P3),
	EMU(set_mempolicy, 3, P1),
	EMU(get_mempolicy, 5, P0 | P1 | P3, SPECIAL(sc_sp_get_mempolicy)),
	EMU(migrate_pages, 4, P2 | P3),
	EMU(move_pages, 6, P2 | P3 | P4, OUT(O_ARG(4, 1, 4))),
	EMU(set_mempolicy_home_node, 4, 0),
	EMU(process_mrelease, 2, 0),

	/* System V IPC and POSIX message queues. */
	EMU(shmget, 3, 0),
	EMU(shmctl, 3, P2, SPECIAL(sc_sp_shmctl)),
	EMU(semget, 3, 0),
	EMU(semop, 3, P1),
	EMU(semtimedop, 4, P1 | P3),
	EMU(semctl, 4, P3, SPECIAL(sc_sp_semctl), CHECK(sc_ck_semctl)),
	EMU(msgget, 2, 0),
	EMU(msgsnd, 4, P1),
	EMU(msgrcv, 5, P1, SPECIAL(sc_sp_msgrcv)),
	EMU(msgctl, 3, P2, SPECIAL(sc_sp_msgctl)),
	EMU(mq_open, 4, P0 | P3),
	EMU(mq_unlink, 1, P0),
	EMU(mq_timedsend, 5, P1 | P4),
	EMU(mq_timedreceive, 5, P1 | P3 | P4, OUT(O_RET(1), O_FIX(3, 4))),
	EMU(mq_notify, 2, P1),
	EMU(mq_getsetattr, 3, P1 | P2, OUT(O_FIX(2, sizeof(struct mq_attr)))),

	/* Linux AIO: io_setup is refused, so the others can only fail;
	 * their outputs are still described. */
	EMU(io_destroy, 1, 0),
	EMU(io_getevents, 5, P3 | P4, OUT(O_RETMUL(3, SZ_IOEVENT))),
	EMU(io_pgetevents, 6, P3 | P4 | P5, OUT(O_RETMUL(3, SZ_IOEVENT))),
	EMU(io_submit, 3, P2),
	EMU(io_cancel, 3, P1 | P2, OUT(O_FIX(2, SZ_IOEVENT))),

	/* Removed or never implemented on x86-64: they fail with -ENOSYS
	 * and write nothing. */
	EMU(create_module, 2, P0),
	EMU(get_kernel_syms, 1, P0),
	EMU(query_module, 5, P0 | P2 | P4),
	EMU(nfsservctl, 3, P1 | P2),
	EMU(getpmsg, 5, 0),
	EMU(putpmsg, 5, 0),
	EMU(afs_syscall, 5, 0),
	EMU(tuxcall, 3, 0),
	EMU(security, 3, 0),
	EMU(vserver, 5, 0),
	EMU(epoll_ctl_old, 4, P3),
	EMU(epoll_wait_old, 3, P1),
	EMU(_sysctl, 1, P0),
	/* Removed in 6.8; older kernels copy a path of ret bytes. */
	EMU(lookup_dcookie, 3, P1, OUT(O_RET(1))),

	/* Tasks, images, exit. */
	ROW(clone, 5, SC_PROC, P1 | P2 | P3 | P4, SPECIAL(sc_sp_clone)),
	ROW(clone3, 2, SC_PROC, P0, SPECIAL(sc_sp_clone)),
	ROW(fork, 0, SC_PROC, 0),
	ROW(vfork, 0, SC_PROC, 0),
	ROW(execve, 3, SC_EXECVE, P0 | P1 | P2),
	ROW(execveat, 5, SC_EXECVE, P1 | P2 | P3),
	ROW(exit, 1, SC_EXIT, 0),
	ROW(exit_group, 1, SC_EXIT, 0),
	EMU(wait4, 4, P1 | P3, OUT(O_FIX(1, sizeof(int)), O_FIX(3, SZ_RUSAGE))),
	EMU(waitid, 5, P2 | P4, OUT(O_FIX(2, SZ_SIGINFO), O_FIX(4, SZ_RUSAGE))),
	EMU(process_vm_readv, 6, P1 | P3, OUT(O_IOV(1, 2))),
	/* glibc falls back cleanly when rseq fails with ENOSYS, and a
	 * registered rseq area would be written by the kernel on every
	 * preemption, which cannot be recorded. */
	ROW(rseq, 4, SC_DENY, P0),
	/* Facilities rrsup cannot record (sc_unsup_why() says why) that
	 * programs must expect a kernel to lack: ENOSYS sends them down
	 * their fallback (liburing users to plain reads and writes), as rr
	 * does, rather than ending the recording.  rrsup says so once. */
	ROW(io_uring_setup, 2, SC_DENY, P1),
	ROW(io_uring_enter, 6, SC_DENY, P4),
	ROW(io_uring_register, 4, SC_DENY, P2),
	ROW(io_setup, 2, SC_DENY, P1),
	ROW(userfaultfd, 1, SC_DENY, 0),
	ROW(memfd_secret, 1, SC_DENY, 0),
	ROW(perf_event_open, 5, SC_DENY, P0),
	ROW(bpf, 3, SC_DENY, P1),

	/* Not recordable yet: see sc_unsup_why(). */
	UNSUP(ptrace, 4, P2 | P3),
	UNSUP(uselib, 1, P0),
	UNSUP(sysfs, 3, 0),
	UNSUP(iopl, 1, 0),
	UNSUP(ioperm, 3, 0),
	UNSUP(process_vm_writev, 6, P1 | P3),
	UNSUP(seccomp, 3, P2),
	UNSUP(process_madvise, 5, P1),

	/* Newer than some installed headers. */
#ifdef __NR_uretprobe
	UNSUP(uretprobe, 0, 0),
#endif
#ifdef __NR_uprobe
	UNSUP(uprobe, 0, 0),
#endif
#ifdef __NR_cachestat
	EMU(cachestat, 4, P1 | P2, OUT(O_FIX(2, SZ_CACHESTAT))),
#endif
#ifdef __NR_fchmodat2
	EMU(fchmodat2, 4, P1),
#endif
#ifdef __NR_map_shadow_stack
	UNSUP(map_shadow_stack, 3, 0),
#endif
#ifdef __NR_futex_wake
	EMU(futex_wake, 4, P0),
	EMU(futex_wait, 6, P0 | P4),
	EMU(futex_requeue, 4, P0),
#endif
#ifdef __NR_statmount
	EMU(statmount, 4, P0 | P1, OUT(O_ARG(1, 2, 1))),
	EMU(listmount, 4, P0 | P1, OUT(O_RETMUL(1, sizeof(uint64_t)))),
#endif
#ifdef __NR_lsm_get_self_attr
	UNSUP(lsm_get_self_attr, 4, P1 | P2),
	EMU(lsm_set_self_attr, 4, P1),
	EMU(lsm_list_modules, 3, P0 | P1,
	    OUT(O_RETMUL(0, sizeof(uint64_t)), O_FIX(1, sizeof(uint32_t)))),
#endif
#ifdef __NR_mseal
	MM(mseal, 3, P0),
#endif
#ifdef __NR_setxattrat
	EMU(setxattrat, 6, P1 | P3 | P4),
	UNSUP(getxattrat, 6, P1 | P3 | P4),
	EMU(listxattrat, 5, P1 | P3, SPECIAL(sc_sp_xattr)),
	EMU(removexattrat, 4, P1 | P3),
#endif
#ifdef __NR_open_tree_attr
	EMU(open_tree_attr, 5, P1 | P3),
#endif
#ifdef __NR_file_getattr
	EMU(file_getattr, 5, P1 | P2, OUT(O_ARG(2, 3, 1))),
	EMU(file_setattr, 5, P1 | P2),
#endif
};
