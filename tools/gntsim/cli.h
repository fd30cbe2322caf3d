/* SPDX-License-Identifier: MIT */
/*
 * The gntsim command's subcommands and the conventions they share (GNU):
 * -h/--help and -V/--version everywhere, --opt=value and "--", unknown
 * options and extra operands exit 2 with "Try 'gntsim CMD --help'.".
 */
#ifndef GNTSIM_CLI_H
#define GNTSIM_CLI_H

#include <getopt.h>
#include <stdbool.h>

/* Exit statuses of every subcommand. */
#define CLI_EXIT_OK    0
#define CLI_EXIT_FAIL  1 /* an expectation or step failed */
#define CLI_EXIT_USAGE 2 /* bad arguments, a broken input file, an I/O error */

/* cli_next() results besides option characters. */
/* no more options: operands start at cli->optind */
#define CLI_END (-1)
/* --help or --version printed, or a usage error: exit cli->rc */
#define CLI_EXIT (-100)

struct cli {
    const char *cmd;               /* "run": messages say "gntsim run: ..." */
    const char *usage;             /* the --help text */
    const char *shortopts;         /* getopt_long's, without h and V */
    const struct option *longopts; /* without help and version; {0} terminated */
    int optind;                    /* first operand once cli_next() returned CLI_END */
    int rc;                        /* exit status when cli_next() returned CLI_EXIT */
    char *optarg;                  /* the value of the option just returned */
};

/*
 * Next option of @argv (argv[0] is the subcommand). Handles --help and
 * --version itself. An option that needs a value refuses, as a usage error,
 * a separate value that looks like an option ("--trace --format": write
 * --trace=--format for such a file name). Returns the option's character,
 * CLI_END, or CLI_EXIT with c->rc set (0 after --help/--version, 2 after
 * printing a usage error).
 */
int cli_next(struct cli *c, int argc, char **argv);

/* Print "gntsim CMD: MESSAGE" and the --help hint on stderr. Returns 2. */
int cli_usage_error(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "gntsim CMD: MESSAGE" on stderr (no hint: not a usage error). */
void cli_error(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A usage error unless no operand is left after options: returns 0 or 2. */
int cli_no_operands(const struct cli *c, int argc, char **argv);

int cli_demo(int argc, char **argv);
int cli_releases(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_decode(int argc, char **argv);
/* `gntsim explore`: 0 as FILE's `races` line says, 1 otherwise, 2 usage or file error. */
int cli_explore(int argc, char **argv);
/* `gntsim attach`: executes the program, or returns 2 (usage) or 127 (exec failed). */
int cli_attach(int argc, char **argv);

#endif
