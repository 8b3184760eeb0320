/* The in-process helper: records the common syscalls without stopping the
 * program (record) and hands their recorded results back (replay).  See
 * inject/helper_abi.h for the protocol.  Compiled with
 * -mgeneral-regs-only and without libc calls on the call path: it runs in
 * the middle of libc's syscall wrappers, whose vector registers must
 * survive, and libc is what it patches. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/futex.h>
#include <time.h>
#include <linux/perf_event.h>

#include "helper.h"
#include "syscalls/sc.h"

#define TLS __attribute__((tls_model("initial-exec")))

enum { TS_NEW, TS_READY, TS_OFF, TS_INIT };

static __thread struct rrsup_buf *tls_buf TLS;
static __thread int tls_state TLS;
static __thread int tls_pass TLS, tls_disallow TLS;
/* Set while this thread's helper runs on its helper stack.  A signal
 * handler that interrupted it there but runs on another stack (an
 * alternate signal stack) must not take the helper stack's top: the
 * interrupted frames are there. */
static __thread int tls_stack_busy TLS;
static unsigned next_slot;

#define UNTRACED ((uintptr_t)(0x70000000000ULL + RRSUP_UNTRACED_OFF))
#define TRACED ((uintptr_t)rrsup_traced_entry)
/* Regions a buffered call may write (iovecs, msghdr parts). */
#define MAX_REGIONS 24

long helper_trap(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t a5)
{
	uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };

	return rrsup_do_syscall(nr, a, TRACED);
}

static long untraced(long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3)
{
	uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };

	return rrsup_do_syscall(nr, a, UNTRACED);
}

/* The counter's signal must get through even where the program blocks
 * every signal (worker threads often do): it is unblocked for the call
 * and blocked again after if it was.  Returns 1 if it was blocked. */
static int desched_arm(struct rrsup_buf *b)
{
	uint64_t bit = 1ULL << (RRSUP_DESCHED_SIG - 1), old = 0;

	if (untraced(SYS_rt_sigprocmask, SIG_UNBLOCK, (uint64_t)&bit, (uint64_t)&old, 8))
		return -1;
	if (untraced(SYS_ioctl, (uint64_t)b->desched_fd, PERF_EVENT_IOC_ENABLE, 0, 0)) {
		if (old & bit)
			untraced(SYS_rt_sigprocmask, SIG_BLOCK, (uint64_t)&bit, 0, 8);
		return -1;
	}
	return (old & bit) != 0;
}

static void desched_disarm(struct rrsup_buf *b, int was_blocked)
{
	uint64_t bit = 1ULL << (RRSUP_DESCHED_SIG - 1);

	untraced(SYS_ioctl, (uint64_t)b->desched_fd, PERF_EVENT_IOC_DISABLE, 0, 0);
	if (was_blocked)
		untraced(SYS_rt_sigprocmask, SIG_BLOCK, (uint64_t)&bit, 0, 8);
}

/* Nothing that differs between record and replay may live outside the
 * buffer slot (memory hashes would see it): the mode is read from there. */
int helper_mode(void)
{
	return tls_buf ? (int)tls_buf->mode : RRSUP_MODE_OFF;
}

/* Maps this thread's buffer in a free slot of the helper area and
 * registers it (the process's first naming libc: see struct rrsup_libc).
 * The same code runs at replay, where each call gets its recorded result,
 * so the buffer lands at the same address. */
static void thread_init(const struct rrsup_libc *libc)
{
	uint64_t addr = 0;
	struct rrsup_buf *b;
	unsigned i;
	long r, mode;

	tls_state = TS_INIT;
	for (i = 0; i < RRSUP_AREA_SLOTS; i++) {
		addr = RRSUP_AREA_START +
		       (__atomic_fetch_add(&next_slot, 1, __ATOMIC_RELAXED) %
			RRSUP_AREA_SLOTS) * RRSUP_BUF_SIZE;
		r = helper_trap(SYS_mmap, addr, RRSUP_BUF_SIZE,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				(uint64_t)-1, 0);
		if (r == (long)addr)
			break;
		if (r != -EEXIST) {
			tls_state = TS_OFF;
			return;
		}
	}
	if (i == RRSUP_AREA_SLOTS) {
		tls_state = TS_OFF;
		return;
	}
	b = (struct rrsup_buf *)addr;
	b->magic = RRSUP_BUF_MAGIC;
	b->desched_fd = -1;
	b->traced_entry = TRACED;
	mode = helper_trap(RRSUP_SYSCALL, RRSUP_OP_REGISTER, addr,
			   (uint64_t)(uintptr_t)libc, 0, 0, 0);
	if (mode < RRSUP_MODE_RECORD || mode > RRSUP_MODE_TRAP_REPLAY) {
		helper_trap(SYS_munmap, addr, RRSUP_BUF_SIZE, 0, 0, 0, 0);
		tls_state = TS_OFF;
		return;
	}
	b->mode = (uint32_t)mode;
	tls_buf = b;
	tls_state = TS_READY;
}

