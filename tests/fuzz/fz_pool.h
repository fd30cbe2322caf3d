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

#endif
