/* The file-copy cache shared by recordings.  Every recording copies the
 * files its programs map (the executable, libc, libpython...) into its
 * files/ directory, and most recordings map the same files as the last
 * one: rrsup flake records the same test over and over.  So copies also
 * go into a cache directory, and a later recording hard-links the copy
 * instead of reading, hashing and writing the file again.
 *
 *   CACHE/files/NAME     a copy, named by the XXH3-128 of its content
 *                        (the same inode as the traces' files/NAME)
 *   CACHE/index/KEY      a symlink to "NAME MTIME", KEY naming the
 *                        original by device, inode, size, mtime and
 *                        ctime, MTIME the copy's own
 *
 * Any change to the original (a write, a rename over it, a chmod) gives
 * it another ctime or inode, hence another KEY.  A copy written to since
 * it was cached (a trace's files/ edited by hand share its inode) has
 * another mtime and is dropped.  Replay checks every copy against its
 * name before mapping it, cached or not.  The cache may be
 * deleted at any time: traces keep their own links.  It is used only
 * when it lies on the trace's file system (a hard link cannot cross). */
#include "trace_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/msg.h"

/* $RRSUP_CACHE, else $XDG_CACHE_HOME/rrsup, else ~/.cache/rrsup; empty
 * or "off": none. */
static int cache_path(char *buf, size_t len)
{
	const char *env = getenv("RRSUP_CACHE"), *base;
	int n;

	if (env)
		n = *env && strcmp(env, "off") ? snprintf(buf, len, "%s", env) : -1;
	else if ((base = getenv("XDG_CACHE_HOME")) && *base == '/')
		n = snprintf(buf, len, "%s/rrsup", base);
	else if ((base = getenv("HOME")) && *base == '/')
		n = snprintf(buf, len, "%s/.cache/rrsup", base);
	else
		n = -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* The cache directory, made if need be, on the same file system as
 * dirfd; -1 when there is none to use. */
int trace_cache_open(int dirfd)
{
	char path[4096];
	struct stat a, b;
	int fd;

	if (cache_path(path, sizeof(path)) || trace_mkdir_p(path))
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &a) || fstat(dirfd, &b) || a.st_dev != b.st_dev ||
	    (mkdirat(fd, "files", 0700) && errno != EEXIST) ||
	    (mkdirat(fd, "index", 0700) && errno != EEXIST)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void key_of(const struct stat *st, char *key, size_t len)
{
	snprintf(key, len, "index/%llx-%llx-%llx-%lld.%09ld-%lld.%09ld",
		 (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
		 (unsigned long long)st->st_size,
		 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
		 (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

static void mtime_of(const struct stat *st, char *out, size_t len)
{
	snprintf(out, len, "%lld.%09ld", (long long)st->st_mtim.tv_sec,
		 st->st_mtim.tv_nsec);
}

/* Links the cached copy of the file st describes into dir's files/: 0
 * with *name set, or -1 when the cache does not have it (intact). */
int trace_cache_get(int cfd, int dirfd, const struct stat *st,
		    char name[TRACE_BLOB_NAME])
{
	char key[160], src[16 + TRACE_BLOB_NAME], link[TRACE_BLOB_NAME + 40];
	char want[40], *sp;
	struct stat cst;
	ssize_t n;

	key_of(st, key, sizeof(key));
	n = readlinkat(cfd, key, link, sizeof(link) - 1);
	if (n <= 0)
		return -1;
	link[n] = 0;
	sp = strchr(link, ' ');
	if (!sp || sp - link >= TRACE_BLOB_NAME)
		return -1;
	*sp = 0;
	memcpy(name, link, sp - link + 1);
	if (!trace_blob_name_ok(name))
		return -1;
	snprintf(src, sizeof(src), "files/%s", name);
	if (fstatat(cfd, src, &cst, AT_SYMLINK_NOFOLLOW))
		return -1;
	mtime_of(&cst, want, sizeof(want));
	if (strcmp(sp + 1, want) || cst.st_size != st->st_size) {
		/* Written to since: not a copy to trust any more. */
		unlinkat(cfd, key, 0);
		unlinkat(cfd, src, 0);
		return -1;
	}
	if (linkat(cfd, src, dirfd, src, 0) && errno != EEXIST)
		return -1;
	return 0;
}

/* Adds dir's files/NAME, a fresh copy of the file st describes. */
void trace_cache_put(int cfd, int dirfd, const struct stat *st,
		     const char *name)
{
	char key[160], src[16 + TRACE_BLOB_NAME], link[TRACE_BLOB_NAME + 40];
	struct stat cst;

	snprintf(src, sizeof(src), "files/%s", name);
	if (linkat(dirfd, src, cfd, src, 0) && errno != EEXIST)
		return;
	if (fstatat(cfd, src, &cst, AT_SYMLINK_NOFOLLOW))
		return;
	snprintf(link, sizeof(link), "%s ", name);
	mtime_of(&cst, link + strlen(link), sizeof(link) - strlen(link));
	key_of(st, key, sizeof(key));
	unlinkat(cfd, key, 0);
	if (symlinkat(link, cfd, key))
		msg_debug("cannot add %s to the file cache: %s", key, strerror(errno));
}
