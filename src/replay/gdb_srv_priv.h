/* Shared by the gdb server's files (gdb_server.c, gdb_query.c). */
#ifndef RRSUP_GDB_SRV_PRIV_H
#define RRSUP_GDB_SRV_PRIV_H

#include <stddef.h>
#include <sys/types.h>

#include "replay.h"

struct gdb_conn;

struct srv {
	struct rp *rp;
	struct gdb_conn *c;
	pid_t gtid;		/* thread gdb selected (Hg), 0 for the stop's */
	int broken;		/* the replay failed: only backwards is left */
	const char *watch_kind;	/* stop reply key for the watchpoints set */
};

int srv_send_stop(struct srv *s);
/* Text for gdb's console (an 'O' packet). */
void srv_console(struct srv *s, const char *text);
/* gdb's number for a Linux signal. */
int gdb_signo(int sig);
/* The qfThreadInfo answer: the debugged process's threads. */
int srv_threads(struct srv *s);
/* The debugged process's auxv (pairs up to AT_NULL): how many words. */
int srv_auxv(struct srv *s, uint64_t *v, size_t cap);
/* The debugged process's executable: the copy in the trace. */
int srv_exec_file(struct srv *s, char *path, size_t cap);
/* vFile packets (gdb_file.c), and closing what gdb left open. */
int srv_file(struct srv *s, const char *pkt);
void srv_file_close_all(void);
/* q and Q packets. */
int srv_query(struct srv *s, const char *pkt, size_t len);

#endif
