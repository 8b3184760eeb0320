#include "cpu.h"

#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/msg.h"

static const char *const word_names[TRACE_CPU_FEAT_WORDS] = {
	"cpuid(1).ecx", "cpuid(1).edx", "cpuid(7).ebx", "cpuid(7).ecx",
	"cpuid(7).edx", "cpuid(0x80000001).ecx", "cpuid(0x80000001).edx",
	"cpuid(0xd,1).eax",
};

void cpu_identify(struct trace_cpu *c)
{
	unsigned a, b, cx, d, max, i;

	memset(c, 0, sizeof(*c));
	__cpuid(0, max, b, cx, d);
	memcpy(c->vendor, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cx, 4);
	__cpuid(1, a, b, cx, d);
	c->stepping = a & 0xf;
	c->model = ((a >> 4) & 0xf) | (((a >> 16) & 0xf) << 4);
	c->family = ((a >> 8) & 0xf) + ((a >> 20) & 0xff);
	/* The APIC id and CLFLUSH fields of ebx vary by core; features only. */
	c->feat[0] = cx;
	c->feat[1] = d;
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, cx, d);
		c->feat[2] = b;
		c->feat[3] = cx;
		c->feat[4] = d;
	}
	if (max >= 0xd) {
		__cpuid_count(0xd, 1, a, b, cx, d);
		c->feat[7] = a;
	}
	__cpuid(0x80000000, max, b, cx, d);
	if (max >= 0x80000001) {
		__cpuid(0x80000001, a, b, cx, d);
		c->feat[5] = cx;
		c->feat[6] = d;
	}
	if (max >= 0x80000004) {
		for (i = 0; i < 3; i++) {
			unsigned r[4];

			__cpuid(0x80000002 + i, r[0], r[1], r[2], r[3]);
			memcpy(c->brand + 16 * i, r, 16);
		}
	}
}

int cpu_check_replay(const struct trace_cpu *rec)
{
	struct trace_cpu now;
	int i, missing = 0;

	cpu_identify(&now);
	for (i = 0; i < TRACE_CPU_FEAT_WORDS; i++) {
		uint32_t lack = rec->feat[i] & ~now.feat[i];

		if (!lack)
			continue;
		msg_err("this CPU lacks features the recording CPU had: %s bits %#x "
			"(recorded on %s, replaying on %s)", word_names[i], lack,
			rec->brand, now.brand);
		missing = 1;
	}
	return missing ? -ENOTSUP : 0;
}
