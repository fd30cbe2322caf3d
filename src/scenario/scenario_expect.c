/* SPDX-License-Identifier: MIT */
/* Scenario expectations: compare a result field (or the console log) with a value. */
#include <stdio.h>
#include <string.h>

#include "scenario/scenario.h"

static bool printable(const uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((b[i] < 32 || b[i] > 126) && !strchr("\n\r\t", b[i] ? b[i] : 'x'))
            return false;
    return true;
}

/* @b as "text" (escaped) or hex:..., truncated with "..." to fit @buf. */
static void render_bytes(const uint8_t *b, size_t len, char *buf, size_t size)
{
    size_t o = 0;
    bool text = printable(b, len);

    o += (size_t)snprintf(buf, size, "%s", text ? "\"" : "hex:");
    for (size_t i = 0; i < len && o + 8 < size; i++) {
        const char *esc = b[i] == '\n'   ? "\\n"
                          : b[i] == '\r' ? "\\r"
                          : b[i] == '\t' ? "\\t"
                          : b[i] == '"'  ? "\\\""
                          : b[i] == '\\' ? "\\\\"
                                         : NULL;

        if (!text)
            o += (size_t)snprintf(buf + o, size - o, "%02x", b[i]);
        else if (esc)
            o += (size_t)snprintf(buf + o, size - o, "%s", esc);
        else
            buf[o++] = (char)b[i];
        if (i + 1 < len && o + 8 >= size)
            o += (size_t)snprintf(buf + o, size - o, "...");
    }
    snprintf(buf + o, size - o, "%s", text ? "\"" : "");
}

static bool contains(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
    if (!nlen)
        return true;
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (!memcmp((const char *)hay + i, needle, nlen))
            return true;
    return false;
}

static bool cmp_bytes(enum sc_cmp c, const void *a, size_t alen, const void *w,
                      size_t wlen)
{
    switch (c) {
    case CMP_EQ:
        return alen == wlen && !memcmp(a, w, alen);
    case CMP_NE:
        return !(alen == wlen && !memcmp(a, w, alen));
    case CMP_CONTAINS:
        return contains(a, alen, w, wlen);
    default:
        return !contains(a, alen, w, wlen);
    }
}

const char *sc_cmp_name(enum sc_cmp c)
{
    static const char *const names[] = {
        "==", "!=", "contains", "!contains", "<", "<=", ">", ">=", "in", "!in", "before"};

    return names[c];
}

/* @got against @want under @c, for the ordered comparisons and (in)equality. */
static bool cmp_int(enum sc_cmp c, int64_t got, int64_t want)
{
    switch (c) {
    case CMP_LT:
        return got < want;
    case CMP_LE:
        return got <= want;
    case CMP_GT:
        return got > want;
    case CMP_GE:
        return got >= want;
    case CMP_NE:
        return got != want;
    default:
        return got == want;
    }
}

/* Whether some console line satisfies @e. */
static bool log_holds(struct sc_run *r, const struct sc_expect *e)
{
    bool any = false;
    size_t wl = strlen(e->want.s);

    for (size_t i = 0; i < gntsim_log_count(r->w) && !any; i++) {
        const char *l = gntsim_log_line(r->w, i);

        any = e->cmp == CMP_EQ || e->cmp == CMP_NE
                  ? !strcmp(l, e->want.s)
                  : contains(l, strlen(l), e->want.s, wl);
    }
    return e->cmp == CMP_EQ || e->cmp == CMP_CONTAINS ? any : !any;
}

static void fail(struct sc_run *r, const struct sc_expect *e, const char *term,
                 const char *want, const char *got)
{
    r->failures++;
    r->stats.failed++;
    sc_trace_expect(r, e, term, want, got, false);
    if (r->o->report)
        fprintf(r->o->report, "%s:%u: %s: expected %s %s %s, got %s\n", r->sc->file,
                e->line, r->release, term, sc_cmp_name(e->cmp), want, got);
}

static void check_log(struct sc_run *r, const struct sc_expect *e)
{
    char want[600], got[600];
    size_t n = gntsim_log_count(r->w);

    if (log_holds(r, e)) {
        sc_trace_expect(r, e, "log", e->want.s, NULL, true);
        return;
    }
    render_bytes((const uint8_t *)e->want.s, e->want.len, want, sizeof(want));
    if (e->cmp == CMP_EQ || e->cmp == CMP_CONTAINS)
        snprintf(got, sizeof(got), "no such line among %zu%s%s", n, n ? "; last: " : "",
                 n ? gntsim_log_line(r->w, n - 1) : "");
    else
        snprintf(got, sizeof(got), "such a line");
    fail(r, e, "log", want, got);
}

/* "$name.field", or "cmd.field" for an unnamed step; " & MASK" when @e masks it. */
static void term_name(const struct sc_stmt *s, const struct sc_expect *e, char *buf,
                      size_t len)
{
    int n = snprintf(buf, len, "%s%s.%s", s->name[0] ? "$" : "",
                     s->name[0] ? s->name : s->cmd->name, s->cmd->fields[e->field].name);

    if (e->masked && n >= 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, " & %#llx", (unsigned long long)e->mask);
}