static int self_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	h_copy(buf, (const void *)addr, len);
	return 0;
}

/* What the hook decided for one call. */
struct call {
	struct sc_call sc;
	int cls;		/* SC_BUF_* */
	uint64_t max_out;
	uint64_t data;		/* bytes written to an echo fd, to keep */
	uint64_t old_brk;	/* brk: the break before the call */
};

static int keeps_data(const struct rrsup_buf *b, long nr, const uint64_t a[6])
{
	uint64_t fd = a[0];

	if (nr != SYS_write && nr != SYS_writev && nr != SYS_pwrite64)
		return 0;
	return fd >= RRSUP_ECHO_FDS || (b->echo_fds[fd / 64] >> (fd % 64)) & 1;
}

/* Bytes writev would send at most (the class allows short vectors). */
static uint64_t iov_sum(const uint64_t a[6])
{
	const struct { uint64_t base, len; } *v = (const void *)a[1];
	uint64_t i, n = 0;

	for (i = 0; i < a[2]; i++)
		n += v[i].len;
	return n;
}

/* For read/write-family calls: is fd's bit set in bits? */
static int fd_bit(const uint64_t *bits, uint64_t nr, uint64_t fd)
{
	switch (nr) {
	case SYS_read: case SYS_write: case SYS_readv: case SYS_writev:
	case SYS_pread64: case SYS_pwrite64:
		return fd < RRSUP_ECHO_FDS && (bits[fd / 64] >> (fd % 64)) & 1;
	default:
		return 0;
	}
}

/* fd's file has a shared mapping (or fd is past the bitmaps and some
 * file does). */
static int shared(const struct rrsup_buf *b, uint64_t fd)
{
	if (fd >= RRSUP_ECHO_FDS)
		return b->no_file_writes;
	return (b->shared_fds[fd / 64] >> (fd % 64)) & 1;
}

static int dirty(const struct rrsup_buf *b, uint64_t fd)
{
	return fd >= RRSUP_ECHO_FDS || ((b->echo_dirty[fd / 64] >> (fd % 64)) & 1);
}

static void copy_bit(uint64_t *bits, uint64_t from, uint64_t to)
{
	uint64_t on = from < RRSUP_ECHO_FDS && ((bits[from / 64] >> (from % 64)) & 1);

	bits[to / 64] = (bits[to / 64] & ~(1ULL << (to % 64))) | (on << (to % 64));
}

static void set_fd_bit(uint64_t *bits, uint64_t fd, int on)
{
	bits[fd / 64] = (bits[fd / 64] & ~(1ULL << (fd % 64))) |
			((uint64_t)!!on << (fd % 64));
}

/* A file the helper just opened: may it be our stdout (/dev/stdout), may
 * it block (a FIFO)?  (The supervisor checks again at the next flush,
 * for the shared-mapping bit too.) */
static void learn_fd(struct rrsup_buf *b, uint64_t fd)
{
	struct { uint64_t dev, ino, nlink; uint32_t mode, uid, gid, pad;
		 uint64_t rdev; char rest[88]; } st;
	int i, echo = 1, noblock = 0;

	if (!untraced(SYS_fstat, fd, (uint64_t)&st, 0, 0)) {
		echo = 0;
		for (i = 0; i < 2; i++)
			echo |= b->out_ino[i] && st.dev == b->out_dev[i] &&
				st.ino == b->out_ino[i];
		noblock = S_ISREG(st.mode) || S_ISBLK(st.mode) ||
			  (S_ISCHR(st.mode) && (st.rdev >> 8) == 1);
	}
	set_fd_bit(b->echo_fds, fd, echo);
	set_fd_bit(b->noblock_fds, fd, noblock);
}

