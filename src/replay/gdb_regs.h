/* x86-64 registers as gdb numbers them, and the target description that
 * says so (core, SSE, Linux's orig_rax, fs_base/gs_base, AVX's upper
 * halves when the CPU has them). */
#ifndef RRSUP_GDB_REGS_H
#define RRSUP_GDB_REGS_H

#include <stddef.h>

#include "supervisor/task.h"

/* The description gdb asks for as qXfer:features:read:target.xml. */
const char *gdb_target_xml(void);

/* How many registers there are, and register regno of t as hex (the
 * register's raw bytes, little-endian) into out; returns the hex length
 * or a negative errno.  at_syscall: t is stopped at a syscall's seccomp
 * stop that gdb must see as "about to run the syscall instruction". */
int gdb_nregs(void);
int gdb_reg_hex(struct task *t, int regno, int at_syscall, char *out);
/* All of them, concatenated: the 'g' packet. */
int gdb_regs_hex(struct task *t, int at_syscall, char *out, size_t cap);

#endif
