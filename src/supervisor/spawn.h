/* Starting a tracee: a child with ASLR off, rdtsc trapped, pinned to the
 * supervisor's CPU, under the seccomp filter, stopped just after execve. */
#ifndef RRSUP_SPAWN_H
#define RRSUP_SPAWN_H

#include <sys/types.h>

#include "task.h"

/* Finds prog the way execvp would.  Returns 0 and the path in buf, or
 * -ENOENT / -EACCES with a message printed. */
int spawn_find(const char *prog, char *buf, size_t len);

/* A file rrsup installs next to itself or in PKGLIBEXECDIR (the stub,
 * the helper library).  Returns 0 and its path, or -ENOENT (message
 * printed). */
int spawn_find_lib(const char *name, char *buf, size_t len);

/* Forks and execs path under ptrace; on success t is open and stopped at
 * the syscall-exit stop of the successful execve.  envp NULL keeps ours.
 * Returns 0, or a negative errno (message printed) with the child reaped. */
int spawn_traced(struct task *t, const char *path, char *const argv[],
		 char *const envp[], int cpu);

#endif
