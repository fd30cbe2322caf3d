/* SPDX-License-Identifier: MIT */
/* Modelled locks: bookkeeping plus the scheduler hook (inline in lock.h). */
#include "env/lock.h"

void sim_lock_unheld(enum sim_lock_class c, uint16_t dom, uint32_t idx)
{
    GNTSIM_BUG("C1", "release of lock class %d dom %u idx %u with no lock held", (int)c,
               (unsigned)dom, (unsigned)idx);
}
