/* SPDX-License-Identifier: MIT */
/*
 * `gntsim compare-policies`: dom0 DMA policies x Xen releases x workloads, each cell
 * run in its own world, reported per packet or request (or per GiB) as a table, a CSV
 * file and SVG charts. The numbers are the model's counts (gntsim_stats_get); the
 * simulator's own time is reported beside them and never checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"

#define CMP_DEFAULT_ITER 256
#define CMP_MAX_ITER     1000000

static const char compare_usage[] =
    "Usage: gntsim compare-policies [OPTIONS]\n"
    "Compare dom0 DMA policies: run each workload under each policy and Xen release\n"
    "in the model and report, per packet or request (or per GiB of payload): Xen's\n"
    "IOMMU map and unmap calls, IOTLB invalidations and the entries they drop, bytes\n"
    "bounced by swiotlb-xen, cache maintenance operations, double_gt_lock\n"
    "acquisitions, grant-table hypercalls and SMMU faults, and the simulator's own\n"
    "time per unit (a timing of this machine, not of the modelled one).\n"
    "docs/compare-policies.md explains each column and the model's assumptions.\n\n"
    "  -p, --policy=P      the policies (default: all); several as P1,P2 or by\n"
    "                      repeating the option; --list names them\n"
    "  -r, --release=R     the Xen releases (default: 4.14.1,4.15.0,master), named as\n"
    "                      'gntsim releases' lists them, by tag or version, or 'all'\n"
    "  -w, --workload=W    the workloads (default: all; --list names them)\n"
    "  -n, --iterations=N  packets or requests per round (default 256, at most\n"
    "                      1000000): each cell runs a warm-up of up to 32, then 3\n"
    "                      rounds, all counted; its time is the fastest round's\n"
    "      --per-gib       the table per GiB of payload, not per packet or request\n"
    "      --csv=FILE      also write every figure, per unit and per GiB, as CSV\n"
    "                      ('-': standard output; the table then goes to standard\n"
    "                      error)\n"
    "      --svg=DIR       also write bar charts into DIR (created if missing), one\n"
    "                      per metric and release: METRIC-RELEASE.svg\n"
    "  -l, --list          list the policies and workloads, then exit\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n\n"
    "Exit status: 0 every cell ran, 1 a cell could not be set up or run (its row\n"
    "says why), 2 a usage error or an output that could not be written.\n";

static const struct option compare_longopts[] = {
    {"policy", required_argument, NULL, 'p'},
    {"release", required_argument, NULL, 'r'},
    {"workload", required_argument, NULL, 'w'},
    {"iterations", required_argument, NULL, 'n'},
    {"per-gib", no_argument, NULL, 'G'},
    {"csv", required_argument, NULL, 'C'},
    {"svg", required_argument, NULL, 'S'},
    {"list", no_argument, NULL, 'l'},
    {0}};

struct cmp_opts {
    size_t pol[CMP_MAX_SET], npol, wl[CMP_MAX_SET], nwl;
    const char *rels[CMP_MAX_RELS];
    size_t nrels;
    uint64_t iterations;
    bool per_gib, list;
    const char *csv, *svg;
};

/* Append @idx to @set (room for CMP_MAX_SET) once. */
static void cmp_push(size_t *set, size_t *n, size_t idx)
{
    for (size_t i = 0; i < *n; i++)
        if (set[i] == idx)
            return;
    if (*n < CMP_MAX_SET)
        set[(*n)++] = idx;
}

/* Split @list at commas; each name through @find into @set. Returns 0 or 2. */
static int cmp_add_names(const struct cli *c, const char *opt, const char *list,
                         int (*find)(const char *, size_t), size_t count, size_t *set,
                         size_t *n)
{
    size_t len = strlen(list);

    if (!len || list[0] == ',' || list[len - 1] == ',' || strstr(list, ",,"))
        return cli_usage_error(c, "--%s '%s': an empty name", opt, list);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, ",");
        int idx;

        if (l == 3 && !strncmp(p, "all", 3)) {
            for (size_t i = 0; i < count; i++)
                cmp_push(set, n, i);
        } else if ((idx = find(p, l)) < 0) {
            return cli_usage_error(c, "unknown %s '%.*s' (see --list)", opt, (int)l, p);
        } else {
            cmp_push(set, n, (size_t)idx);
        }
        p += l + (p[l] == ',');
    }
    return 0;
}

