/* SPDX-License-Identifier: MIT */
/*
 * Scenario steps on the machine: Linux kernel model: boot, grant API, DMA API.
 * Placeholder until src/linux provides gntsim_linux_boot() and friends: each
 * step is a run error naming what is missing.
 */
#include "sim/scenario.h"

static int missing(struct sc_run *r)
{
    return sc_run_error(r,
                        "not available yet: the Linux model (src/linux) is not built in");
}

int sc_exec_linux_boot(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_linux_grant(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_linux_end_access(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_linux_map(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_linux_unmap(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_dma_map(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_dma_unmap(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}

int sc_exec_dma_sync(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    return missing(r);
}
