/* Echoing the program's output at replay.  Output reaches fd 1 or 2 by
 * write and friends (bytes in the program's memory), and by sendfile,
 * copy_file_range and splice (bytes that never pass through it): those are
 * read from their source, or for a pipe copied with tee(2) before the call
 * consumes them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "record.h"
#include "util/msg.h"

#define PRE_MAX	(1 << 20)

/* The fd a call writes program output to, or -1. */
static int out_fd(long nr, const uint64_t a[6])
{
	switch (nr) {
	case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev:
	case SYS_pwritev2: case SYS_sendfile: case SYS_vmsplice:
		return (int)a[0];
	case SYS_copy_file_range: case SYS_splice:
		return (int)a[2];
	case SYS_tee:
		return (int)a[1];
	default:
		return -1;
	}
}

static int proc_fd(struct rec *rc, int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", rc->cur->t.tid, fd);
	return open(path, flags | O_CLOEXEC);
}

/* TRACE_F_ECHO_* when st is the file our own stdout/stderr is. */
uint32_t rec_echo_st(struct rec *rc, const struct stat *st)
{
	int i;

	for (i = 1; i <= 2; i++)
		if (rc->out_ok[i] && st->st_dev == rc->out_st[i].st_dev &&
		    st->st_ino == rc->out_st[i].st_ino)
			return i == 1 ? TRACE_F_ECHO_STDOUT : TRACE_F_ECHO_STDERR;
	return 0;
}

/* TRACE_F_ECHO_* when fd is the file our own stdout/stderr is. */
uint32_t rec_echo_fd(struct rec *rc, pid_t tid, int fd)
{
	char path[64];
	struct stat st;

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	if (stat(path, &st) < 0)
		return 0;
	return rec_echo_st(rc, &st);
}

void rec_echo_before(struct rec *rc, long nr, const uint64_t a[6])
{
	int in, p[2];
	ssize_t n;

	free(rc->echo_pre);
	rc->echo_pre = NULL;
	rc->echo_pre_len = 0;
	if ((nr != SYS_splice && nr != SYS_tee) || !rec_echo_fd(rc, rc->cur->t.tid, out_fd(nr, a)))
		return;
	in = proc_fd(rc, (int)a[0], O_RDONLY | O_NONBLOCK);
	if (in < 0)
		return;
	rc->echo_pre = malloc(PRE_MAX);
	if (rc->echo_pre && pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0) {
		fcntl(p[1], F_SETPIPE_SZ, PRE_MAX);
		n = tee(in, p[1], a[4] < PRE_MAX ? a[4] : PRE_MAX, SPLICE_F_NONBLOCK);
		if (n > 0)
			n = read(p[0], rc->echo_pre, n);
		rc->echo_pre_len = n > 0 ? n : 0;
		close(p[0]);
		close(p[1]);
	}
	close(in);
}

/* Bytes from the program's memory: a buffer or an iovec array. */
static int from_memory(struct rec *rc, long nr, const uint64_t a[6],
		       int64_t ret, char *p)
{
	struct iovec *iov;
	uint64_t done = 0;
	int i, n, err;

	if (nr == SYS_write || nr == SYS_pwrite64)
		return task_read(&rc->cur->t, a[1], p, ret);
	n = a[2] < IOV_MAX ? (int)a[2] : IOV_MAX;
	iov = calloc(n, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	err = task_read(&rc->cur->t, a[1], iov, n * sizeof(*iov));
	for (i = 0; !err && i < n && done < (uint64_t)ret; i++) {
		uint64_t len = iov[i].iov_len;

		if (len > ret - done)
			len = ret - done;
		err = task_read(&rc->cur->t, (uint64_t)iov[i].iov_base, p + done, len);
		done += len;
	}
	free(iov);
	return err;
}

/* Bytes a call copied from file in (offset pointer offp, or its file
 * position) after the call: they end where the offset now stands. */
static int from_file(struct rec *rc, int in, uint64_t offp, int64_t ret, char *p)
{
	unsigned long long pos = 0;
	char path[64], line[128];
	int fd, err = 0;
	FILE *f;

	if (offp) {
		err = task_read(&rc->cur->t, offp, &pos, sizeof(pos));
	} else {
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", rc->cur->t.tid, in);
		f = fopen(path, "re");
		if (!f)
			return -errno;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "pos: %llu", &pos) == 1)
				break;
		fclose(f);
	}
	if (err || pos < (uint64_t)ret)
		return err ? err : -EINVAL;
	fd = proc_fd(rc, in, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (pread(fd, p, ret, pos - ret) != ret)
		err = -EIO;
	close(fd);
	return err;
}

static int gather(struct rec *rc, long nr, const uint64_t a[6], int64_t ret,
		  char *p)
{
	switch (nr) {
	case SYS_sendfile:
		return from_file(rc, (int)a[1], a[2], ret, p);
	case SYS_copy_file_range:
		return from_file(rc, (int)a[0], a[1], ret, p);
	case SYS_splice:
	case SYS_tee:
		if ((uint64_t)ret <= rc->echo_pre_len) {
			memcpy(p, rc->echo_pre, ret);
			return 0;
		}
		return from_file(rc, (int)a[0], a[1], ret, p);
	case SYS_vmsplice:
		return from_memory(rc, SYS_writev, a, ret, p);
	default:
		return from_memory(rc, nr, a, ret, p);
	}
}

int rec_echo_after(struct rec *rc, long nr, const uint64_t a[6], int64_t ret,
		   uint32_t *flags, void **bytes, uint32_t *len)
{
	uint32_t f;
	char *p;
	int err;

	if (ret <= 0 || ret > INT32_MAX)
		return 0;
	f = rec_echo_fd(rc, rc->cur->t.tid, out_fd(nr, a));
	if (!f)
		return 0;
	p = malloc(ret);
	if (!p)
		return -ENOMEM;
	err = gather(rc, nr, a, ret, p);
	if (err) {
		/* Shown as a note at replay rather than lost silently. */
		msg_warn("cannot keep the %lld bytes %s wrote to %s for replay",
			 (long long)ret, sc_name(nr), f == TRACE_F_ECHO_STDOUT ?
			 "stdout" : "stderr");
		free(p);
		return 0;
	}
	*flags |= f;
	*bytes = p;
	*len = ret;
	return 0;
}
