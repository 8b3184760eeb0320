/* Record side of address-space changes.  The calls themselves run for real
 * at replay too; what the trace must add is the content of mapped files,
 * and what file writes do to shared mappings of them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "record.h"
#include "util/msg.h"

#define PAGE_UP(x)	(((x) + 4095) & ~4095ULL)

int rec_mm_file(struct rec *rc, const uint64_t args[6], int64_t ret,
		struct mm_file *f, uint32_t *flags)
{
	int fdnum = (int)args[4];
	char path[64];
	struct stat st;
	int fd, err;

	*flags = 0;
	if (ret < 0 && ret > -4096)
		return 0;
	if ((args[3] & MAP_ANONYMOUS) || fdnum < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", rc->cur->t.tid, fdnum);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return msg_errno(-errno, "cannot open the file mapped from fd %d", fdnum);
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	if (S_ISCHR(st.st_mode)) {
		/* /dev/zero and the like: replayed as anonymous memory. */
		err = 0;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		msg_err("mapping a file of type %#o (fd %d) is not supported",
			st.st_mode & S_IFMT, fdnum);
		err = -ENOTSUP;
		goto out;
	}
	memset(f, 0, sizeof(*f));
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	err = trace_add_file(rc->w, fd, f->blob);
	if (!err && (args[3] & MAP_TYPE) != MAP_PRIVATE)
		err = shmap_add(&rc->shmaps, &(struct shmap){ .start = ret,
				.len = PAGE_UP(args[1]), .off = args[5],
				.dev = st.st_dev, .ino = st.st_ino,
				.prot = (int)args[2] });
	if (!err)
		*flags = TRACE_F_BLOB;
out:
	close(fd);
	return err;
}

void rec_mm_unmapped(struct rec *rc, uint64_t addr, uint64_t len)
{
	if (shmap_unmapped(&rc->shmaps, addr, len))
		msg_warn("out of memory tracking shared mappings");
}

/* The fd whose file a syscall writes, or -1. */
static int written_fd(long nr, const uint64_t a[6])
{
	switch (nr) {
	case SYS_write: case SYS_pwrite64: case SYS_writev:
	case SYS_pwritev: case SYS_pwritev2: case SYS_sendfile:
	case SYS_ftruncate: case SYS_fallocate:
		return (int)a[0];
	case SYS_copy_file_range: case SYS_splice:
		return (int)a[2];
	default:
		return -1;
	}
}

int rec_mm_file_writes(struct rec *rc, long nr, const uint64_t a[6],
		       int64_t ret, struct sc_region *r, int n, int max)
{
	int fd = written_fd(nr, a), i;
	char path[64];
	struct stat st;

	if (!rc->shmaps.n || fd < 0 || ret < 0)
		return n;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", rc->cur->t.tid, fd);
	if (stat(path, &st) < 0)
		return n;
	for (i = 0; i < rc->shmaps.n; i++) {
		const struct shmap *m = &rc->shmaps.v[i];
		uint64_t len = m->len;

		if (m->dev != st.st_dev || m->ino != st.st_ino)
			continue;
		/* Pages past the end of the file cannot be read (SIGBUS). */
		if ((uint64_t)st.st_size <= m->off)
			continue;
		if (PAGE_UP(st.st_size - m->off) < len)
			len = PAGE_UP(st.st_size - m->off);
		if (n == max)
			return -E2BIG;
		r[n++] = (struct sc_region){ .addr = m->start, .len = len };
	}
	return n;
}
