/* Names and strace-like rendering of calls, for messages and dumps. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "syscalls/sc_priv.h"

const struct sc_desc *sc_lookup(long nr)
{
	if (nr < 0 || nr >= SC_NR_MAX)
		return NULL;
	return &sc_table[nr];
}

const char *sc_name(long nr)
{
	const struct sc_desc *d = sc_lookup(nr);

	return d ? d->name : NULL;
}

int sc_nargs(long nr)
{
	const struct sc_desc *d = sc_lookup(nr);

	return d && d->name ? d->nargs : 6;
}

long sc_number(const char *name)
{
	long nr;

	if (!name)
		return -1;
	for (nr = 0; nr < SC_NR_MAX; nr++)
		if (sc_table[nr].name && strcmp(sc_table[nr].name, name) == 0)
			return nr;
	return -1;
}

/* snprintf that keeps track of the end and never overruns. */
static size_t sc_put(char *buf, size_t len, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t sc_put(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (at >= len)
		return at;
	va_start(ap, fmt);
	k = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return k < 0 ? at : at + (size_t)k;
}

/* Pointers in hex (NULL as strace does), integers as signed decimal so
 * that -1 and AT_FDCWD read naturally.  Unknown numbers print all six
 * registers in hex, since nothing is known about them. */
char *sc_format(long nr, const uint64_t args[6], char *buf, size_t len)
{
	const struct sc_desc *d = sc_lookup(nr);
	int i, nargs = 6;
	size_t at = 0;
	bool known = d && d->name, ptr;

	if (!buf || len == 0)
		return buf;
	buf[0] = '\0';
	if (known) {
		at = sc_put(buf, len, at, "%s(", d->name);
		nargs = d->nargs;
	} else {
		at = sc_put(buf, len, at, "syscall_%ld(", nr);
	}
	for (i = 0; i < nargs && args; i++) {
		ptr = !known || (d->argfmt & (1u << i));
		if (i > 0)
			at = sc_put(buf, len, at, ", ");
		if (known && ptr && args[i] == 0)
			at = sc_put(buf, len, at, "NULL");
		else if (ptr)
			at = sc_put(buf, len, at, "%#" PRIx64, args[i]);
		else
			at = sc_put(buf, len, at, "%" PRId64, (int64_t)args[i]);
	}
	sc_put(buf, len, at, ")");
	return buf;
}
