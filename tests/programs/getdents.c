/* mkdir a tree, list it with raw getdents64 (inodes, offsets, types),
 * then with readdir, then remove it all.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct d64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char dir[4096], p[4200];
	snprintf(dir, sizeof dir, "%s/getdents.d", tmp);
	printf("getdents: mkdir %d\n", mkdir(dir, 0755));
	static const char *names[] = { "alpha", "beta", "gamma", "delta", "epsilon", NULL };
	for (int i = 0; names[i]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		int fd = open(p, O_CREAT | O_WRONLY, 0644);
		if (write(fd, names[i], i) != i)
			return 98;
		close(fd);
	}
	snprintf(p, sizeof p, "%s/subdir", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/link", dir);
	printf("getdents: symlink %d\n", symlink("alpha", p));
	struct stat dst;
	stat(dir, &dst);
	printf("getdents: dir ino %llu mtime %lld.%09ld\n", (unsigned long long)dst.st_ino,
	       (long long)dst.st_mtim.tv_sec, dst.st_mtim.tv_nsec);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	char buf[4096];
	long n;
	int count = 0;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		printf("getdents: getdents64 returned %ld\n", n);
		for (long off = 0; off < n;) {
			struct d64 *d = (struct d64 *)(buf + off);
			printf("getdents: ino %llu off %lld type %u name %s\n", d->d_ino,
			       d->d_off, d->d_type, d->d_name);
			off += d->d_reclen;
			count++;
		}
	}
	printf("getdents: final %ld, %d entries\n", n, count);
	close(fd);
	/* readdir, sorted output for a stable view of the names. */
	DIR *dp = opendir(dir);
	char *list[16];
	int k = 0;
	struct dirent *de;
	while ((de = readdir(dp)) && k < 16)
		list[k++] = strdup(de->d_name);
	closedir(dp);
	for (int i = 0; i < k; i++)
		for (int j = i + 1; j < k; j++)
			if (strcmp(list[i], list[j]) > 0) {
				char *t = list[i];
				list[i] = list[j];
				list[j] = t;
			}
	printf("getdents: sorted:");
	for (int i = 0; i < k; i++) {
		printf(" %s", list[i]);
		free(list[i]);
	}
	printf("\n");
	for (int i = 0; names[i]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/link", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/subdir", dir);
	rmdir(p);
	printf("getdents: rmdir %d\n", rmdir(dir));
	return 0;
}
