/* SPDX-License-Identifier: MIT */
/* `gntsim run` operands: scenario files, '-' and directories of *.gsc files. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"

#define RUN_MAX_DEPTH 16 /* directory levels under a DIR operand */

static int files_push(const struct cli *c, struct run_files *f, const char *path)
{
    if (f->n == RUN_MAX_FILES)
        return cli_usage_error(c, "more than %d scenario files", RUN_MAX_FILES);
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        char **n = realloc(f->path, cap * sizeof(*n));

        if (!n)
            return cli_usage_error(c, "out of memory");
        f->path = n;
        f->cap = cap;
    }
    f->path[f->n] = strdup(path);
    if (!f->path[f->n])
        return cli_usage_error(c, "out of memory");
    f->n++;
    return 0;
}

static bool is_gsc(const char *name)
{
    size_t n = strlen(name);

    return n > 4 && !strcmp(name + n - 4, ".gsc");
}

/* Every *.gsc under @dir (hidden entries skipped), sorted by name, depth first. */
static int files_walk(const struct cli *c, struct run_files *f, const char *dir,
                      unsigned depth)
{
    struct dirent **ent;
    int n = scandir(dir, &ent, NULL, alphasort), rc = 0;

    if (n < 0) {
        cli_error(c, "%s: cannot read the directory: %s", dir, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;

        if (!rc && ent[i]->d_name[0] != '.' &&
            (size_t)snprintf(path, sizeof(path), "%s/%s", dir, ent[i]->d_name) <
                sizeof(path) &&
            !stat(path, &st)) {
            if (S_ISDIR(st.st_mode) && depth < RUN_MAX_DEPTH)
                rc = files_walk(c, f, path, depth + 1);
            else if (S_ISREG(st.st_mode) && is_gsc(ent[i]->d_name))
                rc = files_push(c, f, path);
        }
        free(ent[i]);
    }
    free(ent);
    return rc;
}

int run_files_add(const struct cli *c, struct run_files *f, const char *arg)
{
    struct stat st;
    char dir[4096];
    size_t n = strlen(arg);

    if (!strcmp(arg, "-")) {
        for (size_t i = 0; i < f->n; i++)
            if (!strcmp(f->path[i], "-"))
                return cli_usage_error(c, "'-' (standard input) given twice");
        return files_push(c, f, arg);
    }
    if (stat(arg, &st) || !S_ISDIR(st.st_mode))
        return files_push(c, f, arg); /* a missing file is reported when loading */
    while (n > 1 && arg[n - 1] == '/')
        n--;
    if (n >= sizeof(dir))
        return cli_usage_error(c, "directory name too long");
    memcpy(dir, arg, n);
    dir[n] = '\0';
    return files_walk(c, f, dir, 0);
}

void run_files_free(struct run_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->path[i]);
    free(f->path);
    *f = (struct run_files){0};
}

int run_load_all(const struct cli *c, const struct run_opts *o,
                 struct gntsim_scenario **sc)
{
    bool broken = false;

    (void)c;
    for (size_t i = 0; i < o->files.n; i++) {
        const char *p = o->files.path[i];

        if (!strcmp(p, "-"))
            broken |= gntsim_scenario_read("<stdin>", stdin, stderr, &sc[i]) != 0;
        else
            broken |= gntsim_scenario_load(p, stderr, &sc[i]) != 0;
    }
    return broken ? CLI_EXIT_USAGE : 0;
}
