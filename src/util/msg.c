#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vmsg(const char *prefix, const char *fmt, va_list ap, int err)
{
	char buf[1024];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		buf[0] = '\0';
	if (err)
		fprintf(stderr, "rrsup: %s%s: %s\n", prefix, buf, strerror(-err));
	else
		fprintf(stderr, "rrsup: %s%s\n", prefix, buf);
}

void msg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap, 0);
	va_end(ap);
}

int msg_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap, err);
	va_end(ap);
	return err;
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap, 0);
	va_end(ap);
}

void msg_debug(const char *fmt, ...)
{
	static int enabled = -1;
	va_list ap;

	if (enabled < 0)
		enabled = getenv("RRSUP_DEBUG") != NULL;
	if (!enabled)
		return;
	va_start(ap, fmt);
	vmsg("debug: ", fmt, ap, 0);
	va_end(ap);
}
