/* Scheduling policy.  The supervisor and every tracee share one CPU,
 * because cross-CPU wake-ups cost three times as much per ptrace stop on
 * our VMs; of the recorded tasks one runs at a time, and this module says
 * which.  It decides; the recorder does the switching and records it. */
#ifndef RRSUP_SCHED_H
#define RRSUP_SCHED_H

/* Picks the CPU to run on (the one we are on now, if allowed) and binds
 * the calling process to it.  Returns the CPU or a negative errno. */
int sched_pin_self(void);
/* Binds the calling process to cpu (used in the child before exec). */
int sched_pin_cpu(int cpu);

/* Which of n tasks runs next: ready[i] says who can.  Round robin from
 * *cursor, which moves past the one chosen.  -1 when none is ready. */
int sched_pick(const unsigned char *ready, int n, int *cursor);

#endif