/* A buffered dup: the new fd is the old one's file, with its bits. */
static void dup_bits(struct rrsup_buf *b, uint64_t from, int64_t to)
{
	if (to < 0 || to >= RRSUP_ECHO_FDS || from == (uint64_t)to)
		return;
	copy_bit(b->echo_fds, from, to);
	copy_bit(b->noblock_fds, from, to);
	copy_bit(b->shared_fds, from, to);
	b->echo_dirty[to / 64] &= ~(1ULL << (to % 64));
}

/* Any signal pending (and so blocked)?  When unsure, yes. */
static int signal_pending(void)
{
	uint64_t set = 0;

	return untraced(SYS_rt_sigpending, (uint64_t)&set, 8, 0, 0) || set;
}

/* A vfork child runs on its parent's buffer while the parent waits, so
 * its records go in there too; but the header's fd bits and context-
 * switch counter are the parent's.  Its signal set-up calls touch none
 * of that: posix_spawn's child resets every handler, two calls each (122
 * stops per spawn when trapped). */
static int vfork_ok(uint64_t nr)
{
	return nr == SYS_rt_sigaction || nr == SYS_rt_sigprocmask;
}

/* Record: may this call run untraced now?  Fills c. */
static int record_ok(struct rrsup_buf *b, struct hook_args *h, struct call *c)
{
	uint64_t need;

	if (b->force_trap && !(b->force_trap == RRSUP_FORCE_VFORK && vfork_ok(h->nr)))
		return 0;
	c->sc.read = self_read;
	c->cls = sc_buffer_class(&c->sc, &c->max_out);
	if (c->cls == SC_BUF_NO)
		return 0;
	if ((c->cls & SC_BUF_BLOCK) && fd_bit(b->noblock_fds, h->nr, h->a[0]))
		c->cls = (c->cls & ~SC_BUF_BLOCK) | SC_BUF_FAST;
	if ((c->cls & SC_BUF_BLOCK) && b->desched_fd < 0)
		return 0;
	if ((c->cls & SC_BUF_UNBLOCK) && signal_pending())
		return 0;
	if ((h->nr == SYS_write || h->nr == SYS_writev || h->nr == SYS_pwrite64 ||
	     h->nr == SYS_ftruncate) && shared(b, h->a[0]))
		return 0;
	/* File to file: its bytes are not in memory to keep for echoing. */
	if (h->nr == SYS_copy_file_range &&
	    (shared(b, h->a[2]) || h->a[2] >= RRSUP_ECHO_FDS ||
	     ((b->echo_fds[h->a[2] / 64] >> (h->a[2] % 64)) & 1)))
		return 0;
	/* Closing an fd whose written bytes were kept (or dup2 over it):
	 * trapped, so the supervisor sees whether they went to our stdout
	 * before the fd goes. */
	if ((h->nr == SYS_close && dirty(b, h->a[0])) ||
	    ((h->nr == SYS_dup2 || h->nr == SYS_dup3) && dirty(b, h->a[1])))
		return 0;
	need = sizeof(struct rrsup_rec) +
	       MAX_REGIONS * (sizeof(struct rrsup_chunk) + 8) + c->max_out;
	if (keeps_data(b, h->nr, h->a)) {
		uint64_t n = h->nr == SYS_writev ? iov_sum(h->a) : h->a[2];

		need += sizeof(struct rrsup_chunk) + n + 8;
	}
	return need <= RRSUP_SPACE - b->used;
}

static char *put_chunk(char *p, uint64_t addr, const void *src, uint64_t len)
{
	struct rrsup_chunk *k = (struct rrsup_chunk *)p;

	k->addr = addr;
	k->len = len;
	p += sizeof(*k);
	h_copy(p, src, len);
	return p + RRSUP_ALIGN8(len);
}

/* Bytes a write-family call sent, gathered into p. */
static char *put_data(char *p, struct hook_args *h, int64_t ret)
{
	struct rrsup_chunk *k = (struct rrsup_chunk *)p;
	const struct { uint64_t base, len; } *v;
	uint64_t left = (uint64_t)ret, i, n;
	char *d = p + sizeof(*k);

	k->addr = h->a[0];
	k->len = left;
	if (h->nr != SYS_writev) {
		h_copy(d, (const void *)h->a[1], left);
		return d + RRSUP_ALIGN8(left);
	}
	v = (const void *)h->a[1];
	for (i = 0; i < h->a[2] && left; i++) {
		n = v[i].len < left ? v[i].len : left;
		h_copy(d, (const void *)v[i].base, n);
		d += n;
		left -= n;
	}
	return p + sizeof(*k) + RRSUP_ALIGN8(k->len);
}

