/* Record side of exec images. */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include <sys/mman.h>

#include "inject/inject.h"
#include "util/msg.h"

/* Words of the initial stack, read a page at a time: walking argv, envp
 * and auxv one word per read cost a /proc read each (60 per exec). */
struct stack_words {
	struct task *t;
	uint64_t base;			/* address of w[0] */
	uint64_t w[512];
	int n;				/* words valid */
};

static int stack_word(struct stack_words *s, uint64_t addr, uint64_t *v)
{
	uint64_t page_end = (addr | 4095) + 1;
	int err;

	if (addr < s->base || addr + 8 > s->base + 8 * (uint64_t)s->n) {
		/* To the end of addr's page: the stack may end there. */
		s->base = addr;
		s->n = (int)((page_end - addr) / 8);
		err = task_read(s->t, addr, s->w, 8 * (size_t)s->n);
		if (err) {
			s->n = 0;
			return err;
		}
	}
	*v = s->w[(addr - s->base) / 8];
	return 0;
}

/* glibc asks the vDSO for the time without entering the kernel, which a
 * recording cannot see.  Turning AT_SYSINFO_EHDR into AT_IGNORE makes the
 * C library fall back to real (recorded) syscalls. */
static int hide_vdso(struct task *t)
{
	static const uint64_t ignore = AT_IGNORE;
	struct stack_words s = { .t = t };
	uint64_t sp = t->regs.rsp, argc, v;
	uint64_t p;
	int err, i;

	err = stack_word(&s, sp, &argc);
	if (err)
		return err;
	p = sp + 8 * (argc + 2);		/* past argc, argv[], NULL */
	for (i = 0; i < 100000; i++, p += 8) {	/* past envp[], NULL */
		err = stack_word(&s, p, &v);
		if (err)
			return err;
		if (!v)
			break;
	}
	for (p += 8; ; p += 16) {
		err = stack_word(&s, p, &v);
		if (err)
			return err;
		if (v == AT_NULL)
			return 0;
		if (v == AT_SYSINFO_EHDR)
			return task_write(t, p, &ignore, 8);
	}
}

/* id: the file's "DEV INODE" as the line gives them. */
static int parse_maps_line(const char *line, struct snap_map *m, char id[64])
{
	char perms[5], path[SNAP_NAME_MAX] = "", dev[24] = "";
	unsigned long long start, end, off, ino = 0;
	int n;

	memset(m, 0, sizeof(*m));
	n = sscanf(line, "%llx-%llx %4s %llx %23s %llu %255[^\n]", &start, &end,
		   perms, &off, dev, &ino, path);
	if (n < 4)
		return -EINVAL;
	snprintf(id, 64, "%s %llu", dev, ino);
	m->start = start;
	m->end = end;
	m->offset = off;
	m->prot = (perms[0] == 'r' ? PROT_READ : 0) |
		  (perms[1] == 'w' ? PROT_WRITE : 0) |
		  (perms[2] == 'x' ? PROT_EXEC : 0);
	m->flags = perms[3] == 's' ? SNAP_F_SHARED : 0;
	snprintf(m->name, sizeof(m->name), "%s", path);
	return 0;
}

/* Copies the file behind a mapping into the trace.  map_files names the
 * very file mapped, even when it was deleted or replaced since. */
static int save_blob(struct task *t, struct trace_writer *w, struct snap_map *m)
{
	char path[128];
	int fd, err;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%llx-%llx", t->tid,
		 (unsigned long long)m->start, (unsigned long long)m->end);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && m->name[0] == '/')
		fd = open(m->name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return msg_errno(-errno, "cannot open %s to copy it into the trace",
				 m->name);
	err = trace_add_file(w, fd, m->blob);
	close(fd);
	if (!err)
		m->flags |= SNAP_F_BLOB;
	return err;
}

static int skip_mapping(const struct snap_map *m)
{
	return m->start == INJECT_PAGE_ADDR || !strcmp(m->name, "[vdso]") ||
	       !strcmp(m->name, "[vvar]") || !strcmp(m->name, "[vsyscall]") ||
	       !strcmp(m->name, "[vvar_vclock]");
}

static int read_start_brk(struct task *t, uint64_t *brk)
{
	char path[64], buf[4096], *p;
	unsigned long long v = 0;
	int fd, i;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", t->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	/* Field 47 is start_brk; count from after the ")" of the name. */
	p = strrchr(buf, ')');
	for (i = 2; p && i < 47; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%llu", &v) != 1)
		return -EIO;
	*brk = v;
	return 0;
}

struct snap_build {
	struct snap_head *head;
	size_t cap;
	struct trace_chunk *chunks;
	uint32_t nchunks;
	/* The file of the last mapping copied, and its copy: a library's
	 * four or five mappings need one look, not one each. */
	char last_id[64];
	char last_blob[TRACE_BLOB_NAME];
};

/* What execve wrote is all a snapshot must keep; the rest replay gets
 * from the file copies or from fresh anonymous memory.  The ELF loader
 * maps a segment's file part from the file and its bss as anonymous
 * memory, zeroing only the tail of the last file page (padzero).  Reading
 * untouched memory is not free: cc1's 1.7 MB bss was read, faulted into
 * the program as zero pages, and compressed at every exec. */
