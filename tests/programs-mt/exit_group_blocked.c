/* exit_group while other threads block: three threads block in read on
 * pipes nobody writes, one in nanosleep, one in futex (a mutex the main
 * thread holds); the threads report with write(2) as they start, in an
 * order that depends on scheduling, and the main thread then returns
 * from main with status 3.
 * rrsup-test: varies status=3 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int pfd[2];
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static atomic_int started;
static pthread_barrier_t bar;

static void say(long id, const char *what)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%ld:%s ", id, what);

	pthread_barrier_wait(&bar); /* all start at once */

	if (write(1, s, n) < 0)
		_exit(9);
	atomic_fetch_add(&started, 1);
}

static void *reader(void *arg)
{
	char c;

	say((long)arg, "read");
	if (read(pfd[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

static void *sleeper(void *arg)
{
	say((long)arg, "sleep");
	sleep(30);
	return NULL;
}

static void *locker(void *arg)
{
	say((long)arg, "lock");
	pthread_mutex_lock(&held);
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pipe(pfd))
		return 1;
	pthread_mutex_lock(&held);
	pthread_barrier_init(&bar, NULL, 5);
	for (long i = 0; i < 3; i++)
		pthread_create(&t, NULL, reader, (void *)i);
	pthread_create(&t, NULL, sleeper, (void *)3L);
	pthread_create(&t, NULL, locker, (void *)4L);
	while (atomic_load(&started) < 5)
		usleep(50);
	usleep(500);
	if (write(1, "\nexiting\n", 9) < 0)
		return 1;
	return 3;
}
