/* The environment: a variable the runner sets differently for record,
 * native rerun and replay (RRSUP_TEST_PHASE), a variable set via the
 * test options, the count and a hash of the whole environ, setenv.
 * rrsup-test: env="RRSUP_TEST_COLOUR=teal RRSUP_TEST_EMPTY=" varies */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(void)
{
	const char *phase = getenv("RRSUP_TEST_PHASE");
	printf("environ: RRSUP_TEST_PHASE=%s\n", phase ? phase : "(unset)");
	const char *c = getenv("RRSUP_TEST_COLOUR");
	printf("environ: RRSUP_TEST_COLOUR=%s\n", c ? c : "(unset)");
	const char *e = getenv("RRSUP_TEST_EMPTY");
	printf("environ: RRSUP_TEST_EMPTY %s\n", e ? (*e ? "nonempty" : "empty") : "unset");
	int n = 0;
	uint64_t h = 1469598103934665603ULL;
	for (char **p = environ; *p; p++, n++)
		for (const char *s = *p; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	printf("environ: %d variables, hash %016llx\n", n, (unsigned long long)h);
	setenv("RRSUP_TEST_NEW", "fresh", 1);
	printf("environ: after setenv %s\n", getenv("RRSUP_TEST_NEW"));
	unsetenv("RRSUP_TEST_COLOUR");
	printf("environ: after unsetenv %s\n", getenv("RRSUP_TEST_COLOUR") ? "set" : "unset");
	fprintf(stderr, "environ: phase %s\n", phase ? phase : "(unset)");
	return 0;
}
