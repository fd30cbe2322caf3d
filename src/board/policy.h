/* SPDX-License-Identifier: MIT */
/* The world's dom0 DMA policy (src/board/policy.c, docs/dom0-dma-policies.md). */
#ifndef GNTSIM_BOARD_POLICY_H
#define GNTSIM_BOARD_POLICY_H

#include "board/world.h"
#include "xen/domain.h"

/*
 * Set @w's policy from @name (NULL: swiotlb-xen) for its release. Returns 0, or
 * -EINVAL (unknown name, or a policy the release cannot have) with the message set.
 */
int world_dma_policy_set(struct gntsim_world *w, const char *name);

/*
 * What Xen does to a domain's configuration under the policy: with LLC colouring
 * (not-direct-mapped) the hardware domain is built without CDF_directmap. Cannot fail.
 */
void world_dma_policy_domain(const struct gntsim_world *w, struct domain_config *cfg);

/*
 * Whether the owner's DT marks device @id as behind Xen's IOMMU (the per-device
 * policies' property or node, the vSMMU's iommus): the device's own dt_iommu when
 * set, else the truth Xen knows. False under policies that describe no device.
 * Cannot fail.
 */
bool world_dt_iommu(const struct gntsim_world *w, unsigned id);

#endif
