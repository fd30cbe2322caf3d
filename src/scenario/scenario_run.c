/* SPDX-License-Identifier: MIT */
/*
 * Scenario runner: builds the world a parsed scenario describes, runs its
 * steps in order through the public API and checks every expectation that
 * applies to the release.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"

const struct sc_arg *sc_arg(const struct sc_stmt *s, const char *key)
{
    for (unsigned i = 0; i < s->nargs; i++) /* the first byte first: runs ask often */
        if (s->args[i].spec->name[0] == key[0] && !strcmp(s->args[i].spec->name, key))
            return &s->args[i];
    return NULL;
}

int sc_run_error(struct sc_run *r, const char *fmt, ...)
{
    va_list ap;

    r->failures++;
    r->stats.errors++;
    if (!r->o->report)
        return -1;
    fprintf(r->o->report, "%s:%u: %s: %s: ", r->sc->file, r->cur ? r->cur->line : 0,
            r->release, r->cur && r->cur->cmd ? r->cur->cmd->name : "run");
    va_start(ap, fmt);
    vfprintf(r->o->report, fmt, ap);
    va_end(ap);
    fputc('\n', r->o->report);
    return -1;
}

int sc_setup_failed(struct sc_run *r, int rc)
{
    char name[32];

    sc_render_int(FK_ERRNO, rc, name, sizeof(name));
    return sc_run_error(r, "%s (rc %s)", gntsim_world_error(r->w), name);
}

/* The runtime field a $ref value designates, or NULL (not run, not set). */
const struct sc_field *sc_ref_field(struct sc_run *r, const struct sc_value *v)
{
    const struct sc_result *res = &r->res[v->ref_stmt];

    if (!res->ran || v->ref_field < 0 || !res->f[v->ref_field].set)
        return NULL;
    return &res->f[v->ref_field];
}

int64_t sc_value_int(struct sc_run *r, const struct sc_value *v)
{
    const struct sc_field *f;

    if (v->kind != SV_REF)
        return v->i;
    f = sc_ref_field(r, v);
    if (!f) {
        char why[400];

        sc_no_value(r, &r->res[v->ref_stmt], why, sizeof(why));
        sc_run_error(r, "$%s.%s has no value: %s", r->sc->stmts[v->ref_stmt].name,
                     r->sc->stmts[v->ref_stmt].cmd->fields[v->ref_field].name, why);
        return 0;
    }
    return f->i;
}

int64_t sc_int(struct sc_run *r, const struct sc_stmt *s, const char *key, int64_t dflt)
{
    const struct sc_arg *a = sc_arg(s, key);
    int64_t v;

    if (!a)
        return dflt;
    v = sc_value_int(r, &a->v);
    if (a->v.kind == SV_REF && !sc_int_fits(a->spec->kind, v, false)) {
        sc_run_error(r, "%s=%" PRId64 " is out of range (%s)", key, v,
                     sc_int_range(a->spec->kind));
        return dflt;
    }
    return v;
}

const uint8_t *sc_data(struct sc_run *r, const struct sc_stmt *s, const char *key,
                       size_t *len)
{
    const struct sc_arg *a = sc_arg(s, key);
    const struct sc_field *f;

    if (!a)
        return NULL;
    if (a->v.kind != SV_REF) {
        *len = a->v.len;
        return (const uint8_t *)a->v.s;
    }
    f = sc_ref_field(r, &a->v);
    *len = f ? f->blen : 0;
    return f ? f->b : (const uint8_t *)"";
}

const char *sc_str(const struct sc_stmt *s, const char *key, const char *dflt)
{
    const struct sc_arg *a = sc_arg(s, key);

    return a && a->v.s ? a->v.s : dflt;
}

bool sc_flag(const struct sc_stmt *s, const char *key)
{
    return sc_arg(s, key) != NULL;
}

const struct sc_result *sc_result_arg(struct sc_run *r, const struct sc_stmt *s,
                                      const char *key)
{
    const struct sc_arg *a = sc_arg(s, key);

    if (!a || a->v.kind != SV_REF || !r->res[a->v.ref_stmt].ran)
        return NULL;
    return &r->res[a->v.ref_stmt];
}

int64_t sc_result_int(const struct sc_stmt *owner, const struct sc_result *res,
                      const char *name, int64_t dflt)
{
    int i = sc_field_index(owner->cmd, name, strlen(name));

    return i >= 0 && res->f[i].set ? res->f[i].i : dflt;
}

static struct sc_field *cur_field(struct sc_run *r, const char *name)
{
    const struct sc_stmt *s = r->cur;
    int i = sc_field_index(s->cmd, name, strlen(name));

