/* TRACE/header: "RRSUPTRC", u32 version, u32 body length, the body, and
 * an XXH3-64 of everything before it.  The version sits at a fixed offset
 * ahead of the checksum so that a newer trace is reported as newer even
 * if a later format changes what follows. */
#include "trace_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "util/msg.h"

#define HDR_MAGIC "RRSUPTRC"
#define HDR_FIXED 16		/* magic, version, body length */

struct enc {
	uint8_t *buf;
	size_t len, cap;
	bool oom;
};

static uint8_t *enc_room(struct enc *e, size_t n)
{
	if (e->oom)
		return NULL;
	if (e->len + n > e->cap) {
		size_t cap = e->cap ? e->cap : 4096;
		uint8_t *b;

		while (cap < e->len + n)
			cap *= 2;
		b = realloc(e->buf, cap);
		if (!b) {
			e->oom = true;
			return NULL;
		}
		e->buf = b;
		e->cap = cap;
	}
	e->len += n;
	return e->buf + e->len - n;
}

static void enc_u32(struct enc *e, uint32_t v)
{
	uint8_t *p = enc_room(e, 4);

	if (p)
		trace_put_u32(p, v);
}

static void enc_u64(struct enc *e, uint64_t v)
{
	uint8_t *p = enc_room(e, 8);

	if (p)
		trace_put_u64(p, v);
}

static void enc_str(struct enc *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	uint8_t *p;

	enc_u32(e, n);
	p = enc_room(e, n);
	if (p && n)
		memcpy(p, s, n);
}

static void enc_strv(struct enc *e, int n, char *const *v)
{
	if (!v || n < 0)
		n = 0;
	enc_u32(e, n);
	for (int i = 0; i < n; i++)
		enc_str(e, v[i]);
}

static void enc_body(struct enc *e, const struct trace_header *h)
{
	const struct trace_cpu *c = &h->cpu;

	enc_str(e, h->exe);
	enc_strv(e, h->argc, h->argv);
	enc_strv(e, h->envc, h->envp);
	enc_str(e, h->cwd);
	enc_u64(e, h->start_time);
	enc_str(e, strnlen(c->vendor, sizeof(c->vendor)) < sizeof(c->vendor) ?
		c->vendor : "");
	enc_str(e, strnlen(c->brand, sizeof(c->brand)) < sizeof(c->brand) ?
		c->brand : "");
	enc_u32(e, c->family);
	enc_u32(e, c->model);
	enc_u32(e, c->stepping);
	enc_u32(e, TRACE_CPU_FEAT_WORDS);
	for (int i = 0; i < TRACE_CPU_FEAT_WORDS; i++)
		enc_u32(e, c->feat[i]);
}

