/* The gdb remote serial protocol's transport: one TCP connection,
 * "$data#checksum" packets, acknowledgements until gdb turns them off, and
 * the lone 0x03 byte gdb sends for Ctrl-C. */
#ifndef RRSUP_GDB_CONN_H
#define RRSUP_GDB_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>

#define GDB_PKT_MAX	(64 * 1024)

struct gdb_conn {
	int fd;
	volatile sig_atomic_t *stop;	/* set by a signal: give up waiting */
	int noack;		/* QStartNoAckMode accepted */
	int interrupted;	/* a 0x03 came while we were not reading */
	char in[GDB_PKT_MAX * 2];
	size_t in_len;
	char pkt[GDB_PKT_MAX + 1];	/* the packet gdb_recv returned */
	char out[GDB_PKT_MAX * 2 + 8];
};

/* Listens on host:port (port 0: any free port; *port gets the one
 * chosen).  Returns the socket or a negative errno; the message names
 * the address (a port in use says so). */
int gdb_listen(const char *host, int *port);
/* Waits for gdb to connect; returns 0 or a negative errno. */
int gdb_accept(struct gdb_conn *c, int lfd);
void gdb_close(struct gdb_conn *c);

/* Next packet into c->pkt (NUL-terminated, *len bytes).  Returns 1 for a
 * packet, 0 for an interrupt (0x03), -EPIPE when gdb went away. */
int gdb_recv(struct gdb_conn *c, size_t *len);
/* True when gdb sent Ctrl-C (checked without waiting). */
int gdb_poll_interrupt(struct gdb_conn *c);

/* Sends data as one packet (escaping binary bytes). */
int gdb_send(struct gdb_conn *c, const void *data, size_t len);
int gdb_sendf(struct gdb_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int gdb_send_str(struct gdb_conn *c, const char *s);

/* Hex helpers. */
void gdb_hex(char *out, const void *data, size_t len);
/* Decodes up to max bytes; returns how many, or -1 on a bad digit. */
long gdb_unhex(void *out, const char *hex, size_t max);

#endif
