/* User-facing diagnostics: every message rrsup prints goes through here so
 * that it carries the "rrsup:" prefix and lands on stderr, never in the
 * traced program's stdout. */
#ifndef RRSUP_MSG_H
#define RRSUP_MSG_H

#include <stdarg.h>

/* "rrsup: <fmt>\n" on stderr. */
void msg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "rrsup: <fmt>: strerror(-err)\n"; returns err so callers can
 * "return msg_errno(err, ...)". err is a negative errno. */
int msg_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "rrsup: warning: <fmt>\n" */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only when RRSUP_DEBUG is set in the environment. */
void msg_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
