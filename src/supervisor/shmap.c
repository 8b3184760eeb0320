#include "shmap.h"

#include <errno.h>
#include <stdlib.h>

#define PAGE_UP(x)	(((x) + 4095) & ~4095ULL)

int shmap_add(struct shmap_set *s, const struct shmap *m)
{
	struct shmap *p;

	p = realloc(s->v, (s->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->v = p;
	p[s->n++] = *m;
	return 0;
}

int shmap_unmapped(struct shmap_set *s, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + PAGE_UP(len);
	int i, err = 0;

	for (i = 0; i < s->n; i++) {
		struct shmap *m = &s->v[i], tail;
		uint64_t mend = m->start + m->len;

		if (end <= m->start || addr >= mend)
			continue;
		if (addr > m->start && end < mend) {
			/* A hole in the middle: the tail becomes its own. */
			tail = *m;
			tail.start = end;
			tail.len = mend - end;
			tail.off += end - m->start;
			m->len = addr - m->start;
			err = shmap_add(s, &tail);
		} else if (addr > m->start) {
			m->len = addr - m->start;
		} else if (end < mend) {
			m->off += end - m->start;
			m->len = mend - end;
			m->start = end;
		} else {
			s->v[i--] = s->v[--s->n];
		}
	}
	return err;
}

const struct shmap *shmap_find(const struct shmap_set *s, uint64_t addr)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (addr >= s->v[i].start && addr < s->v[i].start + s->v[i].len)
			return &s->v[i];
	return NULL;
}

void shmap_free(struct shmap_set *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
