/* Thread names: eight threads race to take a ticket and name themselves
 * with prctl(PR_SET_NAME, "w<id>-<ticket>"); the main thread then reads
 * every /proc/self/task/TID/comm and PR_GET_NAME, and prints the names in
 * thread-creation order.  The tickets depend on scheduling.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define NT 8

static atomic_int ticket;
static pthread_barrier_t named, done;

static void *worker(void *arg)
{
	long id = (long)arg;
	char name[16];

	if (id % 3 == 1)
		usleep(10);
	else if (id % 3 == 2)
		sched_yield();
	snprintf(name, sizeof(name), "w%ld-%d", id, atomic_fetch_add(&ticket, 1));
	prctl(PR_SET_NAME, name);
	pthread_barrier_wait(&named);
	pthread_barrier_wait(&done);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	pthread_t t[NT];
	char buf[32];
	int tids[NT + 1], n = 0;
	DIR *d;
	struct dirent *e;

	prctl(PR_SET_NAME, "mainthread");
	pthread_barrier_init(&named, NULL, NT + 1);
	pthread_barrier_init(&done, NULL, NT + 1);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	pthread_barrier_wait(&named);
	d = opendir("/proc/self/task");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && n <= NT)
			tids[n++] = atoi(e->d_name);
	if (d)
		closedir(d);
	qsort(tids, n, sizeof(int), cmp);
	printf("%d tasks\n", n);
	for (int i = 0; i < n; i++) {
		char path[64];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tids[i]);
		f = fopen(path, "r");
		if (!f || !fgets(buf, sizeof(buf), f))
			strcpy(buf, "?\n");
		if (f)
			fclose(f);
		printf("task %d%s: %s", i, tids[i] == getpid() ? " (leader)" : "", buf);
	}
	if (pthread_getname_np(t[0], buf, sizeof(buf)) == 0)
		printf("pthread_getname_np(t0): %s\n", buf);
	prctl(PR_GET_NAME, buf);
	printf("PR_GET_NAME: %s\n", buf);
	pthread_barrier_wait(&done);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	return 0;
}