static struct rrsup_rec *record_done(struct rrsup_buf *b, struct hook_args *h,
				     struct call *c, int64_t ret)
{
	struct sc_region reg[MAX_REGIONS];
	char *start = (char *)b + RRSUP_HDR_SIZE + b->used, *p;
	struct rrsup_rec *r = (struct rrsup_rec *)start;
	int n, i;

	c->sc.ret = ret;
	n = ret < 0 ? 0 : sc_outputs(&c->sc, reg, MAX_REGIONS);
	if (n < 0)
		n = 0;	/* cannot happen for the buffered calls */
	r->nr = (uint16_t)h->nr;
	r->flags = (c->cls & SC_BUF_EXEC) ? RRSUP_REC_EXEC : 0;
	r->ret = ret;
	for (i = 0; i < 6; i++)
		r->args[i] = h->a[i];
	p = start + sizeof(*r);
	for (i = 0; i < n; i++)
		p = put_chunk(p, reg[i].addr, (const void *)reg[i].addr, reg[i].len);
	if (c->cls & SC_BUF_BRK) {
		p = put_chunk(p, 0, &c->old_brk, sizeof(c->old_brk));
		r->flags |= RRSUP_REC_BRK;
		n++;
	}
	if (ret > 0 && keeps_data(b, h->nr, h->a)) {
		p = put_data(p, h, ret);
		r->flags |= RRSUP_REC_DATA;
		n++;
		if (h->a[0] < RRSUP_ECHO_FDS)
			b->echo_dirty[h->a[0] / 64] |= 1ULL << (h->a[0] % 64);
	}
	r->nchunks = (uint8_t)n;
	r->len = (uint32_t)(p - start);
	if (h->nr == SYS_openat && ret >= 0 && ret < RRSUP_ECHO_FDS)
		learn_fd(b, ret);
	if (h->nr == SYS_close && ret == 0 && h->a[0] < RRSUP_ECHO_FDS)
		b->noblock_fds[h->a[0] / 64] &= ~(1ULL << (h->a[0] % 64));
	if (h->nr == SYS_dup || h->nr == SYS_dup2 || h->nr == SYS_dup3 ||
	    (h->nr == SYS_fcntl && (h->a[1] == F_DUPFD || h->a[1] == F_DUPFD_CLOEXEC)))
		dup_bits(b, h->a[0], ret);
	/* Published last: a record counts once it is whole. */
	b->used += r->len;
	return r;
}

/* Replay: the records are all handed out, and the supervisor wants the
 * thread then (it puts a recorded state in place of what follows). */
static void drained(struct rrsup_buf *b)
{
	if (b->drain_trap && b->pos >= b->used) {
		b->drain_trap = 0;
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_DRAINED, 0, 0, 0, 0, 0);
	}
}

/* Replay of a buffered brk: the replay's kernel keeps another break (the
 * process was rebuilt), so the helper maps or unmaps the pages between
 * the recorded break before the call and the one after, as the kernel
 * did.  0, or -1 if the address space does not allow it. */
static int brk_move(const struct rrsup_rec *r)
{
	const struct rrsup_chunk *k = (const void *)(r + 1);
	uint64_t from, to, a[6] = { 0 };

	if (r->nchunks != 1 || k->len != sizeof(from) || r->ret < 0)
		return -1;
	h_copy(&from, k + 1, sizeof(from));
	from = (from + 4095) & ~4095ULL;
	to = ((uint64_t)r->ret + 4095) & ~4095ULL;
	if (to > from) {
		a[0] = from;
		a[1] = to - from;
		a[2] = PROT_READ | PROT_WRITE;
		a[3] = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
		a[4] = (uint64_t)-1;
		return rrsup_do_syscall(SYS_mmap, a, UNTRACED) == (long)from ? 0 : -1;
	}
	if (to < from)
		return untraced(SYS_munmap, to, from - to, 0, 0) ? -1 : 0;
	return 0;
}

