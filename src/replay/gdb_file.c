/* gdb's host I/O packets (vFile:*): gdb reads the debugged program's
 * executable and libraries through the server rather than guessing at
 * the local file system ("remote target does not support file transfer"
 * otherwise).  Read-only: open for writing, unlink and pwrite are
 * refused like every other change to a replay.  The executable gdb asks
 * for is the copy in the trace (qXfer:exec-file names it); a library it
 * asks for by the name the dynamic linker gave it is served from the
 * trace's copy too, so that gdb reads what ran even if the file on disk
 * changed since the recording. */
#include "gdb_srv_priv.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbg.h"
#include "gdb_conn.h"

#define FILE_MAX_FDS	16
#define FILE_CHUNK	16384	/* bytes per pread reply, before escaping */

static int fds[FILE_MAX_FDS];	/* fd + 1; 0: free */

/* gdb's File-I/O errno values (its protocol's own numbering). */
static int fio_errno(int e)
{
	switch (e) {
	case EPERM: return 1;
	case ENOENT: return 2;
	case EINTR: return 4;
	case EBADF: return 9;
	case EACCES: return 13;
	case EFAULT: return 14;
	case EBUSY: return 16;
	case EEXIST: return 17;
	case ENODEV: return 19;
	case ENOTDIR: return 20;
	case EISDIR: return 21;
	case EINVAL: return 22;
	case ENFILE: return 23;
	case EMFILE: return 24;
	case EFBIG: return 27;
	case ENOSPC: return 28;
	case ESPIPE: return 29;
	case EROFS: return 30;
	case ENAMETOOLONG: return 91;
	default: return 9999;
	}
}

static int fail(struct srv *s, int e)
{
	return gdb_sendf(s->c, "F-1,%x", fio_errno(e));
}

/* A hex-encoded path argument, up to the next ',' or the end. */
static int path_arg(const char *hex, char *path, size_t cap)
{
	size_t n = strcspn(hex, ",");
	char tmp[2 * PATH_MAX + 1];
	long k;

	if (n >= sizeof(tmp) || n / 2 >= cap)
		return -ENAMETOOLONG;
	memcpy(tmp, hex, n);
	tmp[n] = 0;
	k = gdb_unhex(path, tmp, cap - 1);
	if (k < 0 || (size_t)k * 2 != n)
		return -EINVAL;
	path[k] = 0;
	return 0;
}

#define MAX_LIBS	1024	/* link map entries looked at, at most */

static int peek(struct srv *s, uint64_t addr, void *buf, size_t len)
{
	return dbg_read_mem(s->rp, addr, buf, len);
}

/* A NUL-terminated string, read a little at a time: a long read could
 * run past the end of its mapping. */
static int peek_str(struct srv *s, uint64_t addr, char *buf, size_t cap)
{
	size_t n;

	for (n = 0; n + 64 <= cap; n += 64) {
		if (peek(s, addr + n, buf + n, 64))
			return -1;
		if (memchr(buf + n, 0, 64))
			return 0;
	}
	return -1;
}

/* The executable's r_debug (its DT_DEBUG entry), or 0. */
static uint64_t r_debug_addr(struct srv *s)
{
	uint64_t v[128], phdr = 0, phnum = 0, bias = 0, dyn = 0, d[2];
	int n = srv_auxv(s, v, 128), i;
	Elf64_Phdr ph;

	for (i = 0; i + 1 < n; i += 2) {
		if (v[i] == AT_PHDR)
			phdr = v[i + 1];
		else if (v[i] == AT_PHNUM)
			phnum = v[i + 1];
	}
	for (i = 0; phdr && i < (int)phnum && i < 64; i++) {
		if (peek(s, phdr + i * sizeof(ph), &ph, sizeof(ph)))
			return 0;
		if (ph.p_type == PT_PHDR)
			bias = phdr - ph.p_vaddr;
		else if (ph.p_type == PT_DYNAMIC)
			dyn = ph.p_vaddr;
	}
	for (dyn += bias, i = 0; dyn && i < 256; i++, dyn += sizeof(d)) {
		if (peek(s, dyn, d, sizeof(d)) || d[0] == DT_NULL)
			return 0;
		if (d[0] == DT_DEBUG)
			return d[1];
	}
	return 0;
}

/* The file mapped at addr in the debugged process (a trace copy). */
static int mapped_file(struct srv *s, uint64_t addr, char *path, size_t cap)
{
	struct rptask *x = dbg_some_task(s->rp);
	char maps[64], line[PATH_MAX + 128], *slash;
	unsigned long long lo, hi;
	int found = -1;
	FILE *f;

	if (!x)
		return -1;
	snprintf(maps, sizeof(maps), "/proc/%d/maps", x->t.tid);
	f = fopen(maps, "re");
	if (!f)
		return -1;
	while (found && fgets(line, sizeof(line), f)) {
		slash = strchr(line, '/');
		if (sscanf(line, "%llx-%llx", &lo, &hi) != 2 || addr < lo ||
		    addr >= hi || !slash)
			continue;
		slash[strcspn(slash, "\n")] = 0;
		found = snprintf(path, cap, "%s", slash) < (int)cap ? 0 : -1;
	}
	fclose(f);
	return found;
}

/* The trace's copy of the library the link map names want: the file
 * mapped where that library's dynamic section is.  0, or -1. */