/* Add the releases of one --release value. Returns 0 or 2. */
static int cmp_add_releases(const struct cli *c, struct cmp_opts *o, const char *list)
{
    size_t len = strlen(list);
    struct gntsim_release_info ri;
    char err[1024];

    if (!len || list[0] == ',' || list[len - 1] == ',' || strstr(list, ",,"))
        return cli_usage_error(c, "--release '%s': an empty release name", list);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, ","), idx, from = 0, to = 0;

        if (l == 3 && !strncmp(p, "all", 3)) {
            to = gntsim_release_count();
        } else if (gntsim_release_find(p, l, &idx, err, sizeof(err))) {
            return cli_usage_error(c, "%s", err);
        } else {
            from = idx;
            to = idx + 1;
        }
        for (size_t i = from; i < to; i++) {
            bool seen = false;

            gntsim_release_get(i, &ri);
            for (size_t j = 0; j < o->nrels; j++)
                seen |= !strcmp(o->rels[j], ri.name);
            if (!seen && o->nrels == CMP_MAX_RELS)
                return cli_usage_error(c, "more than %d releases", CMP_MAX_RELS);
            if (!seen)
                o->rels[o->nrels++] = ri.name;
        }
        p += l + (p[l] == ',');
    }
    return 0;
}

static int cmp_iterations(const struct cli *c, struct cmp_opts *o, const char *s)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (!*s || *s == '-' || *end || errno || v < 1 || v > CMP_MAX_ITER)
        return cli_usage_error(c, "--iterations '%s': expected a number from 1 to %d", s,
                               CMP_MAX_ITER);
    o->iterations = v;
    return 0;
}

static int cmp_path(const struct cli *c, const char **slot, const char *name,
                    const char *v)
{
    if (*slot)
        return cli_usage_error(c, "--%s given twice", name);
    if (!*v)
        return cli_usage_error(c, "--%s needs a %s name", name,
                               strcmp(name, "svg") ? "file" : "directory");
    *slot = v;
    return 0;
}

static int cmp_option(struct cli *c, int ch, struct cmp_opts *o)
{
    switch (ch) {
    case 'p':
        return cmp_add_names(c, "policy", c->optarg, cmp_policy_find, cmp_policy_count(),
                             o->pol, &o->npol);
    case 'w':
        return cmp_add_names(c, "workload", c->optarg, cmp_workload_find,
                             cmp_workload_count(), o->wl, &o->nwl);
    case 'r':
        return cmp_add_releases(c, o, c->optarg);
    case 'n':
        return cmp_iterations(c, o, c->optarg);
    case 'G':
        o->per_gib = true;
        return 0;
    case 'C':
        return cmp_path(c, &o->csv, "csv", c->optarg);
    case 'S':
        return cmp_path(c, &o->svg, "svg", c->optarg);
    case 'l':
        o->list = true;
        return 0;
    default:
        return cli_usage_error(c, "internal: unhandled option %d", ch);
    }
}

/* Options; the defaults for what was not chosen. Returns 0, -1 (exit 0) or 2. */
static int cmp_args(struct cli *c, int argc, char **argv, struct cmp_opts *o)
{
    int ch;

    while ((ch = cli_next(c, argc, argv)) != CLI_END) {
        if (ch == CLI_EXIT)
            return c->rc ? c->rc : -1;
        if (cmp_option(c, ch, o))
            return CLI_EXIT_USAGE;
    }
    if (cli_no_operands(c, argc, argv))
        return CLI_EXIT_USAGE;
    if (!o->npol)
        for (size_t i = 0; i < cmp_policy_count(); i++)
            cmp_push(o->pol, &o->npol, i);
    if (!o->nwl)
        for (size_t i = 0; i < cmp_workload_count(); i++)
            cmp_push(o->wl, &o->nwl, i);
    if (!o->nrels && cmp_add_releases(c, o, "4.14.1,4.15.0,master"))
        return CLI_EXIT_USAGE;
    return 0;
}

