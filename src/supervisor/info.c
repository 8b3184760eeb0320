/* "rrsup dump", "rrsup info" and "rrsup ls": looking after traces. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cmd.h"
#include "record.h"
#include "snapshot.h"
#include "inject/helper_abi.h"
#include "syscalls/sc.h"
#include "util/msg.h"

static int open_arg(int argc, char **argv, struct trace_reader **r)
{
	char dir[PATH_MAX];

	if (argc > 2) {
		fprintf(stderr, "usage: rrsup %s [TRACE]\n", argv[0]);
		return -EINVAL;
	}
	if (trace_dir_resolve(argc == 2 ? argv[1] : NULL, dir, sizeof(dir)))
		return -ENOENT;
	return trace_reader_open(r, dir);
}

static const char *sigkind(uint64_t k)
{
	static const char *const names[] = {
		[SIGK_SYNC] = "fault", [SIGK_AT_EXIT] = "at-syscall-exit",
		[SIGK_BEFORE_SYSCALL] = "before-syscall", [SIGK_FATAL] = "fatal",
		[SIGK_AT_IP] = "in-spin", [SIGK_AT_STATE] = "by-state",
	};

	return k < sizeof(names) / sizeof(names[0]) && names[k] ? names[k] : "?";
}

/* rrsup's own control call and the driver API's records, by name. */
static const char *control_name(uint64_t op)
{
	static const char *const names[] = {
		[RRSUP_OP_REGISTER] = "helper registers its buffer",
		[RRSUP_OP_DIVERGED] = "helper reports a divergence",
		[RRSUP_OP_FLUSH] = "helper buffer full",
		[RRSUP_OP_DISALLOWED] = "call in a disallowed region",
		[RRSUP_OP_INVALIDATE] = "RecordReplayInvalidateRecording",
		[RRSUP_OP_ASSERT_FAILED] = "RecordReplayAssert failed",
		[RRSUP_OP_VALUE] = "RecordReplayValue",
		[RRSUP_OP_BYTES] = "RecordReplayBytes",
		[RRSUP_OP_ASSERT] = "RecordReplayAssert",
		[RRSUP_OP_ASSERT_BYTES] = "RecordReplayAssertBytes",
		[RRSUP_OP_ANNOTATE] = "annotation",
		[RRSUP_OP_ARGS] = "RecordReplayRecordCommandLineArguments",
	};

	if (op < sizeof(names) / sizeof(names[0]) && names[op])
		return names[op];
	return "rrsup control call";
}

/* "annotation test: {...}" and the like; note is the record's text. */
static void print_control(const uint64_t a[6], int64_t ret, const char *note,
			  uint64_t note_len)
{
	uint64_t k;

	printf("%s", control_name(a[0]));
	switch (a[0]) {
	case RRSUP_OP_VALUE:
		printf(" = %lld", (long long)ret);
		return;
	case RRSUP_OP_BYTES:
	case RRSUP_OP_ASSERT_BYTES:
		printf(" (%llu bytes)", (unsigned long long)a[2]);
		return;
	case RRSUP_OP_ANNOTATE:
		k = note ? strnlen(note, note_len) : 0;
		printf(" %.*s: %.*s", (int)k, note ? note : "",
		       note && k < note_len ? (int)(note_len - k - 1) : 0,
		       note && k < note_len ? note + k + 1 : "");
		return;
	case RRSUP_OP_ASSERT:
		printf(" \"%.*s\"", (int)note_len, note ? note : "");
		return;
	case RRSUP_OP_ARGS:
		printf(" (%llu arguments)", (unsigned long long)a[1]);
		return;
	case RRSUP_OP_REGISTER:
		printf(" at %#llx = %lld", (unsigned long long)a[1], (long long)ret);
		return;
	}
}

static uint64_t mem_bytes(const struct trace_event *ev, const struct trace_chunk *mem)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < ev->nmem; i++)
		n += mem[i].len;
	return n;
}

/* The calls of a BUFFER event, one per line under it. */
static void dump_buffer(const struct trace_event *ev, const void *extra)
{
	const char *p = extra, *end = p + ev->extra_len;
	const struct rrsup_rec *r;
	char call[256];

	for (; (r = rrsup_rec_at(p, end)); p += r->len) {
		uint64_t args[6];

		memcpy(args, r->args, sizeof(args));	/* r may be unaligned */
		if (r->nr == RRSUP_SYSCALL) {
			const struct rrsup_chunk *k = (const void *)(r + 1);
			int has_note = (r->flags & RRSUP_REC_NOTE) && r->nchunks == 1 &&
				       r->len >= sizeof(*r) + sizeof(*k) + k->len;

			printf("\n    ");
			print_control(args, r->ret, has_note ? (const char *)(k + 1) : NULL,
				      has_note ? k->len : 0);
			continue;
		}
		sc_format(r->nr, args, call, sizeof(call));
		printf("\n    %s = %lld", call, (long long)r->ret);
		if (r->ret < 0 && r->ret > -4096)
			printf(" (%s)", strerror((int)-r->ret));
		if (r->flags & RRSUP_REC_PART)
			printf(" [sent without waiting; the rest follows]");
		if (r->flags & (RRSUP_REC_ECHO_OUT | RRSUP_REC_ECHO_ERR))
			printf(" [shown on %s]", r->flags & RRSUP_REC_ECHO_OUT ?
			       "stdout" : "stderr");
	}
}

