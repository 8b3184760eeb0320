/* CPU features recorded in the header and checked at replay. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/cpu.h"
#include "unit_run.h"

START_TEST(identify_fills_vendor)
{
	struct trace_cpu c;

	cpu_identify(&c);
	ck_assert_uint_eq(strlen(c.vendor), 12);
	ck_assert_uint_ne(c.feat[1], 0);	/* cpuid(1).edx: fpu, tsc... */
}
END_TEST

START_TEST(same_cpu_replays)
{
	struct trace_cpu c;

	cpu_identify(&c);
	ck_assert_int_eq(cpu_check_replay(&c), 0);
}
END_TEST

START_TEST(missing_feature_is_refused)
{
	struct trace_cpu c;
	int w, b, found = 0;

	cpu_identify(&c);
	/* Claim a feature this CPU does not have. */
	for (w = 0; w < TRACE_CPU_FEAT_WORDS && !found; w++)
		for (b = 0; b < 32 && !found; b++)
			if (!(c.feat[w] & (1u << b))) {
				c.feat[w] |= 1u << b;
				found = 1;
			}
	ck_assert(found);
	ck_assert_int_eq(cpu_check_replay(&c), -ENOTSUP);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpu");
	TCase *tc = tcase_create("cpu");

	tcase_add_test(tc, identify_fills_vendor);
	tcase_add_test(tc, same_cpu_replays);
	tcase_add_test(tc, missing_feature_is_refused);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
