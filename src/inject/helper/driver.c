/* The record/replay driver API (include/rrsup/driver.h), exported by the
 * helper.  Values, bytes and checks travel as records in the thread's
 * syscall buffer (helper_drv); the rest is bookkeeping in the process.
 * Called by the program, not from inside a syscall: plain C with libc. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helper.h"
#include "rrsup/driver.h"

#define API __attribute__((visibility("default")))

/* FNV-1a: names ("why") are checked by hash, so the record stays small. */
static uint64_t hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

static uint64_t hash_str(const char *s)
{
	return s ? hash(s, strlen(s)) : 0;
}

static int is_replaying(void)
{
	struct rrsup_buf *b = helper_buf();

	return b && (b->mode == RRSUP_MODE_REPLAY || b->mode == RRSUP_MODE_TRAP_REPLAY);
}

API uintptr_t RecordReplayValue(const char *why, uintptr_t value)
{
	struct drv_call d = { .op = RRSUP_OP_VALUE, .a1 = hash_str(why),
			      .ret = (int64_t)value };

	helper_drv(&d);
	return (uintptr_t)d.ret;
}

API void RecordReplayBytes(const char *why, void *buf, size_t size)
{
	struct drv_call d = { .op = RRSUP_OP_BYTES, .a1 = hash_str(why), .a2 = size,
			      .addr = (uint64_t)buf, .data = buf, .len = size };

	if (buf && size)
		helper_drv(&d);
}

/* A text record (assert, annotation): at replay, *out is the recorded one. */
static int note(uint64_t op, uint64_t a1, const char *text, size_t len,
		const char **out, size_t *out_len)
{
	struct drv_call d = { .op = op, .a1 = a1, .data = text, .len = len };

	if (!helper_drv(&d))
		return 0;
	if (out) {
		*out = d.out;
		*out_len = d.out_len;
	}
	return 1;
}

API void RecordReplayAssert(const char *format, va_list args)
{
	char now[1024];
	const char *was = NULL;
	size_t was_len = 0;
	int n = vsnprintf(now, sizeof(now), format, args);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(now))
		n = sizeof(now) - 1;
	if (note(RRSUP_OP_ASSERT, 0, now, n, &was, &was_len) && is_replaying() &&
	    was && (was_len != (size_t)n || memcmp(was, now, n)))
		helper_control(RRSUP_OP_ASSERT_FAILED, (uint64_t)was, was_len,
			       (uint64_t)now, n);
}

API void RecordReplayAssertBytes(const char *why, const void *ptr, size_t nbytes)
{
	uint64_t h = ptr ? hash(ptr, nbytes) : 0;
	struct drv_call d = { .op = RRSUP_OP_ASSERT_BYTES, .a1 = hash_str(why),
			      .a2 = nbytes, .ret = (int64_t)h };
	char was[64], now[64];

	if (!helper_drv(&d) || !is_replaying() || d.ret == (int64_t)h)
		return;
	snprintf(was, sizeof(was), "%s: %zu bytes hashing to %016llx", why ? why : "",
		 nbytes, (unsigned long long)d.ret);
	snprintf(now, sizeof(now), "%s: %zu bytes hashing to %016llx", why ? why : "",
		 nbytes, (unsigned long long)h);
	helper_control(RRSUP_OP_ASSERT_FAILED, (uint64_t)was, strlen(was),
		       (uint64_t)now, strlen(now));
}

static void vprint(const char *format, va_list args)
{
	char buf[2048];
	int n = vsnprintf(buf, sizeof(buf), format, args);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	helper_write_untraced(2, buf, n);
}

API void RecordReplayPrint(const char *format, va_list args)
{
	vprint(format, args);
}

/* Kept in the buffer header, where rrsup record reads it if the program
 * dies of a signal: the latest lines, oldest dropped. */
API void RecordReplayDiagnostic(const char *format, va_list args)
{
	struct rrsup_buf *b = helper_buf();
	char line[512];
	size_t n, have, cap;
	int k = vsnprintf(line, sizeof(line) - 1, format, args);

	if (!b || k < 0)
		return;
	n = strnlen(line, sizeof(line) - 2);
	line[n++] = '\n';
	line[n] = 0;
	cap = sizeof(b->diagnostics) - 1;
	have = strnlen(b->diagnostics, cap);
	if (have + n > cap) {
		size_t drop = have + n - cap;

		memmove(b->diagnostics, b->diagnostics + drop, have - drop);
		have -= drop;
	}
	memcpy(b->diagnostics + have, line, n + 1);
}

API void RecordReplaySetCrashNote(const char *note_)
{
	struct rrsup_buf *b = helper_buf();

	if (b && note_)
		snprintf(b->crash_note, sizeof(b->crash_note), "%s", note_);
}

API void RecordReplayRecordCommandLineArguments(int *pargc, char ***pargv)
{
	char buf[8192];
	const char *was;
	size_t len = 0, was_len;
	int i, n;
	char **v;

	if (!pargc || !pargv)
		return;
	for (i = 0; i < *pargc && (*pargv)[i]; i++) {
		size_t l = strlen((*pargv)[i]) + 1;

		if (len + l > sizeof(buf))
			break;
		memcpy(buf + len, (*pargv)[i], l);
		len += l;
	}
	if (!note(RRSUP_OP_ARGS, (uint64_t)i, buf, len, &was, &was_len) ||
	    !is_replaying() || !was)
		return;
	/* Replay: the arguments as recorded. */
	for (n = 0, i = 0; (size_t)i < was_len; i++)
		n += was[i] == 0;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return;
	for (i = 0; i < n; i++) {
		v[i] = strdup(was);
		was += strlen(was) + 1;
	}
	*pargc = n;
	*pargv = v;
}

