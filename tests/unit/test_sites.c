/* Finding libc's syscall sites (src/inject/sites.c): the shapes patched,
 * the ones left alone, and this machine's libc. */
#include <check.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "inject/sites.h"
#include "unit_run.h"

static uint8_t text[256];

/* "mov $nr,%eax; syscall" at off (the syscall's offset). */
static void put_mov(size_t off, uint32_t nr)
{
	text[off - 5] = 0xb8;
	memcpy(text + off - 4, &nr, 4);
	text[off] = 0x0f;
	text[off + 1] = 0x05;
}

/* "syscall; cmp $-4095,%rax" at off. */
static void put_cmp(size_t off)
{
	static const uint8_t b[] = { 0x0f, 0x05, 0x48, 0x3d, 0x01, 0xf0, 0xff, 0xff };

	memcpy(text + off, b, sizeof(b));
}

START_TEST(shapes)
{
	uint32_t off[16];
	int pre, post;

	memset(text, 0x90, sizeof(text));
	put_mov(20, SYS_write);
	put_cmp(40);
	put_mov(80, SYS_rt_sigreturn);		/* returns elsewhere: skipped */
	text[100] = 0x0f;			/* a bare syscall: no shape */
	text[101] = 0x05;
	put_mov(130, 600);			/* not a syscall number */
	put_cmp(160);
	put_cmp(170);		/* right after the last one's moved bytes */
	ck_assert_int_eq(sites_find(text, sizeof(text), off, 16), 4);
	ck_assert_uint_eq(off[0], 20);
	ck_assert_uint_eq(off[1], 40);
	ck_assert_uint_eq(off[2], 160);
	ck_assert_uint_eq(off[3], 170);
	ck_assert_int_eq(sites_shape(text, sizeof(text), 20, &pre, &post), 0);
	ck_assert_int_eq(pre, 5);
	ck_assert_int_eq(post, 0);
	ck_assert_int_eq(sites_shape(text, sizeof(text), 40, &pre, &post), 0);
	ck_assert_int_eq(pre, 0);
	ck_assert_int_eq(post, 6);
	ck_assert_int_eq(sites_shape(text, sizeof(text), 80, &pre, &post), -1);
	ck_assert_int_eq(sites_shape(text, sizeof(text), 100, &pre, &post), -1);
	ck_assert_int_eq(sites_shape(text, sizeof(text), 21, &pre, &post), -1);
	/* Too close to either end for the shapes to fit. */
	ck_assert_int_eq(sites_shape(text, sizeof(text), 4, &pre, &post), -1);
	ck_assert_int_eq(sites_shape(text, sizeof(text), sizeof(text) - 4, &pre, &post), -1);
	/* The limit holds. */
	ck_assert_int_eq(sites_find(text, sizeof(text), off, 2), 2);
}
END_TEST

static int libc_text(struct dl_phdr_info *info, size_t size, void *data)
{
	const uint8_t **t = data;
	int i;

	(void)size;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "/libc.so."))
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_LOAD &&
		    (info->dlpi_phdr[i].p_flags & PF_X)) {
			t[0] = (const uint8_t *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
			t[1] = t[0] + info->dlpi_phdr[i].p_memsz;
			return 1;
		}
	return 0;
}

/* This libc: hundreds of sites, each of a known shape, ascending, none
 * overlapping the previous one's moved bytes, and the list the limit
 * allows is long enough for all of them. */
START_TEST(this_libc)
{
	const uint8_t *t[2] = { NULL, NULL };
	uint32_t *off = malloc(SITES_MAX * sizeof(*off));
	size_t len, end = 0;
	int n, i, pre, post;

	ck_assert(dl_iterate_phdr(libc_text, t));
	len = (size_t)(t[1] - t[0]);
	n = sites_find(t[0], len, off, SITES_MAX);
	ck_assert_int_gt(n, 200);
	ck_assert_int_lt(n, SITES_MAX);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sites_shape(t[0], len, off[i], &pre, &post), 0);
		ck_assert_uint_ge(off[i], end + pre);
		end = off[i] + 2 + post;
	}
	free(off);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sites");
	TCase *tc = tcase_create("sites");

	tcase_add_test(tc, shapes);
	tcase_add_test(tc, this_libc);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
