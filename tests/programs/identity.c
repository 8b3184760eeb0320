/* Who and where: uname, uids/gids, groups, sysinfo, getrusage, times,
 * getpriority, hostname.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;
	uname(&u);
	printf("identity: uname %s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version,
	       u.machine);
	char host[256];
	gethostname(host, sizeof host);
	printf("identity: hostname %s\n", host);
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("identity: uid %d euid %d resuid %d %d %d\n", (int)getuid(), (int)geteuid(),
	       (int)r, (int)e, (int)s);
	printf("identity: gid %d egid %d\n", (int)getgid(), (int)getegid());
	gid_t groups[64];
	int n = getgroups(64, groups);
	printf("identity: %d groups:", n);
	for (int i = 0; i < n; i++)
		printf(" %d", (int)groups[i]);
	printf("\n");
	struct sysinfo si;
	sysinfo(&si);
	printf("identity: sysinfo uptime %ld freeram %lu procs %u loads %lu %lu %lu\n", si.uptime,
	       si.freeram, si.procs, si.loads[0], si.loads[1], si.loads[2]);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("identity: rusage utime %ld.%06ld stime %ld.%06ld maxrss %ld minflt %ld nvcsw %ld nivcsw %ld\n",
	       (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec,
	       (long)ru.ru_stime.tv_usec, ru.ru_maxrss, ru.ru_minflt, ru.ru_nvcsw, ru.ru_nivcsw);
	struct tms t;
	clock_t c = times(&t);
	printf("identity: times %ld user %ld sys %ld\n", (long)c, (long)t.tms_utime,
	       (long)t.tms_stime);
	printf("identity: getpriority %d\n", getpriority(PRIO_PROCESS, 0));
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	printf("identity: RLIMIT_NOFILE %llu %llu\n", (unsigned long long)rl.rlim_cur,
	       (unsigned long long)rl.rlim_max);
	getrlimit(RLIMIT_STACK, &rl);
	printf("identity: RLIMIT_STACK %llu\n", (unsigned long long)rl.rlim_cur);
	printf("identity: umask was %03o\n", (unsigned)umask(022));
	fprintf(stderr, "identity: uptime %ld\n", si.uptime);
	return 0;
}
