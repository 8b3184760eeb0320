/* sched_getaffinity, sysconf(_SC_NPROCESSORS_ONLN/CONF), get_nprocs and
 * /sys/devices/system/cpu/online must agree (whatever CPUs the recording
 * is allowed to use), in the main thread and in six threads; each thread
 * also checks sched_getcpu() is one it may run on.  The threads report in
 * an order that depends on scheduling; the verdicts do not.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#define NT 6

static atomic_int ticket;
static int order[NT];
static int verdict[NT];
static pthread_barrier_t bar;

static int parse_online(cpu_set_t *set)
{
	char buf[256], *p = buf;
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	int n = 0;

	CPU_ZERO(set);
	if (!f || !fgets(buf, sizeof(buf), f))
		return -1;
	fclose(f);
	while (*p && *p != '\n') {
		long a = strtol(p, &p, 10), b = a;

		if (*p == '-')
			b = strtol(p + 1, &p, 10);
		for (long i = a; i <= b; i++, n++)
			CPU_SET(i, set);
		if (*p == ',')
			p++;
	}
	return n;
}

static int check(void)
{
	cpu_set_t aff, online;
	int nonline = parse_online(&online);
	long onln = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
	int cpu;

	if (sched_getaffinity(0, sizeof(aff), &aff))
		return 1;
	if (nonline < 1 || onln != nonline || get_nprocs() != nonline)
		return 2;
	if (conf < onln || get_nprocs_conf() < nonline)
		return 3;
	if (CPU_COUNT(&aff) < 1 || CPU_COUNT(&aff) > nonline)
		return 4;
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &aff) && !CPU_ISSET(i, &online))
			return 5;
	cpu = sched_getcpu();
	if (cpu < 0 || !CPU_ISSET(cpu, &online))
		return 6;
	return 0;
}

static void *worker(void *arg)
{
	long id = (long)arg;

	pthread_barrier_wait(&bar);
	verdict[id] = check();
	order[atomic_fetch_add(&ticket, 1)] = (int)id;
	return NULL;
}

int main(void)
{
	pthread_t t[NT];

	printf("main: %s\n", check() ? "inconsistent" : "consistent");
	pthread_barrier_init(&bar, NULL, NT);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NT; i++)
		printf("thread %d: %s (check %d)\n", order[i], verdict[order[i]] ? "inconsistent" : "consistent",
		       verdict[order[i]]);
	return 0;
}
