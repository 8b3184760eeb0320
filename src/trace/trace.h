/* The on-disk trace: a directory holding a versioned header, an event
 * stream, a data stream and content-addressed copies of mapped files.
 * Nothing outside src/trace/ reads or writes these files directly.
 *
 *   TRACE/header        magic, format version, program, argv, env, cwd, CPU
 *   TRACE/events        framed zstd stream of fixed-layout event records
 *   TRACE/data          framed zstd stream of the bytes events refer to
 *   TRACE/files/HASH    copies of files the program mapped (by content)
 *
 * Every frame carries a checksum, so a flipped byte or a cut-off file is
 * reported (naming the file) instead of being replayed. */
#ifndef RRSUP_TRACE_H
#define RRSUP_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* 3: SIGNAL events of kind SIGK_AT_STATE (whole thread state).
 * 4: buffered writes in parts (RRSUP_REC_PART): a replayer of 3 would
 * diverge at the first.
 * 5: buffered brk (RRSUP_REC_BRK): a replayer of 4 would not follow the
 * break they move.  Replay reads 2 to 4 as well: they only lack those. */
#define TRACE_VERSION 5
#define TRACE_VERSION_REPLAY_MIN 2

enum trace_ev_type {
	TRACE_EV_SYSCALL = 1,	/* a completed syscall: nr, args, ret, outputs */
	TRACE_EV_SIGNAL,	/* a signal delivered: nr = signo, extra = siginfo */
	TRACE_EV_RDTSC,		/* rdtsc/rdtscp emulated: ret = TSC, args[0] = aux */
	TRACE_EV_EXEC,		/* a new image: extra = supervisor's map/regs blob,
				 * mem = initial memory contents */
	TRACE_EV_EXIT,		/* the program ended: ret = wait status */
	TRACE_EV_END,		/* the recording was cut short: extra = reason text */
	TRACE_EV_BUFFER,	/* calls the helper ran in-process before the task's
				 * next event: extra = its records */
	TRACE_EV_MAX
};

/* Flags on an event (meaning depends on the supervisor; the trace module
 * stores them). */
#define TRACE_F_ECHO_STDOUT	0x1	/* extra holds bytes the program wrote to stdout */
#define TRACE_F_ECHO_STDERR	0x2	/* ... to stderr */
#define TRACE_F_BLOB		0x4	/* extra starts with a NUL-terminated file blob name */
#define TRACE_F_DIED		0x8	/* the program was killed inside this syscall;
					 * on an EXIT event: the thread was killed by
					 * another thread's execve (before the EXEC) */
#define TRACE_F_ENTRY		0x10	/* the task entered this syscall and waited in it
					 * while others ran: the result comes later */
#define TRACE_F_RESULT		0x20	/* the result of an earlier TRACE_F_ENTRY event */

struct trace_event {
	uint32_t type;		/* enum trace_ev_type */
	uint32_t flags;
	int32_t tid;
	uint32_t nmem;		/* memory chunks that follow */
	uint32_t extra_len;	/* type-specific payload bytes */
	int64_t nr;
	uint64_t args[6];
	int64_t ret;
	uint64_t ip;		/* where it happened: divergence checks */
	uint64_t sp;
	uint64_t digest;	/* register digest */
};

/* Bytes the event wrote into the program's memory at addr. */
struct trace_chunk {
	uint64_t addr;
	uint64_t len;
	const void *data;
};

#define TRACE_CPU_FEAT_WORDS 8
struct trace_cpu {
	char vendor[13];
	char brand[49];
	uint32_t family, model, stepping;
	/* cpuid 1.ecx, 1.edx, 7/0.ebx, 7/0.ecx, 7/0.edx, 0x80000001.ecx,
	 * 0x80000001.edx, 0xd/1.eax */
	uint32_t feat[TRACE_CPU_FEAT_WORDS];
};

struct trace_header {
	uint32_t version;
	char *exe;		/* program path as given on the command line */
	int argc;
	char **argv;
	int envc;
	char **envp;
	char *cwd;
	int64_t start_time;	/* seconds since the epoch */
	struct trace_cpu cpu;
};

struct trace_writer;
struct trace_reader;

/* Creates DIR (mode 0700, must not exist or be empty) and writes the header.
 * Returns 0 or a negative errno; on error a message has been printed. */
int trace_writer_open(struct trace_writer **w, const char *dir,
		      const struct trace_header *h);
/* Appends one event with its memory chunks and extra payload.  Data is
 * copied before return. */
