/* 100,000 cheap syscalls of several kinds in a tight loop, with a clock
 * read every 1000: replay must keep up (each step has a time limit) and
 * stay in step.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	char buf[64];
	uint64_t sum = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long long last = 0;
	for (int i = 0; i < 100000; i++) {
		switch (i % 4) {
		case 0:
			sum += getppid();
			break;
		case 1:
			sum += read(fd, buf, sizeof buf);
			break;
		case 2:
			sum += lseek(fd, 0, SEEK_CUR);
			break;
		case 3:
			sum += getuid();
			break;
		}
		if (i % 1000 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			last = (t.tv_sec - t0.tv_sec) * 1000000000LL + (t.tv_nsec - t0.tv_nsec);
			sum += last & 0xff;
		}
	}
	close(fd);
	printf("many_syscalls: sum %llu last clock delta %lld ns\n", (unsigned long long)sum, last);
	return 0;
}
