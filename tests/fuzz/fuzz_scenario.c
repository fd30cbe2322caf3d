/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as a scenario file. The parser must
 * report errors (file:line:col) and never crash; a file that parses is run
 * under a release chosen by the input, with every invariant checked after
 * each step (a gntsim bug aborts; failed expectations, step errors and
 * findings about the modelled Xen are fine). Seeds: tests/fuzz/corpus/scenario
 * and every scenario of the tree; words: the dictionary dict_scenario.c writes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "gntsim/scenario.h"
#include "fz_pool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A release picked by the input's bytes (FNV-1a), so every profile gets inputs. */
static const char *fz_release(const uint8_t *data, size_t size)
{
    struct gntsim_release_info ri;
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    gntsim_release_get(h % gntsim_release_count(), &ri);
    return ri.name;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_scenario *sc = NULL;
    struct gntsim_scenario_opts o = {.pool = fz_pool, .invariants = true};

    if (gntsim_scenario_parse("fuzz.gsc", (const char *)data, size, NULL, &sc))
        return 0;
    gntsim_scenario_run(sc, fz_release(data, size), &o);
    gntsim_scenario_free(sc);
    return 0;
}
