/* Replaying the address space: exec images and the mm syscalls.  Every
 * mapping lands where it was recorded, file mappings come from the trace's
 * copies, so replay neither depends on the kernel choosing the same
 * addresses nor on the files on disk. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "replay.h"
#include "inject/inject.h"
#include "supervisor/record.h"
#include "supervisor/snapshot.h"
#include "util/msg.h"

#define TASK_END	0x7ffffffff000ULL
#define PAGE_UP(x)	(((x) + 4095) & ~4095ULL)

static int remote(struct task *t, long nr, uint64_t a0, uint64_t a1,
		  uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, int64_t *ret)
{
	return task_remote_syscall(t, nr, a0, a1, a2, a3, a4, a5, ret);
}

/* Maps the file at path (as seen by the replayed process) at addr. */
static int map_path(struct task *t, const char *path, uint64_t addr,
		    uint64_t len, int prot, int flags, uint64_t off, int oflags)
{
	uint64_t a[6] = { AT_FDCWD, 0, oflags | O_CLOEXEC, 0, 0, 0 };
	int64_t fd, got, ignored;
	int err;

	err = task_remote_path_syscall(t, SYS_openat, 1, path, a, &fd);
	if (err)
		return err;
	if (fd < 0)
		return msg_errno((int)fd, "cannot open %s in the replayed process", path);
	err = remote(t, SYS_mmap, addr, len, prot, flags, fd, off, &got);
	remote(t, SYS_close, fd, 0, 0, 0, 0, 0, &ignored);
	if (err)
		return err;
	if ((uint64_t)got != addr)
		return msg_errno(got < 0 ? (int)got : -EEXIST,
				 "cannot map %s at %#llx", path, (unsigned long long)addr);
	return 0;
}

/* Maps blob (a file in the trace) at addr, privately. */
static int map_blob(struct task *t, struct trace_reader *r,
		    const char *blob, uint64_t addr, uint64_t len, int prot,
		    int flags, uint64_t off)
{
	char path[PATH_MAX];
	int err;

	err = trace_file_path(r, blob, path, sizeof(path));
	if (err)
		return err;
	return map_path(t, path, addr, len, prot, flags | MAP_PRIVATE, off, O_RDONLY);
}

static int map_anon(struct task *t, uint64_t addr, uint64_t len, int prot,
		    int flags)
{
	int64_t got;
	int err;

	err = remote(t, SYS_mmap, addr, len, prot,
		     flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &got);
	if (err)
		return err;
	if ((uint64_t)got != addr)
		return msg_errno(got < 0 ? (int)got : -EEXIST,
				 "cannot map memory at %#llx", (unsigned long long)addr);
	return 0;
}

static int restore_map(struct task *t, struct trace_reader *r,
		       const struct snap_map *m)
{
	char blob[TRACE_BLOB_NAME];
	uint64_t len = m->end - m->start;

	if (m->flags & SNAP_F_BLOB) {
		memcpy(blob, m->blob, sizeof(blob));
		blob[sizeof(blob) - 1] = '\0';
		return map_blob(t, r, blob, m->start, len, m->prot, MAP_FIXED,
				m->offset);
	}
	return map_anon(t, m->start, len, m->prot, MAP_FIXED |
			(m->flags & SNAP_F_STACK ? MAP_GROWSDOWN : 0));
}

/* The recorded resource limits, as far as we may set them: the stack
 * limit decides where a deep recursion faults. */
static void restore_rlimits(struct task *t, const struct snap_head *h)
{
	struct rlimit cur;
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++) {
		if (prlimit(t->tid, i, &h->rlim[i], NULL) == 0)
			continue;
		if (prlimit(t->tid, i, NULL, &cur) == 0 &&
		    h->rlim[i].rlim_cur <= cur.rlim_max) {
			cur.rlim_cur = h->rlim[i].rlim_cur;
			if (prlimit(t->tid, i, &cur, NULL) == 0)
				continue;
		}
		msg_warn("cannot restore resource limit %d of the recording", i);
	}
}

