/* System V IPC control calls, keyctl and quotactl: one syscall each, many
 * commands, each with its own output.  Commands whose output size cannot
 * be known from the arguments are refused at entry. */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/msg.h>
#include <asm/unistd_64.h>
#include <linux/keyctl.h>
#include <linux/quota.h>

#include "syscalls/sc_priv.h"

/* glibc's IPC structures match the kernel's 64-bit ones on x86-64. */
_Static_assert(sizeof(struct shmid_ds) == 112, "shmid64_ds ABI");
_Static_assert(sizeof(struct semid_ds) == 104, "semid64_ds ABI");
_Static_assert(sizeof(struct msqid_ds) == 120, "msqid64_ds ABI");

int sc_sp_shmctl(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t len = 0;

	if (c->ret < 0)
		return 0;
	switch ((int)c->args[1]) {
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		len = sizeof(struct shmid_ds);
		break;
	case IPC_INFO:
		len = sizeof(struct shminfo);
		break;
	case SHM_INFO:
		len = sizeof(struct shm_info);
		break;
	}
	return sc_add(r, 0, max, c->args[2], len);
}

int sc_ck_semctl(const struct sc_call *c, const char **why)
{
	/* GETALL fills one short per semaphore, a count only the kernel
	 * knows at that point. */
	if ((int)c->args[2] == GETALL) {
		*why = "semctl(GETALL): array length unknown";
		return -ENOTSUP;
	}
	return 0;
}

int sc_sp_semctl(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t len = 0;

	switch ((int)c->args[2]) {
	case GETALL:
		return -ENOTSUP;
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		len = sizeof(struct semid_ds);
		break;
	case IPC_INFO:
	case SEM_INFO:
		len = sizeof(struct seminfo);
		break;
	}
	if (c->ret < 0)
		return 0;
	/* args[3] is union semun passed by value: here, the pointer. */
	return sc_add(r, 0, max, c->args[3], len);
}

int sc_sp_msgctl(const struct sc_call *c, struct sc_region *r, int max)
{
	uint64_t len = 0;

	if (c->ret < 0)
		return 0;
	switch ((int)c->args[1]) {
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		len = sizeof(struct msqid_ds);
		break;
	case IPC_INFO:
	case MSG_INFO:
		len = sizeof(struct msginfo);
		break;
	}
	return sc_add(r, 0, max, c->args[2], len);
}

/* The message type (a long) and ret bytes of text; an empty message
 * still stores its type. */
int sc_sp_msgrcv(const struct sc_call *c, struct sc_region *r, int max)
{
	if (c->ret < 0)
		return 0;
	if ((uint64_t)c->ret > SC_LEN_MAX)
		return -EINVAL;
	return sc_add(r, 0, max, c->args[1], sizeof(long) + (uint64_t)c->ret);
}

/* keyctl operations: -1 refused, 0 no output, otherwise the argument
 * index of the buffer (its length follows it). */
static int sc_keyctl_buf(int op)
{
	switch (op) {
	case KEYCTL_DESCRIBE:
	case KEYCTL_READ:
	case KEYCTL_GET_SECURITY:
	case KEYCTL_DH_COMPUTE:
		return 2;
	case KEYCTL_CAPABILITIES:
		return 1;
	case KEYCTL_GET_KEYRING_ID:
	case KEYCTL_JOIN_SESSION_KEYRING:
	case KEYCTL_UPDATE:
	case KEYCTL_REVOKE:
	case KEYCTL_CHOWN:
	case KEYCTL_SETPERM:
	case KEYCTL_CLEAR:
	case KEYCTL_LINK:
	case KEYCTL_UNLINK:
	case KEYCTL_SEARCH:
	case KEYCTL_INSTANTIATE:
	case KEYCTL_NEGATE:
	case KEYCTL_SET_REQKEY_KEYRING:
	case KEYCTL_SET_TIMEOUT:
	case KEYCTL_ASSUME_AUTHORITY:
	case KEYCTL_SESSION_TO_PARENT:
	case KEYCTL_REJECT:
	case KEYCTL_INSTANTIATE_IOV:
	case KEYCTL_INVALIDATE:
	case KEYCTL_GET_PERSISTENT:
	case KEYCTL_RESTRICT_KEYRING:
	case KEYCTL_MOVE:
		return 0;
	}
	return -1;	/* public-key operations, watches, unknown */
}

int sc_ck_keyctl(const struct sc_call *c, const char **why)
{
	if (sc_keyctl_buf((int)c->args[0]) >= 0)
		return 0;
	*why = "keyctl operation not supported";
	return -ENOTSUP;
}

/* ret is the full length; at most the buffer length was copied. */
int sc_sp_keyctl(const struct sc_call *c, struct sc_region *r, int max)
{
	int buf = sc_keyctl_buf((int)c->args[0]);
	uint64_t len;

	if (buf < 0)
		return -ENOTSUP;
	if (buf == 0 || c->ret <= 0)
		return 0;
	len = c->args[buf + 1];
	if ((uint64_t)c->ret < len)
		len = (uint64_t)c->ret;
	return sc_add(r, 0, max, c->args[buf], len);
}

/* The generic (VFS) quota commands; the XFS ones have other layouts.
 * Returns -1 for an unsupported command, else the output size. */
static int64_t sc_quota_out(const struct sc_call *c)
{
	int cmd = (int)(c->nr == __NR_quotactl ? c->args[0] : c->args[1]);

	switch ((unsigned)cmd >> SUBCMDSHIFT) {
	case Q_SYNC:
	case Q_QUOTAON:
	case Q_QUOTAOFF:
	case Q_SETINFO:
	case Q_SETQUOTA:
		return 0;
	case Q_GETFMT:
		return sizeof(uint32_t);
	case Q_GETINFO:
		return sizeof(struct if_dqinfo);
	case Q_GETQUOTA:
		return sizeof(struct if_dqblk);
	case Q_GETNEXTQUOTA:
		return sizeof(struct if_nextdqblk);
	}
	return -1;
}

int sc_ck_quotactl(const struct sc_call *c, const char **why)
{
	if (sc_quota_out(c) >= 0)
		return 0;
	*why = "quotactl command not supported (XFS or unknown)";
	return -ENOTSUP;
}

int sc_sp_quotactl(const struct sc_call *c, struct sc_region *r, int max)
{
	int64_t len = sc_quota_out(c);

	if (len < 0)
		return -ENOTSUP;
	if (c->ret < 0)
		return 0;
	return sc_add(r, 0, max, c->args[3], (uint64_t)len);
}
