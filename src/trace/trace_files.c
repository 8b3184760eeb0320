/* TRACE/files/: copies of the files the program mapped, named by the
 * XXH3-128 of their content so a library mapped by many processes (or
 * many times) is stored once.  The copy and the hash are made in one
 * pass through a temporary file, which is then renamed into place. */
#include "trace_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "util/msg.h"

#define BLOB_BUCKETS 256
#define BLOB_COPY_BUF (1u << 20)

struct blob {
	struct blob *next;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim;
	char name[TRACE_BLOB_NAME];
};

struct trace_blobs {
	struct blob *bucket[BLOB_BUCKETS];
	unsigned int tmp_seq;
	int cache_fd;		/* trace_cache.c; -1: none */
};

bool trace_blob_name_ok(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");

	return n > 0 && n < TRACE_BLOB_NAME && !name[n];
}

static struct blob **blob_slot(struct trace_blobs *b, const struct stat *st)
{
	uint64_t k = st->st_ino * 0x9e3779b97f4a7c15ull ^ st->st_dev;
	struct blob **p = &b->bucket[(k >> 32) % BLOB_BUCKETS];

	for (; *p; p = &(*p)->next) {
		struct blob *e = *p;

		if (e->dev == st->st_dev && e->ino == st->st_ino &&
		    e->size == st->st_size &&
		    e->mtim.tv_sec == st->st_mtim.tv_sec &&
		    e->mtim.tv_nsec == st->st_mtim.tv_nsec)
			break;
	}
	return p;
}

/* Copies fd into tmpfd from offset 0 (pread: the caller's offset is not
 * ours to move, and fd may be a /proc/PID/fd link) while hashing it. */
static int copy_hash(int fd, int tmpfd, char name[TRACE_BLOB_NAME])
{
	XXH3_state_t *st = XXH3_createState();
	uint8_t *buf = malloc(BLOB_COPY_BUF);
	XXH128_canonical_t c;
	off_t off = 0;
	int err = -ENOMEM;

	if (!st || !buf)
		goto out;
	XXH3_128bits_reset(st);
	for (;;) {
		ssize_t k = pread(fd, buf, BLOB_COPY_BUF, off);

		if (k < 0 && errno == EINTR)
			continue;
		err = k < 0 ? -errno : 0;
		if (k <= 0)
			break;
		XXH3_128bits_update(st, buf, k);
		err = tmpfd >= 0 ? trace_write_all(tmpfd, buf, k) : 0;
		if (err)
			break;
		off += k;
	}
	if (err)
		goto out;
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	for (int i = 0; i < 16; i++)
		sprintf(name + 2 * i, "%02x", c.digest[i]);
out:
	XXH3_freeState(st);
	free(buf);
	return err;
}

int trace_hash_fd(int fd, char name[TRACE_BLOB_NAME])
{
	return copy_hash(fd, -1, name);
}

/* Copies the content and puts it in place as files/NAME. */
static int blob_store(struct trace_blobs *b, int dirfd, const char *dir,
		      int fd, char name[TRACE_BLOB_NAME])
{
	char tmp[64], dst[16 + TRACE_BLOB_NAME];
	struct stat st;
	int tfd, err;

	snprintf(tmp, sizeof(tmp), "files/.tmp-%d-%u", (int)getpid(),
		 b->tmp_seq++);
	tfd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		     0600);
	if (tfd < 0)
		return msg_errno(-errno, "cannot create %s/%s", dir, tmp);
	err = copy_hash(fd, tfd, name);
	if (!err && fchmod(tfd, 0400) < 0)
		err = -errno;
	close(tfd);
	if (err) {
		msg_errno(err, "cannot copy a mapped file into %s/files", dir);
		goto fail;
	}
	snprintf(dst, sizeof(dst), "files/%s", name);
	/* Same name, same content: an existing copy is as good as ours. */
	if (fstatat(dirfd, dst, &st, AT_SYMLINK_NOFOLLOW) == 0)
		goto fail;
	if (renameat(dirfd, tmp, dirfd, dst) < 0) {
		err = msg_errno(-errno, "cannot create %s/%s", dir, dst);
		goto fail;
	}
	return 0;
fail:
	unlinkat(dirfd, tmp, 0);
	return err;
}

int trace_blobs_add(struct trace_blobs **bp, int dirfd, const char *dir,
		    int fd, char name[TRACE_BLOB_NAME])
{
	struct blob **slot, *e;
	struct stat st;
	int err;

	if (!*bp) {
		if (!(*bp = calloc(1, sizeof(**bp))))
			return msg_errno(-ENOMEM, "%s/files", dir);
		(*bp)->cache_fd = trace_cache_open(dirfd);
	}
	if (fstat(fd, &st) < 0)
		return msg_errno(-errno, "cannot copy a mapped file into "
				 "%s/files", dir);
	slot = blob_slot(*bp, &st);
	if (*slot) {
		memcpy(name, (*slot)->name, TRACE_BLOB_NAME);
		return 0;
	}
	if ((*bp)->cache_fd < 0 ||
	    trace_cache_get((*bp)->cache_fd, dirfd, &st, name)) {
		err = blob_store(*bp, dirfd, dir, fd, name);
		if (err)
			return err;
		if ((*bp)->cache_fd >= 0)
			trace_cache_put((*bp)->cache_fd, dirfd, &st, name);
	}
	e = calloc(1, sizeof(*e));
	if (!e)		/* only the cache is lost */
		return 0;
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	e->size = st.st_size;
	e->mtim = st.st_mtim;
	memcpy(e->name, name, TRACE_BLOB_NAME);
	*slot = e;
	return 0;
}

void trace_blobs_free(struct trace_blobs *b)
{
	if (!b)
		return;
	if (b->cache_fd >= 0)
		close(b->cache_fd);
	for (int i = 0; i < BLOB_BUCKETS; i++) {
		struct blob *e = b->bucket[i], *next;

		for (; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(b);
}
