/* /proc/self/auxv read as a file: addresses in it vary with ASLR.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	unsigned long v[256];
	int fd = open("/proc/self/auxv", O_RDONLY);
	if (fd < 0) {
		perror("open /proc/self/auxv");
		return 1;
	}
	ssize_t n = read(fd, v, sizeof v);
	close(fd);
	printf("proc_auxv: read %zd bytes\n", n);
	for (ssize_t i = 0; i + 1 < n / (ssize_t)sizeof(long); i += 2) {
		if (v[i] == 0)
			break;
		if (v[i] == 31 /* AT_EXECFN */)
			continue; /* a pointer, shown as type only */
		printf("proc_auxv: type %2lu value 0x%lx\n", v[i], v[i + 1]);
	}
	return 0;
}
