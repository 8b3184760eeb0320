/* argv with awkward arguments, compared with /proc/self/cmdline.
 * rrsup-test: status=10 args="plain 'with space' '' 'tab	in' 'ünïcødé' -- --flag=1 '$HOME' '*'" */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	printf("argv: argc %d\n", argc);
	const char *base = strrchr(argv[0], '/');
	printf("argv: argv[0] basename %s\n", base ? base + 1 : argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argv: argv[%d] len %zu [%s]\n", i, strlen(argv[i]), argv[i]);
	printf("argv: argv[argc] is NULL %d\n", argv[argc] == NULL);
	char buf[8192];
	int fd = open("/proc/self/cmdline", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	int args = 0;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == 0)
			args++;
	size_t a0 = strlen(argv[0]) + 1;
	printf("argv: cmdline %zd bytes, %d strings, tail equals argv %d\n", n, args,
	       n > (ssize_t)a0 && memcmp(buf + a0, argv[1], strlen(argv[1])) == 0);
	return argc;
}