/* Render field @f of kind @k of result @res (or why it has no value). */
static void render_field(const struct sc_run *r, const struct sc_result *res,
                         enum sc_fk k, const struct sc_field *f, char *buf, size_t len)
{
    char why[400];

    if (!f) {
        sc_no_value(r, res, why, sizeof(why));
        snprintf(buf, len, "no value (%s)", why);
    } else if (k == FK_BYTES)
        render_bytes(f->b, f->blen, buf, len);
    else if (k == FK_STR)
        snprintf(buf, len, "%s", f->s);
    else
        sc_render_int(k, f->i, buf, len);
}

static bool field_holds(struct sc_run *r, const struct sc_expect *e, enum sc_fk k,
                        const struct sc_field *f, char *want, size_t wlen)
{
    const struct sc_value *w = &e->want;
    const struct sc_field *wf = w->kind == SV_REF ? sc_ref_field(r, w) : NULL;
    int64_t wi;

    if (k == FK_BYTES) {
        const void *wb = wf ? (const void *)wf->b : w->s ? w->s : "";
        size_t wn = wf ? wf->blen : w->len;

        render_bytes(wb, wn, want, wlen);
        return f && cmp_bytes(e->cmp, f->b, f->blen, wb, wn);
    }
    if (k == FK_STR) {
        snprintf(want, wlen, "%s", w->s);
        return f && cmp_bytes(e->cmp, f->s, strlen(f->s), w->s, strlen(w->s));
    }
    wi = sc_value_int(r, w);
    sc_render_int(k, wi, want, wlen);
    return f &&
           cmp_int(e->cmp, e->masked ? (int64_t)((uint64_t)f->i & e->mask) : f->i, wi);
}

/* "in {...}" / "!in {...}": whether some value of the set is the field's; the set
 * rendered into @want. */
static bool set_holds(struct sc_run *r, const struct sc_expect *e, enum sc_fk k,
                      const struct sc_field *f, char *want, size_t wlen)
{
    bool any = false;
    size_t o = (size_t)snprintf(want, wlen, "{");

    for (unsigned i = 0; i < e->nset; i++) {
        char one[128];
        int64_t v = 0;

        if (k == FK_STR) {
            snprintf(one, sizeof(one), "%s", e->set[i].s);
            any |= f && !strcmp(f->s, e->set[i].s);
        } else {
            v = sc_value_int(r, &e->set[i]);
            sc_render_int(k, v, one, sizeof(one));
            any |= f && (e->masked ? (int64_t)((uint64_t)f->i & e->mask) : f->i) == v;
        }
        if (o < wlen)
            o += (size_t)snprintf(want + o, wlen - o, "%s%s", i ? ", " : "", one);
    }
    if (o < wlen)
        snprintf(want + o, wlen - o, "}");
    return f && (e->cmp == CMP_IN ? any : !any);
}

/* Whether some recorded action of the step satisfies @e (==, !=, contains, !contains). */
static bool actions_hold(struct sc_run *r, const struct sc_expect *e)
{
    bool any = false;
    const char *kind;
    const char *a;

    for (size_t i = 0; (a = gntsim_action(r->w, i, &kind)) && !any; i++)
        any = e->cmp == CMP_EQ || e->cmp == CMP_NE
                  ? !strcmp(a, e->want.s)
                  : contains(a, strlen(a), e->want.s, strlen(e->want.s));
    return e->cmp == CMP_EQ || e->cmp == CMP_CONTAINS ? any : !any;
}

/* How many recorded actions of the step are of kind @e->akind. */
static int64_t actions_of_kind(struct sc_run *r, const struct sc_expect *e)
{
    const char *kind;
    int64_t n = 0;

    for (size_t i = 0; gntsim_action(r->w, i, &kind); i++)
        n += !strcmp(kind, e->akind);
    return n;
}

/* The index of the first recorded action of kind @kind, or -1. */
static int64_t actions_first(struct sc_run *r, const char *kind)
{
    const char *k;

    for (size_t i = 0; gntsim_action(r->w, i, &k); i++)
        if (!strcmp(k, kind))
            return (int64_t)i;
    return -1;
}

/* `actions.A before B`: both occur and A's first occurrence precedes B's. */
static bool actions_before(struct sc_run *r, const struct sc_expect *e, char *got,
                           size_t len)
{
    int64_t a = actions_first(r, e->akind), b = actions_first(r, e->bkind);

    if (a < 0 || b < 0)
        snprintf(got, len, "no %s", a < 0 ? e->akind : e->bkind);
    else
        snprintf(got, len, "%s first at action %lld, %s at %lld", e->akind,
                 (long long)a + 1, e->bkind, (long long)b + 1);
    return a >= 0 && b >= 0 && a < b;
}

