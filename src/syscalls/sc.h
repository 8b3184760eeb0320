/* The x86-64 syscall table: what each call writes into the caller's memory
 * and how replay treats it.  The supervisor interprets these descriptions;
 * nothing here touches ptrace except through the sc_mem_read callback. */
#ifndef RRSUP_SC_H
#define RRSUP_SC_H

#include <stddef.h>
#include <stdint.h>

/* How replay treats a call. */
enum sc_replay {
	SC_UNKNOWN = 0,	/* no row yet: recording stops, naming the call */
	SC_EMU,		/* not run at replay: recorded result and memory written back */
	SC_EXEC,	/* run again at replay (kernel state the process relies on:
			 * signal handlers, fs base...), then recorded result and
			 * memory forced */
	SC_MM,		/* address-space change: the supervisor's mm code replays it */
	SC_EXIT,	/* exit / exit_group */
	SC_EXECVE,	/* execve / execveat: the supervisor rebuilds the image */
	SC_PROC,	/* creates a task (fork, clone...): not supported yet */
	SC_DENY,	/* refused at record with -ENOSYS without running */
	SC_UNSUP,	/* known, but recording it is not supported: stops loudly */
};

/* How large an output buffer is. */
enum sc_out_kind {
	SC_O_NONE = 0,
	SC_O_FIXED,	/* .size bytes at args[.arg] */
	SC_O_RET,	/* ret bytes at args[.arg], when ret > 0 */
	SC_O_ARG,	/* args[.size_arg] * .size bytes (.size 0 means 1) */
	SC_O_RETMUL,	/* ret * .size bytes, when ret > 0 */
	SC_O_IOV,	/* iovec array at args[.arg], count args[.size_arg];
			 * the first ret bytes of it were filled */
	SC_O_SOCKLEN,	/* buffer at args[.arg] whose length is the socklen_t
			 * at args[.size_arg] after the call; the socklen_t too */
	SC_O_SPECIAL,	/* the row's special function decides */
};

struct sc_out {
	uint8_t arg;		/* argument index holding the pointer */
	uint8_t kind;		/* enum sc_out_kind */
	uint8_t size_arg;	/* argument index holding a count, where used */
	uint32_t size;		/* constant size or element size */
};

/* A memory range the call wrote; the supervisor copies these bytes into the
 * trace at record and back into the process at replay. */
struct sc_region {
	uint64_t addr;
	uint64_t len;
};

/* Reads tracee memory for calls whose output layout lives in memory
 * (iovec arrays, msghdr, socklen_t).  Returns 0 or a negative errno. */
typedef int (*sc_mem_read)(void *ctx, uint64_t addr, void *buf, size_t len);

/* One call, as seen at syscall exit. */
struct sc_call {
	long nr;
	uint64_t args[6];
	int64_t ret;		/* raw rax: negative errno on failure */
	sc_mem_read read;
	void *ctx;
};

#define SC_MAX_OUT 3
#define SC_MAX_REGIONS 1024

struct sc_desc {
	const char *name;	/* NULL: number unused by the kernel */
	uint8_t nargs;
	uint8_t replay;		/* enum sc_replay */
	uint16_t argfmt;	/* bit i set: argument i is a pointer (printed in hex) */
	struct sc_out out[SC_MAX_OUT];
	/* For SC_O_SPECIAL rows and per-argument behaviour (ioctl, fcntl,
	 * prctl, recvmsg...): appends regions to r (at most max), returns the
	 * count, or -ENOTSUP when this variant is not supported (the
	 * supervisor stops the recording, naming the call), or another
	 * negative errno. */
	int (*special)(const struct sc_call *c, struct sc_region *r, int max);
	/* Optional check at syscall entry: -ENOTSUP when the arguments select
	 * a variant rrsup cannot record (e.g. an unknown ioctl), so the call
	 * is refused before it runs.  why is set to a static string. */
	int (*check)(const struct sc_call *c, const char **why);
};

#define SC_NR_MAX 512

/* The row for nr, or NULL for numbers outside the table. */
const struct sc_desc *sc_lookup(long nr);
/* Arguments the call takes (6 when unknown). */
int sc_nargs(long nr);
/* Name, or NULL. */
const char *sc_name(long nr);
/* Number for a name, or -1. */
long sc_number(const char *name);
/* Why an SC_UNSUP call cannot be recorded. */
const char *sc_unsup_why(long nr);
/* Why an SC_DENY call is refused, for a warning; NULL when the program
 * is known to cope without a word (rseq). */
const char *sc_deny_why(long nr);

/* Computes the regions the call wrote.  Returns the number of regions
 * (0..max), -ENOTSUP for an unsupported variant, -ENOSYS for an unknown
 * syscall, or another negative errno.  Failed calls (ret < 0) write
 * nothing except where the kernel says otherwise (none so far). */
int sc_outputs(const struct sc_call *c, struct sc_region *r, int max);

/* Entry-time check (see sc_desc.check); 0 when the call can be recorded.
 * On -ENOTSUP/-ENOSYS, *why names the reason. */
int sc_check(const struct sc_call *c, const char **why);

/* Which calls the in-process helper may run without a stop (sc_buffer.c).
 * SC_BUF_NO: trap it as usual.  SC_BUF_FAST: it returns without waiting
 * for anyone.  SC_BUF_BLOCK: it may wait (a pipe, a futex), so the helper
 * arms its context-switch counter around it.  SC_BUF_EXEC may be or'ed in:
 * replay runs it again (madvise).  SC_BUF_UNBLOCK may be too: it may
 * unblock signals, so it runs untraced only while none is pending.
 * SC_BUF_BRK: brk, which the helper replays itself from the break before
 * the call it records.
 * *max_out bounds the bytes it writes.  c->read reads the caller's memory
 * (iovec arrays, msghdr); c->ret unused. */
enum { SC_BUF_NO = 0, SC_BUF_FAST = 1, SC_BUF_BLOCK = 2, SC_BUF_EXEC = 4,
       SC_BUF_UNBLOCK = 8, SC_BUF_BRK = 16 };
int sc_buffer_class(const struct sc_call *c, uint64_t *max_out);

/* 1 if a successful call's result is an fd that may now name another
 * file than before (open family, dup family, fcntl F_DUPFD). */
int sc_makes_fd(long nr, const uint64_t a[6]);

/* "write(1, 0x7ffd1234, 12)" into buf; returns buf. */
char *sc_format(long nr, const uint64_t args[6], char *buf, size_t len);

#endif
