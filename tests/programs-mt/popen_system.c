/* popen and system: popen("...", "r") reads a shell pipeline whose two
 * background jobs race to write; system() runs a shell that exits 7; a
 * popen("...", "w") feeds a command.  The race's outcome depends on
 * scheduling.
 * rrsup-test: varies */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(void)
{
	char buf[256], all[1024] = "";
	FILE *f;
	int st;

	fflush(stdout);
	f = popen("for i in 1 2 3 4; do echo a$i; sleep 0.001; done & "
		  "for i in 1 2 3 4; do echo b$i; sleep 0.001; done & wait", "r");
	if (!f)
		return 1;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = ' ';
		strcat(all, buf);
	}
	st = pclose(f);
	printf("race: %s(status %d)\n", all, WEXITSTATUS(st));
	fflush(stdout);
	st = system("exit 7");
	printf("system: exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));
	fflush(stdout);
	f = popen("wc -c", "w");
	if (!f)
		return 1;
	fputs("twelve bytes", f);
	fflush(stdout);
	st = pclose(f);
	printf("pclose(w): %d\n", WEXITSTATUS(st));
	return 0;
}
