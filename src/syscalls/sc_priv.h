/* Internals of the syscall table: region helpers shared by the generic
 * interpreter (sc_outputs.c) and the per-call special functions, and the
 * special/check functions the table rows point at. */
#ifndef RRSUP_SC_PRIV_H
#define RRSUP_SC_PRIV_H

#include <stdbool.h>
#include "syscalls/sc.h"

/* Largest single region we accept.  The kernel never transfers more than
 * MAX_RW_COUNT (INT_MAX rounded down to a page) in one call, so anything
 * bigger comes from garbage arguments. */
#define SC_LEN_MAX	0x7ffff000ULL

/* The kernel refuses more than UIO_MAXIOV iovecs. */
#define SC_IOV_MAX	1024

/* sizeof(struct sockaddr_storage): no address the kernel returns is longer. */
#define SC_SOCKADDR_MAX	128

/* Kernel-internal restart codes a tracer sees at syscall exit before the
 * signal code turns them into -EINTR or a restart. */
#define SC_ERESTARTSYS		512
#define SC_ERESTARTNOINTR	513
#define SC_ERESTARTNOHAND	514
#define SC_ERESTART_RESTARTBLOCK 516

/* The table itself (sc_table.c). */
extern const struct sc_desc sc_table[SC_NR_MAX];

/* Appends [addr, addr+len) to r[n].  NULL addresses and empty ranges are
 * skipped.  Errors propagate: a negative n is returned unchanged, so calls
 * can be chained and checked once.  -EINVAL for a length above SC_LEN_MAX,
 * -E2BIG when r is full. */
int sc_add(struct sc_region *r, int n, int max, uint64_t addr, uint64_t len);
/* As sc_add for count elements of size bytes, rejecting overflow. */
int sc_add_n(struct sc_region *r, int n, int max, uint64_t addr,
	     uint64_t count, uint64_t size);
/* Regions for the first bytes of the iovec array at iov (cnt entries). */
int sc_add_iov(const struct sc_call *c, struct sc_region *r, int n, int max,
	       uint64_t iov, uint64_t cnt, uint64_t bytes);
/* A sockaddr buffer at buf whose socklen_t at lenp was set by the call:
 * both, the buffer bounded by cap. */
int sc_add_socklen(const struct sc_call *c, struct sc_region *r, int n,
		   int max, uint64_t buf, uint64_t lenp, uint64_t cap);
/* Reads tracee memory through the call's callback. */
int sc_peek(const struct sc_call *c, uint64_t addr, void *buf, size_t len);
/* The call was cut short by a signal (-EINTR or a restart code). */
bool sc_interrupted(int64_t ret);

/* Why an SC_UNSUP row is unsupported (sc_special.c). */

/* Special functions: see struct sc_desc.  Unlike generic rows they are
 * called for failed calls too, because a few calls write on failure. */
typedef int sc_special_fn(const struct sc_call *c, struct sc_region *r, int max);
typedef int sc_check_fn(const struct sc_call *c, const char **why);

/* sc_special.c: files, time, processes, signals */
sc_special_fn sc_sp_fcntl, sc_sp_select, sc_sp_poll, sc_sp_nanosleep,
	sc_sp_futex, sc_sp_capget, sc_sp_getgroups, sc_sp_mincore,
	sc_sp_get_mempolicy, sc_sp_syslog, sc_sp_modify_ldt, sc_sp_xattr,
	sc_sp_name_to_handle, sc_sp_clone;

/* sc_prctl.c */
sc_special_fn sc_sp_prctl, sc_sp_arch_prctl;
sc_check_fn sc_ck_prctl, sc_ck_arch_prctl;

/* sc_ipc.c: System V IPC, keys, quotas */
sc_special_fn sc_sp_shmctl, sc_sp_semctl, sc_sp_msgctl, sc_sp_msgrcv,
	sc_sp_keyctl, sc_sp_quotactl;
sc_check_fn sc_ck_semctl, sc_ck_keyctl, sc_ck_quotactl;

/* sc_net.c: sockets */
sc_special_fn sc_sp_recvfrom, sc_sp_recvmsg, sc_sp_recvmmsg,
	sc_sp_sendmmsg, sc_sp_getsockopt;

/* sc_ioctl.c */
sc_special_fn sc_sp_ioctl;
sc_check_fn sc_ck_ioctl;

#endif
