/* SPDX-License-Identifier: MIT */
/* Modelled locks: bookkeeping plus the scheduler hook (see lock.h). */
#include "env/lock.h"
#include "env/compiler.h"

void sim_lock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom, uint32_t idx,
              enum sim_lock_mode mode)
{
    if (!l)
        return;
    l->acquisitions[c]++;
    l->held++;
    if (l->at)
        l->at(l->ctx, c, dom, idx, mode);
}

void sim_unlock(struct sim_locks *l, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                enum sim_lock_mode mode)
{
    if (!l)
        return;
    GNTSIM_ASSERT("C1", l->held > 0);
    l->held--;
    if (l->at)
        l->at(l->ctx, c, dom, idx,
              mode == LOCK_READ ? LOCK_RELEASE_READ : LOCK_RELEASE_WRITE);
}
