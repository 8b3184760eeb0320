#include "sched.h"

#include <errno.h>
#include <sched.h>

int sched_pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

int sched_pin_self(void)
{
	cpu_set_t allowed;
	int cpu, err;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return -errno;
	cpu = sched_getcpu();
	if (cpu < 0 || !CPU_ISSET(cpu, &allowed)) {
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &allowed))
				break;
		if (cpu == CPU_SETSIZE)
			return -EINVAL;
	}
	err = sched_pin_cpu(cpu);
	return err ? err : cpu;
}

int sched_pick(const unsigned char *ready, int n, int *cursor)
{
	int i, k;

	for (i = 0; i < n; i++) {
		k = (*cursor + i) % n;
		if (ready[k]) {
			*cursor = (k + 1) % n;
			return k;
		}
	}
	return -1;
}
