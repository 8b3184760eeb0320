/* Blocked reads handed off: four threads block in read(2) on one pipe;
 * the main thread writes 24 single bytes with short pauses.  Which thread
 * got which byte depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NT 4
#define NB 24

static int pfd[2];
static char got[NT][NB + 1];

static void *reader(void *arg)
{
	long id = (long)arg;
	int n = 0;
	char c;

	while (read(pfd[0], &c, 1) == 1 && c != '.')
		got[id][n++] = c;
	return NULL;
}

int main(void)
{
	pthread_t t[NT];
	int total = 0;

	if (pipe(pfd))
		return 1;
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, reader, (void *)i);
	usleep(200);
	for (int i = 0; i < NB; i++) {
		char c = (char)('a' + i);

		if (write(pfd[1], &c, 1) != 1)
			return 1;
		if (i % 3 == 0)
			usleep(30);
	}
	if (write(pfd[1], "....", NT) != NT)
		return 1;
	for (int i = 0; i < NT; i++) {
		pthread_join(t[i], NULL);
		total += (int)strlen(got[i]);
	}
	for (int i = 0; i < NT; i++)
		printf("reader %d: %s\n", i, got[i]);
	printf("bytes %d\n", total);
	return 0;
}
