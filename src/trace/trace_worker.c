/* The compression workers.  Compressing and writing a frame is most of the
 * supervisor's own work on a program that reads a lot (zstd took half its
 * time recording tar | wc), and the supervisor runs on the CPU the program
 * runs on.  So finished frames go to threads free to run on any CPU.
 * Two of them (on a machine with two CPUs or more): while the program
 * waits for a full queue, its own CPU compresses too.  Each compresses
 * the next frame in the queue, then waits for its turn to write it, so
 * frames are written in the order they were finished: one queue for both
 * streams keeps data frames ahead of the events frames that need them.
 * The queue holds at most QUEUE_MAX raw bytes; a writer ahead of that
 * waits.  Errors stay with their stream (async_err) and surface at its
 * next frame, flush or end. */
#include "trace_frame.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "util/msg.h"

#define QUEUE_MAX	(32u << 20)
#define WORKERS_MAX	2

struct frame_job {
	struct frame_out *o;
	uint8_t *raw;
	size_t n;
	uint16_t flags;
	uint64_t ticket;		/* its place in the write order */
	struct frame_job *next;
};

struct frame_worker;

struct worker_thread {
	pthread_t th;
	struct frame_worker *w;
	ZSTD_CCtx *cctx;
	uint8_t *cbuf;
	size_t ccap;
	int started;
};

struct frame_worker {
	pthread_mutex_t mu;
	pthread_cond_t work;		/* a job came, or stop */
	pthread_cond_t done;		/* room in the queue, idle, or a turn */
	struct frame_job *head, *tail;
	size_t queued;			/* raw bytes waiting or in hand */
	uint64_t next_ticket, turn;	/* the next to hand out, to write */
	int busy, stop, nthreads;
	struct worker_thread t[WORKERS_MAX];
};

/* Compresses outside the lock, then writes when the job's turn comes. */
static void run_job(struct worker_thread *me, struct frame_job *j)
{
	struct frame_worker *w = me->w;
	size_t clen = frame_compress(me->cctx, &me->cbuf, &me->ccap, j->raw,
				     j->n, j->o->path);
	int err;

	pthread_mutex_lock(&w->mu);
	while (w->turn != j->ticket)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
	err = clen ? frame_put(j->o, me->cbuf, clen, j->n, j->flags) : -EIO;
	if (err)
		__atomic_store_n(&j->o->async_err, err, __ATOMIC_RELEASE);
}

static void *worker_main(void *arg)
{
	struct worker_thread *me = arg;
	struct frame_worker *w = me->w;
	struct frame_job *j;
	cpu_set_t all;

	/* Created by a supervisor pinned to the program's CPU: any CPU
	 * the process may use will do (the kernel keeps its cpuset). */
	memset(&all, 0xff, sizeof(all));
	sched_setaffinity(0, sizeof(all), &all);
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->work, &w->mu);
		if (!w->head)
			break;
		j = w->head;
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		w->busy++;
		pthread_mutex_unlock(&w->mu);
		run_job(me, j);
		pthread_mutex_lock(&w->mu);
		w->turn++;
		w->busy--;
		w->queued -= j->n;
		free(j->raw);
		free(j);
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int start_threads(struct frame_worker *w)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus >= WORKERS_MAX ? WORKERS_MAX : 1, i, err = 0;
	sigset_t block, old;

	/* Signals sent to the process (the supervisor's SIGALRM timer, a
	 * user's SIGINT) must reach the main thread: its waitpid is what
	 * they interrupt.  The faults stay open: a blocked one would kill
	 * us, and SIGSEGV is how a trapped rdtsc is emulated. */
	sigfillset(&block);
	sigdelset(&block, SIGSEGV);
	sigdelset(&block, SIGBUS);
	sigdelset(&block, SIGFPE);
	sigdelset(&block, SIGILL);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < n && !err; i++) {
		struct worker_thread *t = &w->t[i];

		t->w = w;
		t->cctx = ZSTD_createCCtx();
		if (!t->cctx) {
			err = ENOMEM;
			break;
		}
		err = pthread_create(&t->th, NULL, worker_main, t);
		t->started = !err;
		w->nthreads += !err;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* One thread is enough to go on with. */
	return w->nthreads ? 0 : -err;
}

static void free_threads(struct frame_worker *w)
{
	for (int i = 0; i < WORKERS_MAX; i++) {
		ZSTD_freeCCtx(w->t[i].cctx);
		free(w->t[i].cbuf);
	}
}

int frame_worker_start(struct frame_worker **wp)
{
	struct frame_worker *w = calloc(1, sizeof(*w));
	int err;

	*wp = NULL;
	if (!w)
		return -ENOMEM;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->done, NULL);
	err = start_threads(w);
	if (err) {
		free_threads(w);
		free(w);
		return err;
	}
	*wp = w;
	return 0;
}

/* Takes raw (malloc'd) whatever happens. */
int frame_worker_submit(struct frame_worker *w, struct frame_out *o,
			uint8_t *raw, size_t n, uint16_t flags)
{
	struct frame_job *j = malloc(sizeof(*j));

	if (!j) {
		free(raw);
		return -ENOMEM;
	}
	*j = (struct frame_job){ .o = o, .raw = raw, .n = n, .flags = flags };
	pthread_mutex_lock(&w->mu);
	while (w->queued && w->queued + n > QUEUE_MAX)
		pthread_cond_wait(&w->done, &w->mu);
	w->queued += n;
	j->ticket = w->next_ticket++;
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

/* Returns once every submitted frame is written (or failed). */
void frame_worker_drain(struct frame_worker *w)
{
	pthread_mutex_lock(&w->mu);
	while (w->head || w->busy)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

/* Writes what is queued, then ends the threads. */
void frame_worker_stop(struct frame_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->work);
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < WORKERS_MAX; i++)
		if (w->t[i].started)
			pthread_join(w->t[i].th, NULL);
	free_threads(w);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	free(w);
}
