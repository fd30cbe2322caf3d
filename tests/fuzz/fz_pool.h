/* SPDX-License-Identifier: MIT */
/*
 * The machine-memory pool a fuzz target's worlds reuse, made by libFuzzer's
 * LLVMFuzzerInitialize. libFuzzer's C interface passes no context between
 * calls, so the pool lives in this file-scope static of the target (one
 * program per target; a world's contents do not depend on the pool, and a
 * fresh memfd per input cost most of an execution).
 */
#ifndef GNTSIM_FZ_POOL_H
#define GNTSIM_FZ_POOL_H

#include <stdbool.h>
#include <stdlib.h>

#include "gntsim/gntsim.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct gntsim_pool *fz_pool;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (gntsim_pool_create(&fz_pool))
        abort();
    return 0;
}

/* A world on the pool with d0 (Arm hwdom: direct-mapped, IOMMU), d1 and d2; each
 * domain's kernel booted when @boot. Aborts on failure (a harness bug, not a finding). */
static inline struct gntsim_world *fz_world3(bool boot)
{
    struct gntsim_world_opts wo;
    struct gntsim_world *w = NULL;

    gntsim_world_opts_default(&wo);
    wo.pool = fz_pool;
    if (gntsim_world_create(&wo, &w, NULL, 0))
        abort();
    for (gntsim_domid_t i = 0; i < 3; i++) {
        struct gntsim_domain_opts o;

        gntsim_domain_opts_default(&o, i);
        o.hwdom = o.direct_mapped = o.iommu = i == 0;
        o.mfn_base = i == 0 ? 0x40000 : 0;
        if (gntsim_domain_create(w, &o) || (boot && gntsim_linux_boot(w, i)))
            abort();
    }
    return w;
}

#endif
