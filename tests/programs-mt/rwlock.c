/* Readers and writers on a pthread rwlock: five readers and two writers
 * log R<i>/W<i> each time they get the lock, with the number of readers
 * inside; the log's order depends on scheduling.  The program also checks
 * that no reader ever saw a writer inside.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NR 5
#define NW 2
#define ITER 8

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t logm = PTHREAD_MUTEX_INITIALIZER;
static atomic_int readers_in, writers_in, violations;
static char log_[1024];
static int value;

static void note(char kind, long id, int n)
{
	char s[16];

	snprintf(s, sizeof(s), "%c%ld%s ", kind, id, n > 1 ? "+" : "");
	pthread_mutex_lock(&logm);
	strcat(log_, s);
	pthread_mutex_unlock(&logm);
}

static void *reader(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		pthread_rwlock_rdlock(&rw);
		int n = atomic_fetch_add(&readers_in, 1) + 1;
		if (atomic_load(&writers_in))
			atomic_fetch_add(&violations, 1);
		note('R', id, n);
		getppid();
		atomic_fetch_sub(&readers_in, 1);
		pthread_rwlock_unlock(&rw);
		sched_yield();
	}
	return NULL;
}

static void *writer(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ITER; i++) {
		pthread_rwlock_wrlock(&rw);
		atomic_fetch_add(&writers_in, 1);
		if (atomic_load(&readers_in))
			atomic_fetch_add(&violations, 1);
		value++;
		note('W', id, 1);
		usleep(30);
		atomic_fetch_sub(&writers_in, 1);
		pthread_rwlock_unlock(&rw);
		usleep(30);
	}
	return NULL;
}

int main(void)
{
	pthread_t r[NR], w[NW];

	for (long i = 0; i < NW; i++)
		pthread_create(&w[i], NULL, writer, (void *)i);
	for (long i = 0; i < NR; i++)
		pthread_create(&r[i], NULL, reader, (void *)i);
	for (int i = 0; i < NR; i++)
		pthread_join(r[i], NULL);
	for (int i = 0; i < NW; i++)
		pthread_join(w[i], NULL);
	/* Eight entries a line: the line count must not depend on how many
	 * entries carry a '+', or a run could not be compared line by line. */
	int k = 0;
	for (char *p = strtok(log_, " "); p; p = strtok(NULL, " "))
		printf("%s%s", p, ++k % 8 ? " " : "\n");
	if (k % 8)
		printf("\n");
	printf("value %d violations %d\n", value, atomic_load(&violations));
	return 0;
}
