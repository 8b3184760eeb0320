/* The supervisor's own time stamp counter mode.  The programs it records
 * and replays run with rdtsc trapped (PR_SET_TSC), and the kernel flips
 * CR4.TSD at every switch between a task that traps rdtsc and one that
 * does not.  Under the nested hypervisors of CI machines that write is
 * expensive: measured here, a trapped syscall (two stops) cost 31 us with
 * the supervisor reading the TSC freely and 13 us with it trapping too.
 * So the supervisor traps rdtsc as well and emulates it for itself. */
#ifndef RRSUP_TSC_H
#define RRSUP_TSC_H

#include <stdint.h>

/* Traps rdtsc in the calling thread (and the threads it starts), with a
 * SIGSEGV handler that runs it on the trapping code's behalf (the vDSO's
 * clock_gettime reads the TSC).  0, or a negative errno. */
int tsc_trap_self(void);

/* Lets the calling thread read the TSC again: for a child that is
 * neither traced nor ours (gdb), before it execs (the mode survives exec). */
void tsc_untrap_self(void);

/* The TSC now, as rdtsc (aux NULL) or rdtscp (its aux into *aux) would
 * give it, whether or not the calling thread traps it. */
uint64_t tsc_read(unsigned *aux);

/* A value for the traced program's rdtsc (aux: rdtscp's): the TSC,
 * extrapolated between real reads; increasing.  Main thread only. */
uint64_t tsc_emulated(unsigned *aux);

/* CLOCK_MONOTONIC in nanoseconds, from the kernel: libc's clock_gettime
 * would read the TSC in the vDSO, and every read would trap. */
int64_t tsc_mono_ns(void);

#endif
