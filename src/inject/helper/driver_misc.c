/* The driver API's bookkeeping: registered pointers, ordered locks, the
 * progress counter, JSON values, and the calls that have nothing to do
 * under rrsup (uploading, profiling).  Deterministic by construction: it
 * only sees what the program hands it, and the program is replayed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "rrsup/driver.h"

#define API __attribute__((visibility("default")))

/* --- registered pointers: ids in registration order ---------------------- */

static pthread_mutex_t ptr_lock = PTHREAD_MUTEX_INITIALIZER;
static void **ptrs;		/* ptrs[id - 1], NULL when unregistered */
static size_t nptrs, ptr_cap;

API void RecordReplayRegisterPointer(void *ptr)
{
	void **v;

	if (!ptr || RecordReplayPointerId(ptr))
		return;
	pthread_mutex_lock(&ptr_lock);
	if (nptrs == ptr_cap) {
		v = realloc(ptrs, (ptr_cap ? ptr_cap * 2 : 64) * sizeof(*v));
		if (!v) {
			pthread_mutex_unlock(&ptr_lock);
			return;
		}
		ptrs = v;
		ptr_cap = ptr_cap ? ptr_cap * 2 : 64;
	}
	ptrs[nptrs++] = ptr;
	pthread_mutex_unlock(&ptr_lock);
}

API size_t RecordReplayPointerId(void *ptr)
{
	size_t i, id = 0;

	pthread_mutex_lock(&ptr_lock);
	for (i = nptrs; i > 0 && !id; i--)
		if (ptrs[i - 1] == ptr)
			id = i;
	pthread_mutex_unlock(&ptr_lock);
	return id;
}

API void *RecordReplayIdPointer(size_t id)
{
	void *p = NULL;

	pthread_mutex_lock(&ptr_lock);
	if (id >= 1 && id <= nptrs)
		p = ptrs[id - 1];
	pthread_mutex_unlock(&ptr_lock);
	return p;
}

API void RecordReplayUnregisterPointer(void *ptr)
{
	size_t id = RecordReplayPointerId(ptr);

	pthread_mutex_lock(&ptr_lock);
	if (id)
		ptrs[id - 1] = NULL;
	pthread_mutex_unlock(&ptr_lock);
}

/* --- ordered locks ---------------------------------------------------------
 * rrsup replays the recorded thread interleaving, futex calls included,
 * so any mutex is taken in the recorded order: a plain mutex will do. */

#define MAX_LOCKS 1024
static pthread_mutex_t locks[MAX_LOCKS];
static size_t nlocks;

API size_t RecordReplayCreateOrderedLock(const char *name)
{
	size_t id = __atomic_add_fetch(&nlocks, 1, __ATOMIC_RELAXED);

	(void)name;
	if (id > MAX_LOCKS)
		return 0;
	pthread_mutex_init(&locks[id - 1], NULL);
	return id;
}

API void RecordReplayOrderedLock(size_t lock)
{
	if (lock >= 1 && lock <= MAX_LOCKS)
		pthread_mutex_lock(&locks[lock - 1]);
}

API void RecordReplayOrderedUnlock(size_t lock)
{
	if (lock >= 1 && lock <= MAX_LOCKS)
		pthread_mutex_unlock(&locks[lock - 1]);
}

API void RecordReplayAddOrderedPthreadMutex(const char *name, pthread_mutex_t *mutex)
{
	(void)name;
	(void)mutex;
}

/* --- progress: kept for the debugger --------------------------------------- */

static uint64_t progress;

API uint64_t *RecordReplayProgressCounter(void)
{
	return &progress;
}

API void RecordReplaySetProgressCallback(void (*callback)(uint64_t))
{
	(void)callback;		/* no checkpoints driven by progress yet */
}

API void RecordReplayProgressReached(void)
{
}

API void RecordReplayEnableProgressCheckpoints(void)
{
}

API void RecordReplayNewCheckpoint(void)
{
}

/* --- nothing to do under rrsup: the trace is on disk already ------------- */

API void RecordReplayAttach(const char *dispatch, const char *buildId)
{
	(void)dispatch;
	(void)buildId;
}

