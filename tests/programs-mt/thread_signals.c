/* Signals between threads: pthread_kill (tgkill) sends SIGUSR1 to each of
 * three worker threads, and kill(getpid(), SIGUSR2) goes to the process,
 * taken by whichever thread does not block it (only workers 1 and 2).
 * The handler logs which thread ran it; the log's order depends on
 * scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NT 3

static __thread int me = -1;
static char log_[256];
static atomic_int pos, usr1, usr2, ready;
static volatile int stop;

static void handler(int sig)
{
	int p = atomic_fetch_add(&pos, 2);

	if (p < (int)sizeof(log_) - 2) {
		log_[p] = sig == SIGUSR1 ? 'u' : 'U';
		log_[p + 1] = (char)('0' + me);
	}
	atomic_fetch_add(sig == SIGUSR1 ? &usr1 : &usr2, 1);
}

static void *worker(void *arg)
{
	sigset_t s;

	me = (int)(long)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(me == 0 ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
	atomic_fetch_add(&ready, 1);
	while (!stop)
		usleep(20);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t[NT];
	sigset_t s;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	me = 9;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	while (atomic_load(&ready) < NT)
		usleep(10);
	for (int r = 0; r < 4; r++) {
		for (int i = 0; i < NT; i++)
			pthread_kill(t[(i + r) % NT], SIGUSR1);
		kill(getpid(), SIGUSR2);
		/* Each round's signals are handled before the next round, so
		 * none coalesce (bounded wait, in case something is wrong). */
		for (int w = 0; w < 2000 && (atomic_load(&usr1) < (r + 1) * NT ||
					     atomic_load(&usr2) < r + 1); w++)
			usleep(r % 2 ? 20 : 5);
	}
	stop = 1;
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	printf("usr1 %d, usr2 %d\n", atomic_load(&usr1), atomic_load(&usr2));
	int u2 = 0;
	for (int i = 0; log_[i]; i += 2)
		u2 += log_[i] == 'U' && (log_[i + 1] == '0' || log_[i + 1] == '9');
	printf("usr2 taken by a thread that blocks it: %d\n", u2);
	printf("log %s\n", log_);
	return 0;
}