/* Replay: the next record must be this call. */
static int replay_take(struct rrsup_buf *b, struct hook_args *h, long *ret,
		       int *part)
{
	struct rrsup_rec *r = (void *)((char *)b + RRSUP_HDR_SIZE + b->pos);
	const struct sc_desc *d = sc_lookup((long)h->nr);
	int i, nargs = d && d->name ? d->nargs : 6;
	char *p;

	if (b->pos >= b->used)
		return 0;
	for (i = 0; i < nargs; i++)
		if (r->args[i] != h->a[i])
			break;
	if (r->nr != h->nr || i < nargs || ((r->flags & RRSUP_REC_BRK) && brk_move(r)))
		/* The supervisor reports it and ends the replay. */
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_DIVERGED, b->pos, h->nr,
			    (uint64_t)h->a, 0, 0);
	if (r->flags & RRSUP_REC_EXEC)
		rrsup_do_syscall((long)h->nr, h->a, UNTRACED);
	p = (char *)r + sizeof(*r);
	for (i = 0; i < r->nchunks; i++) {
		struct rrsup_chunk *k = (void *)p;

		p += sizeof(*k);
		if (!((r->flags & (RRSUP_REC_DATA | RRSUP_REC_NOTE | RRSUP_REC_BRK)) &&
		      i == r->nchunks - 1))
			h_copy((void *)k->addr, p, k->len);
		p += RRSUP_ALIGN8(k->len);
	}
	b->pos += r->len;
	*ret = r->ret;
	*part = (r->flags & RRSUP_REC_PART) && r->ret > 0;
	drained(b);
	return 1;
}

/* Is the caller's frame on this thread's helper stack? */
static int on_helper_stack(void)
{
	uintptr_t top, sp = (uintptr_t)__builtin_frame_address(0);

	if (!tls_buf)
		return 0;
	top = (uintptr_t)tls_buf + RRSUP_BUF_SIZE;
	return sp < top && sp >= top - RRSUP_STACK_SIZE;
}

uintptr_t rrsup_stack(void)
{
	if (!tls_buf && tls_state == TS_NEW)
		thread_init(NULL);
	if (!tls_buf || on_helper_stack() || tls_stack_busy ||
	    tls_buf->force_trap == RRSUP_FORCE_NOSTACK)
		return 0;
	return (uintptr_t)tls_buf + RRSUP_BUF_SIZE;
}

/* A call that may wait, tried first without waiting: a read or write of
 * a pipe or socket with RWF_NOWAIT (from the current position), a futex
 * wait with a zero timeout.  Returns 1 with *ret the call's own result
 * (bytes, end of stream, a futex word that had changed: no context-switch
 * counter to arm around it); 2 when a write sent only part (*ret bytes);
 * 0 if it would wait: the call is then made trapped at once, marked
 * (will_block) so that the supervisor hands over without first waiting
 * to see whether it returns; -1 when this cannot tell (a file without
 * RWF_NOWAIT support, a signal): the usual way. */
static int try_nowait(struct rrsup_buf *b, struct hook_args *h, long *ret)
{
	static const struct timespec zero;
	struct iovec v = { (void *)h->a[1], h->a[2] };
	uint64_t a[6];
	int op = (int)h->a[1] & FUTEX_CMD_MASK, i;

	if (h->nr == SYS_read || h->nr == SYS_write) {
		/* One iovec, at the current position, not waiting. */
		a[0] = h->a[0];
		a[1] = (uint64_t)&v;
		a[2] = 1;
		a[3] = a[4] = (uint64_t)-1;
		a[5] = RWF_NOWAIT;
		*ret = rrsup_do_syscall(h->nr == SYS_read ? SYS_preadv2 : SYS_pwritev2,
					a, UNTRACED);
		if (*ret == -EAGAIN)
			goto waits;
		if (h->nr == SYS_read)
			return *ret >= 0 ? 1 : -1;
		/* Whatever fits went: a count short of the whole (2) leaves
		 * the rest to a call of its own, which may wait.  A write
		 * that could not be made so is made the usual way; any
		 * other error is the call's (EPIPE raised SIGPIPE). */
		if (*ret == -EOPNOTSUPP || *ret == -EINVAL)
			return -1;
		return *ret > 0 && (uint64_t)*ret < h->a[2] ? 2 : 1;
	}
	if (h->nr == SYS_futex && (op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET)) {
		/* The bitset form's timeout is absolute: zero is long past.
		 * (A loop, not memcpy: libc's may touch vector registers.) */
		for (i = 0; i < 6; i++)
			a[i] = h->a[i];
		a[3] = (uint64_t)&zero;
		*ret = rrsup_do_syscall(SYS_futex, a, UNTRACED);
		if (*ret == -ETIMEDOUT)
			goto waits;
		return *ret == 0 || *ret == -EAGAIN ? 1 : -1;
	}
	return -1;
waits:
	b->will_block = 1;
	return 0;
}

