/* Process attributes: prctl name/dumpable/no_new_privs/seccomp mode,
 * personality, CPU affinity, sched_getcpu (rseq or vDSO getcpu), the
 * scheduler policy.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char name[17] = { 0 };
	prctl(PR_GET_NAME, name);
	printf("prctl_misc: name %s\n", name);
	prctl(PR_SET_NAME, "renamed-task");
	prctl(PR_GET_NAME, name);
	printf("prctl_misc: renamed %s\n", name);
	printf("prctl_misc: dumpable %d\n", prctl(PR_GET_DUMPABLE));
	printf("prctl_misc: no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	printf("prctl_misc: seccomp mode %d\n", prctl(PR_GET_SECCOMP));
	printf("prctl_misc: tsc mode ");
	int tsc = -1;
	prctl(PR_GET_TSC, &tsc);
	printf("%d\n", tsc);
	printf("prctl_misc: personality %#x\n", personality(0xffffffff));
	cpu_set_t set;
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof set, &set);
	printf("prctl_misc: affinity count %d cpus:", CPU_COUNT(&set));
	for (int i = 0; i < 64; i++)
		if (CPU_ISSET(i, &set))
			printf(" %d", i);
	printf("\n");
	int cpu = sched_getcpu();
	unsigned c2 = 99, node = 99;
	long r = syscall(SYS_getcpu, &c2, &node, NULL);
	printf("prctl_misc: sched_getcpu %d getcpu %ld cpu %u node %u\n", cpu, r, c2, node);
	printf("prctl_misc: scheduler %d\n", sched_getscheduler(0));
	/* Something time-varying so the test tells replay from a rerun. */
	struct timespec rr;
	sched_rr_get_interval(0, &rr);
	printf("prctl_misc: rr interval %ld.%09ld\n", (long)rr.tv_sec, rr.tv_nsec);
	printf("prctl_misc: pid %d\n", (int)getpid());
	return 0;
}
