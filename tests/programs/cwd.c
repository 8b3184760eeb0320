/* getcwd, chdir into a fresh directory (named after the pid, so it
 * varies), relative opens, fchdir back, /proc/self/cwd.  Replay runs in
 * another directory and must still report the recorded ones.
 * rrsup-test: varies */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char cwd[PATH_MAX], start[PATH_MAX];
	if (!getcwd(start, sizeof start))
		return 1;
	printf("cwd: start %s\n", start);
	int home = open(".", O_RDONLY | O_DIRECTORY);
	char sub[PATH_MAX];
	snprintf(sub, sizeof sub, "%s/cwd.%d", tmp, (int)getpid());
	printf("cwd: mkdir %d\n", mkdir(sub, 0700));
	printf("cwd: chdir %d\n", chdir(sub));
	printf("cwd: getcwd %s\n", getcwd(cwd, sizeof cwd));
	int fd = open("relative.txt", O_CREAT | O_WRONLY, 0600);
	printf("cwd: relative create %d\n", fd >= 0);
	close(fd);
	struct stat st;
	printf("cwd: stat relative %d\n", stat("relative.txt", &st));
	int r1 = mkdir("nested", 0700);
	int r2 = chdir("nested");
	printf("cwd: mkdir nested %d chdir %d\n", r1, r2);
	printf("cwd: getcwd %s\n", getcwd(cwd, sizeof cwd));
	char link[PATH_MAX];
	ssize_t n = readlink("/proc/self/cwd", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	printf("cwd: /proc/self/cwd %s\n", link);
	printf("cwd: chdir .. %d\n", chdir(".."));
	printf("cwd: getcwd %s\n", getcwd(cwd, sizeof cwd));
	r1 = unlink("relative.txt");
	r2 = rmdir("nested");
	printf("cwd: cleanup %d %d\n", r1, r2);
	printf("cwd: fchdir home %d\n", fchdir(home));
	printf("cwd: back at start %d\n", strcmp(getcwd(cwd, sizeof cwd), start) == 0);
	printf("cwd: rmdir %d\n", rmdir(sub));
	char small[4];
	printf("cwd: getcwd small buffer %s\n", getcwd(small, sizeof small) ? "ok" : "NULL");
	return 0;
}
