/* SPDX-License-Identifier: MIT */
/* GNTTABOP_cache_flush (xen/common/grant_table.c gnttab_cache_flush, Arm). */
#ifndef GNTSIM_XEN_GNTTAB_CACHE_FLUSH_H
#define GNTSIM_XEN_GNTTAB_CACHE_FLUSH_H

#include <stdint.h>

#include "xen/gnttab/gnttab.h"

/*
 * GNTTABOP_cache_flush over @count ops by the current domain (x->cur),
 * resuming the first op's grant scan at *@cur_ref (the opaque continuation
 * bits of the command). Returns 0 (every op done; *@cur_ref reset to 0) or
 * the first op's error (-EINVAL, -EPERM, -EILSEQ) with earlier ops done.
 */
long gnttab_cache_flush(struct xen *x, const struct gnttab_cache_flush *ops,
                        uint32_t count, uint32_t *cur_ref);

#endif
