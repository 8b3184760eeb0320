/* Record side of address-space changes.  The calls themselves run for real
 * at replay too; what the trace must add is the content of mapped files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "record.h"
#include "util/msg.h"

int rec_mm_blob(struct rec *rc, const uint64_t args[6], int64_t ret,
		char name[TRACE_BLOB_NAME], uint32_t *flags)
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
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", rc->t.tid, fdnum);
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
	if ((args[3] & MAP_SHARED) && (args[2] & PROT_WRITE))
		msg_debug("shared writable mapping of fd %d: replay maps a private copy",
			  fdnum);
	err = trace_add_file(rc->w, fd, name);
	if (!err)
		*flags = TRACE_F_BLOB;
out:
	close(fd);
	return err;
}