    return i < 0 || i >= SC_MAX_FIELDS ? NULL : &r->res[s - r->sc->stmts].f[i];
}

void sc_set_int(struct sc_run *r, const char *name, int64_t v)
{
    struct sc_field *f = cur_field(r, name);

    if (f) {
        f->set = true;
        f->i = v;
    }
}

void sc_set_str(struct sc_run *r, const char *name, const char *v)
{
    struct sc_field *f = cur_field(r, name);

    if (f) {
        f->set = true;
        snprintf(f->s, sizeof(f->s), "%s", v);
    }
}

void sc_set_bytes(struct sc_run *r, const char *name, const void *b, size_t len)
{
    struct sc_field *f = cur_field(r, name);
    uint8_t *copy = f ? malloc(len ? len : 1) : NULL;

    if (!copy)
        return;
    memcpy(copy, b, len);
    free(f->b);
    f->b = copy;
    f->blen = len;
    f->set = true;
}

/* world ram="BASE:SIZE ...": the machine's RAM banks (at most 4), in bytes. */
static int world_ram(struct sc_run *r, const char *spec, struct gntsim_world_opts *o)
{
    const char *p = spec;

    o->nr_banks = 0;
    while (*p) {
        char *end;
        struct gntsim_bank b;

        if (*p == ' ' || *p == ',') {
            p++;
            continue;
        }
        if (o->nr_banks == sizeof(o->banks) / sizeof(o->banks[0]))
            return sc_run_error(r, "ram: at most 4 banks");
        errno = 0;
        b.base = strtoull(p, &end, 0);
        if (end == p || *end != ':' || errno)
            return sc_run_error(r, "ram: expected BASE:SIZE at '%s'", p);
        p = end + 1;
        b.size = strtoull(p, &end, 0);
        if (end == p || errno || (*end && *end != ' ' && *end != ','))
            return sc_run_error(r, "ram: expected BASE:SIZE at '%s'", p);
        o->banks[o->nr_banks++] = b;
        p = end;
    }
    return o->nr_banks ? 0 : sc_run_error(r, "ram: no bank given");
}

/* The xsaN= options of @ws into @o (a later one for the same XSA replaces the earlier).
 * 0, or -1 (reported). */
static int world_xsa(struct sc_run *r, const struct sc_stmt *ws,
                     struct gntsim_world_opts *o)
{
    unsigned xsa, k;
    char key[16];

    for (size_t i = 0; (xsa = gntsim_xsa_knob_at(i)); i++) {
        snprintf(key, sizeof(key), "xsa%u", xsa);
        if (!sc_arg(ws, key))
            continue;
        for (k = 0; k < o->nr_xsa && o->xsa[k].xsa != xsa; k++)
            ;
        if (k == GNTSIM_MAX_XSA_OPTS)
            return sc_run_error(r, "at most %d xsaN= options", GNTSIM_MAX_XSA_OPTS);
        o->xsa[k] = (struct gntsim_xsa_opt){
            .xsa = xsa, .vulnerable = !strcmp(sc_str(ws, key, ""), "vulnerable")};
        o->nr_xsa += k == o->nr_xsa;
    }
    return 0;
}

/* Apply the options of `world` or `reset` line @ws to @o. 0, or -1 (reported). */
static int world_opts(struct sc_run *r, const struct sc_stmt *ws,
                      struct gntsim_world_opts *o)
{
    r->cur = ws;
    o->iommu = sc_int(r, ws, "iommu", o->iommu) != 0;
    o->iommu_hwdom_strict = sc_int(r, ws, "strict", o->iommu_hwdom_strict) != 0;
    o->has_passthrough = sc_int(r, ws, "passthrough", o->has_passthrough) != 0;
    o->gnttab_transitive = sc_int(r, ws, "transitive", o->gnttab_transitive) != 0;
    o->gnttab_max_frames =
        (unsigned)sc_int(r, ws, "gnttab-max-frames", o->gnttab_max_frames);
    o->gnttab_max_maptrack_frames = (unsigned)sc_int(r, ws, "gnttab-max-maptrack-frames",
                                                     o->gnttab_max_maptrack_frames);
    if (sc_arg(ws, "need-iommu-mapping"))
        o->force_need_iommu_mapping = sc_int(r, ws, "need-iommu-mapping", 0) ? 1 : -1;
    if (sc_arg(ws, "arm-pred"))
        o->arm_pred = sc_str(ws, "arm-pred", "");
    if (sc_arg(ws, "smmu-flush"))
        o->smmu_flush = sc_str(ws, "smmu-flush", "");
    if (sc_arg(ws, "dma-policy"))
        o->dma_policy = sc_str(ws, "dma-policy", "");
    if (sc_arg(ws, "ram") && world_ram(r, sc_str(ws, "ram", ""), o))
        return -1;
    return world_xsa(r, ws, o);
}

