/* /proc/self/stat and /proc/self/statm read whole and printed.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void show(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = 0;
	printf("proc_stat: %s (%zd bytes): %s", path, n, buf);
	if (n == 0 || buf[n - 1] != '\n')
		printf("\n");
}

int main(void)
{
	show("/proc/self/stat");
	show("/proc/self/statm");
	show("/proc/uptime");
	show("/proc/loadavg");
	return 0;
}
