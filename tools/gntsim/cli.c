/* SPDX-License-Identifier: MIT */
/* Option parsing shared by the subcommands: getopt_long with GNU conventions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gntsim/gntsim.h"

#define CLI_MAX_OPTS 32

/* "gntsim CMD: MESSAGE\n" on stderr. */
static void cli_vmsg(const struct cli *c, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void cli_vmsg(const struct cli *c, const char *fmt, va_list ap)
{
    fprintf(stderr, "gntsim %s: ", c->cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const struct cli *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cli_vmsg(c, fmt, ap);
    va_end(ap);
}

int cli_usage_error(const struct cli *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cli_vmsg(c, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'gntsim %s --help'.\n", c->cmd);
    return CLI_EXIT_USAGE;
}

/* @c's long options followed by help and version, into @all. */
static void cli_longopts(const struct cli *c, struct option *all)
{
    size_t n = 0;

    for (const struct option *o = c->longopts; o && o->name && n < CLI_MAX_OPTS - 3; o++)
        all[n++] = *o;
    all[n++] = (struct option){"help", no_argument, NULL, 'h'};
    all[n++] = (struct option){"version", no_argument, NULL, 'V'};
    all[n] = (struct option){0};
}

/* The name an option was given as (for messages): "--trace" or "-t". */
static const char *cli_given(char **argv, int optind_after, int argc)
{
    int i = optind_after - 1;

    return i > 0 && i < argc ? argv[i] : "?";
}

static int cli_exit(struct cli *c, int rc)
{
    c->rc = rc;
    return CLI_EXIT;
}

/* Whether the option just parsed took its value from a separate, option-like word. */
static bool cli_value_is_option(char **argv, int argc)
{
    int i = optind - 1;

    return optarg && i > 0 && i < argc && argv[i] == optarg && optarg[0] == '-' &&
           optarg[1] != '\0';
}

/* The usage error for option word @given that getopt refused. Returns 2. */
static int cli_bad_option(const struct cli *c, const char *given)
{
    static const char *const always[] = {"help", "version"};
    size_t n;

    if (given[0] != '-' || given[1] != '-')
        return optopt ? cli_usage_error(c, "unknown option '-%c'", optopt)
                      : cli_usage_error(c, "unknown option '%s'", given);
    n = strcspn(given + 2, "=");
    for (const struct option *o = c->longopts; given[2 + n] == '=' && o && o->name; o++)
        if (o->has_arg == no_argument && strlen(o->name) >= n &&
            !strncmp(o->name, given + 2, n)) /* --flag=value */
            return cli_usage_error(c, "option '--%s' takes no value", o->name);
    for (int i = 0; given[2 + n] == '=' && i < 2; i++)
        if (strlen(always[i]) >= n && !strncmp(always[i], given + 2, n))
            return cli_usage_error(c, "option '--%s' takes no value", always[i]);
    return cli_usage_error(c, "unknown or ambiguous option '%.*s'", (int)n + 2, given);
}

int cli_next(struct cli *c, int argc, char **argv)
{
    struct option all[CLI_MAX_OPTS];
    char shortopts[64];
    int ch;

    if (c->optind == 0) { /* first call: restart getopt on this argv */
        optind = 0;
        opterr = 0;
    }
    cli_longopts(c, all);
    snprintf(shortopts, sizeof(shortopts), ":hV%s", c->shortopts ? c->shortopts : "");
    ch = getopt_long(argc, argv, shortopts, all, NULL);
    c->optind = optind;
    c->optarg = optarg;
    switch (ch) {
    case -1:
        return CLI_END;
    case 'h':
        fputs(c->usage, stdout);
        return cli_exit(c, CLI_EXIT_OK);
    case 'V':
        printf("gntsim %s\n", GNTSIM_VERSION);
        return cli_exit(c, CLI_EXIT_OK);
    case ':':
        return cli_exit(c, cli_usage_error(c, "option '%s' needs a value",
                                           cli_given(argv, optind, argc)));
    case '?':
        return cli_exit(c, cli_bad_option(c, cli_given(argv, optind, argc)));
    default:
        if (cli_value_is_option(argv, argc))
            return cli_exit(
                c, cli_usage_error(c,
                                   "option '%s' needs a value, not the option "
                                   "'%s' (write %s=%s if that is the value)",
                                   argv[optind - 2], optarg, argv[optind - 2], optarg));
        return ch;
    }
}

int cli_no_operands(const struct cli *c, int argc, char **argv)
{
    if (c->optind < argc)
        return cli_usage_error(c, "unexpected argument '%s'", argv[c->optind]);
    return 0;
}
