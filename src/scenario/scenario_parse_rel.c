/* SPDX-License-Identifier: MIT */
/* Scenario parser: release lists, "releases" and "group" lines. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_parser.h"

uint64_t sc_all_rels(void)
{
    size_t n = gntsim_release_count();

    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

int sc_release_index(const char *name, size_t len)
{
    size_t i;

    if (gntsim_release_find(name, len, &i, NULL, 0) || i >= SC_MAX_RELS)
        return -1;
    return (int)i;
}

/* One release word ("4.14.1", "all", a group): its mask, or 0 with an error. */
static uint64_t rel_word(struct sc_parser *p, const struct sc_token *t)
{
    int i = sc_release_index(t->text, t->len);

    if (sc_tok_is(t, "all"))
        return sc_all_rels();
    if (i >= 0)
        return 1ull << i;
    for (unsigned g = 0; g < p->ngroups; g++)
        if (strlen(p->groups[g].name) == t->len &&
            !memcmp(p->groups[g].name, t->text, t->len))
            return p->groups[g].mask;
    sc_perr(p, t->col, "unknown release or group '%.*s' (see 'gntsim releases')",
            (int)t->len, t->text);
    return 0;
}

/* Release list tokens [@i, @end): words, "!word" exclusions, commas. */
uint64_t sc_rel_list(struct sc_parser *p, size_t i, size_t end)
{
    uint64_t plus = 0, minus = 0;
    bool any_plus = false;

    for (; i < end; i++) {
        struct sc_token t = p->t[i];
        bool neg = t.kind == TK_WORD && t.text[0] == '!' && t.len > 1;

        if (t.kind == TK_COMMA)
            continue;
        if (t.kind != TK_WORD) {
            sc_perr(p, t.col, "expected a release name");
            return 0;
        }
        if (neg) {
            t.text++;
            t.len--;
            minus |= rel_word(p, &t);
        } else {
            plus |= rel_word(p, &t);
            any_plus = true;
        }
    }
    return (any_plus ? plus : sc_all_rels()) & ~minus;
}

void sc_parse_releases(struct sc_parser *p)
{
    unsigned errs = p->nerr;

    if (p->body_started || p->have_releases) {
        sc_perr(p, p->t[0].col, "'releases' must come once, before the body");
        return;
    }
    if (p->nt < 2) {
        sc_perr(p, p->t[0].col, "'releases' needs release names or 'all'");
        return;
    }
    p->sc->rels = sc_rel_list(p, 1, p->nt);
    p->have_releases = true;
    if (!p->sc->rels && errs == p->nerr)
        sc_perr(p, p->t[1].col, "this list selects no release");
}

/* A group name must not hide a release, 'all' or an earlier group. */
static bool group_name_ok(struct sc_parser *p, const struct sc_token *t)
{
    bool taken = sc_tok_is(t, "all") || sc_release_index(t->text, t->len) >= 0;

    for (unsigned g = 0; g < p->ngroups && !taken; g++)
        taken = strlen(p->groups[g].name) == t->len &&
                !memcmp(p->groups[g].name, t->text, t->len);
    if (taken)
        sc_perr(p, t->col,
                "'%.*s' is already a release, 'all' or a group: pick another "
                "group name",
                (int)t->len, t->text);
    return !taken;
}

void sc_parse_group(struct sc_parser *p)
{
    struct sc_group *g = &p->groups[p->ngroups];

    if (p->nt < 3 || p->t[1].kind != TK_WORD || p->t[1].len >= sizeof(g->name)) {
        sc_perr(p, p->t[0].col, "usage: group NAME RELEASE...");
        return;
    }
    if (p->ngroups == SC_MAX_GROUPS) {
        sc_perr(p, p->t[0].col, "too many groups (at most %d)", SC_MAX_GROUPS);
        return;
    }
    if (!group_name_ok(p, &p->t[1]))
        return;
    memcpy(g->name, p->t[1].text, p->t[1].len);
    g->name[p->t[1].len] = '\0';
    g->mask = sc_rel_list(p, 2, p->nt);
    if (!g->mask) {
        sc_perr(p, p->t[2].col, "group '%s' selects no release", g->name);
        return;
    }
    p->ngroups++;
}
