/* sigwait in a dedicated thread: three sender threads each send SIGUSR1,
 * SIGUSR2 or SIGRTMIN+1 to the process six times (all threads block
 * them); the waiter takes them with sigwaitinfo and logs them.  Standard
 * signals coalesce, real-time ones queue; the received order and the
 * number of coalesced SIGUSRs depend on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sigset_t set;
static char log_[128];
static int rt, rtsum, n, pos;

static atomic_int senders = 3;

static void *sender(void *arg)
{
	int sig = (int)(long)arg;

	for (int i = 0; i < 6; i++) {
		if (sig == SIGRTMIN + 1) {
			union sigval v = { .sival_int = i };

			sigqueue(getpid(), sig, v);
		} else {
			kill(getpid(), sig);
		}
		usleep(sig == SIGUSR1 ? 20 : 35);
	}
	if (atomic_fetch_sub(&senders, 1) == 1)
		kill(getpid(), SIGTERM); /* the last sender is done */
	return NULL;
}

static void take(int sig, siginfo_t *si)
{
	if (pos >= (int)sizeof(log_) - 1)
		return;
	if (sig == SIGRTMIN + 1) {
		rt++;
		rtsum += si->si_value.sival_int;
		log_[pos++] = (char)('0' + si->si_value.sival_int);
	} else {
		log_[pos++] = sig == SIGUSR1 ? 'a' : 'b';
	}
	n++;
}

int main(void)
{
	pthread_t s[3];
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&s[0], NULL, sender, (void *)(long)SIGUSR1);
	pthread_create(&s[1], NULL, sender, (void *)(long)SIGUSR2);
	pthread_create(&s[2], NULL, sender, (void *)(long)(SIGRTMIN + 1));
	for (;;) {
		int sig = sigwaitinfo(&set, &si);

		if (sig == SIGTERM)
			break;
		if (sig > 0)
			take(sig, &si);
	}
	/* What is still pending after SIGTERM (real-time signals come last). */
	struct timespec zero = { 0, 0 };
	int sig;

	while ((sig = sigtimedwait(&set, &si, &zero)) > 0)
		take(sig, &si);
	for (int i = 0; i < 3; i++)
		pthread_join(s[i], NULL);
	log_[pos] = 0;
	printf("realtime %d (sum %d), total %d\n%s\n", rt, rtsum, n, log_);
	return 0;
}