int snapshot_restore(struct task *t, struct trace_reader *r,
		     const struct trace_event *ev, const struct trace_chunk *mem,
		     const void *extra, uint64_t *brk)
{
	const struct snap_head *h;
	const struct snap_map *maps;
	void *copy;
	int64_t ret;
	uint32_t i;
	int err;

	/* The payload may sit at any alignment in the reader's buffer. */
	copy = malloc(ev->extra_len ? ev->extra_len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, extra, ev->extra_len);
	h = snapshot_parse(copy, ev->extra_len);
	if (!h) {
		msg_err("the program image in the trace is malformed");
		err = -EBADMSG;
		goto out;
	}
	maps = (const struct snap_map *)(h + 1);
	err = task_getregs(t);
	if (!err)
		err = remote(t, SYS_munmap, 0, INJECT_PAGE_ADDR, 0, 0, 0, 0, &ret);
	if (!err)
		err = remote(t, SYS_munmap, INJECT_PAGE_ADDR + INJECT_PAGE_SIZE,
			     TASK_END - INJECT_PAGE_ADDR - INJECT_PAGE_SIZE,
			     0, 0, 0, 0, &ret);
	for (i = 0; !err && i < h->nmaps; i++)
		err = restore_map(t, r, &maps[i]);
	for (i = 0; !err && i < ev->nmem; i++)
		err = task_write(t, mem[i].addr, mem[i].data, mem[i].len);
	if (!err)
		err = task_setregs(t, &h->regs);
	if (!err)
		restore_rlimits(t, h);
	if (err)
		msg_errno(err, "cannot rebuild the recorded program image");
	*brk = h->brk;
out:
	free(copy);
	return err;
}

/* Runs the (possibly rewritten) call at its seccomp stop for real, then
 * puts back the argument registers the program passed and the recorded
 * result. */
static int run_rewritten(struct rp *rp, const struct user_regs_struct *orig)
{
	int status, sig, stop, err;

	err = task_resume(&rp->cur->t, 1, 0);
	if (err)
		return err;
	stop = task_wait(&rp->cur->t, &status, &sig);
	if (stop != STOP_SYSCALL_EXIT)
		return stop < 0 ? stop : rp_diverged(rp, "lost the task in %s",
						     orig->orig_rax == SYS_mmap ?
						     "mmap" : "an mm syscall");
	err = task_getregs(&rp->cur->t);
	if (err)
		return err;
	if ((int64_t)rp->cur->t.regs.rax != rp->ev.ret)
		return rp_diverged(rp, "address-space call returned %#llx at replay, "
				   "%#llx when recorded",
				   (unsigned long long)rp->cur->t.regs.rax,
				   (unsigned long long)rp->ev.ret);
	rp->cur->t.regs = *orig;
	rp->cur->t.regs.rax = rp->ev.ret;
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	return err ? err : 1;
}

static int skip_with_result(struct rp *rp, int at)
{
	rp->cur->t.regs.orig_rax = -1;
	rp->cur->t.regs.rax = rp->ev.ret;
	return task_setregs(&rp->cur->t, &rp->cur->t.regs) ?: at;
}

/* Files mapped shared get one writable copy per recorded file, shared by
 * all its mappings, so that they see each other's writes as they did. */
static struct rp_copy *find_copy(struct rp *rp, const struct mm_file *f)
{
	int i;

	for (i = 0; i < rp->ncopies; i++)
		if (rp->copies[i].dev == f->dev && rp->copies[i].ino == f->ino)
			return &rp->copies[i];
	return NULL;
}

/* 0, or -1 with errno set. */
static ssize_t copy_by_reading(int in, int out)
{
	char buf[1 << 16];
	ssize_t n, k, done;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (done = 0; done < n; done += k) {
			k = write(out, buf + done, n - done);
			if (k < 0 && errno != EINTR)
				return -1;
			if (k < 0)
				k = 0;
		}
	}
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	int in, out, err = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		err = -errno;
		goto out;
	}
	while ((n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0)) > 0)
		;
	/* Between file systems (a trace on a tmpfs, /tmp on ext4) the
	 * kernel may refuse: copy through memory. */
	if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
		      errno == EOPNOTSUPP))
		n = copy_by_reading(in, out);
	if (n < 0)
		err = -errno;
	close(out);
