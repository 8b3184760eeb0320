/* rrsup: record a program once, replay it exactly as often as you like. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "trace/trace.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "record", cmd_record, "record [-o DIR] [--] PROG [ARGS...]   run PROG, save a trace" },
	{ "replay", cmd_replay, "replay [-q] [--gdb | -s PORT] [TRACE] re-run a trace exactly, or debug it" },
	{ "dump", cmd_dump, "dump [TRACE]                          the events, one a line" },
	{ "info", cmd_info, "info [TRACE]                          what a trace holds" },
	{ "ls", cmd_ls, "ls                                    the saved traces" },
};

static int usage(FILE *f, int status)
{
	unsigned i;

	fprintf(f, "usage: rrsup COMMAND [ARGS...]\n\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  rrsup %s\n", commands[i].help);
	fprintf(f, "\nSee rrsup(1).\n");
	return status;
}

int main(int argc, char **argv)
{
	unsigned i;

	if (argc < 2)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return usage(stdout, 0);
	if (!strcmp(argv[1], "--version")) {
		printf("rrsup %s (trace format %d)\n", PACKAGE_VERSION, TRACE_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "rrsup: unknown command '%s'\n", argv[1]);
	return usage(stderr, 2);
}
