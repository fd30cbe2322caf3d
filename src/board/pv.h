/* SPDX-License-Identifier: MIT */
/* The world's PV-path glue (pv.c): xenstore lifetime, public xs/evtchn entries. */
#ifndef GNTSIM_SIM_PV_H
#define GNTSIM_SIM_PV_H

#include "board/world.h"

/* Free the kernels' event and xenbus state, then the store (world teardown). Cannot fail.
 */
void world_pv_free(struct gntsim_world *w);

#endif
