/* The compression worker.  Compressing and writing a frame is most of the
 * supervisor's own work on a program that reads a lot (zstd took half its
 * time recording tar | wc), and the supervisor runs on the CPU the program
 * runs on.  So finished frames go to a thread free to run on any CPU,
 * which compresses and writes them in the order they were finished: one
 * queue for both streams keeps data frames ahead of the events frames
 * that need them.  The queue holds at most QUEUE_MAX raw bytes; a writer
 * ahead of that waits.  Errors stay with their stream (async_err) and
 * surface at its next frame, flush or end. */
#include "trace_frame.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "util/msg.h"
#include "util/thread.h"

#define QUEUE_MAX	(32u << 20)
/* Frame buffers of FRAME_MAX_RAW kept for reuse: a fresh one is mapped
 * by malloc and faults in page by page as the supervisor fills it, which
 * cost tar | wc 4% of its samples. */
#define SPARE_MAX	4

struct frame_job {
	struct frame_out *o;
	uint8_t *raw;
	size_t n;
	uint16_t flags;
	int big;			/* raw has room for FRAME_MAX_RAW */
	uint32_t *piece;
	size_t npiece;
	struct frame_job *next;
};

struct frame_worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t work;		/* a job came, or stop */
	pthread_cond_t done;		/* room in the queue, or idle */
	struct frame_job *head, *tail;
	size_t queued;			/* raw bytes waiting or in hand */
	int busy, stop;
	uint8_t *spare[SPARE_MAX];	/* done with, FRAME_MAX_RAW each */
	int nspare;
};

static void run_job(struct frame_job *j)
{
	int err = frame_compress_write(j->o, j->raw, j->n, j->flags, j->piece,
				       j->npiece);

	if (err)
		__atomic_store_n(&j->o->async_err, err, __ATOMIC_RELEASE);
}

static void *worker_main(void *arg)
{
	struct frame_worker *w = arg;
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
		w->busy = 1;
		pthread_mutex_unlock(&w->mu);
		run_job(j);
		pthread_mutex_lock(&w->mu);
		w->busy = 0;
		w->queued -= j->n;
		if (j->big && w->nspare < SPARE_MAX)
			w->spare[w->nspare++] = j->raw;
		else
			free(j->raw);
		free(j->piece);
		free(j);
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
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
	/* A signal taken here left the main thread waiting for good. */
	err = util_thread_start(&w->th, worker_main, w);
	if (err) {
		free(w);
		return err;
	}
	*wp = w;
	return 0;
}

/* A buffer of FRAME_MAX_RAW bytes, its pages already touched if it was
 * used before. */
uint8_t *frame_worker_buf(struct frame_worker *w)
{
	uint8_t *b = NULL;

	pthread_mutex_lock(&w->mu);
	if (w->nspare)
		b = w->spare[--w->nspare];
	pthread_mutex_unlock(&w->mu);
	return b ? b : malloc(FRAME_MAX_RAW);
}

/* Takes raw and piece (malloc'd) whatever happens; big: raw came from
 * frame_worker_buf. */
int frame_worker_submit(struct frame_worker *w, struct frame_out *o,
			uint8_t *raw, size_t n, uint16_t flags, int big,
			uint32_t *piece, size_t npiece)
{
	struct frame_job *j = malloc(sizeof(*j));

	if (!j) {
		free(raw);
		free(piece);
		return -ENOMEM;
	}
	*j = (struct frame_job){ .o = o, .raw = raw, .n = n, .flags = flags, .big = big,
				 .piece = piece, .npiece = npiece };
	pthread_mutex_lock(&w->mu);
	while (w->queued && w->queued + n > QUEUE_MAX)
		pthread_cond_wait(&w->done, &w->mu);
	w->queued += n;
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

/* Writes what is queued, then ends the thread. */
void frame_worker_stop(struct frame_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	while (w->nspare)
		free(w->spare[--w->nspare]);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	free(w);
}
