/* rrsup/driver.h — the record/replay driver API, as rrsup provides it.
 *
 * rrsup's helper library (librrsup-helper.so), which `rrsup record` puts
 * into every process of a recording, exports these functions.  A program
 * finds them at run time, so that it also runs without rrsup:
 *
 *     RecordReplayValue_fn value =
 *             (RecordReplayValue_fn)dlsym(RTLD_DEFAULT, "RecordReplayValue");
 *     if (value)
 *             seed = value("seed", seed);
 *
 * (or dlopen() the helper and dlsym() in it: outside a recording its
 * functions do nothing harmful: values pass through, checks pass).
 *
 * What rrsup does with each call:
 *   - Value, Bytes, RecordCommandLineArguments, ElapsedTimeMs: the value
 *     is recorded and handed back at replay.
 *   - Assert, AssertBytes: checked at replay; a difference stops the
 *     replay as a divergence that shows both strings.
 *   - Print: written to stderr for real at record and at replay, not
 *     recorded.  Diagnostic and SetCrashNote: kept and printed by rrsup if
 *     the program dies of a signal while recorded.
 *   - Begin/EndPassThroughEvents: the system calls the helper handles run
 *     for real, unrecorded, at record and again at replay (calls it does
 *     not handle are still recorded).  Begin/EndDisallowEvents: a
 *     recorded call inside is reported by rrsup record, naming it.
 *   - Ordered locks (and AddOrderedPthreadMutex): rrsup runs one thread at
 *     a time and replays the recorded interleaving, so every lock is
 *     acquired in the recorded order; ordered locks are plain mutexes.
 *   - OnAnnotation, NewBookmark, OnConsoleMessage, AddMetadata and the
 *     browser-side notifications (paint, network, mouse, key, navigation,
 *     sources, events): recorded as annotations that `rrsup dump` shows.
 *   - InvalidateRecording: rrsup record warns; replay stops at that point
 *     with the reason.  GetUnusableRecordingReason returns it.
 *   - GetRecordingId: the trace directory's name ($RRSUP_RECORDING_ID).
 *   - IsReplaying: true at replay.  HasDivergedFromRecording: false (rrsup
 *     stops at a divergence).
 *   - The progress counter, checkpoints and callbacks are kept for the
 *     debugger; Attach, SaveRecording, FinishRecording and the other
 *     upload-related calls do nothing (the trace is on disk already).
 */
