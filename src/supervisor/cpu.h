/* The CPU's identity and features, recorded in the trace header: rdrand,
 * cpuid and friends cannot be trapped here, so replay on a CPU lacking a
 * feature the recording CPU had is refused up front. */
#ifndef RRSUP_CPU_H
#define RRSUP_CPU_H

#include "trace/trace.h"

void cpu_identify(struct trace_cpu *c);
/* 0 when this CPU has every feature bit of rec; otherwise prints what is
 * missing and returns -ENOTSUP. */
int cpu_check_replay(const struct trace_cpu *rec);

#endif
