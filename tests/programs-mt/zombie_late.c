/* Zombies reaped late: five children exit after different short sleeps;
 * the parent watches /proc/PID/stat until each shows state Z, noting the
 * order in which they became zombies, and only then reaps them, in
 * reverse creation order, with waitpid.
 * rrsup-test: varies */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NC 5

static char state(pid_t p)
{
	char path[64], s[256], st = '?';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", p);
	f = fopen(path, "r");
	if (!f)
		return '-';
	if (fgets(s, sizeof(s), f)) {
		char *q = s;

		while (*q && *q != ')')
			q++;
		if (q[0] && q[1] && q[2])
			st = q[2];
	}
	fclose(f);
	return st;
}

int main(void)
{
	pid_t kids[NC];
	int zombie[NC] = { 0 }, nz = 0, tries = 0;
	char order[NC + 1] = { 0 };

	fflush(stdout);
	for (int i = 0; i < NC; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			usleep(100 + 40 * ((i * 3) % NC));
			_exit(20 + i);
		}
	}
	while (nz < NC && tries++ < 100000) {
		for (int i = 0; i < NC; i++)
			if (!zombie[i] && state(kids[i]) == 'Z') {
				zombie[i] = 1;
				order[nz++] = (char)('0' + i);
			}
	}
	printf("became zombies in order %s\n", order);
	for (int i = NC - 1; i >= 0; i--) {
		int st;
		pid_t p = waitpid(kids[i], &st, 0);

		printf("reaped child %d: %s status %d, /proc entry now %s\n", i, p == kids[i] ? "ok" : "?",
		       WEXITSTATUS(st), state(kids[i]) == '-' ? "gone" : "present");
	}
	return 0;
}
