/* readlink on /proc/self/{exe,cwd,fd/N}: pipe and socket names carry
 * inode numbers that differ per run.
 * rrsup-test: varies */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0) {
		printf("readlink_proc: %s -> error\n", path);
		return;
	}
	buf[n] = 0;
	const char *b = buf;
	if (strncmp(path, "/proc/self/exe", 14) == 0 && strrchr(buf, '/'))
		b = strrchr(buf, '/') + 1;
	printf("readlink_proc: %s -> %s\n", path, b);
}

int main(void)
{
	int p[2], s[2];
	if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, s))
		return 1;
	char path[64];
	show("/proc/self/exe");
	for (int fd = 0; fd <= s[1]; fd++) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (fd > 2)
			show(path);
	}
	return 0;
}
