/* statfs/fstatfs on a few file systems: free block counts vary.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	const char *paths[] = { "/", "/proc", "/dev", dir };
	/* Write some data first so the free count moves between runs. */
	char path[4096];
	snprintf(path, sizeof path, "%s/statfs.fill", dir);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	static char junk[1 << 16];
	unsigned char r;
	getrandom(&r, 1, 0);
	printf("statfs: writing %d blocks of 64 KiB (random byte %02x)\n", 4 + r % 16, r);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	printf("statfs: at %lld.%09ld\n", (long long)now.tv_sec, now.tv_nsec);
	for (int i = 0; i < 4 + r % 16; i++)
		if (write(fd, junk, sizeof junk) < 0)
			break;
	fsync(fd);
	for (int i = 0; i < 4; i++) {
		struct statfs s;
		int rc = statfs(paths[i], &s);
		printf("statfs: %s -> %d type %#lx bsize %ld blocks %llu bfree %llu files %llu ffree %llu\n",
		       i == 3 ? "TMPDIR" : paths[i], rc, (unsigned long)s.f_type, (long)s.f_bsize,
		       (unsigned long long)s.f_blocks, (unsigned long long)s.f_bfree,
		       (unsigned long long)s.f_files, (unsigned long long)s.f_ffree);
	}
	struct statfs fs;
	fstatfs(fd, &fs);
	printf("statfs: fstatfs bavail %llu\n", (unsigned long long)fs.f_bavail);
	struct statvfs v;
	statvfs(dir, &v);
	printf("statfs: statvfs frsize %lu favail %llu flag %#lx\n", v.f_frsize,
	       (unsigned long long)v.f_favail, v.f_flag);
	close(fd);
	unlink(path);
	return 0;
}
