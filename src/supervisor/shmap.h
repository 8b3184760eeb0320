/* Live MAP_SHARED file mappings.  Writes to a file through syscalls change
 * the memory of its shared mappings: the recorder uses this set to record
 * that memory after such writes, and the replayer to put the bytes back
 * through the file when the mapping itself is read-only. */
#ifndef RRSUP_SHMAP_H
#define RRSUP_SHMAP_H

#include <stdint.h>

struct shmap {
	uint64_t start, len;	/* page-aligned range in the process */
	uint64_t off;		/* file offset of start */
	uint64_t dev, ino;	/* the recorded file */
	int prot;
	int copy;		/* replay: index of the file copy behind it */
};

struct shmap_set {
	struct shmap *v;
	int n;
};

int shmap_add(struct shmap_set *s, const struct shmap *m);
/* [addr, addr+len) was unmapped: trims or splits what it covered. */
int shmap_unmapped(struct shmap_set *s, uint64_t addr, uint64_t len);
/* The mapping holding addr, or NULL. */
const struct shmap *shmap_find(const struct shmap_set *s, uint64_t addr);
void shmap_free(struct shmap_set *s);

#endif
