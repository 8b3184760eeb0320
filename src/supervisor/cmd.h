/* The rrsup subcommands.  Each takes its own argv (argv[0] is the
 * subcommand) and returns the process exit status. */
#ifndef RRSUP_CMD_H
#define RRSUP_CMD_H

/* Exit status for rrsup's own failures (bad trace, divergence...), out of
 * the way of the statuses programs commonly use. */
#define EXIT_RRSUP	125

int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_ls(int argc, char **argv);

/* The exit status a shell would report for a wait status. */
int cmd_exit_status(int wstatus);

#endif