#ifndef RRSUP_DRIVER_H
#define RRSUP_DRIVER_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RRSUP_DRIVER_API(ret, name, args) \
	ret name args; \
	typedef ret (*name##_fn) args;

RRSUP_DRIVER_API(void, RecordReplayAttach, (const char *dispatch, const char *buildId))
RRSUP_DRIVER_API(void, RecordReplaySetApiKey, (const char *apiKey))
RRSUP_DRIVER_API(void, RecordReplaySaveRecording, (const char *dir))
RRSUP_DRIVER_API(void, RecordReplayAddMetadata, (const char *metadata))
RRSUP_DRIVER_API(void, RecordReplayFinishRecording, (void))
RRSUP_DRIVER_API(const char *, RecordReplayGetRecordingId, (void))
RRSUP_DRIVER_API(void, RecordReplayRecordCommandLineArguments, (int *pargc, char ***pargv))
RRSUP_DRIVER_API(uintptr_t, RecordReplayValue, (const char *why, uintptr_t value))
RRSUP_DRIVER_API(void, RecordReplayBytes, (const char *why, void *buf, size_t size))
RRSUP_DRIVER_API(void, RecordReplayPrint, (const char *format, va_list args))
RRSUP_DRIVER_API(void, RecordReplayDiagnostic, (const char *format, va_list args))
RRSUP_DRIVER_API(void, RecordReplayAssert, (const char *format, va_list args))
RRSUP_DRIVER_API(void, RecordReplayAssertBytes, (const char *why, const void *ptr, size_t nbytes))
RRSUP_DRIVER_API(void, RecordReplayRegisterPointer, (void *ptr))
RRSUP_DRIVER_API(void, RecordReplayUnregisterPointer, (void *ptr))
RRSUP_DRIVER_API(size_t, RecordReplayPointerId, (void *ptr))
RRSUP_DRIVER_API(void *, RecordReplayIdPointer, (size_t id))
RRSUP_DRIVER_API(uint64_t *, RecordReplayProgressCounter, (void))
RRSUP_DRIVER_API(void, RecordReplaySetProgressCallback, (void (*callback)(uint64_t)))
RRSUP_DRIVER_API(void, RecordReplayProgressReached, (void))
RRSUP_DRIVER_API(void, RecordReplayEnableProgressCheckpoints, (void))
RRSUP_DRIVER_API(void, RecordReplayNewCheckpoint, (void))
RRSUP_DRIVER_API(void, RecordReplayBeginPassThroughEvents, (void))
RRSUP_DRIVER_API(void, RecordReplayEndPassThroughEvents, (void))
RRSUP_DRIVER_API(bool, RecordReplayAreEventsPassedThrough, (void))
RRSUP_DRIVER_API(void, RecordReplayBeginDisallowEvents, (void))
RRSUP_DRIVER_API(void, RecordReplayEndDisallowEvents, (void))
RRSUP_DRIVER_API(bool, RecordReplayAreEventsDisallowed, (void))
RRSUP_DRIVER_API(bool, RecordReplayBeginCallbackRegion, (void))
RRSUP_DRIVER_API(bool, RecordReplayEndCallbackRegion, (void))
RRSUP_DRIVER_API(bool, RecordReplayIsReplaying, (void))
RRSUP_DRIVER_API(bool, RecordReplayHasDivergedFromRecording, (void))
RRSUP_DRIVER_API(bool, RecordReplayIsUnhandledDivergenceAllowed, (void))
RRSUP_DRIVER_API(size_t, RecordReplayCreateOrderedLock, (const char *name))
RRSUP_DRIVER_API(void, RecordReplayOrderedLock, (size_t lock))
RRSUP_DRIVER_API(void, RecordReplayOrderedUnlock, (size_t lock))
RRSUP_DRIVER_API(void, RecordReplayAddOrderedPthreadMutex, (const char *name, pthread_mutex_t *mutex))
RRSUP_DRIVER_API(size_t, RecordReplayNewBookmark, (void))
RRSUP_DRIVER_API(void, RecordReplayOnAnnotation, (const char *kind, const char *contents))
RRSUP_DRIVER_API(void, RecordReplayOnConsoleMessage, (size_t bookmark))
RRSUP_DRIVER_API(size_t, RecordReplayElapsedTimeMs, (void))
RRSUP_DRIVER_API(void, RecordReplayInvalidateRecording, (const char *format, ...))
RRSUP_DRIVER_API(char *, RecordReplayGetUnusableRecordingReason, (void))
RRSUP_DRIVER_API(void, RecordReplaySetCrashNote, (const char *note))
RRSUP_DRIVER_API(void, RecordReplayNotifyActivity, (void))
RRSUP_DRIVER_API(void, RecordReplaySetFreeCallback, (void (*callback)(void *)))
RRSUP_DRIVER_API(void, RecordReplayFree, (void *value))
/* Browser-side notifications: recorded as annotations. */
RRSUP_DRIVER_API(size_t, RecordReplayPaintStart, (void))
RRSUP_DRIVER_API(void, RecordReplayPaintFinished, (size_t id))
RRSUP_DRIVER_API(void, RecordReplayOnPaint, (void))
RRSUP_DRIVER_API(void, RecordReplayOnNewSource, (const char *id, const char *kind, const char *url))
RRSUP_DRIVER_API(void, RecordReplayOnNetworkRequest, (const char *id, const char *kind, size_t bookmark))
RRSUP_DRIVER_API(void, RecordReplayOnNetworkRequestEvent, (const char *id))
RRSUP_DRIVER_API(void, RecordReplayOnNetworkStreamStart, (const char *id, const char *kind, const char *parentId))
RRSUP_DRIVER_API(void, RecordReplayOnNetworkStreamData, (const char *id, size_t offset, size_t length, size_t bookmark))
RRSUP_DRIVER_API(void, RecordReplayOnNetworkStreamEnd, (const char *id, size_t length))
RRSUP_DRIVER_API(void, RecordReplayOnMouseEvent, (const char *kind, size_t clientX, size_t clientY))
RRSUP_DRIVER_API(void, RecordReplayOnKeyEvent, (const char *kind, const char *key))
RRSUP_DRIVER_API(void, RecordReplayOnNavigationEvent, (const char *kind, const char *url))
RRSUP_DRIVER_API(void, RecordReplayOnEvent, (const char *event, bool before))
/* JSON values for the APIs that take them. */
RRSUP_DRIVER_API(void *, RecordReplayJSONCreateNumber, (double d))
RRSUP_DRIVER_API(void *, RecordReplayJSONCreateString, (const char *str))
RRSUP_DRIVER_API(void *, RecordReplayJSONCreateObject, (size_t numProperties, const char **properties, void **values))
RRSUP_DRIVER_API(void *, RecordReplayJSONCreateArray, (size_t numElements, void **elements))
RRSUP_DRIVER_API(char *, RecordReplayJSONToString, (void *value))
RRSUP_DRIVER_API(void, RecordReplayJSONFree, (void *value))

#undef RRSUP_DRIVER_API

#ifdef __cplusplus
}
#endif

#endif
