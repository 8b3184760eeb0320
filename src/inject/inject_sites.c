/* Handing libc's syscall sites to each new process's helper.  The helper
 * would find them itself by scanning libc's 1.4 MB of text, ~0.2 ms in
 * every process at record and at replay; the supervisor finds them once
 * per libc (told apart by build ID and text size) and writes the list
 * into the registering thread's buffer. */
#include "inject.h"

#include <stdlib.h>
#include <string.h>

#include "inject/helper_abi.h"
#include "inject/sites.h"
#include "supervisor/task.h"
#include "util/msg.h"

#define CACHE_MAX	4
/* Larger than any libc's text; a bigger claim is not read. */
#define TEXT_MAX	(64u << 20)

struct sites_entry {
	struct rrsup_libc key;		/* text address not compared */
	int n;
	uint32_t off[SITES_MAX];
};

static struct sites_entry *cache[CACHE_MAX];
static int ncache;

static int same_libc(const struct rrsup_libc *a, const struct rrsup_libc *b)
{
	return a->len == b->len && a->id_len == b->id_len &&
	       !memcmp(a->id, b->id, a->id_len);
}

static struct sites_entry *lookup(struct task *t, const struct rrsup_libc *l)
{
	struct sites_entry *e;
	uint8_t *text;
	int i;

	for (i = 0; i < ncache; i++)
		if (same_libc(&cache[i]->key, l))
			return cache[i];
	if (ncache == CACHE_MAX || !(e = malloc(sizeof(*e))))
		return NULL;
	text = malloc(l->len);
	if (!text || task_read(t, l->text, text, l->len)) {
		free(text);
		free(e);
		return NULL;
	}
	e->key = *l;
	e->n = sites_find(text, l->len, e->off, SITES_MAX);
	free(text);
	msg_debug("libc text of %llu bytes: %d syscall sites",
		  (unsigned long long)l->len, e->n);
	return cache[ncache++] = e;
}

void inject_offer_sites(struct task *t, uint64_t buf, uint64_t libc_addr)
{
	struct rrsup_libc l;
	struct rrsup_sites h = { .magic = RRSUP_SITES_MAGIC };
	struct sites_entry *e;

	if (!libc_addr || task_read(t, libc_addr, &l, sizeof(l)) ||
	    !l.id_len || l.id_len > sizeof(l.id) || !l.len || l.len > TEXT_MAX)
		return;
	e = lookup(t, &l);
	if (!e)
		return;
	h.n = (uint32_t)e->n;
	h.text = l.text;
	/* The list first: the header's magic is what makes it valid. */
	if (!task_write(t, buf + RRSUP_HDR_SIZE + sizeof(h), e->off,
			e->n * sizeof(e->off[0])))
		task_write(t, buf + RRSUP_HDR_SIZE, &h, sizeof(h));
}
