/* SPDX-License-Identifier: MIT */
/*
 * `gntsim compare-policies` internals, one concern a file:
 *   compare.c        options, the matrix of runs, the exit status
 *   compare_table.c  the policies (ONE table), workloads and metrics
 *   compare_run.c    one cell: its world, its workload, the counters before and after
 *   compare_out.c    the terminal table and the CSV file
 *   compare_svg.c    the SVG bar charts
 */
#ifndef GNTSIM_TOOLS_COMPARE_H
#define GNTSIM_TOOLS_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gntsim/gntsim.h"

#define CMP_MAX_RELS 64
#define CMP_MAX_SET  16 /* policies, workloads: the tables hold fewer */

/*
 * A dom0 DMA policy and how a world is set up for it. New policies (the world option
 * dma-policy=) go here and nowhere else.
 */
struct cmp_policy {
    const char *name;       /* "swiotlb-xen" */
    const char *what;       /* one line for --list and the docs */
    const char *smmu_flush; /* world option smmu-flush= (NULL: the default, context) */
    int swiotlb_xen;        /* dom0's kernel: gntsim_linux_boot_opts.swiotlb_xen */
    int cache_flush;        /* dom0's kernel: gntsim_linux_boot_opts.cache_flush */
    const char *dma_policy; /* world option dma-policy= (NULL: swiotlb-xen); dom0 then
                               declares no_swiotlb_xen where the proposal pairs it */
};

enum cmp_kind { CMP_NET_TX, CMP_NET_ECHO, CMP_NET_RX, CMP_BLK_READ, CMP_BLK_WRITE };

struct cmp_workload {
    const char *name; /* "net-tx-64" */
    const char *what;
    enum cmp_kind kind;
    uint32_t bytes;   /* payload per unit: frame bytes, request bytes */
    const char *unit; /* "packet", "request" */
};

/* What is counted per unit (gntsim_stats deltas). */
enum cmp_metric {
    CMP_IOMMU_MAP,
    CMP_IOMMU_UNMAP,
    CMP_IOTLB_INVAL,
    CMP_IOTLB_DROPPED,
    CMP_BOUNCE_BYTES,
    CMP_CACHE_MAINT,
    CMP_DOUBLE_GT,
    CMP_GNTTAB_HC,
    CMP_FAULTS,
    CMP_NR_METRICS
};

struct cmp_metric_info {
    const char *csv;   /* CSV column stem and SVG file stem: "iommu_map" */
    const char *head;  /* terminal column heading, at most 8 characters */
    const char *label; /* chart title: "IOMMU map calls" */
};

/* The tables (compare_table.c): entry @i, or NULL when @i is out of range. */
const struct cmp_policy *cmp_policy(size_t i);
const struct cmp_workload *cmp_workload(size_t i);
const struct cmp_metric_info *cmp_metric(enum cmp_metric m);
/* Entries in the policy and workload tables. Cannot fail. */
size_t cmp_policy_count(void);
size_t cmp_workload_count(void);
/* Index of the policy / workload called @len bytes of @name, or -1. Cannot fail. */
int cmp_policy_find(const char *name, size_t len);
int cmp_workload_find(const char *name, size_t len);

/* One cell of the matrix: policy x release x workload. */
struct cmp_cell {
    size_t policy, workload;
    const char *release; /* canonical name */
    uint64_t units;      /* units counted (after the warm-up, every round) */
    double per_unit[CMP_NR_METRICS];
    double ns_per_unit; /* the simulator's own time: a timing, never a model result */
    int rc;             /* 0, or the setup or workload error (msg says which) */
    char msg[200];
};

/*
 * Run cell @c (its policy, workload and release set) in a world from @pool: a warm-up
 * of up to 32 units, then 3 rounds of @iterations units, counted together; the time
 * per unit is the fastest round's. Fills the results; on failure c->rc and c->msg
 * (the cell is then not measured). Returns c->rc.
 */
int cmp_run_cell(struct cmp_cell *c, uint64_t iterations, struct gntsim_pool *pool);

/* Units of workload @w per GiB of payload. Cannot fail. */
double cmp_units_per_gib(const struct cmp_workload *w);

/* Print the table of @cells to @out, per unit or (@per_gib) per GiB. Returns 0 or -EIO.
 */
int cmp_print_table(FILE *out, const struct cmp_cell *cells, size_t n, bool per_gib);
/* Write @cells as CSV to @path ("-": standard output). Returns 0 or -errno. */
int cmp_write_csv(const char *path, const struct cmp_cell *cells, size_t n);
/*
 * Write one bar chart per metric and release (and one of the time per unit) into
 * directory @dir, created if missing; *@files receives how many. Returns 0 or -errno.
 */
int cmp_write_svg(const char *dir, const struct cmp_cell *cells, size_t n,
                  const char *const *rels, size_t nrels, size_t *files);

/* `gntsim compare-policies ARGS`: exit status 0, 1 (a cell failed) or 2 (usage, I/O). */
int cli_compare_policies(int argc, char **argv);

#endif