API void RecordReplaySetApiKey(const char *apiKey)
{
	(void)apiKey;
}

API void RecordReplaySaveRecording(const char *dir)
{
	(void)dir;
}

API void RecordReplayFinishRecording(void)
{
}

API void RecordReplayNotifyActivity(void)
{
}

API void RecordReplaySetFreeCallback(void (*callback)(void *))
{
	(void)callback;		/* the driver returns nothing of the program's */
}

API void RecordReplayFree(void *value)
{
	free(value);
}

/* --- JSON values ------------------------------------------------------------ */

enum { J_NUM, J_STR, J_OBJ, J_ARR };

struct json {
	int kind;
	double num;
	char *str;
	size_t n;
	char **keys;		/* J_OBJ */
	struct json **v;	/* J_OBJ, J_ARR */
};

static struct json *json_new(int kind)
{
	struct json *j = calloc(1, sizeof(*j));

	if (j)
		j->kind = kind;
	return j;
}

API void *RecordReplayJSONCreateNumber(double d)
{
	struct json *j = json_new(J_NUM);

	if (j)
		j->num = d;
	return j;
}

API void *RecordReplayJSONCreateString(const char *str)
{
	struct json *j = json_new(J_STR);

	if (j && !(j->str = strdup(str ? str : ""))) {
		free(j);
		j = NULL;
	}
	return j;
}

static struct json *json_list(int kind, size_t n, const char **keys, void **values)
{
	struct json *j = json_new(kind);
	size_t i;

	if (!j)
		return NULL;
	j->n = n;
	j->v = calloc(n ? n : 1, sizeof(*j->v));
	if (kind == J_OBJ)
		j->keys = calloc(n ? n : 1, sizeof(*j->keys));
	if (!j->v || (kind == J_OBJ && !j->keys)) {
		RecordReplayJSONFree(j);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		j->v[i] = values[i];
		if (kind == J_OBJ)
			j->keys[i] = strdup(keys[i] ? keys[i] : "");
	}
	return j;
}

API void *RecordReplayJSONCreateObject(size_t numProperties, const char **properties,
				       void **values)
{
	return json_list(J_OBJ, numProperties, properties, values);
}

API void *RecordReplayJSONCreateArray(size_t numElements, void **elements)
{
	return json_list(J_ARR, numElements, NULL, elements);
}

/* A growing string for JSONToString. */
struct out {
	char *p;
	size_t len, cap;
	int fail;
};

static void put(struct out *o, const char *s, size_t n)
{
	char *q;

	if (o->fail)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = (o->cap ? o->cap : 64);

		while (cap < o->len + n + 1)
			cap *= 2;
		q = realloc(o->p, cap);
		if (!q) {
			o->fail = 1;
			return;
		}
		o->p = q;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = 0;
}

static void put_str(struct out *o, const char *s)
{
	char esc[8];

	put(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(o, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(o, esc, 6);
		} else {
			put(o, s, 1);
		}
	}
	put(o, "\"", 1);
}

static void put_json(struct out *o, const struct json *j)
{
	char num[64];
	size_t i;

	if (!j) {
		put(o, "null", 4);
		return;
	}
	switch (j->kind) {
	case J_NUM:
		snprintf(num, sizeof(num), "%.17g", j->num);
		put(o, num, strlen(num));
		break;
	case J_STR:
		put_str(o, j->str);
		break;
	default:
		put(o, j->kind == J_OBJ ? "{" : "[", 1);
		for (i = 0; i < j->n; i++) {
			if (i)
				put(o, ",", 1);
			if (j->kind == J_OBJ) {
				put_str(o, j->keys[i]);
				put(o, ":", 1);
			}
			put_json(o, j->v[i]);
		}
		put(o, j->kind == J_OBJ ? "}" : "]", 1);
	}
}

API char *RecordReplayJSONToString(void *value)
{
	struct out o = { 0 };

	put_json(&o, value);
	if (o.fail) {
		free(o.p);
		return NULL;
	}
	return o.p;
}

API void RecordReplayJSONFree(void *value)
{
	struct json *j = value;
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->n; i++) {
		if (j->v)
			RecordReplayJSONFree(j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	free(j->str);
	free(j);
}