int trace_put(struct trace_writer *w, const struct trace_event *ev,
	      const struct trace_chunk *mem, const void *extra);
/* The same, with hints: the offsets in extra (increasing) where data
 * likely to repeat earlier data starts (the bytes of a buffered read),
 * so that the repeat is found and stored once. */
int trace_put_marked(struct trace_writer *w, const struct trace_event *ev,
		     const struct trace_chunk *mem, const void *extra,
		     const uint32_t *marks, size_t nmarks);
/* Room for len bytes (at most 8 MiB) where the extra payload of the next
 * trace_put (an event of thread tid) would be copied to: an event without
 * memory chunks whose extra was built there is stored without that copy.
 * NULL if len is too big or memory is short (then build it elsewhere).
 * Valid until the next call on w. */
void *trace_extra_space(struct trace_writer *w, int32_t tid, uint32_t len);
/* Writes everything so far to the files (ends the current frames), so it
 * survives rrsup being killed; no fsync. */
int trace_flush(struct trace_writer *w);
/* Copies the file open on fd into DIR/files/ under the hash of its content
 * (once per content), and puts the name (NUL-terminated hex) in name.
 * Returns 0 or a negative errno. */
#define TRACE_BLOB_NAME 40
int trace_add_file(struct trace_writer *w, int fd, char name[TRACE_BLOB_NAME]);
/* The name trace_add_file would give the content of fd. */
int trace_hash_fd(int fd, char name[TRACE_BLOB_NAME]);
/* Flushes and frees; returns 0 or a negative errno. */
int trace_writer_close(struct trace_writer *w);
uint64_t trace_writer_events(const struct trace_writer *w);

/* Opens DIR for reading and parses the header.  Errors (not a trace,
 * newer version, corrupt header) are printed naming the file. */
int trace_reader_open(struct trace_reader **r, const char *dir);
const struct trace_header *trace_reader_header(const struct trace_reader *r);
/* True while rrsup record is still writing the trace in dir. */
int trace_dir_live(const char *dir);
/* Next event: 1 and *ev filled, with *mem (ev->nmem entries) and *extra
 * valid until the next call; 0 at the end of the stream; negative errno
 * on a corrupt or truncated stream (message printed, naming the file and
 * the event index). */
int trace_get(struct trace_reader *r, struct trace_event *ev,
	      const struct trace_chunk **mem, const void **extra);
/* Where a reader stands between two events, so that a debugger's
 * checkpoint can come back to it without reading the trace from the
 * start again: per stream, the frame being read and the place in it. */
struct trace_stream_mark {
	uint64_t off;		/* file offset of the frame */
	uint64_t total;		/* raw stream bytes before it */
	uint32_t seq;		/* its sequence number */
	uint32_t rpos;		/* bytes of it already read */
	uint8_t loaded;		/* 0: no frame in hand, off is the next one */
	uint8_t ended;
};

struct trace_mark {
	uint64_t idx;		/* events returned before the mark */
	struct trace_stream_mark ev, data;
	uint8_t done;
};

void trace_reader_mark(const struct trace_reader *r, struct trace_mark *m);
/* Back (or forward) to a mark of the same trace: 0 or negative errno. */
int trace_reader_seek(struct trace_reader *r, const struct trace_mark *m);
/* Absolute path of a file blob in the trace, for mapping it.  The first
 * time a blob is asked for, its content is checked against its name
 * (-EBADMSG, message printed, when it was damaged). */
int trace_file_path(struct trace_reader *r, const char *name,
		    char *path, size_t len);
/* Sizes on disk: header + events + data, and files/. */
void trace_reader_sizes(const struct trace_reader *r, uint64_t *streams,
			uint64_t *files);
void trace_reader_close(struct trace_reader *r);

void trace_header_free(struct trace_header *h);
const char *trace_ev_name(uint32_t type);

/* Trace directories.  The default parent is $RRSUP_TRACE_DIR, else
 * $XDG_DATA_HOME/rrsup, else ~/.local/share/rrsup (created 0700). */
int trace_default_parent(char *buf, size_t len);
/* A new, not yet created PROG-N path under the default parent. */
int trace_dir_new(const char *prog, char *buf, size_t len);
/* Points PARENT/latest-trace at dir (only when dir is under the parent). */
int trace_set_latest(const char *dir);
/* arg, or the latest trace when arg is NULL. */
int trace_dir_resolve(const char *arg, char *buf, size_t len);

#endif
