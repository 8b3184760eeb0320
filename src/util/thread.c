#include "util/thread.h"

#include <signal.h>

int util_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t block, old;
	int err;

	sigfillset(&block);
	sigdelset(&block, SIGSEGV);
	sigdelset(&block, SIGBUS);
	sigdelset(&block, SIGFPE);
	sigdelset(&block, SIGILL);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	err = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -err;
}
