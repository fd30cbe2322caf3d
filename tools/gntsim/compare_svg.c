/* SPDX-License-Identifier: MIT */
/*
 * compare-policies: small SVG bar charts, one per metric and release, to paste into a
 * mailing-list post or a web page. A tiny writer (rectangles and text), no plotting
 * dependency: groups are workloads, bars are policies, values are per unit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"

#define SVG_W       720
#define SVG_LABEL_W 130 /* workload names, right-aligned before the bars */
#define SVG_PLOT_W  500
#define SVG_BAR_H   11
#define SVG_BAR_GAP 2
#define SVG_GROUP   10 /* space between workloads */
#define SVG_LINE    15 /* legend line */

static const char *const svg_colors[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                         "#59a14f", "#edc948", "#b07aa1", "#ff9da7"};

/* @s as XML character data or attribute value. */
static void svg_text_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void svg_text(FILE *f, int x, int y, int size, const char *anchor, const char *s)
{
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">", x, y, size,
            anchor);
    svg_text_esc(f, s);
    fputs("</text>\n", f);
}

static void svg_rect(FILE *f, int x, int y, int w, int h, const char *fill)
{
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, y,
            w, h, fill);
}

/* What a chart shows: per-unit metric @metric, or the time when it is CMP_NR_METRICS. */
struct svg_chart {
    const struct cmp_cell *cells;
    size_t n;
    const char *release;
    unsigned metric;
    size_t pol[CMP_MAX_SET], npol; /* policies and workloads present, table order */
    size_t wl[CMP_MAX_SET], nwl;
};

static const struct cmp_cell *svg_cell(const struct svg_chart *c, size_t p, size_t w)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->cells[i].policy == p && c->cells[i].workload == w &&
            !strcmp(c->cells[i].release, c->release))
            return &c->cells[i];
    return NULL;
}

static double svg_value(const struct svg_chart *c, const struct cmp_cell *cell)
{
    return c->metric < CMP_NR_METRICS ? cell->per_unit[c->metric]
                                      : cell->ns_per_unit / 1000;
}

static void svg_body(FILE *f, const struct svg_chart *c, int top)
{
    double max = 0;
    int y = top;
    char v[32];

    for (size_t p = 0; p < c->npol; p++)
        for (size_t w = 0; w < c->nwl; w++) {
            const struct cmp_cell *cell = svg_cell(c, c->pol[p], c->wl[w]);

            if (cell && !cell->rc && svg_value(c, cell) > max)
                max = svg_value(c, cell);
        }
    for (size_t w = 0; w < c->nwl; w++) {
        int gh = (int)c->npol * (SVG_BAR_H + SVG_BAR_GAP);

        svg_text(f, SVG_LABEL_W - 6, y + gh / 2 + 4, 11, "end",
                 cmp_workload(c->wl[w])->name);
        for (size_t p = 0; p < c->npol; p++, y += SVG_BAR_H + SVG_BAR_GAP) {
            const struct cmp_cell *cell = svg_cell(c, c->pol[p], c->wl[w]);
            double val = cell && !cell->rc ? svg_value(c, cell) : 0;
            int len = max > 0 ? (int)(val / max * SVG_PLOT_W + 0.5) : 0;

            svg_rect(f, SVG_LABEL_W, y, len, SVG_BAR_H,
                     svg_colors[p % (sizeof(svg_colors) / sizeof(svg_colors[0]))]);
            if (cell && !cell->rc)
                snprintf(v, sizeof(v), "%.3g", val);
            else
                snprintf(v, sizeof(v), "%s", cell ? "failed" : "not run");
            svg_text(f, SVG_LABEL_W + len + 4, y + SVG_BAR_H - 2, 10, "start", v);
        }
        y += SVG_GROUP;
    }
}

static int svg_chart_write(const char *path, const struct svg_chart *c)
{
    FILE *f = fopen(path, "w");
    int legend = (int)c->npol * SVG_LINE;
    int h = 58 + legend +
            (int)c->nwl * ((int)c->npol * (SVG_BAR_H + SVG_BAR_GAP) + SVG_GROUP);
    char title[160];
    int rc;

    if (!f)
        return -errno;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n",
            SVG_W, h, SVG_W, h);
    svg_rect(f, 0, 0, SVG_W, h, "#ffffff");
    snprintf(title, sizeof(title), "%s per packet or request, Xen %s",
             c->metric < CMP_NR_METRICS ? cmp_metric(c->metric)->label
                                        : "simulator time (us, this machine)",
             c->release);
    svg_text(f, 10, 20, 14, "start", title);
    svg_text(f, 10, 36, 10, "start",
             "gntsim compare-policies: the model's counts (docs/compare-policies.md)");
    for (size_t p = 0; p < c->npol; p++) {
        int y = 46 + (int)p * SVG_LINE;

        svg_rect(f, 10, y, 10, 10,
                 svg_colors[p % (sizeof(svg_colors) / sizeof(svg_colors[0]))]);
        svg_text(f, 26, y + 9, 11, "start", cmp_policy(c->pol[p])->name);
    }
    svg_body(f, c, 52 + legend);
    fputs("</svg>\n", f);
    rc = ferror(f) ? -EIO : 0;
    if (fclose(f))
        rc = -EIO;
    return rc;
}

/* The policies and workloads @cells hold, in table order (at most CMP_MAX_SET each). */
static void svg_present(struct svg_chart *c)
{
    for (size_t p = 0; p < cmp_policy_count() && c->npol < CMP_MAX_SET; p++)
        for (size_t i = 0; i < c->n; i++)
            if (c->cells[i].policy == p) {
                c->pol[c->npol++] = p;
                break;
            }
    for (size_t w = 0; w < cmp_workload_count() && c->nwl < CMP_MAX_SET; w++)
        for (size_t i = 0; i < c->n; i++)
            if (c->cells[i].workload == w) {
                c->wl[c->nwl++] = w;
                break;
            }
}

int cmp_write_svg(const char *dir, const struct cmp_cell *cells, size_t n,
                  const char *const *rels, size_t nrels, size_t *files)
{
    struct svg_chart c = {.cells = cells, .n = n};
    struct stat st;
    char path[4096];

    *files = 0;
    if (mkdir(dir, 0777) && errno != EEXIST)
        return -errno;
    if (stat(dir, &st) || !S_ISDIR(st.st_mode))
        return -ENOTDIR;
    svg_present(&c);
    for (size_t r = 0; r < nrels; r++)
        for (unsigned m = 0; m <= CMP_NR_METRICS; m++) {
            int rc;

            c.release = rels[r];
            c.metric = m;
            if (snprintf(path, sizeof(path), "%s/%s-%s.svg", dir,
                         m < CMP_NR_METRICS ? cmp_metric(m)->csv : "sim_us",
                         rels[r]) >= (int)sizeof(path))
                return -ENAMETOOLONG;
            rc = svg_chart_write(path, &c);
            if (rc)
                return rc;
            (*files)++;
        }
    return 0;
}
