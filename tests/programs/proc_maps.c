/* /proc/self/maps: line count, a hash of the text, the first lines.
 * rrsup-test: varies */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f) {
		perror("/proc/self/maps");
		return 1;
	}
	char line[1024];
	int n = 0;
	uint64_t h = 1469598103934665603ULL;
	while (fgets(line, sizeof line, f)) {
		for (char *p = line; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		if (n < 3)
			printf("proc_maps: line %d: %s", n, line);
		if (strstr(line, "[stack]"))
			printf("proc_maps: stack line: %s", line);
		n++;
	}
	fclose(f);
	printf("proc_maps: %d lines, hash %016llx\n", n, (unsigned long long)h);
	fprintf(stderr, "proc_maps: %d lines\n", n);
	return 0;
}