/*
 * Create the run's world into *@out: the defaults, then the `world` line, then the
 * options of @reset (a `reset` step, or NULL for the first world). The Nth allocation
 * of the OOM sweep counts on from the worlds before (r->allocs_before).
 */
static int make_world(struct sc_run *r, const struct sc_stmt *reset,
                      struct gntsim_world **out)
{
    struct gntsim_world_opts o;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = r->release;
    o.pool = r->o->pool;
    o.digest = r->o->par_state;
    o.fail_alloc_nth = r->o->fail_alloc_nth > r->allocs_before
                           ? r->o->fail_alloc_nth - r->allocs_before
                           : 0;
    if (r->sc->world && world_opts(r, r->sc->world, &o))
        return -1;
    if (reset && world_opts(r, reset, &o))
        return -1;
    if (gntsim_world_create(&o, out, err, sizeof(err)))
        return sc_run_error(r, "%s", err);
    return 0;
}

/* The first world, with the run's trace and captures. 0, or -1 (reported). */
static int first_world(struct sc_run *r)
{
    if (make_world(r, NULL, &r->w))
        return -1;
    if (r->o->trace)
        gntsim_trace_open(r->w, r->o->trace, r->o->format);
    /* Captures start with the world: a run without network gives a header-only file. */
    if ((r->o->pcap_wire &&
         gntsim_net_pcap(r->w, GNTSIM_CAPTURE_WIRE, r->o->pcap_wire)) ||
        (r->o->pcap_vif && gntsim_net_pcap(r->w, GNTSIM_CAPTURE_VIF, r->o->pcap_vif)))
        return sc_run_error(r, "cannot write the pcap capture");
    return 0;
}

static void dump_console(struct sc_run *r)
{
    for (size_t i = 0; i < gntsim_log_count(r->w); i++)
        fprintf(r->o->console, "[%s] %s\n", r->release, gntsim_log_line(r->w, i));
}

/* What the run's current world found and allocated, kept before it goes. */
static void count_world(struct sc_run *r)
{
    bool fired = false;

    r->findings_before += (unsigned)gntsim_findings_total(r->w);
    r->allocs_before += gntsim_alloc_count(r->w, &fired);
    r->alloc_failed |= fired;
    if (r->o->console)
        dump_console(r);
}

/*
 * reset [world options]: a fresh world in place of the current one (its domains,
 * memory, devices, console and findings gone; the trace and captures go on). The
 * parser has already refused any $NAME of a result before it. When the new world
 * cannot be created the current one stays and the release stops (a setup step).
 */
int sc_exec_reset(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_world *w = NULL;

    if (make_world(r, s, &w))
        return -1;
    r->cur = s;
    if (gntsim_world_handover(r->w, w)) {
        gntsim_world_destroy(w);
        return sc_run_error(r, "out of memory moving the pcap captures");
    }
    count_world(r);
    gntsim_world_destroy(r->w);
    r->w = w;
    r->actions_stmt = -1; /* the old world's record went with it */
    return 0;
}

void sc_no_value(const struct sc_run *r, const struct sc_result *res, char *buf,
                 size_t len)
{
    const struct sc_stmt *s = &r->sc->stmts[res - r->res];

    if (!res->ran)
        snprintf(buf, len, "'%s' at line %u did not run%s", s->cmd->name, s->line,
                 r->stats.stopped_line ? " (the release stopped earlier)" : "");
    else if (res->why)
        snprintf(buf, len, "'%s' at line %u failed: %s", s->cmd->name, s->line, res->why);
    else
        snprintf(buf, len, "'%s' at line %u set no such value", s->cmd->name, s->line);
}

void sc_note_failure(struct sc_run *r, size_t i, const char *msg)
{
    struct sc_result *res = &r->res[i];
    int f = sc_field_index(r->sc->stmts[i].cmd, "rc", 2);
    char rc[32], why[400];

    if (f < 0 || !res->f[f].set || !res->f[f].i)
        return;
    sc_render_int(FK_ERRNO, res->f[f].i, rc, sizeof(rc));
    snprintf(why, sizeof(why), "rc %s%s%s", rc, msg[0] ? ": " : "", msg);
    free(res->why);
    res->why = strdup(why);
}

