/* rrsup replay as a gdb remote target (-s PORT, --gdb). */
#ifndef RRSUP_GDB_SERVER_H
#define RRSUP_GDB_SERVER_H

#include <stdint.h>
#include <sys/types.h>

#include "replay.h"

struct gdb_opts {
	int serve;		/* -s or --gdb given */
	int port;		/* -s PORT (0: any, for --gdb) */
	int launch;		/* --gdb: start gdb connected to us */
	const char *host;	/* --dbghost, default 127.0.0.1 */
	uint64_t goto_ev;	/* -g EVENT */
	pid_t pid;		/* -p PID / --onfork PID */
	int onfork;
};

/* Serves the replay in rp (trace open, nothing started) to gdb; returns
 * rrsup's exit status. */
int gdb_serve(struct rp *rp, const struct gdb_opts *o);

#endif