/* `actions[.KIND] == {L, ...}`: the step's actions (of KIND), in order, are exactly the
 * listed lines; else @got says where they part. */
static bool actions_list(struct sc_run *r, const struct sc_expect *e, char *got,
                         size_t len)
{
    const char *kind, *a;
    unsigned j = 0;

    for (size_t i = 0; (a = gntsim_action(r->w, i, &kind)); i++) {
        if (e->akind[0] && strcmp(kind, e->akind))
            continue;
        if (j == e->nset) {
            snprintf(got, len, "more than %u: \"%s\"", e->nset, a);
            return false;
        }
        if (strcmp(a, e->set[j].s)) {
            snprintf(got, len, "\"%s\" as line %u", a, j + 1);
            return false;
        }
        j++;
    }
    snprintf(got, len, "%u line%s", j, j == 1 ? "" : "s");
    return j == e->nset;
}

/* `actions` / `actions.KIND` of the step the capture holds (run_step records each). */
static void check_actions(struct sc_run *r, const struct sc_expect *e)
{
    const struct sc_stmt *owner = &r->sc->stmts[e->stmt];
    char term[96], want[600], got[600];
    size_t nr, dropped;
    bool holds;

    snprintf(term, sizeof(term), "%s%s.actions%s%s", owner->name[0] ? "$" : "",
             owner->name[0] ? owner->name : owner->cmd->name, e->akind[0] ? "." : "",
             e->akind);
    if (r->actions_stmt != e->stmt) {
        snprintf(want, sizeof(want), "%s", e->actions == SC_ACT_COUNT ? "a count" : "-");
        snprintf(got, sizeof(got), "no value (line %u did not run)", owner->line);
        fail(r, e, term, want, got);
        return;
    }
    nr = gntsim_actions_count(r->w, &dropped);
    if (e->cmp == CMP_BEFORE) {
        holds = actions_before(r, e, got, sizeof(got));
        snprintf(want, sizeof(want), "%s", e->bkind);
    } else if (e->list) {
        holds = actions_list(r, e, got, sizeof(got));
        snprintf(want, sizeof(want), "{%u lines, the first \"%s\"}", e->nset, e->want.s);
    } else if (e->actions == SC_ACT_COUNT) {
        int64_t n = actions_of_kind(r, e), wi = sc_value_int(r, &e->want);

        holds = e->set ? false : cmp_int(e->cmp, n, wi);
        for (unsigned i = 0; e->set && i < e->nset; i++)
            holds |= n == sc_value_int(r, &e->set[i]);
        if (e->set && e->cmp == CMP_NIN)
            holds = !holds;
        snprintf(want, sizeof(want), "%lld", (long long)wi);
        snprintf(got, sizeof(got), "%lld of %zu actions%s", (long long)n, nr,
                 dropped ? " (some dropped)" : "");
    } else {
        const char *kind, *last = nr ? gntsim_action(r->w, nr - 1, &kind) : NULL;

        holds = actions_hold(r, e);
        render_bytes((const uint8_t *)e->want.s, e->want.len, want, sizeof(want));
        if (e->cmp == CMP_EQ || e->cmp == CMP_CONTAINS)
            snprintf(got, sizeof(got), "no such action among %zu%s%s", nr,
                     last ? "; last: " : "", last ? last : "");
        else
            snprintf(got, sizeof(got), "such an action");
    }
    if (holds)
        sc_trace_expect(r, e, term, want, got, true);
    else
        fail(r, e, term, want, got);
}

void sc_check_expect(struct sc_run *r, const struct sc_expect *e)
{
    const struct sc_stmt *owner;
    const struct sc_result *res;
    const struct sc_field *f;
    enum sc_fk k;
    char term[96], want[600], got[600];
    bool holds;

    if (!(e->rels >> r->rel_index & 1))
        return;
    r->stats.checked++;
    if (e->stmt < 0) {
        check_log(r, e);
        return;
    }
    if (e->actions) {
        check_actions(r, e);
        return;
    }
    owner = &r->sc->stmts[e->stmt];
    res = &r->res[e->stmt];
    f = res->ran && res->f[e->field].set ? &res->f[e->field] : NULL;
    k = owner->cmd->fields[e->field].kind;
    holds = e->set ? set_holds(r, e, k, f, want, sizeof(want))
                   : field_holds(r, e, k, f, want, sizeof(want));
    if (holds && !sc_trace_on(r))
        return; /* nothing to say: skip rendering the term and the value */
    term_name(owner, e, term, sizeof(term));
    render_field(r, res, k, f, got, sizeof(got));
    if (e->masked && f) { /* the bits compared, then the whole value */
        char bits[64], whole[64];

        sc_render_int(k, (int64_t)((uint64_t)f->i & e->mask), bits, sizeof(bits));
        sc_render_int(k, f->i, whole, sizeof(whole));
        snprintf(got, sizeof(got), "%s (of %s)", bits, whole);
    }
    if (holds)
        sc_trace_expect(r, e, term, want, got, true);
    else
        fail(r, e, term, want, got);
}
