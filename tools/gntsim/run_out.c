/* SPDX-License-Identifier: MIT */
/*
 * `gntsim run` outputs: the trace (one document for every run) and the pcap
 * captures, each opened once, checked for write errors when closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"

/* Whether two output paths name the same file (same string, or same inode). */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (!strcmp(a, b))
        return true;
    if (!strcmp(a, "-") || !strcmp(b, "-") || stat(a, &sa) || stat(b, &sb))
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int run_outputs_check(const struct cli *c, const struct run_opts *o)
{
    const char *path[3] = {o->trace_path, o->pcap_path, o->pcap_vif_path};
    static const char *const opt[3] = {"--trace", "--pcap", "--pcap-vif"};

    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (path[i] && path[j] && same_file(path[i], path[j]))
                return cli_usage_error(c, "%s and %s name the same file '%s'", opt[i],
                                       opt[j], path[j]);
    if ((o->pcap_path || o->pcap_vif_path) && o->files.n != 1)
        return cli_usage_error(c, "--pcap captures one run: give one scenario file");
    return 0;
}

/* Open output @path ("-": stdout). Returns the stream or NULL (reported). */
static FILE *out_open(const struct cli *c, const char *path, const char *mode)
{
    FILE *f = strcmp(path, "-") ? fopen(path, mode) : stdout;

    if (!f)
        cli_error(c, "%s: cannot open for writing: %s", path, strerror(errno));
    return f;
}

/* Flush and close @f (not stdout): 0, or 2 after reporting a write error on @path. */
static int out_close(const struct cli *c, FILE *f, const char *path)
{
    int bad;

    if (!f)
        return 0;
    bad = fflush(f) != 0 || ferror(f);
    if (f != stdout)
        bad |= fclose(f) != 0;
    if (!bad)
        return 0;
    cli_error(c, "%s: write error: %s", strcmp(path, "-") ? path : "standard output",
              strerror(errno ? errno : EIO));
    return CLI_EXIT_USAGE;
}

static int outputs_open(const struct cli *c, const struct run_opts *o,
                        struct run_out *out)
{
    if (o->trace_path && !(out->trace = out_open(c, o->trace_path, "w")))
        return CLI_EXIT_USAGE;
    if (o->pcap_path && !(out->pcap_wire = out_open(c, o->pcap_path, "wb")))
        return CLI_EXIT_USAGE;
    if (o->pcap_vif_path && !(out->pcap_vif = out_open(c, o->pcap_vif_path, "wb")))
        return CLI_EXIT_USAGE;
    /* Whatever shares standard output with a data stream goes to stderr. */
    out->report =
        out->trace == stdout || out->pcap_wire == stdout || out->pcap_vif == stdout
            ? stderr
            : stdout;
    out->console = o->console ? out->report : NULL;
    return 0;
}

static int outputs_close(const struct cli *c, const struct run_opts *o,
                         struct run_out *out)
{
    int rc = 0;

    if (out->trace && o->format == GNTSIM_TRACE_CHROME)
        fputs(out->chrome_n ? "\n]}\n" : "{\"traceEvents\":[]}\n", out->trace);
    rc |= out_close(c, out->trace, o->trace_path);
    rc |= out_close(c, out->pcap_wire, o->pcap_path);
    rc |= out_close(c, out->pcap_vif, o->pcap_vif_path);
    if (out->report == stdout && out_close(c, stdout, "-"))
        rc |= CLI_EXIT_USAGE;
    return rc;
}

int run_with_outputs(const struct cli *c, const struct run_opts *o,
                     struct gntsim_scenario **sc)
{
    struct run_out out = {0};
    int rc, io;

    if ((o->pcap_path || o->pcap_vif_path) &&
        (o->nrels ? o->nrels : gntsim_scenario_release_count(sc[0])) != 1)
        return cli_usage_error(c, "--pcap captures one run: the file names several "
                                  "releases; pick one with --release");
    rc = outputs_open(c, o, &out);

    if (rc == 0)
        rc = run_all(c, o, sc, &out);
    io = outputs_close(c, o, &out);
    return io ? io : rc;
}

/*
 * Append one run's Chrome JSON (@buf, a whole {"traceEvents":[...]} document)
 * to the merged document as process @pid named after the run.
 */
static void chrome_merge(struct run_out *t, const char *buf, const char *label)
{
    const char *p = strchr(buf, '[');
    const char *end = strrchr(buf, ']');
    unsigned pid = ++t->chrome_n;

    fprintf(t->trace,
            "%s{\"name\":\"process_name\",\"ph\":\"M\",\"ts\":0,\"pid\":%u,\"tid\":1,"
            "\"args\":{\"name\":",
            pid == 1 ? "{\"traceEvents\":[\n" : ",\n", pid);
    gntsim_json_string(t->trace, label);
    fputs("}}", t->trace);
    if (!p || !end)
        return;
    for (p++; p < end && *p == '\n';)
        p++;
    while (end > p && end[-1] == '\n')
        end--;
    if (p < end)
        fputs(",\n", t->trace);
    for (; p < end; p++) {
        if (!strncmp(p, "\"pid\":1,", 8)) {
            fprintf(t->trace, "\"pid\":%u,", pid);
            p += 7;
        } else {
            fputc(*p, t->trace);
        }
    }
}

int run_one(const struct gntsim_scenario *sc, const char *file, const char *rel,
            const struct run_opts *ro, struct run_out *out,
            struct gntsim_scenario_stats *st, struct gntsim_pool *pool,
            uint64_t fail_alloc_nth)
{
    struct gntsim_scenario_opts o = {.report = fail_alloc_nth ? NULL : stderr,
                                     .fail_alloc_nth = fail_alloc_nth,
                                     .format = ro->format,
                                     .pool = pool,
                                     .pcap_wire = out->pcap_wire,
                                     .pcap_vif = out->pcap_vif,
                                     .console = out->console,
                                     .invariants = !ro->no_invariants,
                                     .stats = st};
    char *buf = NULL, label[300];
    size_t len = 0;
    int rc;

    snprintf(label, sizeof(label), "%s under Xen %s", file, rel);
    if (out->trace && ro->format == GNTSIM_TRACE_CHROME)
        o.trace = open_memstream(&buf, &len);
    else if (out->trace) {
        o.trace = out->trace;
        if (ro->format == GNTSIM_TRACE_TEXT || ro->format == GNTSIM_TRACE_STEPS)
            fprintf(out->trace, "# %s\n", label);
        else {
            fputs("{\"run\":", out->trace);
            gntsim_json_string(out->trace, file);
            fputs(",\"release\":", out->trace);
            gntsim_json_string(out->trace, rel);
            fputs("}\n", out->trace);
        }
    }
    rc = gntsim_scenario_run(sc, rel, &o);
    if (o.trace && o.trace != out->trace) {
        fclose(o.trace);
        chrome_merge(out, buf ? buf : "", label);
        free(buf);
    }
    return rc;
}
