/* SPDX-License-Identifier: MIT */
/*
 * `gntsim run FILE...`: parse every file first (syntax errors: exit 2),
 * then run each under its releases (or --release). Failed expectations are
 * printed as "file:line: release: expected X, got Y" and give exit 1.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/scenario.h"
#include "cli.h"

#define RUN_MAX_FILES 256

struct run_opts {
    const char *release, *trace_path;
    const char *pcap_path, *pcap_vif_path; /* --pcap, --pcap-vif */
    FILE *pcap_wire, *pcap_vif;
    enum gntsim_trace_format format;
    uint64_t seed;
    bool console;
    struct gntsim_pool *pool; /* one machine memory reused by the runs */
    const char *files[RUN_MAX_FILES];
    int nfiles;
};

static const char run_usage[] =
    "Usage: gntsim run [OPTIONS] FILE...\n"
    "Run scenario files (docs/scenario-language.md) under their releases.\n\n"
    "  --release R      run under release R only (see 'gntsim releases')\n"
    "  --trace FILE     write every model event to FILE ('-' = stdout)\n"
    "  --format F       trace format: text, json (JSON lines) or chrome (Perfetto)\n"
    "  --seed N         seed recorded with the run (the sequential runner is\n"
    "                   deterministic and makes no random choice)\n"
    "  --console        print the console (Xen and guest kernel lines) of each run\n"
    "  --pcap FILE      capture the wire (NIC <-> peer) as a pcap file (one run:\n"
    "                   one scenario file under one release, see --release)\n"
    "  --pcap-vif FILE  capture the vif (netfront <-> netback) likewise\n"
    "  -h, --help       show this help and exit\n\n"
    "Exit status: 0 all expectations held, 1 an expectation failed or a step\n"
    "failed, 2 usage error or a broken scenario file.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("gntsim run: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'gntsim run --help'.\n", stderr);
    return 2;
}

static int parse_format(const char *s, enum gntsim_trace_format *f)
{
    static const char *const names[] = {"text", "json", "chrome"};
    static const enum gntsim_trace_format fmts[] = {GNTSIM_TRACE_TEXT, GNTSIM_TRACE_JSON,
                                                    GNTSIM_TRACE_CHROME};

    for (size_t i = 0; i < 3; i++)
        if (!strcmp(s, names[i])) {
            *f = fmts[i];
            return 0;
        }
    return -1;
}

/* Option @a with its value @v; returns 1 (consumed v), 0 (flag), or 2 (usage error). */
static int run_option(struct run_opts *o, const char *a, const char *v)
{
    char *end;

    if (!strcmp(a, "--console")) {
        o->console = true;
        return 0;
    }
    if (!v)
        return usage_error("option '%s' needs a value", a);
    if (!strcmp(a, "--release"))
        o->release = v;
    else if (!strcmp(a, "--trace"))
        o->trace_path = v;
    else if (!strcmp(a, "--pcap"))
        o->pcap_path = v;
    else if (!strcmp(a, "--pcap-vif"))
        o->pcap_vif_path = v;
    else if (!strcmp(a, "--format")) {
        if (parse_format(v, &o->format))
            return usage_error("unknown trace format '%s' (text, json, chrome)", v);
    } else if (!strcmp(a, "--seed")) {
        errno = 0;
        o->seed = strtoull(v, &end, 0);
        if (*end || !*v || errno)
            return usage_error("--seed needs a number, not '%s'", v);
    } else
        return usage_error("unknown option '%s'", a);
    return 1;
}

static int run_args(int argc, char **argv, struct run_opts *o)
{
    for (int i = 1; i < argc; i++) {
        int rc;

        if (argv[i][0] != '-' || !strcmp(argv[i], "-")) {
            if (o->nfiles == RUN_MAX_FILES)
                return usage_error("too many files (at most %s)", "256");
            o->files[o->nfiles++] = argv[i];
            continue;
        }
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(run_usage, stdout);
            return -1;
        }
        rc = run_option(o, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
        if (rc == 2)
            return 2;
        i += rc;
    }
    if (!o->nfiles)
        return usage_error("%s", "no scenario file given");
    return 0;
}

struct run_trace {
    FILE *out;         /* the --trace file */
    unsigned chrome_n; /* Chrome: runs merged so far (one process each) */
};

/*
 * Append one run's Chrome JSON (@buf, a whole {"traceEvents":[...]} document)
 * to the merged document as process @pid named after the run.
 */
static void chrome_merge(struct run_trace *t, const char *buf, const char *label)
{
    const char *p = strchr(buf, '[');
    const char *end = strrchr(buf, ']');
    unsigned pid = ++t->chrome_n;

    fprintf(t->out,
            "%s{\"name\":\"process_name\",\"ph\":\"M\",\"ts\":0,\"pid\":%u,\"tid\":1,"
            "\"args\":{\"name\":",
            pid == 1 ? "{\"traceEvents\":[\n" : ",\n", pid);
    gntsim_json_string(t->out, label);
    fputs("}}", t->out);
    if (!p || !end)
        return;
    for (p++; p < end && *p == '\n';)
        p++;
    while (end > p && end[-1] == '\n')
        end--;
    if (p < end)
        fputs(",\n", t->out);
    for (; p < end; p++) {
        if (!strncmp(p, "\"pid\":1,", 8)) {
            fprintf(t->out, "\"pid\":%u,", pid);
            p += 7;
        } else {
            fputc(*p, t->out);
        }
    }
}