/* One call, or (*part set) the first part of a write: the bytes that
 * went without waiting. */
static long hook_call(struct rrsup_buf *b, struct hook_args *h, int *part)
{
	struct call c = { .sc = { .nr = (long)h->nr } };
	uintptr_t entry = TRACED;
	uint32_t seq = 0;
	int i, blocked = 0;
	long ret;

	for (i = 0; i < 6; i++)
		c.sc.args[i] = h->a[i];
	if (b && b->mode == RRSUP_MODE_REPLAY && replay_take(b, h, &ret, part))
		return ret;
	if (b && b->mode == RRSUP_MODE_RECORD && record_ok(b, h, &c))
		entry = UNTRACED;
	if (entry == UNTRACED && (c.cls & SC_BUF_BLOCK)) {
		i = try_nowait(b, h, &ret);
		if (i == 0)
			entry = TRACED;
		else if (i > 0) {
			*part = i == 2;
			if (*part)
				record_done(b, h, &c, ret)->flags |= RRSUP_REC_PART;
			else
				record_done(b, h, &c, ret);
			return ret;
		}
	}
	/* A call that may wait runs with the context-switch counter on:
	 * if it blocks, the counter's signal brings the supervisor in. */
	if (entry == UNTRACED && (c.cls & SC_BUF_BLOCK) &&
	    (blocked = desched_arm(b)) < 0) {
		b->desched_fd = -1;	/* the program closed it */
		entry = TRACED;
	}
	if (entry == UNTRACED) {
		seq = ++b->seq ? b->seq : ++b->seq;
		b->inflight = seq;
		if (c.cls & SC_BUF_BRK)
			c.old_brk = (uint64_t)untraced(SYS_brk, 0, 0, 0, 0);
	}
	/* The one call site: see rrsup_do_syscall. */
	ret = rrsup_do_syscall((long)h->nr, h->a, entry);
	if (entry == TRACED)
		return ret;
	if (c.cls & SC_BUF_BLOCK)
		desched_disarm(b, blocked);
	if (b->diverted == seq) {
		/* It blocked and the supervisor made it a trapped call:
		 * that event holds its result. */
		b->diverted = 0;
		return ret;
	}
	record_done(b, h, &c, ret);
	return ret;
}

static long hook(struct hook_args *h)
{
	struct rrsup_buf *b = tls_buf;
	struct hook_args rest;
	struct call c = { .sc = { .nr = (long)h->nr } };
	long ret, done = 0;
	int i, part = 0;

	if (tls_pass && b) {
		/* Not recorded, not replayed: run for real both times. */
		for (i = 0; i < 6; i++)
			c.sc.args[i] = h->a[i];
		c.sc.read = self_read;
		c.cls = sc_buffer_class(&c.sc, &c.max_out);
		/* An unblocking sigprocmask is recorded even here: whether
		 * it may run untraced depends on what is pending, which
		 * replay cannot tell, and what it delivers is recorded.  So
		 * is brk: replay's kernel keeps another break. */
		if (c.cls != SC_BUF_NO && !(c.cls & (SC_BUF_UNBLOCK | SC_BUF_BRK)))
			return rrsup_do_syscall((long)h->nr, h->a, UNTRACED);
	}
	if (tls_disallow && b)
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_DISALLOWED, h->nr,
			    (uint64_t)h->a, 0, 0, 0);
	ret = hook_call(b, h, &part);
	if (!part)
		return ret;
	/* A blocking write returns once all is sent (or a signal or
	 * error comes after some was): so does this one, the rest made
	 * as calls of their own, recorded and replayed as such. */
	rest = *h;
	while (part) {
		done += ret;
		rest.a[1] += (uint64_t)ret;
		rest.a[2] -= (uint64_t)ret;
		part = 0;
		ret = hook_call(b, &rest, &part);
	}
	return ret > 0 ? done + ret : done;
}

long rrsup_hook(struct hook_args *h)
{
	int mine = !tls_stack_busy && on_helper_stack();
	long ret;

	if (mine)
		tls_stack_busy = 1;
	ret = hook(h);
	if (mine)
		tls_stack_busy = 0;
	return ret;
}

