/* SPDX-License-Identifier: MIT */
/* compare-policies: the terminal table and the CSV file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

/* @v in at most 9 characters: fixed point while it fits, else 4 significant digits. */
static void cmp_num(char *buf, size_t len, double v)
{
    if (v == 0)
        snprintf(buf, len, "0");
    else if (v < 100000)
        snprintf(buf, len, "%.2f", v);
    else
        snprintf(buf, len, "%.4g", v);
}

int cmp_print_table(FILE *out, const struct cmp_cell *cells, size_t n, bool per_gib)
{
    char num[32];

    fprintf(out, "%-20s %-7s %-13s", "policy", "release", "workload");
    for (unsigned m = 0; m < CMP_NR_METRICS; m++)
        fprintf(out, " %9s", cmp_metric(m)->head);
    fprintf(out, " %9s\n", "sim-us");
    for (size_t i = 0; i < n; i++) {
        const struct cmp_cell *c = &cells[i];
        double k = per_gib ? cmp_units_per_gib(cmp_workload(c->workload)) : 1;

        fprintf(out, "%-20s %-7s %-13s", cmp_policy(c->policy)->name, c->release,
                cmp_workload(c->workload)->name);
        if (c->rc) {
            fprintf(out, " FAILED: %s\n", c->msg);
            continue;
        }
        for (unsigned m = 0; m < CMP_NR_METRICS; m++) {
            cmp_num(num, sizeof(num), c->per_unit[m] * k);
            fprintf(out, " %9s", num);
        }
        cmp_num(num, sizeof(num), c->ns_per_unit * k / 1000);
        fprintf(out, " %9s\n", num);
    }
    fprintf(out,
            "\nPer %s (net: per frame; block: per request). Columns:\n"
            "map/unmap Xen's IOMMU map and unmap calls; tlbi IOTLB invalidations and "
            "dropped\nthe entries they dropped; bounceB bytes swiotlb copied; cmo cache "
            "maintenance\noperations; dgtlock double_gt_lock acquisitions; gnttab "
            "grant-table hypercalls;\nfaults SMMU faults; sim-us the simulator's own "
            "time in microseconds (this\nmachine, a timing, not the modelled "
            "system's). docs/compare-policies.md\n",
            per_gib ? "GiB of payload" : "packet or request");
    return ferror(out) ? -EIO : 0;
}

/* @s as a CSV field (quoted when it holds a comma, a quote or a line break). */
static void cmp_csv_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void cmp_csv_row(FILE *f, const struct cmp_cell *c)
{
    const struct cmp_workload *wl = cmp_workload(c->workload);
    double k = cmp_units_per_gib(wl);

    fprintf(f, "%s,%s,%s,%s,%u,%llu,", cmp_policy(c->policy)->name, c->release, wl->name,
            wl->unit, wl->bytes, (unsigned long long)c->units);
    if (c->rc) {
        char msg[256];

        snprintf(msg, sizeof(msg), "error: %s", c->msg);
        cmp_csv_str(f, msg);
        for (unsigned m = 0; m < 2 * CMP_NR_METRICS + 1; m++)
            fputc(',', f);
        fputc('\n', f);
        return;
    }
    fputs("ok", f);
    for (unsigned m = 0; m < CMP_NR_METRICS; m++)
        fprintf(f, ",%.6g", c->per_unit[m]);
    for (unsigned m = 0; m < CMP_NR_METRICS; m++)
        fprintf(f, ",%.6g", c->per_unit[m] * k);
    fprintf(f, ",%.1f\n", c->ns_per_unit);
}

int cmp_write_csv(const char *path, const struct cmp_cell *cells, size_t n)
{
    bool std = !strcmp(path, "-");
    FILE *f = std ? stdout : fopen(path, "w");
    int rc;

    if (!f)
        return -errno;
    fputs("policy,release,workload,unit,unit_bytes,units,status", f);
    for (unsigned m = 0; m < CMP_NR_METRICS; m++)
        fprintf(f, ",%s_per_unit", cmp_metric(m)->csv);
    for (unsigned m = 0; m < CMP_NR_METRICS; m++)
        fprintf(f, ",%s_per_gib", cmp_metric(m)->csv);
    fputs(",sim_ns_per_unit\n", f);
    for (size_t i = 0; i < n; i++)
        cmp_csv_row(f, &cells[i]);
    rc = ferror(f) ? -EIO : 0;
    if (std)
        rc = fflush(f) ? -EIO : rc;
    else if (fclose(f))
        rc = -EIO;
    return rc;
}
