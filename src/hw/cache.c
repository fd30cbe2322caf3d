/* SPDX-License-Identifier: MIT */
/* Cache model (see cache.h). Lifetime only so far; accesses land with the SMMU work. */
#include <stdlib.h>

#include "hw/cache.h"

int hw_cache_init(struct hw_cache *c, struct hw_mem *mem)
{
    *c = (struct hw_cache){.mem = mem};
    return 0;
}

void hw_cache_fini(struct hw_cache *c)
{
    free(c->slots);
    c->slots = NULL;
    c->nr_slots = c->nr_lines = 0;
}