/* Run statement @i's step; returns false when a failed setup step stops the release. */
static bool run_step(struct sc_run *r, size_t i)
{
    const struct sc_stmt *s = &r->sc->stmts[i];
    unsigned errors = r->stats.errors;

    gntsim_world_clear_error(r->w);
    r->res[i].ran = true;
    r->stats.steps++;
    if (s->par_n && !r->stats.reached_parallel) { /* the prefix ends here */
        r->stats.reached_parallel = true;
        r->stats.prefix_findings =
            r->findings_before + (unsigned)gntsim_findings_total(r->w);
    }
    if (s->wants_actions) { /* record what this step makes the model do */
        gntsim_actions_begin(r->w);
        r->actions_stmt = (int)i;
    }
    s->cmd->exec(r, s);
    if (s->wants_actions)
        gntsim_actions_end(r->w);
    if (r->stats.abandoned) /* gntsim explore left a parallel block mid-way */
        return false;
    sc_note_failure(r, i, gntsim_world_error(r->w));
    if (r->o->invariants && (r->stats.reached_parallel || !r->o->prefix_checked))
        gntsim_check_invariants_step(r->w);
    if ((s->cmd->flags & SC_SETUP) && r->stats.errors > errors) {
        r->stats.stopped_line = s->line;
        return false;
    }
    return true;
}

static void run_body(struct sc_run *r)
{
    for (size_t i = 0; i < r->sc->nr; i++) {
        const struct sc_stmt *s = &r->sc->stmts[i];

        r->cur = s;
        sc_trace_step(r, s, true);
        if (s->cmd && s->cmd->exec && !s->par_member && !run_step(r, i)) {
            sc_trace_step(r, s, false);
            break;
        }
        for (size_t e = 0; e < s->nexp; e++)
            sc_check_expect(r, &s->exp[e]);
        sc_trace_step(r, s, false);
    }
    r->cur = NULL;
}

static void free_results(struct sc_run *r)
{
    for (size_t i = 0; i < r->sc->nr; i++) {
        for (int f = 0; f < SC_MAX_FIELDS; f++)
            free(r->res[i].f[f].b);
        free(r->res[i].why);
    }
    free(r->res);
}

int gntsim_scenario_run(const struct gntsim_scenario *sc, const char *release,
                        const struct gntsim_scenario_opts *o)
{
    static const struct gntsim_scenario_opts quiet = {0};
    struct gntsim_scenario_run run = {{.sc = sc, .o = o ? o : &quiet}};
    struct sc_run *r = &run.r;
    struct gntsim_release_info ri;
    int idx = release ? sc_release_index(release, strlen(release)) : -1;

    if (idx < 0)
        return -EINVAL;
    r->rel_index = (unsigned)idx;
    r->actions_stmt = -1;
    gntsim_release_get((size_t)idx, &ri);
    r->release = ri.name;
    r->res = calloc(sc->nr ? sc->nr : 1, sizeof(*r->res));
    if (!r->res)
        return -ENOMEM;
    if (first_world(r) == 0)
        run_body(r);
    else
        r->stats.stopped_line = r->sc->world ? r->sc->world->line : 1;
    if (r->w) {
        if (r->o->done)
            r->o->done(r->o->ctx, r->w, &run);
        count_world(r);
        r->stats.findings = r->findings_before;
        r->stats.allocs = r->allocs_before;
        r->stats.alloc_failed = r->alloc_failed;
        if (r->o->trace)
            gntsim_trace_close(r->w);
        gntsim_world_destroy(r->w);
    }
    free_results(r);
    if (r->o->stats)
        *r->o->stats = r->stats;
    return (int)r->failures;
}

int gntsim_scenario_value(const struct gntsim_scenario_run *run, const char *name,
                          const char *field, char *buf, size_t len)
{
    const struct sc_run *r = &run->r;

    for (size_t i = r->sc->nr; i-- > 0;) {
        const struct sc_stmt *s = &r->sc->stmts[i];
        int fi =
            strcmp(s->name, name) ? -1 : sc_field_index(s->cmd, field, strlen(field));
        const struct sc_field *f = fi >= 0 ? &r->res[i].f[fi] : NULL;

        if (!strcmp(s->name, name) && (!f || !r->res[i].ran || !f->set))
            return -ENOENT;
        if (!f)
            continue;
        if (s->cmd->fields[fi].kind == FK_BYTES)
            snprintf(buf, len, "%.*s", (int)f->blen, (const char *)f->b);
        else if (s->cmd->fields[fi].kind == FK_STR)
            snprintf(buf, len, "%s", f->s);
        else
            sc_render_int(s->cmd->fields[fi].kind, f->i, buf, len);
        return 0;
    }
    return -ENOENT;
}