static int run_one(const struct gntsim_scenario *sc, const char *file, const char *rel,
                   const struct run_opts *ro, struct run_trace *t)
{
    struct gntsim_scenario_opts o = {.report = stderr,
                                     .format = ro->format,
                                     .seed = ro->seed,
                                     .pool = ro->pool,
                                     .pcap_wire = ro->pcap_wire,
                                     .pcap_vif = ro->pcap_vif,
                                     .console = ro->console ? stdout : NULL};
    char *buf = NULL, label[300];
    size_t len = 0;
    int rc;

    snprintf(label, sizeof(label), "%s under Xen %s", file, rel);
    if (t->out && ro->format == GNTSIM_TRACE_CHROME)
        o.trace = open_memstream(&buf, &len);
    else if (t->out) {
        o.trace = t->out;
        if (ro->format == GNTSIM_TRACE_TEXT)
            fprintf(t->out, "# %s (seed %" PRIu64 ")\n", label, ro->seed);
        else {
            fputs("{\"run\":", t->out);
            gntsim_json_string(t->out, file);
            fputs(",\"release\":", t->out);
            gntsim_json_string(t->out, rel);
            fprintf(t->out, ",\"seed\":%" PRIu64 "}\n", ro->seed);
        }
    }
    rc = gntsim_scenario_run(sc, rel, &o);
    if (o.trace && o.trace != t->out) {
        fclose(o.trace);
        chrome_merge(t, buf ? buf : "", label);
        free(buf);
    }
    return rc;
}

/* Run @sc under its releases or @ro->release; returns the failed-run count or -1. */
static int run_file(const struct gntsim_scenario *sc, const char *file,
                    const struct run_opts *ro, struct run_trace *t)
{
    size_t n = ro->release ? 1 : gntsim_scenario_release_count(sc);
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        const char *rel = ro->release ? ro->release : gntsim_scenario_release(sc, i);
        int rc = run_one(sc, file, rel, ro, t);

        if (rc < 0) {
            fprintf(stderr, "gntsim run: %s: cannot run under '%s'\n", file, rel);
            return -1;
        }
        failed += rc > 0;
    }
    printf("%s: %s (%zu release%s)\n", file, failed ? "FAILED" : "ok", n,
           n == 1 ? "" : "s");
    return failed;
}

static bool known_release(const char *name)
{
    struct gntsim_release_info ri;

    for (size_t i = 0; i < gntsim_release_count(); i++)
        if (!gntsim_release_get(i, &ri) && !strcmp(ri.name, name))
            return true;
    return false;
}

static void free_all(struct gntsim_scenario **sc, int n)
{
    for (int i = 0; i < n; i++)
        gntsim_scenario_free(sc[i]);
}

static int run_all(struct gntsim_scenario **sc, const struct run_opts *o,
                   struct run_trace *t)
{
    struct run_opts ro = *o;
    int status = 0;

    if (gntsim_pool_create(&ro.pool))
        return 2;
    for (int i = 0; i < o->nfiles && status != 2; i++) {
        int rc = run_file(sc[i], o->files[i], &ro, t);

        if (rc < 0)
            status = 2;
        else if (rc > 0)
            status = 1;
    }
    gntsim_pool_destroy(ro.pool);
    return status;
}

/* Open the --pcap files; a capture holds one run. Returns 0 or 2 (usage error). */
static int run_pcap_open(struct run_opts *o, const struct gntsim_scenario *sc)
{
    const char *path[2] = {o->pcap_path, o->pcap_vif_path};
    FILE **f[2] = {&o->pcap_wire, &o->pcap_vif};

    if (!path[0] && !path[1])
        return 0;
    if (o->nfiles != 1 || (!o->release && gntsim_scenario_release_count(sc) != 1))
        return usage_error("%s", "--pcap captures one run: one file, one release "
                                 "(give --release)");
    for (int i = 0; i < 2; i++) {
        if (!path[i])
            continue;
        *f[i] = fopen(path[i], "wb");
        if (!*f[i]) {
            fprintf(stderr, "gntsim run: %s: %s\n", path[i], strerror(errno));
            if (i && o->pcap_wire)
                fclose(o->pcap_wire);
            return 2;
        }
    }
    return 0;
}

int cli_run(int argc, char **argv)
{
    struct run_opts o = {.format = GNTSIM_TRACE_TEXT};
    struct gntsim_scenario *sc[RUN_MAX_FILES] = {0};
    struct run_trace t = {0};
    int rc = run_args(argc, argv, &o), broken = 0;

    if (rc)
        return rc < 0 ? 0 : rc;
    if (o.release && !known_release(o.release))
        return usage_error("unknown release '%s' (see 'gntsim releases')", o.release);
    for (int i = 0; i < o.nfiles; i++)
        broken |= gntsim_scenario_load(o.files[i], stderr, &sc[i]) != 0;
    if (broken) {
        free_all(sc, o.nfiles);
        return 2;
    }
    t.out = !o.trace_path               ? NULL
            : strcmp(o.trace_path, "-") ? fopen(o.trace_path, "w")
                                        : stdout;
    if (o.trace_path && !t.out) {
        fprintf(stderr, "gntsim run: %s: %s\n", o.trace_path, strerror(errno));
        free_all(sc, o.nfiles);
        return 2;
    }
    rc = run_pcap_open(&o, sc[0]);
    if (rc) {
        free_all(sc, o.nfiles);
        return rc;
    }
    rc = run_all(sc, &o, &t);
    if (o.pcap_wire)
        fclose(o.pcap_wire);
    if (o.pcap_vif)
        fclose(o.pcap_vif);
    if (t.out && o.format == GNTSIM_TRACE_CHROME)
        fputs(t.chrome_n ? "\n]}\n" : "{\"traceEvents\":[]}\n", t.out);
    if (t.out && t.out != stdout)
        fclose(t.out);
    free_all(sc, o.nfiles);
    return rc;
}