/* Annotations: dump shows them under their buffer event. */
static void annotate(const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void annotate(const char *kind, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	size_t k = strlen(kind) + 1;
	int n;

	if (k >= sizeof(buf) / 2)
		return;
	memcpy(buf, kind, k);
	va_start(ap, fmt);
	n = vsnprintf(buf + k, sizeof(buf) - k, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf) - k)
		n = sizeof(buf) - k - 1;
	note(RRSUP_OP_ANNOTATE, 0, buf, k + n, NULL, NULL);
}

#define S(x) ((x) ? (x) : "")

API void RecordReplayOnAnnotation(const char *kind, const char *contents)
{
	annotate(S(kind), "%s", S(contents));
}

API void RecordReplayAddMetadata(const char *metadata)
{
	annotate("metadata", "%s", S(metadata));
}

static size_t bookmarks;

API size_t RecordReplayNewBookmark(void)
{
	size_t id = __atomic_add_fetch(&bookmarks, 1, __ATOMIC_RELAXED);

	annotate("bookmark", "%zu", id);
	return id;
}

API void RecordReplayOnConsoleMessage(size_t bookmark)
{
	annotate("console-message", "bookmark %zu", bookmark);
}

API size_t RecordReplayPaintStart(void)
{
	size_t id = __atomic_add_fetch(&bookmarks, 1, __ATOMIC_RELAXED);

	annotate("paint-start", "%zu", id);
	return id;
}

API void RecordReplayPaintFinished(size_t id)
{
	annotate("paint-finished", "%zu", id);
}

API void RecordReplayOnPaint(void)
{
	annotate("paint", "%s", "");
}

API void RecordReplayOnNewSource(const char *id, const char *kind, const char *url)
{
	annotate("new-source", "%s %s %s", S(id), S(kind), S(url));
}

API void RecordReplayOnNetworkRequest(const char *id, const char *kind, size_t bookmark)
{
	annotate("network-request", "%s %s bookmark %zu", S(id), S(kind), bookmark);
}

API void RecordReplayOnNetworkRequestEvent(const char *id)
{
	annotate("network-request-event", "%s", S(id));
}

API void RecordReplayOnNetworkStreamStart(const char *id, const char *kind,
					  const char *parentId)
{
	annotate("network-stream-start", "%s %s %s", S(id), S(kind), S(parentId));
}

API void RecordReplayOnNetworkStreamData(const char *id, size_t offset,
					 size_t length, size_t bookmark)
{
	annotate("network-stream-data", "%s %zu+%zu bookmark %zu", S(id), offset,
		 length, bookmark);
}

API void RecordReplayOnNetworkStreamEnd(const char *id, size_t length)
{
	annotate("network-stream-end", "%s %zu", S(id), length);
}

API void RecordReplayOnMouseEvent(const char *kind, size_t clientX, size_t clientY)
{
	annotate("mouse", "%s %zu %zu", S(kind), clientX, clientY);
}

API void RecordReplayOnKeyEvent(const char *kind, const char *key)
{
	annotate("key", "%s %s", S(kind), S(key));
}

API void RecordReplayOnNavigationEvent(const char *kind, const char *url)
{
	annotate("navigation", "%s %s", S(kind), S(url));
}

API void RecordReplayOnEvent(const char *event, bool before)
{
	annotate("event", "%s %s", S(event), before ? "before" : "after");
}

static struct timespec start_time;

API size_t RecordReplayElapsedTimeMs(void)
{
	struct timespec now;

	/* Both reads are recorded system calls: replay gets the same. */
	if (!start_time.tv_sec && !start_time.tv_nsec)
		clock_gettime(CLOCK_MONOTONIC, &start_time);
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (size_t)((now.tv_sec - start_time.tv_sec) * 1000 +
			(now.tv_nsec - start_time.tv_nsec) / 1000000);
}

static char *unusable;

API void RecordReplayInvalidateRecording(const char *format, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, format);
	vsnprintf(why, sizeof(why), format, ap);
	va_end(ap);
	if (!unusable)
		unusable = strdup(why);
	helper_control(RRSUP_OP_INVALIDATE, (uint64_t)why, strlen(why), 0, 0);
}

API char *RecordReplayGetUnusableRecordingReason(void)
{
	return unusable ? strdup(unusable) : NULL;
}

API const char *RecordReplayGetRecordingId(void)
{
	return getenv("RRSUP_RECORDING_ID");
}

API bool RecordReplayIsReplaying(void)
{
	return is_replaying();
}

API bool RecordReplayHasDivergedFromRecording(void)
{
	return false;
}

API bool RecordReplayIsUnhandledDivergenceAllowed(void)
{
	return true;
}

/* Pass-through and disallowed regions nest per thread. */
API void RecordReplayBeginPassThroughEvents(void)
{
	++*helper_passthrough();
}

API void RecordReplayEndPassThroughEvents(void)
{
	if (*helper_passthrough() > 0)
		--*helper_passthrough();
}

API bool RecordReplayAreEventsPassedThrough(void)
{
	return *helper_passthrough() > 0;
}

API void RecordReplayBeginDisallowEvents(void)
{
	++*helper_disallow();
}

API void RecordReplayEndDisallowEvents(void)
{
	if (*helper_disallow() > 0)
		--*helper_disallow();
}

API bool RecordReplayAreEventsDisallowed(void)
{
	return *helper_disallow() > 0;
}

API bool RecordReplayBeginCallbackRegion(void)
{
	return false;
}

API bool RecordReplayEndCallbackRegion(void)
{
	return false;
}
