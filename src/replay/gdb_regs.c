/* x86-64 registers for gdb (see gdb_regs.h). */
#include "gdb_regs.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "gdb_conn.h"

/* Where each register comes from. */
enum src { GPR, FP_ST, FP_CTL, XMM, MXCSR, YMMH };

struct reg {
	const char *name;
	int bits;
	enum src src;
	int idx;		/* offset in user_regs_struct / register number */
	const char *type;
	const char *feature;
};

#define G(n, t) { #n, 64, GPR, offsetof(struct user_regs_struct, n), t, "core" }
#define S(n) { #n, 32, GPR, offsetof(struct user_regs_struct, n), "int32", "core" }

static const struct reg regs[] = {
	G(rax, "int64"), G(rbx, "int64"), G(rcx, "int64"), G(rdx, "int64"),
	G(rsi, "int64"), G(rdi, "int64"), G(rbp, "data_ptr"), G(rsp, "data_ptr"),
	G(r8, "int64"), G(r9, "int64"), G(r10, "int64"), G(r11, "int64"),
	G(r12, "int64"), G(r13, "int64"), G(r14, "int64"), G(r15, "int64"),
	G(rip, "code_ptr"),
	{ "eflags", 32, GPR, offsetof(struct user_regs_struct, eflags), "x86_eflags", "core" },
	S(cs), S(ss), S(ds), S(es), S(fs), S(gs),
	{ "st0", 80, FP_ST, 0, "i387_ext", "core" }, { "st1", 80, FP_ST, 1, "i387_ext", "core" },
	{ "st2", 80, FP_ST, 2, "i387_ext", "core" }, { "st3", 80, FP_ST, 3, "i387_ext", "core" },
	{ "st4", 80, FP_ST, 4, "i387_ext", "core" }, { "st5", 80, FP_ST, 5, "i387_ext", "core" },
	{ "st6", 80, FP_ST, 6, "i387_ext", "core" }, { "st7", 80, FP_ST, 7, "i387_ext", "core" },
	{ "fctrl", 32, FP_CTL, 0, "int", "core" }, { "fstat", 32, FP_CTL, 1, "int", "core" },
	{ "ftag", 32, FP_CTL, 2, "int", "core" }, { "fiseg", 32, FP_CTL, 3, "int", "core" },
	{ "fioff", 32, FP_CTL, 4, "int", "core" }, { "foseg", 32, FP_CTL, 5, "int", "core" },
	{ "fooff", 32, FP_CTL, 6, "int", "core" }, { "fop", 32, FP_CTL, 7, "int", "core" },
#define X(i) { "xmm" #i, 128, XMM, i, "vec128", "sse" }
	X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7),
	X(8), X(9), X(10), X(11), X(12), X(13), X(14), X(15),
	{ "mxcsr", 32, MXCSR, 0, "int", "sse" },
	{ "orig_rax", 64, GPR, offsetof(struct user_regs_struct, orig_rax), "int", "linux" },
	{ "fs_base", 64, GPR, offsetof(struct user_regs_struct, fs_base), "int", "segments" },
	{ "gs_base", 64, GPR, offsetof(struct user_regs_struct, gs_base), "int", "segments" },
#define Y(i) { "ymm" #i "h", 128, YMMH, i, "uint128", "avx" }
	Y(0), Y(1), Y(2), Y(3), Y(4), Y(5), Y(6), Y(7),
	Y(8), Y(9), Y(10), Y(11), Y(12), Y(13), Y(14), Y(15),
};

#define NREGS ((int)(sizeof(regs) / sizeof(regs[0])))
#define NREGS_NO_AVX (NREGS - 16)
/* The standard XSAVE layout: AVX's upper halves start here. */
#define XSAVE_YMMH 576
#define XSAVE_BV 512

static int have_avx = -1;

static int avx(void)
{
	unsigned a, b, c, d;

	if (have_avx < 0) {
		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
		/* AVX and OSXSAVE */
		have_avx = (c & (1u << 28)) && (c & (1u << 27));
	}
	return have_avx;
}

int gdb_nregs(void)
{
	return avx() ? NREGS : NREGS_NO_AVX;
}

static const char xml_types[] =
	"<flags id=\"x86_eflags\" size=\"4\">"
	"<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"PF\" start=\"2\" end=\"2\"/>"
	"<field name=\"AF\" start=\"4\" end=\"4\"/><field name=\"ZF\" start=\"6\" end=\"6\"/>"
	"<field name=\"SF\" start=\"7\" end=\"7\"/><field name=\"TF\" start=\"8\" end=\"8\"/>"
	"<field name=\"IF\" start=\"9\" end=\"9\"/><field name=\"DF\" start=\"10\" end=\"10\"/>"
	"<field name=\"OF\" start=\"11\" end=\"11\"/></flags>"
	"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
	"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>"
	"<union id=\"vec128\"><field name=\"v4_float\" type=\"v4f\"/>"
	"<field name=\"v2_double\" type=\"v2d\"/><field name=\"v16_int8\" type=\"v16i8\"/>"
	"<field name=\"v8_int16\" type=\"v8i16\"/><field name=\"v4_int32\" type=\"v4i32\"/>"
	"<field name=\"v2_int64\" type=\"v2i64\"/><field name=\"uint128\" type=\"uint128\"/></union>";

