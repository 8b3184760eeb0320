/* /proc/self/status: TracerPid, Pid, VmRSS, Cpus_allowed_list, Seccomp...
 * (under record these show the tracer; replay must show the same).
 * rrsup-test: varies */
#include <stdio.h>
#include <string.h>

int main(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f) {
		perror("/proc/self/status");
		return 1;
	}
	char line[512];
	static const char *keys[] = { "Name:", "State:", "Pid:", "PPid:", "TracerPid:",
				      "VmPeak:", "VmRSS:", "Threads:", "Seccomp:",
				      "Cpus_allowed_list:", "NoNewPrivs:",
				      "voluntary_ctxt_switches:", NULL };
	while (fgets(line, sizeof line, f))
		for (int i = 0; keys[i]; i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0)
				printf("proc_status: %s", line);
	fclose(f);
	return 0;
}
