/* A thread exits while other threads hold locks: four holders each keep
 * their own mutex across a short sleep; a fifth thread counts with
 * trylock how many are held at the moment it exits, and the holders log
 * when they got and released theirs.
 * rrsup-test: native-variants=5 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NH 4

static pthread_mutex_t locks[NH] = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
				     PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };
static pthread_mutex_t logm = PTHREAD_MUTEX_INITIALIZER;
static char log_[256];

static void note(const char *s)
{
	pthread_mutex_lock(&logm);
	strcat(log_, s);
	pthread_mutex_unlock(&logm);
}

static void *holder(void *arg)
{
	long id = (long)arg;
	char s[8];

	for (int i = 0; i < 3; i++) {
		pthread_mutex_lock(&locks[id]);
		snprintf(s, sizeof(s), "L%ld ", id);
		note(s);
		usleep(100 + 150 * id);
		pthread_mutex_unlock(&locks[id]);
		snprintf(s, sizeof(s), "U%ld ", id);
		note(s);
		usleep(100);
	}
	return NULL;
}

static void *exiter(void *arg)
{
	int held = 0;
	char s[16];

	(void)arg;
	usleep(300);
	for (int i = 0; i < NH; i++) {
		if (pthread_mutex_trylock(&locks[i]) == EBUSY)
			held++;
		else
			pthread_mutex_unlock(&locks[i]);
	}
	snprintf(s, sizeof(s), "X(held=%d) ", held);
	note(s);
	pthread_exit(NULL);
}

int main(void)
{
	pthread_t h[NH], x;

	for (long i = 0; i < NH; i++)
		pthread_create(&h[i], NULL, holder, (void *)i);
	pthread_create(&x, NULL, exiter, NULL);
	pthread_join(x, NULL);
	note("J ");
	for (int i = 0; i < NH; i++)
		pthread_join(h[i], NULL);
	printf("%s\n", log_);
	return 0;
}
