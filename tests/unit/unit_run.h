/* The end of each unit test's main(): runs the suite and turns its
 * failures into the exit status automake's test driver reads. */
#ifndef RRSUP_UNIT_RUN_H
#define RRSUP_UNIT_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
