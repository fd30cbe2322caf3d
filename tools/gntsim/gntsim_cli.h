/* SPDX-License-Identifier: MIT */
/* Subcommands of the gntsim command; each returns the process exit status. */
#ifndef GNTSIM_CLI_H
#define GNTSIM_CLI_H

int cli_demo(int argc, char **argv);
int cli_releases(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_decode(int argc, char **argv);

#endif