struct rrsup_buf *helper_buf(void)
{
	if (!tls_buf && tls_state == TS_NEW)
		thread_init(NULL);
	return tls_buf;
}

int *helper_passthrough(void)
{
	return &tls_pass;
}

int *helper_disallow(void)
{
	return &tls_disallow;
}

long helper_control(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4)
{
	if (!helper_buf())
		return -ENOSYS;
	return helper_trap(RRSUP_SYSCALL, op, a1, a2, a3, a4, 0);
}

void helper_write_untraced(int fd, const void *p, uint64_t len)
{
	uintptr_t entry = helper_buf() ? UNTRACED : TRACED;
	uint64_t a[6] = { (uint64_t)fd, (uint64_t)p, len, 0, 0, 0 };

	/* Not under rrsup the "trapped" entry is just a syscall. */
	rrsup_do_syscall(SYS_write, a, entry);
}

static void drv_append(struct rrsup_buf *b, struct drv_call *d, uint8_t flags)
{
	char *start = (char *)b + RRSUP_HDR_SIZE + b->used;
	struct rrsup_rec *r = (struct rrsup_rec *)start;
	char *p = start + sizeof(*r);

	r->nr = RRSUP_SYSCALL;
	r->flags = flags;
	r->ret = d->ret;
	r->args[0] = d->op;
	r->args[1] = d->a1;
	r->args[2] = d->a2;
	r->args[3] = r->args[4] = r->args[5] = 0;
	r->nchunks = 0;
	if (d->data) {
		p = put_chunk(p, d->addr, d->data, d->len);
		r->nchunks = 1;
	}
	r->len = (uint32_t)(p - start);
	b->used += r->len;
}

/* Replay: hands back the record (checked to be this operation). */
static void drv_take(struct rrsup_buf *b, struct drv_call *d)
{
	struct rrsup_rec *r = (void *)((char *)b + RRSUP_HDR_SIZE + b->pos);
	uint64_t a[6] = { d->op, d->a1, d->a2, 0, 0, 0 };

	if (b->pos >= b->used || r->nr != RRSUP_SYSCALL || r->args[0] != d->op ||
	    r->args[1] != d->a1 || r->args[2] != d->a2)
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_DIVERGED, b->pos, RRSUP_SYSCALL,
			    (uint64_t)a, 0, 0);
	d->ret = r->ret;
	d->out = NULL;
	d->out_len = 0;
	if (r->nchunks) {
		struct rrsup_chunk *k = (void *)(r + 1);

		d->out = k + 1;
		d->out_len = k->len;
		if (k->addr)
			h_copy((void *)k->addr, k + 1, k->len);
	}
	b->pos += r->len;
	drained(b);
}

int helper_drv(struct drv_call *d)
{
	struct rrsup_buf *b = helper_buf();
	uint64_t need = sizeof(struct rrsup_rec) + sizeof(struct rrsup_chunk) +
			RRSUP_ALIGN8(d->data ? d->len : 0);
	int rec;

	if (!b || need > RRSUP_SPACE)
		return 0;
	rec = b->mode == RRSUP_MODE_RECORD || b->mode == RRSUP_MODE_TRAP;
	/* No room (record) is no record left (replay): the same point. */
	if (rec ? need > RRSUP_SPACE - b->used : b->pos >= b->used)
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_FLUSH, 0, 0, 0, 0, 0);
	if (rec)
		drv_append(b, d, d->data && !d->addr ? RRSUP_REC_NOTE : 0);
	else
		drv_take(b, d);
	/* Without buffering the supervisor looks at the buffer only at the
	 * helper's own calls: hand the record over now. */
	if (b->mode == RRSUP_MODE_TRAP || b->mode == RRSUP_MODE_TRAP_REPLAY)
		helper_trap(RRSUP_SYSCALL, RRSUP_OP_FLUSH, 0, 0, 0, 0, 0);
	return 1;
}

__attribute__((constructor)) static void helper_init(void)
{
	struct libc_text t;
	int have = patch_find_libc(&t);

	thread_init(have ? &t.l : NULL);
	if (have && (helper_mode() == RRSUP_MODE_RECORD ||
		     helper_mode() == RRSUP_MODE_REPLAY))
		patch_libc(&t, (const void *)((const char *)tls_buf + RRSUP_HDR_SIZE));
}
