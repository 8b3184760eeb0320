/* Where traces live: PARENT/PROG-N directories and a PARENT/latest-trace
 * symlink naming the newest, so "rrsup replay" needs no argument. */
#include "trace_frame.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/msg.h"

#define LATEST "latest-trace"

const char *trace_ev_name(uint32_t type)
{
	static const char *const names[TRACE_EV_MAX] = {
		[TRACE_EV_SYSCALL] = "syscall",
		[TRACE_EV_SIGNAL] = "signal",
		[TRACE_EV_RDTSC] = "rdtsc",
		[TRACE_EV_EXEC] = "exec",
		[TRACE_EV_EXIT] = "exit",
		[TRACE_EV_END] = "end",
		[TRACE_EV_BUFFER] = "buffer",
	};

	if (type >= TRACE_EV_MAX || !names[type])
		return "unknown";
	return names[type];
}

int trace_mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	/* Each prefix ending before a '/', then the whole path. */
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -errno;
		buf[i] = path[i];
	}
	return 0;
}

static int put_path(char *buf, size_t len, const char *a, const char *b)
{
	int n = snprintf(buf, len, "%s%s", a, b);

	if (n < 0 || (size_t)n >= len)
		return msg_errno(-ENAMETOOLONG, "%s%s", a, b);
	return 0;
}

static int default_parent_path(char *buf, size_t len)
{
	const char *s = getenv("RRSUP_TRACE_DIR");
	struct passwd *pw;

	if (s && *s)
		return put_path(buf, len, s, "");
	s = getenv("XDG_DATA_HOME");
	if (s && *s == '/')	/* relative values are invalid: ignored */
		return put_path(buf, len, s, "/rrsup");
	s = getenv("HOME");
	if (!s || !*s) {
		pw = getpwuid(getuid());
		s = pw ? pw->pw_dir : NULL;
	}
	if (!s) {
		msg_err("cannot find a home directory; set RRSUP_TRACE_DIR");
		return -ENOENT;
	}
	return put_path(buf, len, s, "/.local/share/rrsup");
}

int trace_default_parent(char *buf, size_t len)
{
	int err = default_parent_path(buf, len);

	if (err)
		return err;
	err = trace_mkdir_p(buf);
	if (err)
		return msg_errno(err, "cannot create %s", buf);
	return 0;
}

int trace_dir_new(const char *prog, char *buf, size_t len)
{
	char parent[PATH_MAX];
	const char *base = strrchr(prog, '/');
	struct stat st;
	int err;

	base = base ? base + 1 : prog;
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		base = "trace";
	err = trace_default_parent(parent, sizeof(parent));
	if (err)
		return err;
	for (unsigned int i = 0; i < 1000000; i++) {
		int n = snprintf(buf, len, "%s/%s-%u", parent, base, i);

		if (n < 0 || (size_t)n >= len)
			return msg_errno(-ENAMETOOLONG, "%s/%s", parent, base);
		if (lstat(buf, &st) < 0 && errno == ENOENT)
			return 0;
	}
	msg_err("too many traces of %s in %s", base, parent);
	return -EEXIST;
}

/* The parent directory of dir, resolved, in buf. */
static int real_parent(const char *dir, char *buf)
{
	char tmp[PATH_MAX];
	char *slash;

	if (!realpath(dir, tmp))
		return -errno;
	slash = strrchr(tmp, '/');
	if (!slash || slash == tmp)
		return -EINVAL;
	*slash = '\0';
	strcpy(buf, tmp);
	return 0;
}

int trace_set_latest(const char *dir)
{
	char parent[PATH_MAX], rparent[PATH_MAX], dparent[PATH_MAX];
	char tmp[PATH_MAX + 64], link[PATH_MAX + 32], rdir[PATH_MAX];
	int err;

	err = trace_default_parent(parent, sizeof(parent));
	if (err)
		return err;
	if (!realpath(parent, rparent) || !realpath(dir, rdir))
		return msg_errno(-errno, "cannot resolve %s", dir);
	err = real_parent(rdir, dparent);
	if (err || strcmp(dparent, rparent))
		return 0;	/* elsewhere: latest-trace is for ours only */
	snprintf(tmp, sizeof(tmp), "%s/.%s.%d", rparent, LATEST, (int)getpid());
	snprintf(link, sizeof(link), "%s/%s", rparent, LATEST);
	unlink(tmp);
	/* A temporary link renamed over the old one: readers never find
	 * latest-trace missing or half-made. */
	if (symlink(strrchr(rdir, '/') + 1, tmp) < 0)
		return msg_errno(-errno, "cannot create %s", tmp);
	if (rename(tmp, link) < 0) {
		err = msg_errno(-errno, "cannot update %s", link);
		unlink(tmp);
		return err;
	}
	return 0;
}

static int resolve_latest(char *buf, size_t len)
{
	char parent[PATH_MAX], link[PATH_MAX + 32], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int err;

	err = trace_default_parent(parent, sizeof(parent));
	if (err)
		return err;
	snprintf(link, sizeof(link), "%s/%s", parent, LATEST);
	if (lstat(link, &st) < 0) {
		msg_err("no recordings yet in %s", parent);
		return -ENOENT;
	}
	if (!realpath(link, target)) {
		n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		msg_err("no trace at %s (it points to %s, which is gone)",
			link, target);
		return -ENOENT;
	}
	return put_path(buf, len, target, "");
}

int trace_dir_resolve(const char *arg, char *buf, size_t len)
{
	char parent[PATH_MAX], alt[PATH_MAX + NAME_MAX + 2];
	struct stat st;

	if (!arg)
		return resolve_latest(buf, len);
	if (stat(arg, &st) == 0)
		return put_path(buf, len, arg, "");
	/* A bare name is also looked up under the default parent, so that
	 * "rrsup replay ls-3" works from anywhere. */
	if (errno == ENOENT && !strchr(arg, '/') && *arg &&
	    default_parent_path(parent, sizeof(parent)) == 0) {
		snprintf(alt, sizeof(alt), "%s/%s", parent, arg);
		if (stat(alt, &st) == 0)
			return put_path(buf, len, alt, "");
	}
	msg_err("no trace at %s", arg);
	return -ENOENT;
}
