/* SPDX-License-Identifier: MIT */
/*
 * Benchmark helpers: a monotonic clock, medians, the process's resident set
 * from /proc/self/status, and the report: a human table followed by one
 * machine-readable line per figure,
 *
 *   BENCH {"name": ..., "value": ..., "unit": ..., "baseline": ...,
 *          "baseline_value": ..., "ratio": ...}
 *
 * and instruction counts of a child run under callgrind (perf counters are not
 * available on every machine; instructions are stable where timings are noisy).
 *
 * Everything is static inline; no global state.
 */
#ifndef GNTSIM_BENCH_UTIL_H
#define GNTSIM_BENCH_UTIL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Nanoseconds of CLOCK_MONOTONIC. */
static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Median of @v[0..@n) (sorts @v in place); 0 when @n is 0. */
static inline double bench_median(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    if (n == 0)
        return 0;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A "VmXXX:   1234 kB" field of /proc/self/status in bytes, or 0 if unavailable. */
static inline uint64_t bench_proc_status_bytes(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t len = strlen(field);
    unsigned long long kb = 0;

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, field, len) && line[len] == ':') {
            if (sscanf(line + len + 1, "%llu", &kb) != 1)
                kb = 0;
            break;
        }
    fclose(f);
    return (uint64_t)kb * 1024u;
}

/* One reported figure. @baseline NULL: no baseline (JSON null). */
struct bench_fig {
    char name[64];
    double value;
    const char *unit;
    char baseline[64];
    double baseline_value;
    double ratio;
    bool has_baseline;
    const char *target; /* text, "" = none */
    int met;            /* 1 yes, 0 no, -1 no target */
};

#define BENCH_MAX_FIGS 48

struct bench_report {
    struct bench_fig fig[BENCH_MAX_FIGS];
    size_t nr;
    char notes[8][320];
    size_t nr_notes;
};

/* Add a figure; returns it (for the caller to set the target) or NULL when full. */
static inline struct bench_fig *bench_add(struct bench_report *r, const char *name,
                                          double value, const char *unit,
                                          const char *baseline, double baseline_value)
{
    struct bench_fig *f;

    if (r->nr >= BENCH_MAX_FIGS)
        return NULL;
    f = &r->fig[r->nr++];
    memset(f, 0, sizeof(*f));
    snprintf(f->name, sizeof(f->name), "%s", name);
    f->value = value;
    f->unit = unit;
    f->target = "";
    f->met = -1;
    if (baseline) {
        f->has_baseline = true;
        snprintf(f->baseline, sizeof(f->baseline), "%s", baseline);
        f->baseline_value = baseline_value;
        f->ratio = baseline_value != 0 ? value / baseline_value : 0;
    }
    return f;
}

static inline void bench_target(struct bench_fig *f, const char *text, bool met)
{
    if (!f)
        return;
    f->target = text;
    f->met = met ? 1 : 0;
}

static inline void bench_note(struct bench_report *r, const char *text)
{
    if (r->nr_notes < sizeof(r->notes) / sizeof(r->notes[0]))
        snprintf(r->notes[r->nr_notes++], sizeof(r->notes[0]), "%s", text);
}

/* A JSON number (finite) or null. */
static inline void bench_json_num(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.6g", v);
    else
        fputs("null", out);
}