static int exec_zeros(const struct snap_map *m)
{
	return !m->name[0] && !(m->flags & (SNAP_F_SHARED | SNAP_F_BLOB));
}

static uint64_t exec_written_from(struct task *t, const struct snap_map *m)
{
	/* The kernel wrote the new stack from the top down to sp; below,
	 * it is untouched zeros (and replay maps it fresh). */
	if ((m->flags & SNAP_F_STACK) && t->regs.rsp > m->start &&
	    t->regs.rsp < m->end)
		return t->regs.rsp & ~4095ULL;
	/* A writable private file mapping: the file, but for padzero's
	 * page. */
	if ((m->flags & (SNAP_F_BLOB | SNAP_F_SHARED)) == SNAP_F_BLOB &&
	    m->end - m->start > 4096)
		return m->end - 4096;
	return m->start;
}

static int add_mapping(struct task *t, struct trace_writer *w,
		       struct snap_build *b, struct snap_map *m, const char *id)
{
	struct snap_map *maps;
	void *data;
	int err;

	if (m->name[0] == '/' && b->last_id[0] && !strcmp(id, b->last_id)) {
		memcpy(m->blob, b->last_blob, TRACE_BLOB_NAME);
		m->flags |= SNAP_F_BLOB;
	} else if (m->name[0] == '/') {
		err = save_blob(t, w, m);
		if (err)
			return err;
		snprintf(b->last_id, sizeof(b->last_id), "%s", id);
		memcpy(b->last_blob, m->blob, TRACE_BLOB_NAME);
	}
	if (!strcmp(m->name, "[stack]"))
		m->flags |= SNAP_F_STACK;
	if (((m->prot & PROT_WRITE) || !(m->flags & SNAP_F_BLOB)) &&
	    !exec_zeros(m)) {
		uint64_t from = exec_written_from(t, m);

		data = malloc(m->end - from);
		if (!data)
			return -ENOMEM;
		err = task_read(t, from, data, m->end - from);
		if (err) {
			free(data);
			return err;
		}
		b->chunks[b->nchunks++] = (struct trace_chunk){
			.addr = from, .len = m->end - from, .data = data };
		m->flags |= SNAP_F_DATA;
	}
	maps = (struct snap_map *)(b->head + 1);
	maps[b->head->nmaps++] = *m;
	return 0;
}

#define SNAP_MAX_MAPS 512

int snapshot_record(struct task *t, struct trace_writer *w)
{
	struct snap_build b = { 0 };
	struct trace_event ev = { .type = TRACE_EV_EXEC };
	char path[64], line[512], id[64];
	struct snap_map m;
	FILE *f = NULL;
	uint32_t i;
	int err;

	err = inject_map_page(t);
	if (!err)
		err = task_getregs(t);
	if (!err)
		err = hide_vdso(t);
	if (err)
		return err;
	b.cap = sizeof(*b.head) + SNAP_MAX_MAPS * sizeof(struct snap_map);
	b.head = calloc(1, b.cap);
	b.chunks = calloc(SNAP_MAX_MAPS, sizeof(*b.chunks));
	if (!b.head || !b.chunks) {
		err = -ENOMEM;
		goto out;
	}
	b.head->magic = SNAP_MAGIC;
	b.head->regs = t->regs;
	err = read_start_brk(t, &b.head->brk);
	for (i = 0; !err && i < RLIM_NLIMITS; i++)
		if (prlimit(t->tid, i, NULL, &b.head->rlim[i]) < 0)
			err = -errno;
	if (err)
		goto out;
	snprintf(path, sizeof(path), "/proc/%d/maps", t->tid);
	f = fopen(path, "re");
	if (!f) {
		err = msg_errno(-errno, "cannot read %s", path);
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		if (parse_maps_line(line, &m, id) || skip_mapping(&m))
			continue;
		if (b.head->nmaps == SNAP_MAX_MAPS) {
			msg_err("more than %d mappings after exec", SNAP_MAX_MAPS);
			err = -E2BIG;
			goto out;
		}
		err = add_mapping(t, w, &b, &m, id);
		if (err)
			goto out;
	}
	ev.tid = t->tid;
	ev.nmem = b.nchunks;
	ev.extra_len = sizeof(*b.head) + b.head->nmaps * sizeof(struct snap_map);
	ev.ip = t->regs.rip;
	ev.sp = t->regs.rsp;
	err = trace_put(w, &ev, b.chunks, b.head);
out:
	if (f)
		fclose(f);
	for (i = 0; i < b.nchunks; i++)
		free((void *)b.chunks[i].data);
	free(b.chunks);
	free(b.head);
	return err;
}

const struct snap_head *snapshot_parse(const void *extra, uint32_t len)
{
	const struct snap_head *h = extra;

	if (!extra || len < sizeof(*h) || h->magic != SNAP_MAGIC ||
	    h->nmaps > SNAP_MAX_MAPS ||
	    len != sizeof(*h) + h->nmaps * sizeof(struct snap_map))
		return NULL;
	return h;
}
