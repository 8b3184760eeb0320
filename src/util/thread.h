/* Supervisor threads that must not take the process's signals. */
#ifndef RRSUP_THREAD_H
#define RRSUP_THREAD_H

#include <pthread.h>

/* pthread_create with every signal blocked in the new thread but the
 * faults: signals sent to the process (the supervisor's SIGALRM timer, a
 * user's SIGINT) must reach the main thread, whose waitpid they
 * interrupt; a blocked fault would kill us, and SIGSEGV is how a trapped
 * rdtsc is emulated.  Returns 0 or a negative errno. */
int util_thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

#endif
