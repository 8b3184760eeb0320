/* The driver API (include/rrsup/driver.h), found with dlsym as a program
 * would: Value and Bytes of run-varying data (replay must hand back the
 * recorded ones), Assert of strings that hold, four threads taking an
 * ordered lock (the order differs natively), a pass-through region (with
 * a pending signal that its unblocking sigprocmask must deliver before it
 * returns: the exit status says whether it did), a disallowed one, annotations, registered pointers, JSON, and
 * IsReplaying laundered through Value (its own answer differs by design).
 * Without rrsup every call is missing or a no-op: the fallbacks print the
 * same lines.
 * rrsup-test: varies buffered */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rrsup/driver.h"

#define API(X) \
	X(RecordReplayValue) \
	X(RecordReplayBytes) \
	X(RecordReplayAssert) \
	X(RecordReplayAssertBytes) \
	X(RecordReplayCreateOrderedLock) \
	X(RecordReplayOrderedLock) \
	X(RecordReplayOrderedUnlock) \
	X(RecordReplayBeginPassThroughEvents) \
	X(RecordReplayEndPassThroughEvents) \
	X(RecordReplayAreEventsPassedThrough) \
	X(RecordReplayBeginDisallowEvents) \
	X(RecordReplayEndDisallowEvents) \
	X(RecordReplayOnAnnotation) \
	X(RecordReplayNewBookmark) \
	X(RecordReplayIsReplaying) \
	X(RecordReplayRegisterPointer) \
	X(RecordReplayPointerId) \
	X(RecordReplayIdPointer) \
	X(RecordReplayJSONCreateNumber) \
	X(RecordReplayJSONCreateString) \
	X(RecordReplayJSONCreateObject) \
	X(RecordReplayJSONToString) \
	X(RecordReplayJSONFree) \
	X(RecordReplayFree)

#define DECL(name) static name##_fn p##name;
API(DECL)

#define GET(name) p##name = (name##_fn)dlsym(RTLD_DEFAULT, #name);
static void lookup(void)
{
	API(GET)
}

static void check(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (pRecordReplayAssert)
		pRecordReplayAssert(fmt, ap);
	va_end(ap);
}

static size_t lock;
static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static char order[64];
static int norder;

static void *worker(void *arg)
{
	for (int i = 0; i < 4; i++) {
		if (pRecordReplayOrderedLock)
			pRecordReplayOrderedLock(lock);
		else
			pthread_mutex_lock(&plain);
		order[norder++] = (char)('a' + (long)arg);
		usleep(50);
		if (pRecordReplayOrderedUnlock)
			pRecordReplayOrderedUnlock(lock);
		else
			pthread_mutex_unlock(&plain);
		usleep(20 * (long)arg);
	}
	return NULL;
}

static volatile sig_atomic_t usr1_seen;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen = 1;
}

int main(void)
{
	struct timespec t;
	unsigned char rnd[8] = { 0 };
	uintptr_t v, rep;
	pthread_t th[4];
	int x, early;
	sigset_t usr1;

	lookup();
	/* A value the program computes differently each run. */
	clock_gettime(CLOCK_REALTIME, &t);
	v = (uintptr_t)t.tv_nsec ^ (uintptr_t)getpid();
	if (pRecordReplayValue)
		v = pRecordReplayValue("clock", v);
	printf("value %lu\n", (unsigned long)v % 100000);

	/* Bytes nothing recorded: rrsup must put them back at replay. */
	for (int i = 0; i < 8; i++)
		rnd[i] = (unsigned char)(t.tv_nsec >> i);
	if (pRecordReplayBytes)
		pRecordReplayBytes("rnd", rnd, sizeof(rnd));
	printf("bytes %02x%02x%02x%02x\n", rnd[0], rnd[1], rnd[2], rnd[3]);
	check("value %lu bytes %02x", (unsigned long)v, rnd[0]);
	if (pRecordReplayAssertBytes)
		pRecordReplayAssertBytes("rnd", rnd, sizeof(rnd));

	rep = pRecordReplayIsReplaying ? pRecordReplayIsReplaying() : 0;
	if (pRecordReplayValue)
		rep = pRecordReplayValue("replaying", rep);
	printf("replaying as recorded: %lu\n", (unsigned long)rep);

	lock = pRecordReplayCreateOrderedLock ? pRecordReplayCreateOrderedLock("log") : 1;
	for (long i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	printf("lock order %s\n", order);

	/* Pass-through: not recorded, run again at replay.  A signal
	 * pending when the mask lets it through there runs its handler
	 * before sigprocmask returns, as anywhere. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	if (pRecordReplayBeginPassThroughEvents)
		pRecordReplayBeginPassThroughEvents();
	x = getpid() > 0;
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	early = usr1_seen;
	printf("pass-through %d, handler ran before unblock returned %d\n",
	       pRecordReplayAreEventsPassedThrough ?
	       (int)pRecordReplayAreEventsPassedThrough() : 1, early);
	if (pRecordReplayEndPassThroughEvents)
		pRecordReplayEndPassThroughEvents();
	fflush(stdout);

	/* Disallowed: nothing recorded inside (arithmetic only). */
	if (pRecordReplayBeginDisallowEvents)
		pRecordReplayBeginDisallowEvents();
	x += 41;
	if (pRecordReplayEndDisallowEvents)
		pRecordReplayEndDisallowEvents();
	printf("disallowed region computed %d\n", x);

	if (pRecordReplayOnAnnotation)
		pRecordReplayOnAnnotation("test", "{\"step\":\"annotated\"}");
	printf("bookmark %zu\n", pRecordReplayNewBookmark ? pRecordReplayNewBookmark() : 1);

	if (pRecordReplayRegisterPointer) {
		pRecordReplayRegisterPointer(&x);
		pRecordReplayRegisterPointer(rnd);
	}
	printf("pointer ids %zu %zu back %d\n",
	       pRecordReplayPointerId ? pRecordReplayPointerId(rnd) : 2,
	       pRecordReplayPointerId ? pRecordReplayPointerId(&x) : 1,
	       pRecordReplayIdPointer ? pRecordReplayIdPointer(2) == (void *)rnd : 1);

	if (pRecordReplayJSONCreateObject) {
		const char *keys[] = { "n", "s" };
		void *vals[] = { pRecordReplayJSONCreateNumber(1.5),
				 pRecordReplayJSONCreateString("a\"b") };
		void *obj = pRecordReplayJSONCreateObject(2, keys, vals);
		char *js = pRecordReplayJSONToString(obj);

		printf("json %s\n", js);
		pRecordReplayFree(js);
		pRecordReplayJSONFree(obj);
	} else {
		printf("json {\"n\":1.5,\"s\":\"a\\\"b\"}\n");
	}
	return early ? 0 : 1;
}
