/* SPDX-License-Identifier: MIT */
/*
 * Scenario steps on the machine: SMMU, devices, device DMA, SMMU faults.
 * Placeholder until src/hw provides gntsim_smmu_create() and friends: each
 * step is a run error naming what is missing.
 */
#include "sim/scenario.h"

static int missing(struct sc_run *r)
{
    return sc_run_error(r,
                        "not available yet: the machine model (src/hw) is not built in");
}

int sc_exec_smmu(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_device(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_dma_read(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_dma_write(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_fault(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}
