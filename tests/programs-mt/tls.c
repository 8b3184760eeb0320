/* Thread-local storage: __thread variables (one initialised, one zero,
 * one array) in five threads; each thread's values are deterministic, the
 * interleaving of their log lines is not.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NT 5
#define ITER 6

static __thread int counter = 1000;
static __thread long zeroed;
static __thread char name[16] = "main";
static pthread_mutex_t logm = PTHREAD_MUTEX_INITIALIZER;
static char log_[2048];

static void *worker(void *arg)
{
	long id = (long)arg;
	char s[48];

	snprintf(name, sizeof(name), "t%ld", id);
	for (int i = 0; i < ITER; i++) {
		counter += (int)id;
		zeroed++;
		snprintf(s, sizeof(s), "%s:%d:%ld ", name, counter, zeroed);
		pthread_mutex_lock(&logm);
		strcat(log_, s);
		if (i % 2 == 1)
			strcat(log_, "\n");
		pthread_mutex_unlock(&logm);
		if (i % 2)
			sched_yield();
		else
			usleep(10);
	}
	return (void *)(long)counter;
}

int main(void)
{
	pthread_t t[NT];

	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++) {
		void *r;

		pthread_join(t[i], &r);
		printf("thread %d final counter %ld\n", i, (long)r);
	}
	printf("%s", log_);
	printf("main: %s %d %ld\n", name, counter, zeroed);
	return 0;
}
