/* Creates a temp file with random content, reads it back, prints the
 * content, the inode number and the file's mtime.
 * rrsup-test: varies */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/tmpfile_random.XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		return 1;
	}
	unsigned char w[48], r[48];
	if (getrandom(w, sizeof w, 0) != sizeof w)
		return 99;
	if (write(fd, w, sizeof w) != sizeof w)
		return 98;
	close(fd);
	fd = open(path, O_RDONLY);
	ssize_t n = read(fd, r, sizeof r);
	struct stat st;
	fstat(fd, &st);
	close(fd);
	unlink(path);
	printf("tmpfile_random: read %zd bytes:", n);
	for (ssize_t i = 0; i < n; i++)
		printf("%02x", r[i]);
	printf("\ntmpfile_random: inode %llu size %lld mtime %lld.%09ld\n",
	       (unsigned long long)st.st_ino, (long long)st.st_size,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	/* The name mkstemp picked also came from random bits. */
	printf("tmpfile_random: name suffix %s\n", path + strlen(path) - 6);
	return 0;
}
