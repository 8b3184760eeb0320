/* sigaction and sigprocmask queries: defaults, installed handlers and
 * flags, blocked/pending sets, a blocked signal delivered on unblock,
 * SIG_IGN, SA_RESETHAND.
 * rrsup-test: */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int hits[65];

static void h(int sig)
{
	hits[sig]++;
}

static void show(int sig)
{
	struct sigaction old;
	sigaction(sig, NULL, &old);
	const char *what = old.sa_handler == SIG_DFL ? "DFL" : old.sa_handler == SIG_IGN ? "IGN"
		: old.sa_handler == h ? "h" : "other";
	printf("sigaction_query: %-5s handler %s flags %#x\n", sigabbrev_np(sig), what,
	       (unsigned)old.sa_flags & ~0x04000000u /* SA_RESTORER */);
}

int main(void)
{
	int sigs[] = { SIGINT, SIGUSR1, SIGUSR2, SIGCHLD, SIGPIPE, SIGTERM };
	for (int i = 0; i < 6; i++)
		show(sigs[i]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < 6; i++)
		show(sigs[i]);
	sigset_t block, old, cur, pend;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	printf("sigaction_query: old mask has USR1 %d\n", sigismember(&old, SIGUSR1));
	sigprocmask(SIG_SETMASK, NULL, &cur);
	printf("sigaction_query: blocked USR1 %d INT %d USR2 %d\n", sigismember(&cur, SIGUSR1),
	       sigismember(&cur, SIGINT), sigismember(&cur, SIGUSR2));
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("sigaction_query: pending USR1 %d hits %d\n", sigismember(&pend, SIGUSR1), hits[SIGUSR1]);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("sigaction_query: after unblock hits %d\n", hits[SIGUSR1]);
	raise(SIGUSR2);
	printf("sigaction_query: USR2 hits %d\n", hits[SIGUSR2]);
	show(SIGUSR2); /* reset to DFL by SA_RESETHAND */
	raise(SIGPIPE);
	printf("sigaction_query: survived ignored SIGPIPE\n");
	/* Unblockable signals stay unblocked. */
	sigfillset(&block);
	sigprocmask(SIG_SETMASK, &block, NULL);
	sigprocmask(SIG_SETMASK, NULL, &cur);
	printf("sigaction_query: KILL blocked %d STOP blocked %d TERM blocked %d\n",
	       sigismember(&cur, SIGKILL), sigismember(&cur, SIGSTOP), sigismember(&cur, SIGTERM));
	int r = sigaction(SIGKILL, &sa, NULL);
	printf("sigaction_query: sigaction(SIGKILL) %d\n", r);
	return 0;
}
