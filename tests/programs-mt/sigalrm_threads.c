/* An interval timer's SIGALRM in a multi-threaded process: three threads
 * sleep in short nanosleeps, each letting SIGALRM in only every other
 * sleep, so the process-directed signal is taken by whichever thread the
 * kernel finds eligible (the main thread blocks it); the handler logs
 * which thread ran it.  Picks depend on timing.
 * rrsup-test: native-variants=5 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define NT 3
#define ALARMS 12

static __thread int me;
static char log_[ALARMS + 1];
static atomic_int n;

static void on_alrm(int sig)
{
	int i = atomic_fetch_add(&n, 1);

	(void)sig;
	if (i < ALARMS)
		log_[i] = (char)('0' + me);
}

static void *worker(void *arg)
{
	sigset_t s;

	me = (int)(long)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	/* Each thread lets SIGALRM in for a while, then blocks it, with its
	 * own rhythm: who is eligible when the timer fires depends on timing. */
	for (int i = 0; atomic_load(&n) < ALARMS; i++) {
		pthread_sigmask((i + me) % 2 ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
		usleep(20 + 15 * me);
	}
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 250 }, { 0, 250 } }, off = { { 0, 0 }, { 0, 0 } };
	pthread_t t[NT];
	sigset_t s;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	setitimer(ITIMER_REAL, &off, NULL);
	printf("handled by %s\n", log_);
	return 0;
}