static uint64_t count_buffered(const struct trace_event *ev, const void *extra)
{
	const char *p = extra, *end = p + ev->extra_len;
	const struct rrsup_rec *r;
	uint64_t n = 0;

	for (; (r = rrsup_rec_at(p, end)); p += r->len)
		n++;
	return n;
}

static void dump_event(uint64_t i, const struct trace_event *ev,
		       const struct trace_chunk *mem, const void *extra)
{
	char call[256];

	printf("%llu [%d] %s", (unsigned long long)i, ev->tid, trace_ev_name(ev->type));
	switch (ev->type) {
	case TRACE_EV_SYSCALL:
		if (ev->nr == RRSUP_SYSCALL) {
			putchar(' ');
			print_control(ev->args, ev->ret, NULL, 0);
			break;
		}
		sc_format(ev->nr, ev->args, call, sizeof(call));
		if (ev->flags & TRACE_F_ENTRY) {
			printf(" %s ... (waits; others run)", call);
			break;
		}
		printf(" %s%s = %lld", ev->flags & TRACE_F_RESULT ? "... " : "",
		       call, (long long)ev->ret);
		if (ev->ret < 0 && ev->ret > -4096)
			printf(" (%s)", strerror((int)-ev->ret));
		break;
	case TRACE_EV_SIGNAL:
		if (ev->nr == 0) {
			/* No signal: the task was switched out there. */
			printf(" none: task switched out (%s) ip=%#llx",
			       ev->args[0] == SIGK_AT_IP ? "in a spin" :
			       ev->args[0] == SIGK_AT_STATE ? "computing, by its state" :
			       "at a syscall",
			       (unsigned long long)ev->ip);
			break;
		}
		printf(" %s (%s) ip=%#llx", strsignal((int)ev->nr),
		       sigkind(ev->args[0]), (unsigned long long)ev->ip);
		break;
	case TRACE_EV_RDTSC:
		printf(" %s = %#llx ip=%#llx", ev->args[1] == 3 ? "rdtscp" : "rdtsc",
		       (unsigned long long)ev->ret, (unsigned long long)ev->ip);
		break;
	case TRACE_EV_EXEC:
		printf(" entry=%#llx sp=%#llx", (unsigned long long)ev->ip,
		       (unsigned long long)ev->sp);
		break;
	case TRACE_EV_EXIT:
		printf(" status=%d", cmd_exit_status((int)ev->ret));
		break;
	case TRACE_EV_END:
		printf(" \"%.*s\"", (int)ev->extra_len, (const char *)extra);
		break;
	case TRACE_EV_BUFFER:
		printf(" (%llu calls made in-process)",
		       (unsigned long long)count_buffered(ev, extra));
		dump_buffer(ev, extra);
		break;
	}
	if (ev->nmem)
		printf(" [%u region%s, %llu bytes]", ev->nmem, ev->nmem == 1 ? "" : "s",
		       (unsigned long long)mem_bytes(ev, mem));
	if (ev->flags & TRACE_F_BLOB)
		printf(" [file %.*s]", (int)ev->extra_len, (const char *)extra);
	putchar('\n');
}

int cmd_dump(int argc, char **argv)
{
	const struct trace_chunk *mem;
	struct trace_reader *r;
	struct trace_event ev;
	const void *extra;
	uint64_t i = 0;
	int ret;

	if (open_arg(argc, argv, &r))
		return EXIT_RRSUP;
	while ((ret = trace_get(r, &ev, &mem, &extra)) > 0)
		dump_event(++i, &ev, mem, extra);
	trace_reader_close(r);
	return ret < 0 ? EXIT_RRSUP : 0;
}

struct tally {
	uint64_t events, syscalls, signals, tsc, bytes, buffered;
	/* Where the scheduler switched or a held signal went in a loop:
	 * an idempotent spin, or a state saved (and its memory bytes). */
	uint64_t in_spin, by_state, state_bytes;
	int ended;		/* 0 cut off, 1 exited, 2 END event */
	int64_t status;
	char why[256];
};