const char *gdb_target_xml(void)
{
	static char xml[16384];
	static const char *features[] = { "core", "sse", "linux", "segments", "avx" };
	size_t o;
	int f, i;

	if (xml[0])
		return xml;
	o = snprintf(xml, sizeof(xml),
		     "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
		     "<target><architecture>i386:x86-64</architecture><osabi>GNU/Linux</osabi>");
	for (f = 0; f < 5; f++) {
		if (f == 4 && !avx())
			break;
		o += snprintf(xml + o, sizeof(xml) - o, "<feature name=\"org.gnu.gdb.i386.%s\">%s",
			      features[f], f == 0 || f == 1 ? xml_types : "");
		for (i = 0; i < gdb_nregs(); i++)
			if (!strcmp(regs[i].feature, features[f]))
				o += snprintf(xml + o, sizeof(xml) - o,
					      "<reg name=\"%s\" bitsize=\"%d\" type=\"%s\" regnum=\"%d\"%s/>",
					      regs[i].name, regs[i].bits, regs[i].type, i,
					      regs[i].src == FP_CTL || regs[i].src == FP_ST ?
					      " group=\"float\"" : regs[i].src == XMM ||
					      regs[i].src == YMMH || regs[i].src == MXCSR ?
					      " group=\"vector\"" : "");
		o += snprintf(xml + o, sizeof(xml) - o, "</feature>");
	}
	snprintf(xml + o, sizeof(xml) - o, "</target>");
	return xml;
}

/* The full x87 tag word from FXSAVE's abridged one: 3 for an empty
 * register, else 0 (valid) or 1 (zero). */
static uint32_t full_tag(const struct user_fpregs_struct *fp)
{
	uint32_t tag = 0;
	int i;

	for (i = 0; i < 8; i++) {
		int phys = i, st = (phys - ((fp->swd >> 11) & 7)) & 7;
		const uint8_t *v = (const uint8_t *)fp->st_space + st * 16;
		static const uint8_t zero[10];
		uint32_t t = 3;

		if (fp->ftw & (1 << phys))
			t = memcmp(v, zero, 10) ? 0 : 1;
		tag |= t << (2 * phys);
	}
	return tag;
}

static int raw(struct task *t, int regno, int at_syscall, uint8_t *out)
{
	const struct reg *r = &regs[regno];
	struct user_fpregs_struct fp;
	uint8_t xs[4096];
	struct iovec iov = { xs, sizeof(xs) };
	uint64_t v;
	uint32_t c[8];

	switch (r->src) {
	case GPR:
		memcpy(&v, (const char *)&t->regs + r->idx, 8);
		/* At a syscall's seccomp stop the instruction has not run
		 * for gdb: pc on it, rax the number. */
		if (at_syscall && r->idx == offsetof(struct user_regs_struct, rip))
			v -= 2;
		if (at_syscall && r->idx == offsetof(struct user_regs_struct, rax))
			v = t->regs.orig_rax;
		memcpy(out, &v, r->bits / 8);
		return r->bits / 8;
	case YMMH:
		memset(out, 0, 16);
		if (ptrace(PTRACE_GETREGSET, t->tid, NT_X86_XSTATE, &iov) < 0)
			return -errno;
		if (iov.iov_len >= XSAVE_YMMH + 256 && (xs[XSAVE_BV] & 4))
			memcpy(out, xs + XSAVE_YMMH + 16 * r->idx, 16);
		return 16;
	default:
		break;
	}
	if (ptrace(PTRACE_GETFPREGS, t->tid, 0, &fp) < 0)
		return -errno;
	switch (r->src) {
	case FP_ST:
		memcpy(out, (const uint8_t *)fp.st_space + 16 * r->idx, 10);
		return 10;
	case XMM:
		memcpy(out, (const uint8_t *)fp.xmm_space + 16 * r->idx, 16);
		return 16;
	case MXCSR:
		memcpy(out, &fp.mxcsr, 4);
		return 4;
	default:
		c[0] = fp.cwd;
		c[1] = fp.swd;
		c[2] = full_tag(&fp);
		c[3] = (uint32_t)(fp.rip >> 32) & 0xffff;
		c[4] = (uint32_t)fp.rip;
		c[5] = (uint32_t)(fp.rdp >> 32) & 0xffff;
		c[6] = (uint32_t)fp.rdp;
		c[7] = fp.fop;
		memcpy(out, &c[r->idx], 4);
		return 4;
	}
}

int gdb_reg_hex(struct task *t, int regno, int at_syscall, char *out)
{
	uint8_t b[16];
	int n;

	if (regno < 0 || regno >= gdb_nregs())
		return -EINVAL;
	n = raw(t, regno, at_syscall, b);
	if (n < 0)
		return n;
	gdb_hex(out, b, n);
	return 2 * n;
}

int gdb_regs_hex(struct task *t, int at_syscall, char *out, size_t cap)
{
	size_t o = 0;
	int i, n;

	for (i = 0; i < gdb_nregs(); i++) {
		if (o + 33 > cap)
			return -EOVERFLOW;
		n = gdb_reg_hex(t, i, at_syscall, out + o);
		if (n < 0)
			return n;
		o += n;
	}
	return (int)o;
}
