/* Values glibc and programs get from /proc and /sys: sysconf, nprocs,
 * /proc/meminfo, /proc/uptime, /proc/self/limits, /sys cpu lists.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static void first_lines(const char *path, int n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("sysfiles: %s: cannot open\n", path);
		return;
	}
	char line[512];
	for (int i = 0; i < n && fgets(line, sizeof line, f); i++)
		printf("sysfiles: %s: %s", path, line);
	fclose(f);
}

int main(void)
{
	printf("sysfiles: nprocessors conf %ld onln %ld\n", sysconf(_SC_NPROCESSORS_CONF),
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("sysfiles: get_nprocs %d conf %d\n", get_nprocs(), get_nprocs_conf());
	printf("sysfiles: phys pages %ld avphys %ld\n", sysconf(_SC_PHYS_PAGES),
	       sysconf(_SC_AVPHYS_PAGES));
	printf("sysfiles: clk_tck %ld pagesize %ld open_max %ld\n", sysconf(_SC_CLK_TCK),
	       sysconf(_SC_PAGESIZE), sysconf(_SC_OPEN_MAX));
	first_lines("/proc/meminfo", 3);
	first_lines("/proc/uptime", 1);
	first_lines("/proc/self/limits", 4);
	first_lines("/sys/devices/system/cpu/online", 1);
	first_lines("/proc/sys/kernel/random/boot_id", 1);
	first_lines("/proc/sys/kernel/random/uuid", 1);
	first_lines("/proc/self/sched", 1);
	return 0;
}
