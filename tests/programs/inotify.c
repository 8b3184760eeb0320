/* inotify on a temp directory: create, modify, rename (the cookie is a
 * global counter, so it varies), delete, and the event stream read back.
 * rrsup-test: varies */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char dir[4096], f[4200], g[4200];
	snprintf(dir, sizeof dir, "%s/inotify.d", tmp);
	mkdir(dir, 0700);
	snprintf(f, sizeof f, "%s/one", dir);
	snprintf(g, sizeof g, "%s/two", dir);
	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	int wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	printf("inotify: fd %d wd %d\n", in, wd);
	int fd = open(f, O_CREAT | O_WRONLY, 0600);
	if (write(fd, "x", 1) != 1)
		return 1;
	close(fd);
	rename(f, g);
	unlink(g);
	char buf[4096] __attribute__((aligned(8)));
	ssize_t n = read(in, buf, sizeof buf);
	printf("inotify: read %zd\n", n);
	for (char *p = buf; n > 0 && p < buf + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		printf("inotify: wd %d mask %#x cookie %u name %s\n", e->wd, e->mask, e->cookie,
		       e->len ? e->name : "");
		p += sizeof *e + e->len;
	}
	n = read(in, buf, sizeof buf);
	printf("inotify: empty read %zd\n", n);
	rmdir(dir);
	n = read(in, buf, sizeof buf);
	printf("inotify: after rmdir read %zd\n", n);
	close(in);
	return 0;
}