static inline void bench_print(const struct bench_report *r, FILE *out)
{
    fprintf(out, "%-34s %14s %-8s %-28s %14s %10s  %s\n", "figure", "value", "unit",
            "baseline", "baseline_value", "ratio", "target (met)");
    for (size_t i = 0; i < r->nr; i++) {
        const struct bench_fig *f = &r->fig[i];
        char bv[32] = "-", ra[32] = "-";

        if (f->has_baseline) {
            snprintf(bv, sizeof(bv), "%.4g", f->baseline_value);
            snprintf(ra, sizeof(ra), "%.4g", f->ratio);
        }
        fprintf(out, "%-34s %14.4g %-8s %-28s %14s %10s  %s%s%s\n", f->name, f->value,
                f->unit, f->has_baseline ? f->baseline : "-", bv, ra, f->target,
                f->met < 0 ? "" : (f->met ? " (yes)" : " (NO)"), "");
    }
    for (size_t i = 0; i < r->nr_notes; i++)
        fprintf(out, "note: %s\n", r->notes[i]);
    for (size_t i = 0; i < r->nr; i++) {
        const struct bench_fig *f = &r->fig[i];

        fprintf(out, "BENCH {\"name\": \"%s\", \"value\": ", f->name);
        bench_json_num(out, f->value);
        fprintf(out, ", \"unit\": \"%s\", \"baseline\": ", f->unit);
        if (f->has_baseline) {
            fprintf(out, "\"%s\", \"baseline_value\": ", f->baseline);
            bench_json_num(out, f->baseline_value);
            fputs(", \"ratio\": ", out);
            bench_json_num(out, f->ratio);
        } else {
            fputs("null, \"baseline_value\": null, \"ratio\": null", out);
        }
        fputs("}\n", out);
    }
}

/* ---------------------------------------------------------- callgrind --- */

/*
 * The valgrind command to count instructions with: $GNTSIM_BENCH_VALGRIND, default
 * "valgrind". NULL, with a note in @r naming @what, when it is empty or not installed.
 */
static inline const char *bench_valgrind(struct bench_report *r, const char *what)
{
    const char *vg = getenv("GNTSIM_BENCH_VALGRIND");
    char txt[192];

    if (!vg)
        vg = "valgrind";
    if (!*vg) {
        snprintf(txt, sizeof(txt),
                 "%s skipped: GNTSIM_BENCH_VALGRIND is empty (make bench VALGRIND=)",
                 what);
        bench_note(r, txt);
        return NULL;
    }
    snprintf(txt, sizeof(txt), "command -v '%s' >/dev/null 2>&1", vg);
    if (system(txt) != 0) {
        snprintf(txt, sizeof(txt),
                 "%s skipped: '%s' not found (no perf counters here; apt-get install "
                 "valgrind, or make deps)",
                 what, vg);
        bench_note(r, txt);
        return NULL;
    }
    return vg;
}

/*
 * Instructions inside @fn for a child run "<self> @args", via callgrind with
 * collection toggled on @fn. Returns -1 when valgrind or the child fails.
 */
static inline double bench_callgrind_ir(const char *valgrind, const char *fn,
                                        const char *args)
{
    char cmd[1024], line[512], self[512];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    double ir = -1;
    FILE *p;

    if (n <= 0)
        return -1;
    self[n] = '\0';
    snprintf(cmd, sizeof(cmd),
             "%s --tool=callgrind --callgrind-out-file=/dev/null '--toggle-collect=%s' "
             "'%s' %s 2>&1",
             valgrind, fn, self, args);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof(line), p)) {
        const char *c = strstr(line, "Collected :");
        unsigned long long v;

        if (c && sscanf(c + strlen("Collected :"), "%llu", &v) == 1)
            ir = (double)v;
    }
    if (pclose(p) != 0)
        return -1;
    return ir;
}

/* Instructions per unit: (Ir(2K) - Ir(K)) / K of "@mode K@rest", which drops fixed costs.
 */
static inline double bench_callgrind_per(const char *valgrind, const char *fn,
                                         const char *mode, uint64_t k, const char *rest)
{
    char a1[256], a2[256];
    double i1, i2;

    snprintf(a1, sizeof(a1), "%s %llu%s", mode, (unsigned long long)k, rest);
    snprintf(a2, sizeof(a2), "%s %llu%s", mode, (unsigned long long)(2 * k), rest);
    i1 = bench_callgrind_ir(valgrind, fn, a1);
    i2 = bench_callgrind_ir(valgrind, fn, a2);
    if (i1 < 0 || i2 < 0)
        return -1;
    return (i2 - i1) / (double)k;
}

#endif
