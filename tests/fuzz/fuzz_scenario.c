/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as a scenario file. The parser must
 * report errors (file:line:col) and never crash; a file that parses is run
 * under one release, which must not crash either (failed expectations and
 * step errors are fine).
 */
#include <stdint.h>
#include <stdio.h>

#include "gntsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_scenario *sc = NULL;
    struct gntsim_scenario_opts o = {0};

    if (gntsim_scenario_parse("fuzz.gsc", (const char *)data, size, NULL, &sc))
        return 0;
    gntsim_scenario_run(sc, "4.14.1", &o);
    gntsim_scenario_free(sc);
    return 0;
}
