/* Control flow steered by time and randomness: each round picks a
 * different syscall depending on a clock's low bits and a random byte, so
 * a replay that does not feed back the recorded values takes another path.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	char path[64];
	int counts[4] = { 0 };
	for (int round = 0; round < 200; round++) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		unsigned char r = 0;
		if (round % 3 == 0)
			getrandom(&r, 1, 0);
		int choice = ((ts.tv_nsec >> 4) ^ r) & 3;
		counts[choice]++;
		switch (choice) {
		case 0:
			getppid();
			break;
		case 1: {
			struct utsname u;
			uname(&u);
			break;
		}
		case 2: {
			int fd = open("/dev/null", O_RDONLY);
			close(fd);
			break;
		}
		case 3: {
			struct stat st;
			snprintf(path, sizeof path, "/proc/self/fd/%d", round % 3);
			stat(path, &st);
			break;
		}
		}
	}
	printf("time_branch: choices %d %d %d %d\n", counts[0], counts[1], counts[2], counts[3]);
	struct timespec end;
	clock_gettime(CLOCK_REALTIME, &end);
	printf("time_branch: ended at %lld.%09ld\n", (long long)end.tv_sec, end.tv_nsec);
	return 0;
}
