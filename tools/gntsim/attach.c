/* SPDX-License-Identifier: MIT */
/*
 * `gntsim attach`: run an unmodified program as a domain of a gntsimd world. It sets
 * XENSTORED_PATH (libxenstore connects there), GNTSIM_DEV and LD_PRELOAD (the shim,
 * libgntsim-preload.so beside this program, forwards /dev/xen/ devices to the daemon),
 * then executes the program.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gntsim/gntsim.h"

static const char attach_usage[] =
    "Usage: gntsim attach --dir DIR --domid N [--] PROGRAM [ARGS...]\n"
    "Run PROGRAM as domain N of the gntsimd world serving DIR (gntsimd --dir DIR):\n"
    "its xenstore connection and its /dev/xen/{gntdev,gntalloc,evtchn,privcmd} reach\n"
    "that world (docs/gntsimd.md). Dynamically linked programs only.\n\n"
    "  -d, --dir=DIR    the daemon's socket directory\n"
    "  -n, --domid=N    the domain to attach as (0 .. the daemon's domains - 1)\n"
    "  -h, --help       show this help and exit\n"
    "  -V, --version    show the version and exit\n";

/* libgntsim-preload.so in the directory of this executable: 0, or -1 (reported). */
static int attach_shim(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return -1;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash || (size_t)snprintf(out, cap, "%.*s/libgntsim-preload.so",
                                   (int)(slash - exe), exe) >= cap)
        return -1;
    return access(out, R_OK);
}

/* Set the three variables for domain @dom of @dir: 0 or -1 (reported). */
static int attach_env(const char *dir, unsigned long dom)
{
    char shim[PATH_MAX], path[PATH_MAX];

    if (attach_shim(shim, sizeof(shim))) {
        fprintf(stderr, "gntsim attach: libgntsim-preload.so not found beside gntsim\n");
        return -1;
    }
    snprintf(path, sizeof(path), "%s/d%lu/socket", dir, dom);
    if (access(path, F_OK)) {
        fprintf(stderr, "gntsim attach: %s: %s (is gntsimd --dir %s running?)\n", path,
                strerror(errno), dir);
        return -1;
    }
    setenv("XENSTORED_PATH", path, 1);
    snprintf(path, sizeof(path), "%s/d%lu/dev", dir, dom);
    setenv("GNTSIM_DEV", path, 1);
    setenv("LD_PRELOAD", shim, 1);
    return 0;
}

int cli_attach(int argc, char **argv)
{
    const char *dir = NULL, *domid = NULL;
    char *end;
    unsigned long dom;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            return fputs(attach_usage, stdout) == EOF ? CLI_EXIT_USAGE : CLI_EXIT_OK;
        if (!strcmp(a, "-V") || !strcmp(a, "--version"))
            return printf("gntsim %s\n", GNTSIM_VERSION) < 0 ? CLI_EXIT_USAGE
                                                             : CLI_EXIT_OK;
        if ((!strcmp(a, "-d") || !strcmp(a, "--dir")) && i + 1 < argc)
            dir = argv[++i];
        else if (!strncmp(a, "--dir=", 6))
            dir = a + 6;
        else if ((!strcmp(a, "-n") || !strcmp(a, "--domid")) && i + 1 < argc)
            domid = argv[++i];
        else if (!strncmp(a, "--domid=", 8))
            domid = a + 8;
        else {
            fprintf(stderr, "gntsim attach: %s: unknown option or missing value\n%s", a,
                    attach_usage);
            return CLI_EXIT_USAGE;
        }
    }
    errno = 0;
    dom = domid ? strtoul(domid, &end, 10) : 0;
    if (!dir || !domid || errno || *end || dom > 7 || i >= argc) {
        fprintf(stderr, "gntsim attach: need --dir, --domid (0..7) and a program\n%s",
                attach_usage);
        return CLI_EXIT_USAGE;
    }
    if (attach_env(dir, dom))
        return CLI_EXIT_USAGE;
    execvp(argv[i], argv + i);
    fprintf(stderr, "gntsim attach: %s: %s\n", argv[i], strerror(errno));
    return 127;
}
