/* SPDX-License-Identifier: MIT */
/* The world's PV-path glue (pv.c): xenstore lifetime, public xs/evtchn entries. */
#ifndef GNTSIM_SIM_PV_H
#define GNTSIM_SIM_PV_H

#include "board/world.h"

/* Free the kernels' event and xenbus state, then the store (world teardown). Cannot fail.
 */
void world_pv_free(struct gntsim_world *w);
/* Domain @dom was created: if the store exists, its home is written and it is
 * introduced (@introduceDomain). 0, or -ENOMEM (reported; the home may be partial). */
int world_xs_domain_created(struct gntsim_world *w, gntsim_domid_t dom);
/* Domain @dom was destroyed: if the store exists, xenstored releases it (its nodes,
 * @releaseDomain). Cannot fail. */
void world_xs_domain_destroyed(struct gntsim_world *w, gntsim_domid_t dom);

#endif