out:
	close(in);
	return err;
}

/* A copy of the recorded file whose content is f->blob right now. */
static int fresh_copy(struct rp *rp, const struct mm_file *f, struct rp_copy **cp)
{
	char blob[PATH_MAX], name[TRACE_BLOB_NAME];
	struct rp_copy *c = find_copy(rp, f), *p;
	int fd, err;

	if (c) {
		fd = open(c->path, O_RDONLY | O_CLOEXEC);
		err = fd < 0 ? -errno : trace_hash_fd(fd, name);
		if (fd >= 0)
			close(fd);
		if (!err && !strcmp(name, f->blob)) {
			*cp = c;
			return 0;
		}
	} else {
		if (!rp->tmpdir[0]) {
			snprintf(rp->tmpdir, sizeof(rp->tmpdir), "%s/rrsup-replay-XXXXXX",
				 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
			if (!mkdtemp(rp->tmpdir)) {
				rp->tmpdir[0] = '\0';
				return msg_errno(-errno, "cannot create a directory for replay");
			}
		}
		p = realloc(rp->copies, (rp->ncopies + 1) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		rp->copies = p;
		c = &p[rp->ncopies++];
		c->dev = f->dev;
		c->ino = f->ino;
	}
	/* A new file each time: older mappings keep the content they had. */
	c->file = rp->ncopy_files++;
	snprintf(c->path, sizeof(c->path), "%s/file-%d", rp->tmpdir, c->file);
	err = trace_file_path(rp->r, f->blob, blob, sizeof(blob));
	if (!err)
		err = copy_file(blob, c->path);
	if (err)
		return msg_errno(err, "cannot copy %s for a shared mapping", blob);
	*cp = c;
	return 0;
}

static int map_recorded_file(struct rp *rp, uint64_t addr, int flags)
{
	const uint64_t *a = rp->ev.args;
	int shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	struct rp_copy *c;
	struct mm_file f;
	int err;

	if (rp->ev.extra_len != sizeof(f))
		return rp_diverged(rp, "malformed mmap event");
	memcpy(&f, rp->extra, sizeof(f));
	f.blob[sizeof(f.blob) - 1] = '\0';
	if (!shared && !find_copy(rp, &f))
		return map_blob(&rp->cur->t, rp->r, f.blob, addr, a[1], (int)a[2],
				flags & ~MAP_ANONYMOUS, a[5]);
	err = fresh_copy(rp, &f, &c);
	if (!err)
		err = map_path(&rp->cur->t, c->path, addr, a[1], (int)a[2],
			       flags & ~MAP_ANONYMOUS, a[5],
			       shared && (a[2] & PROT_WRITE) ? O_RDWR : O_RDONLY);
	if (!err && shared)
		err = shmap_add(&rp->shmaps, &(struct shmap){ .start = addr,
				.len = PAGE_UP(a[1]), .off = a[5], .dev = f.dev,
				.ino = f.ino, .prot = (int)a[2], .copy = c->file });
	return err;
}

static int replay_mmap(struct rp *rp)
{
	struct user_regs_struct orig = rp->cur->t.regs;
	uint64_t *a = rp->ev.args, addr = rp->ev.ret;
	int flags = (int)a[3];
	int err;

	flags &= ~(MAP_FIXED | MAP_FIXED_NOREPLACE);
	/* Where the program insisted, it gets MAP_FIXED again; elsewhere
	 * clobbering something would be a silent divergence, so refuse. */
	flags |= (a[3] & MAP_FIXED) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	if (rp->ev.flags & TRACE_F_BLOB) {
		err = map_recorded_file(rp, addr, flags);
		if (err)
			return rp_diverged(rp, "cannot map the recorded file at %#llx",
					   (unsigned long long)addr);
		return skip_with_result(rp, 2);
	}
	rp->cur->t.regs.rdi = addr;
	rp->cur->t.regs.r10 = flags;
	if (!(flags & MAP_ANONYMOUS)) {
		/* A device like /dev/zero: anonymous memory does the same. */
		rp->cur->t.regs.r10 = (flags & ~(MAP_SHARED | MAP_SHARED_VALIDATE)) |
				 MAP_PRIVATE | MAP_ANONYMOUS;
		rp->cur->t.regs.r8 = -1;
		rp->cur->t.regs.r9 = 0;
	}
	err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
	return err ? err : run_rewritten(rp, &orig);
}

static int replay_brk(struct rp *rp)
{
	uint64_t cur = PAGE_UP(rp->cur->proc->brk), want = PAGE_UP((uint64_t)rp->ev.ret);
	int64_t ret;
	int err = 0, at = 0;

	if (want > cur) {
		err = map_anon(&rp->cur->t, cur, want - cur, PROT_READ | PROT_WRITE,
			       MAP_FIXED_NOREPLACE);
		at = 2;
	} else if (want < cur) {
		err = remote(&rp->cur->t, SYS_munmap, want, cur - want, 0, 0, 0, 0, &ret);
		at = 2;
	}
	if (err)
		return rp_diverged(rp, "cannot move the program break to %#llx",
				   (unsigned long long)rp->ev.ret);
	rp->cur->proc->brk = rp->ev.ret;
	return skip_with_result(rp, at);
}

int rp_mm(struct rp *rp)
{
	struct user_regs_struct orig = rp->cur->t.regs;
	int64_t ret = rp->ev.ret;
	int err;

	if (rp->ev.nr == SYS_brk)
		return replay_brk(rp);
	if (ret < 0 && ret > -4096)
		return skip_with_result(rp, 0);
	switch (rp->ev.nr) {
	case SYS_mmap:
		return replay_mmap(rp);
	case SYS_mremap:
		if ((uint64_t)ret != rp->ev.args[0]) {
			rp->cur->t.regs.r10 |= MREMAP_MAYMOVE | MREMAP_FIXED;
			rp->cur->t.regs.r8 = ret;
			err = task_setregs(&rp->cur->t, &rp->cur->t.regs);
			if (err)
				return err;
		}
		shmap_unmapped(&rp->shmaps, rp->ev.args[0], rp->ev.args[1]);
		return run_rewritten(rp, &orig);
	case SYS_munmap:
		shmap_unmapped(&rp->shmaps, rp->ev.args[0], rp->ev.args[1]);
		return run_rewritten(rp, &orig);
	case SYS_mprotect:
	case SYS_pkey_mprotect:
	case SYS_madvise:
		return run_rewritten(rp, &orig);
	default:
		/* msync, mlock and friends change nothing replay can see. */
		return skip_with_result(rp, 0);
	}
}

void rp_mm_cleanup(struct rp *rp)
{
	char path[1100];
	int i;

	for (i = 0; rp->tmpdir[0] && i < rp->ncopy_files; i++) {
		snprintf(path, sizeof(path), "%s/file-%d", rp->tmpdir, i);
		unlink(path);
	}
	if (rp->tmpdir[0])
		rmdir(rp->tmpdir);
	free(rp->copies);
	shmap_free(&rp->shmaps);
}

/* Bytes recorded for a read-only shared mapping: /proc/PID/mem may not
 * write there, but the file behind it takes them. */
int rp_mm_write_shared(struct rp *rp, uint64_t addr, const void *data,
		       uint64_t len)
{
	const struct shmap *m = shmap_find(&rp->shmaps, addr);
	char path[1100];
	int fd, err = 0;

	if (!m || addr + len > m->start + m->len)
		return -EFAULT;
	snprintf(path, sizeof(path), "%s/file-%d", rp->tmpdir, m->copy);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pwrite(fd, data, len, m->off + (addr - m->start)) != (ssize_t)len)
		err = -EIO;
	close(fd);
	return err;
}

/* The old image's other threads, which the execve kills: the kernel
 * finishes the execve only once they are reaped (as when recorded; their
 * EXIT events follow the new image).  1 while some are left. */
static int reap_exec_deaths(struct rp *rp, const struct rptask *leader, int flags)
{
	int i, st, left = 0;

	for (i = 0; i < rp->ntasks; i++) {
		struct rptask *x = rp->tasks[i];
		pid_t tid;

		/* The leader's tid brings the caller's own stops. */
		if (x == rp->cur || x == leader || x->proc != rp->cur->proc ||
		    x->state == RP_DONE || x->died_in_exec || x->t.tid <= 0)
			continue;
		tid = waitpid(x->t.tid, &st, __WALL | flags);
		if (tid == x->t.tid && (WIFEXITED(st) || WIFSIGNALED(st))) {
			x->died_in_exec = 1;
			x->t.exited = 1;
			x->t.exit_status = st;
		} else if (tid >= 0 || errno == EINTR) {
			left = 1;	/* a stop on its way out, or not dead yet */
		}
	}
	return left;
}

/* The execve's own stops.  From a thread other than the leader, they come
 * with the leader's tid: the caller takes it over, and the leader is gone
 * without a word. */
static int wait_exec(struct rp *rp, int *status, int *sig)
{
	struct rptask *leader = NULL;
	pid_t tid, want;
	int i;

	if (rp->cur->rec_tid != rp->cur->proc->rec_pid)
		for (i = 0; i < rp->ntasks && !leader; i++)
			if (rp->tasks[i]->rec_tid == rp->cur->proc->rec_pid &&
			    rp->tasks[i]->proc == rp->cur->proc &&
			    rp->tasks[i]->state != RP_DONE)
				leader = rp->tasks[i];
	if (!leader && rp->cur->proc->refs == 1)
		return task_wait(&rp->cur->t, status, sig);
	want = leader ? leader->t.tid : rp->cur->t.tid;
	for (;;) {
		reap_exec_deaths(rp, leader, WNOHANG);
		tid = waitpid(want, status, __WALL | WNOHANG);
		if (tid == want)
			break;
		if (tid < 0 && errno != EINTR)
			return -errno;
		if (task_interrupt)
			return -EINTR;
		usleep(50);
	}
	if (leader) {
		leader->state = RP_DONE;
		task_close(&leader->t);
		leader->t.tid = -tid;
		rp->cur->t.tid = tid;
	}
	return task_classify(*status, sig);
}

int rp_exec_stub(struct rp *rp)
{
	uint64_t path = INJECT_PAGE_ADDR + INJECT_SCRATCH_OFF;
	uint64_t argv[3] = { path, 0, 0 };	/* argv, then envp: both end */
	uint64_t argv_at = INJECT_PAGE_ADDR + INJECT_PAGE_SIZE - sizeof(argv);
	struct user_regs_struct r = rp->cur->t.regs;
	int status, sig, stop, err;
	size_t len = strlen(rp->stub) + 1;

	if (path + len > argv_at)
		return -ENAMETOOLONG;
	err = task_write(&rp->cur->t, path, rp->stub, len);
	if (!err)
		err = task_write(&rp->cur->t, argv_at, argv, sizeof(argv));
	if (err)
		return err;
	/* A real execve: the process gets a fresh address space (a vfork
	 * child stops sharing its parent's), other threads go, and the
	 * recorded image is then rebuilt in it. */
	r.orig_rax = SYS_execve;
	r.rdi = path;
	r.rsi = argv_at;
	r.rdx = argv_at + 16;
	err = task_setregs(&rp->cur->t, &r);
	if (!err)
		err = task_resume(&rp->cur->t, 1, 0);
	while (!err) {
		stop = wait_exec(rp, &status, &sig);
		if (stop == STOP_SYSCALL_EXIT)
			break;
		if (stop < 0 || stop == STOP_EXITED)
			return rp_diverged(rp, "cannot exec the replay stub");
		err = task_resume(&rp->cur->t, 1, 0);
	}
	while (!err && reap_exec_deaths(rp, NULL, 0))
		;
	if (!err)
		err = task_reopen_mem(&rp->cur->t);
	if (!err)
		err = task_getregs(&rp->cur->t);
	if (!err && (int64_t)rp->cur->t.regs.rax != 0)
		return rp_diverged(rp, "exec of the replay stub failed: %lld",
				   (long long)rp->cur->t.regs.rax);
	return err;
}
