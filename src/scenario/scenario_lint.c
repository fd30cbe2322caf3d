/* SPDX-License-Identifier: MIT */
/* What a parsed scenario can check: expectations that no release run can reach. */
#include <string.h>

#include "scenario/scenario.h"

size_t gntsim_scenario_expectation_count(const struct gntsim_scenario *sc)
{
    size_t n = 0;

    for (size_t i = 0; i < sc->nr; i++)
        n += sc->stmts[i].nexp;
    return n;
}

bool gntsim_scenario_has_release(const struct gntsim_scenario *sc, const char *release)
{
    int i = sc_release_index(release, strlen(release));

    return i >= 0 && (sc->rels >> i & 1);
}

size_t gntsim_scenario_dead_expectations(const struct gntsim_scenario *sc,
                                         const char *const *rels, size_t n, FILE *out,
                                         const char *severity)
{
    uint64_t run = 0;
    size_t dead = 0;

    for (size_t k = 0; k < n; k++) {
        int i = sc_release_index(rels[k], strlen(rels[k]));

        run |= i >= 0 ? 1ull << i : 0;
    }
    for (size_t i = 0; i < sc->nr; i++)
        for (size_t e = 0; e < sc->stmts[i].nexp; e++) {
            const struct sc_expect *x = &sc->stmts[i].exp[e];

            if (x->rels & run)
                continue;
            dead++;
            if (out)
                fprintf(out,
                        "%s:%u:%u: %s: this expectation applies to none of the "
                        "file's releases\n",
                        sc->file, x->line, x->col, severity);
        }
    return dead;
}
