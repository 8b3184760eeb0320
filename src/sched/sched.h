/* Scheduling.  With one traced thread this is only the CPU choice: the
 * supervisor and every tracee share one CPU, because cross-CPU wake-ups
 * cost three times as much per ptrace stop on our VMs. */
#ifndef RRSUP_SCHED_H
#define RRSUP_SCHED_H

/* Picks the CPU to run on (the one we are on now, if allowed) and binds
 * the calling process to it.  Returns the CPU or a negative errno. */
int sched_pin_self(void);
/* Binds the calling process to cpu (used in the child before exec). */
int sched_pin_cpu(int cpu);

#endif
