/* Scheduler decisions: round robin over the ready tasks. */
#include <check.h>
#include <stdlib.h>

#include "sched/sched.h"
#include "unit_run.h"

START_TEST(none_ready)
{
	unsigned char ready[3] = { 0, 0, 0 };
	int cursor = 0;

	ck_assert_int_eq(sched_pick(ready, 3, &cursor), -1);
	ck_assert_int_eq(sched_pick(ready, 0, &cursor), -1);
}
END_TEST

START_TEST(round_robin)
{
	unsigned char ready[4] = { 1, 0, 1, 1 };
	int cursor = 0;

	ck_assert_int_eq(sched_pick(ready, 4, &cursor), 0);
	ck_assert_int_eq(sched_pick(ready, 4, &cursor), 2);
	ck_assert_int_eq(sched_pick(ready, 4, &cursor), 3);
	ck_assert_int_eq(sched_pick(ready, 4, &cursor), 0);
	ready[0] = 0;
	ck_assert_int_eq(sched_pick(ready, 4, &cursor), 2);
}
END_TEST

START_TEST(cursor_past_end)
{
	unsigned char ready[2] = { 0, 1 };
	int cursor = 7;	/* tasks went away since */

	ck_assert_int_eq(sched_pick(ready, 2, &cursor), 1);
	ck_assert_int_eq(cursor, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("pick");

	tcase_add_test(tc, none_ready);
	tcase_add_test(tc, round_robin);
	tcase_add_test(tc, cursor_past_end);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