int trace_header_write(int dirfd, const char *dir, const struct trace_header *h)
{
	struct enc e = { 0 };
	uint8_t *p;
	int fd, err;

	enc_room(&e, HDR_FIXED);
	enc_body(&e, h);
	if (e.oom || e.len > TRACE_MAX_HEADER - 8) {
		err = msg_errno(e.oom ? -ENOMEM : -E2BIG, "%s/header", dir);
		goto out;
	}
	p = e.buf;
	memcpy(p, HDR_MAGIC, 8);
	trace_put_u32(p + 8, TRACE_VERSION);
	trace_put_u32(p + 12, e.len - HDR_FIXED);
	enc_u64(&e, XXH3_64bits(e.buf, e.len));
	if (e.oom) {
		err = msg_errno(-ENOMEM, "%s/header", dir);
		goto out;
	}
	fd = openat(dirfd, "header", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
	if (fd < 0) {
		err = msg_errno(-errno, "cannot create %s/header", dir);
		goto out;
	}
	err = trace_write_all(fd, e.buf, e.len);
	if (err)
		msg_errno(err, "%s/header: write failed", dir);
	close(fd);
out:
	free(e.buf);
	return err;
}

struct dec {
	const uint8_t *p;
	size_t left;
	bool bad;
};

static uint32_t dec_u32(struct dec *d)
{
	uint32_t v;

	if (d->bad || d->left < 4) {
		d->bad = true;
		return 0;
	}
	v = trace_get_u32(d->p);
	d->p += 4;
	d->left -= 4;
	return v;
}

static uint64_t dec_u64(struct dec *d)
{
	uint64_t lo = dec_u32(d);

	return lo | (uint64_t)dec_u32(d) << 32;
}

/* Strings are length-prefixed and must not hold a NUL. */
static char *dec_str(struct dec *d)
{
	uint32_t n = dec_u32(d);
	char *s;

	if (d->bad || n > d->left || memchr(d->p, 0, n)) {
		d->bad = true;
		return NULL;
	}
	s = strndup((const char *)d->p, n);
	if (!s)
		d->bad = true;
	d->p += n;
	d->left -= n;
	return s;
}

static void dec_fixed_str(struct dec *d, char *dst, size_t size)
{
	char *s = dec_str(d);

	if (s && strlen(s) < size)
		strcpy(dst, s);
	else
		d->bad = true;
	free(s);
}

/* A NULL-terminated vector; each element costs at least 4 bytes, which
 * bounds the count by the body size. */
static char **dec_strv(struct dec *d, int *count)
{
	uint32_t n = dec_u32(d);
	char **v;

	if (d->bad || n > d->left / 4) {
		d->bad = true;
		return NULL;
	}
	v = calloc(n + 1, sizeof(*v));
	if (!v) {
		d->bad = true;
		return NULL;
	}
	*count = n;
	for (uint32_t i = 0; i < n && !d->bad; i++)
		v[i] = dec_str(d);
	return v;
}

static void dec_body(struct dec *d, struct trace_header *h)
{
	struct trace_cpu *c = &h->cpu;
	uint32_t nfeat;

	h->exe = dec_str(d);
	h->argv = dec_strv(d, &h->argc);
	h->envp = dec_strv(d, &h->envc);
	h->cwd = dec_str(d);
	h->start_time = dec_u64(d);
	dec_fixed_str(d, c->vendor, sizeof(c->vendor));
	dec_fixed_str(d, c->brand, sizeof(c->brand));
	c->family = dec_u32(d);
	c->model = dec_u32(d);
	c->stepping = dec_u32(d);
	/* Fewer words than we know are zero; more (a later rrsup of the same
	 * version cannot add them, but be lenient) are ignored. */
	nfeat = dec_u32(d);
	for (uint32_t i = 0; i < nfeat && !d->bad; i++) {
		uint32_t v = dec_u32(d);

		if (i < TRACE_CPU_FEAT_WORDS)
			c->feat[i] = v;
	}
	if (d->left)
		d->bad = true;
}

static int header_corrupt(const char *dir, const char *why)
{
	msg_err("%s/header: corrupt trace header (%s)", dir, why);
	return -EBADMSG;
}

static int header_parse(const char *dir, const uint8_t *b, size_t size,
			struct trace_header *h)
{
	struct dec d;
	uint32_t version, body;

	if (size < 8 || memcmp(b, HDR_MAGIC, 8)) {
		msg_err("%s is not an rrsup trace (bad magic in %s/header)",
			dir, dir);
		return -EINVAL;
	}
	if (size < HDR_FIXED)
		return header_corrupt(dir, "too short");
	version = trace_get_u32(b + 8);
	/* No real version gets this far: a flipped bit, not the future. */
	if (version > 0xffff)
		return header_corrupt(dir, "impossible version");
	if (version > TRACE_VERSION) {
		msg_err("%s/header: trace format version %u is newer than this "
			"rrsup supports (%d); upgrade rrsup", dir, version,
			TRACE_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (version == 0)
		return header_corrupt(dir, "version 0");
	body = trace_get_u32(b + 12);
	if ((uint64_t)HDR_FIXED + body + 8 != size)
		return header_corrupt(dir, "length mismatch");
	if (trace_get_u64(b + size - 8) != XXH3_64bits(b, size - 8))
		return header_corrupt(dir, "checksum mismatch");
	d.p = b + HDR_FIXED;
	d.left = body;
	d.bad = false;
	h->version = version;
	dec_body(&d, h);
	if (d.bad)
		return header_corrupt(dir, "bad fields");
	return 0;
}

static int header_load(int fd, const char *dir, uint8_t **buf, size_t *size)
{
	struct stat st;
	ssize_t got;

	if (fstat(fd, &st) < 0)
		return msg_errno(-errno, "%s/header", dir);
	if (!S_ISREG(st.st_mode) || st.st_size > TRACE_MAX_HEADER)
		return header_corrupt(dir, "not a regular file of sane size");
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf)
		return msg_errno(-ENOMEM, "%s/header", dir);
	got = trace_read_full(fd, *buf, st.st_size);
	if (got < 0)
		return msg_errno(got, "%s/header: read failed", dir);
	*size = got;
	return 0;
}

int trace_header_read(int dirfd, const char *dir, struct trace_header *h)
{
	uint8_t *buf = NULL;
	size_t size = 0;
	int fd, err;

	memset(h, 0, sizeof(*h));
	fd = openat(dirfd, "header", O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		msg_err("%s is not an rrsup trace (no header)", dir);
		return -ENOENT;
	}
	if (fd < 0)
		return msg_errno(-errno, "cannot open %s/header", dir);
	err = header_load(fd, dir, &buf, &size);
	close(fd);
	if (!err)
		err = header_parse(dir, buf, size, h);
	if (err)
		trace_header_free(h);
	free(buf);
	return err;
}

static void free_strv(char **v, int n)
{
	if (!v)
		return;
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void trace_header_free(struct trace_header *h)
{
	if (!h)
		return;
	free(h->exe);
	free_strv(h->argv, h->argc);
	free_strv(h->envp, h->envc);
	free(h->cwd);
	memset(h, 0, sizeof(*h));
}