static int lib_copy(struct srv *s, const char *want, char *copy, size_t cap)
{
	uint64_t r = r_debug_addr(s), lm, e[4];
	char name[PATH_MAX];
	int i;

	if (!r || peek(s, r + 8, &lm, 8))	/* r_debug.r_map */
		return -1;
	for (i = 0; lm && i < MAX_LIBS; i++, lm = e[3]) {
		/* link_map: l_addr, l_name, l_ld, l_next */
		if (peek(s, lm, e, sizeof(e)) || !e[1] ||
		    peek_str(s, e[1], name, sizeof(name)))
			return -1;
		if (!strcmp(name, want))
			return mapped_file(s, e[2], copy, cap);
	}
	return -1;
}

static int slot(long fd)
{
	return fd >= 0 && fd < FILE_MAX_FDS && fds[fd] > 0 ? (int)fd : -1;
}

static int do_open(struct srv *s, const char *arg)
{
	char path[PATH_MAX], copy[PATH_MAX];
	unsigned long flags;
	int err = path_arg(arg, path, sizeof(path)), fd, i;
	const char *comma = strchr(arg, ',');

	if (err || !comma)
		return fail(s, err ? -err : EINVAL);
	flags = strtoul(comma + 1, NULL, 16);
	if (flags & 3)			/* gdb's O_WRONLY / O_RDWR */
		return fail(s, EROFS);
	for (i = 0; i < FILE_MAX_FDS && fds[i] > 0; i++)
		;
	if (i == FILE_MAX_FDS)
		return fail(s, EMFILE);
	if (!lib_copy(s, path, copy, sizeof(copy)))
		fd = open(copy, O_RDONLY | O_CLOEXEC);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(s, errno);
	fds[i] = fd + 1;
	return gdb_sendf(s->c, "F%x", i);
}

static int do_pread(struct srv *s, const char *arg)
{
	char *end;
	long fd = strtol(arg, &end, 16);
	unsigned long count = *end == ',' ? strtoul(end + 1, &end, 16) : 0;
	unsigned long long off = *end == ',' ? strtoull(end + 1, NULL, 16) : 0;
	char reply[32 + FILE_CHUNK];
	ssize_t n;
	int k, i = slot(fd);

	if (i < 0)
		return fail(s, EBADF);
	if (count > FILE_CHUNK)
		count = FILE_CHUNK;
	n = pread(fds[i] - 1, reply + 32, count, (off_t)off);
	if (n < 0)
		return fail(s, errno);
	k = snprintf(reply, 32, "F%zx;", n);
	memmove(reply + k, reply + 32, n);
	return gdb_send(s->c, reply, k + n);
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

/* struct stat as gdb's File-I/O protocol lays it out: big-endian. */
static int do_fstat(struct srv *s, const char *arg)
{
	int i = slot(strtol(arg, NULL, 16));
	char reply[16 + 64];
	uint8_t *b;
	struct stat st;
	int k;

	if (i < 0)
		return fail(s, EBADF);
	if (fstat(fds[i] - 1, &st))
		return fail(s, errno);
	k = snprintf(reply, 16, "F%x;", 64);
	b = (uint8_t *)reply + k;
	put_be(b + 0, st.st_dev, 4);
	put_be(b + 4, st.st_ino, 4);
	put_be(b + 8, st.st_mode, 4);
	put_be(b + 12, st.st_nlink, 4);
	put_be(b + 16, st.st_uid, 4);
	put_be(b + 20, st.st_gid, 4);
	put_be(b + 24, st.st_rdev, 4);
	put_be(b + 28, st.st_size, 8);
	put_be(b + 36, st.st_blksize, 8);
	put_be(b + 44, st.st_blocks, 8);
	put_be(b + 52, st.st_atime, 4);
	put_be(b + 56, st.st_mtime, 4);
	put_be(b + 60, st.st_ctime, 4);
	return gdb_send(s->c, reply, k + 64);
}

static int do_close(struct srv *s, const char *arg)
{
	int i = slot(strtol(arg, NULL, 16));

	if (i < 0)
		return fail(s, EBADF);
	close(fds[i] - 1);
	fds[i] = 0;
	return gdb_send_str(s->c, "F0");
}

static int do_readlink(struct srv *s, const char *arg)
{
	char path[PATH_MAX], target[PATH_MAX], reply[PATH_MAX + 32];
	int err = path_arg(arg, path, sizeof(path)), k;
	ssize_t n;

	if (err)
		return fail(s, -err);
	n = readlink(path, target, sizeof(target));
	if (n < 0)
		return fail(s, errno);
	k = snprintf(reply, 32, "F%zx;", n);
	memcpy(reply + k, target, n);
	return gdb_send(s->c, reply, k + n);
}

int srv_file(struct srv *s, const char *pkt)
{
	const char *op = pkt + strlen("vFile:");

	if (!strncmp(op, "setfs:", 6))
		return gdb_send_str(s->c, "F0");
	if (!strncmp(op, "open:", 5))
		return do_open(s, op + 5);
	if (!strncmp(op, "pread:", 6))
		return do_pread(s, op + 6);
	if (!strncmp(op, "fstat:", 6))
		return do_fstat(s, op + 6);
	if (!strncmp(op, "close:", 6))
		return do_close(s, op + 6);
	if (!strncmp(op, "readlink:", 9))
		return do_readlink(s, op + 9);
	if (!strncmp(op, "pwrite:", 7) || !strncmp(op, "unlink:", 7))
		return fail(s, EROFS);
	return gdb_send_str(s->c, "");
}

/* gdb went away: its files are closed. */
void srv_file_close_all(void)
{
	int i;

	for (i = 0; i < FILE_MAX_FDS; i++)
		if (fds[i] > 0) {
			close(fds[i] - 1);
			fds[i] = 0;
		}
}