static int cmp_list(void)
{
    printf("Policies (--policy):\n");
    for (size_t i = 0; i < cmp_policy_count(); i++)
        printf("  %-21s %s\n", cmp_policy(i)->name, cmp_policy(i)->what);
    printf("Workloads (--workload):\n");
    for (size_t i = 0; i < cmp_workload_count(); i++)
        printf("  %-21s %s\n", cmp_workload(i)->name, cmp_workload(i)->what);
    return fflush(stdout) ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

/* Whether policy @p exists in release @r (a note on stderr, once, when it does not). */
static bool cmp_applies(const struct cli *c, const struct cmp_opts *o, size_t p, size_t r,
                        bool say)
{
    const char *name = cmp_policy(o->pol[p])->dma_policy;
    char why[256];

    if (!name || !gntsim_dma_policy_applies(gntsim_dma_policy_find(name), o->rels[r], why,
                                            sizeof(why)))
        return true;
    if (say) /* a note, not an error: the table just has no such row */
        cli_error(c, "%s under %s: not run: %s", cmp_policy(o->pol[p])->name, o->rels[r],
                  why);
    return false;
}

/* Run every cell (workload, then release, then policy order) and write the outputs. */
static int cmp_all(const struct cli *c, const struct cmp_opts *o)
{
    size_t n = o->nwl * o->nrels * o->npol, k = 0, files = 0;
    struct cmp_cell *cells = calloc(n, sizeof(*cells));
    struct gntsim_pool *pool = NULL;
    int failed = 0, rc;

    if (!cells || gntsim_pool_create(&pool)) {
        free(cells);
        cli_error(c, "out of memory");
        return CLI_EXIT_USAGE;
    }
    for (size_t w = 0; w < o->nwl; w++)
        for (size_t r = 0; r < o->nrels; r++)
            for (size_t p = 0; p < o->npol; p++) {
                if (!cmp_applies(c, o, p, r, w == 0))
                    continue;
                cells[k] = (struct cmp_cell){
                    .policy = o->pol[p], .workload = o->wl[w], .release = o->rels[r]};
                failed += cmp_run_cell(&cells[k++], o->iterations, pool) != 0;
            }
    n = k;
    gntsim_pool_destroy(pool);
    rc = cmp_print_table(o->csv && !strcmp(o->csv, "-") ? stderr : stdout, cells, n,
                         o->per_gib);
    if (!rc && o->csv && (rc = cmp_write_csv(o->csv, cells, n)))
        cli_error(c, "cannot write '%s': %s", o->csv, strerror(-rc));
    if (!rc && o->svg &&
        (rc = cmp_write_svg(o->svg, cells, n, o->rels, o->nrels, &files)))
        cli_error(c, "cannot write the charts into '%s': %s", o->svg, strerror(-rc));
    if (!rc && o->svg)
        fprintf(o->csv && !strcmp(o->csv, "-") ? stderr : stdout,
                "%zu charts written into %s/\n", files, o->svg);
    free(cells);
    if (rc)
        return CLI_EXIT_USAGE;
    if (failed)
        cli_error(c, "%d of %zu cells could not be run (their rows say why)", failed, n);
    return failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cli_compare_policies(int argc, char **argv)
{
    struct cli c = {.cmd = "compare-policies",
                    .usage = compare_usage,
                    .shortopts = "p:r:w:n:l",
                    .longopts = compare_longopts};
    struct cmp_opts o = {.iterations = CMP_DEFAULT_ITER};
    int rc = cmp_args(&c, argc, argv, &o);

    if (rc)
        return rc < 0 ? CLI_EXIT_OK : rc;
    return o.list ? cmp_list() : cmp_all(&c, &o);
}
