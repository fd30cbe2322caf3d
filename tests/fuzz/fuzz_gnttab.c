/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the grant-sequence program of fz_gnttab.h with every
 * invariant checked after each operation. A break of gntsim's own
 * consistency aborts (a gntsim bug, which is what this hunts); findings
 * about the modelled Xen are expected and ignored; Xen's modelled BUG()
 * ends the run cleanly.
 */
#include <stdlib.h>

#include "fz_gnttab.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * libFuzzer's C interface passes no context between calls, so the machine
 * memory pool every world of this process reuses lives here (a world's
 * contents do not depend on it; creating a memfd per input cost most of an
 * execution).
 */
static struct gntsim_pool *fz_pool;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (gntsim_pool_create(&fz_pool))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_gnttab_run(data, size, fz_pool, true);
    return 0;
}
