/* SPDX-License-Identifier: MIT */
/* The machine's SMMU and devices in the world (src/board/device.c). */
#ifndef GNTSIM_SIM_DEVICE_H
#define GNTSIM_SIM_DEVICE_H

#include "board/world.h"

/*
 * A domain was created: Xen's SMMU driver gives it a context bank if it has
 * the IOMMU enabled. Returns 0 or -ENOSPC (no bank left; message set).
 */
int world_smmu_domain_created(struct gntsim_world *w, struct domain *d);

/* Free the devices, Xen's SMMU driver and the SMMU. Safe when there are none. */
void world_devices_destroy(struct gntsim_world *w);

#endif