static int count_events(struct trace_reader *r, struct tally *t)
{
	const struct trace_chunk *mem;
	struct trace_event ev;
	const void *extra;
	uint32_t i;
	int ret;

	while ((ret = trace_get(r, &ev, &mem, &extra)) > 0) {
		t->events++;
		t->syscalls += ev.type == TRACE_EV_SYSCALL;
		t->signals += ev.type == TRACE_EV_SIGNAL;
		t->tsc += ev.type == TRACE_EV_RDTSC;
		if (ev.type == TRACE_EV_SIGNAL) {
			t->in_spin += ev.args[0] == SIGK_AT_IP;
			t->by_state += ev.args[0] == SIGK_AT_STATE;
			for (i = 0; ev.args[0] == SIGK_AT_STATE && i < ev.nmem; i++)
				t->state_bytes += mem[i].len;
		}
		if (ev.type == TRACE_EV_BUFFER) {
			t->buffered += count_buffered(&ev, extra);
			t->bytes += ev.extra_len;
		}
		t->bytes += mem_bytes(&ev, mem);
		if (ev.type == TRACE_EV_EXIT) {
			t->ended = 1;
			t->status = ev.ret;
		} else if (ev.type == TRACE_EV_END) {
			t->ended = 2;
			t->status = ev.ret;
			snprintf(t->why, sizeof(t->why), "%.*s", (int)ev.extra_len,
				 (const char *)extra);
		}
	}
	return ret;
}

static void print_header(const struct trace_header *h)
{
	char when[64];
	time_t t = h->start_time;
	int i;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", localtime(&t));
	printf("program:        %s\n", h->exe);
	printf("arguments:     ");
	for (i = 0; i < h->argc; i++)
		printf(" %s", h->argv[i]);
	printf("\ncwd:            %s\n", h->cwd);
	printf("recorded:       %s\n", when);
	printf("format version: %u\n", h->version);
	printf("cpu:            %s (%s family %u model %u stepping %u)\n",
	       h->cpu.brand, h->cpu.vendor, h->cpu.family, h->cpu.model,
	       h->cpu.stepping);
}

int cmd_info(int argc, char **argv)
{
	struct trace_reader *r;
	struct tally t = { 0 };
	uint64_t streams, files;
	int ret;

	if (open_arg(argc, argv, &r))
		return EXIT_RRSUP;
	print_header(trace_reader_header(r));
	ret = count_events(r, &t);
	trace_reader_sizes(r, &streams, &files);
	printf("events:         %llu (%llu syscalls, %llu signals, %llu rdtsc)\n",
	       (unsigned long long)t.events, (unsigned long long)(t.syscalls + t.buffered),
	       (unsigned long long)t.signals, (unsigned long long)t.tsc);
	printf("syscalls:       %llu recorded in-process by the helper, %llu stopped "
	       "the program (slow path)\n", (unsigned long long)t.buffered,
	       (unsigned long long)t.syscalls);
	if (t.in_spin || t.by_state)
		printf("in loops:       %llu points found again (idempotent spins), %llu "
		       "by saved state (%llu bytes of memory)\n",
		       (unsigned long long)t.in_spin, (unsigned long long)t.by_state,
		       (unsigned long long)t.state_bytes);
	printf("recorded bytes: %llu\n", (unsigned long long)t.bytes);
	printf("size on disk:   %llu bytes of streams, %llu bytes of file copies\n",
	       (unsigned long long)streams, (unsigned long long)files);
	if (t.ended == 1)
		printf("ended:          program exited, status %d\n",
		       cmd_exit_status((int)t.status));
	else if (t.ended == 2)
		printf("ended:          cut short: %s\n", t.why);
	else
		printf("ended:          the trace stops without an end (cut off)\n");
	trace_reader_close(r);
	return ret < 0 ? EXIT_RRSUP : 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

int cmd_ls(int argc, char **argv)
{
	char parent[PATH_MAX], path[PATH_MAX * 2];
	struct dirent **names;
	struct stat st;
	int i, n;

	if (argc > 1) {
		fprintf(stderr, "usage: rrsup ls\n");
		return 2;
	}
	if (trace_default_parent(parent, sizeof(parent)))
		return EXIT_RRSUP;
	n = scandir(parent, &names, NULL, by_name);
	if (n < 0) {
		msg_errno(-errno, "cannot list %s", parent);
		return EXIT_RRSUP;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/header", parent, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && strcmp(names[i]->d_name, "latest-trace") &&
		    stat(path, &st) == 0) {
			char when[64];

			strftime(when, sizeof(when), "%Y-%m-%d %H:%M",
				 localtime(&st.st_mtime));
			printf("%-32s %s\n", names[i]->d_name, when);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}
