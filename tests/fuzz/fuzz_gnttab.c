/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the grant-sequence program of fz_gnttab.h with every
 * invariant checked after each operation. A break of gntsim's own
 * consistency aborts (a gntsim bug, which is what this hunts); findings
 * about the modelled Xen are expected and ignored; Xen's modelled BUG()
 * ends the run cleanly.
 */
#include "fz_gnttab.h"
#include "fz_pool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_gnttab_run(data, size, fz_pool, true);
    return 0;
}
