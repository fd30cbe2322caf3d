/* SPDX-License-Identifier: MIT */
/*
 * The dom0 DMA policies: how a dom0 kernel reaches memory from its devices and
 * what Xen tells it, one row each, with the upstream code or the proposal it
 * stands for (docs/dom0-dma-policies.md). The kernels act on them through their
 * environment (linux/env.h: the DT's per-device mark, the policy, the flag); Xen
 * through the domain's configuration.
 */
#include <stdio.h>
#include <string.h>

#include "board/policy.h"
#include "hw/nic.h"

static const struct gntsim_dma_policy_info policy_table[] = {
    {GNTSIM_DMA_POLICY_SWIOTLB_XEN, "swiotlb-xen",
     "today: swiotlb-xen for every device of a direct-mapped dom0, Xen strips iommus "
     "from its DT and makes a 1:1 IOMMU entry per grant map",
     "Linux xen_swiotlb_detect() (include/xen/arm/swiotlb-xen.h, 5.13) from "
     "xen_setup_dma_ops(); Xen domain_build.c write_properties() (818927ecfb, "
     "a236b74b96); gnttab_need_iommu_mapping() (04085ec1ac)",
     false},
    {GNTSIM_DMA_POLICY_PER_DEVICE, "per-device",
     "a xen,behind-iommu DT property on each device behind Xen's IOMMU: those use "
     "dma-direct at the guest-physical address, the others swiotlb-xen; a kernel that "
     "does not know the property keeps swiotlb-xen for all",
     "Roman Skakun, Oct 2021: Xen <cover.1633106362.git.roman_skakun@epam.com>, Linux "
     "<20211004095415.100756-1-Roman_Skakun@epam.com>; the declaration: Julien Grall's "
     "review of 04085ec1ac <247f517e-a283-12c8-2ccb-3915cda4ac2e@xen.org>",
     true},
    {GNTSIM_DMA_POLICY_PER_DEVICE_IOMMUS, "per-device-iommus",
     "protected devices' iommus point at a xen,iommu-el2-v1 node "
     "(xen_is_protected_device()): dma-direct for those, swiotlb-xen for the others; a "
     "kernel that does not know the node never probes them (fw_devlink waits for an "
     "IOMMU driver)",
     "Sergiy Kibrik, Jan 2022, v3 <20220111112611.90508-1-Sergiy_Kibrik@epam.com>, with "
     "Robin Murphy's and Rob Herring's objections (fw_devlink, old kernels)",
     true},
    {GNTSIM_DMA_POLICY_DOM0_IOMMU_FLAG, "dom0-iommu-flag",
     "one flag for the whole dom0, set when its IOMMU is enabled: no swiotlb-xen, every "
     "device dma-direct at the guest-physical address, whether behind the IOMMU or not",
     "Stefano Stabellini, [RFC] xen/arm: introduce XENFEAT_ARM_dom0_iommu (Feb 2021), "
     "refused by Julien Grall: an IOMMU on the board does not protect every device",
     false},
    {GNTSIM_DMA_POLICY_NOT_DIRECT_MAPPED, "not-direct-mapped",
     "LLC colouring: Xen builds dom0 without CDF_directmap and says "
     "XENFEAT_not_direct_mapped, so no swiotlb-xen and no 1:1 IOMMU maps, every device "
     "at the guest-physical address (4.20 on)",
     "02975cc383 and 6cdea3444e (4.20.0); d66bf122c0 (XENFEAT_not_direct_mapped, "
     "4.16.0); Linux xen_swiotlb_detect()",
     false},
    {GNTSIM_DMA_POLICY_VSMMU, "vsmmu",
     "Xen keeps iommus for dom0's protected devices, pointing at a virtual SMMUv3: "
     "dom0's IOMMU driver maps IOVAs in stage 1, Xen's P2M stays stage 2; grant tables "
     "untouched (the 1:1 maps stay); the other devices keep swiotlb-xen",
     "Rahul Singh's RFC (Dec 2022); Milan Djokic's series v3 "
     "<cover.1774918270.git.milan_djokic@epam.com> (31 Mar 2026), not merged; Linux "
     "use_dma_iommu() before dev->dma_ops from 6.12 (b5c58b2fdc42)",
     false},
};

_Static_assert(sizeof(policy_table) / sizeof(policy_table[0]) == GNTSIM_DMA_POLICY_NR,
               "a row per policy");

const struct gntsim_dma_policy_info *gntsim_dma_policy_find(const char *name)
{
    for (size_t i = 0; name && i < GNTSIM_DMA_POLICY_NR; i++)
        if (!strcmp(policy_table[i].name, name))
            return &policy_table[i];
    return NULL;
}

const struct gntsim_dma_policy_info *gntsim_dma_policy_at(size_t i)
{
    return i < GNTSIM_DMA_POLICY_NR ? &policy_table[i] : NULL;
}

/* 0 when @p exists in @prof, else -EOPNOTSUPP and the reason. */
static int policy_applies(const struct gntsim_dma_policy_info *p,
                          const struct xen_profile *prof, char *why, size_t whylen)
{
    const char *no = NULL;

    if (p->id == GNTSIM_DMA_POLICY_NOT_DIRECT_MAPPED && !prof->llc_coloring)
        no = "Xen builds dom0 direct-mapped: LLC colouring, the only way to a "
             "non-direct-mapped dom0, came in 4.20 (02975cc383)";
    else if (p->id == GNTSIM_DMA_POLICY_VSMMU && !prof->vsmmu_series)
        no = "the virtual SMMUv3 series (not merged) was written against the 4.22 "
             "tree: gntsim applies it to 4.22 and master only";
    if (!no)
        return 0;
    if (why && whylen)
        snprintf(why, whylen, "dma-policy=%s under Xen %s: %s", p->name, prof->name, no);
    return -EOPNOTSUPP;
}

int gntsim_dma_policy_applies(const struct gntsim_dma_policy_info *p, const char *release,
                              char *why, size_t whylen)
{
    const struct xen_profile *prof = release ? xen_profile_find(release) : NULL;

    if (!p || !prof) {
        if (why && whylen)
            snprintf(why, whylen, "unknown %s", p ? "release" : "policy");
        return -EINVAL;
    }
    return policy_applies(p, prof, why, whylen);
}

enum gntsim_dma_policy gntsim_world_dma_policy(const struct gntsim_world *w)
{
    return w->dma_policy;
}

int world_dma_policy_set(struct gntsim_world *w, const char *name)
{
    const struct gntsim_dma_policy_info *p =
        gntsim_dma_policy_find(name ? name : "swiotlb-xen");
    char why[200];

    if (!p) {
        char list[200] = "";

        for (size_t i = 0; i < GNTSIM_DMA_POLICY_NR; i++)
            strcat(strcat(list, i ? ", " : ""), policy_table[i].name);
        return world_fail(w, -EINVAL, "unknown dma-policy '%s' (%s)", name, list);
    }
    if (policy_applies(p, w->xen.prof, why, sizeof(why)))
        return world_fail(w, -EINVAL, "%s", why);
    w->dma_policy = p->id;
    return 0;
}

void world_dma_policy_domain(const struct gntsim_world *w, struct domain_config *cfg)
{
    /* create_dom0(): CDF_directmap only when !llc_coloring_enabled (02975cc383); the
     * coloured RAM then sits at GUEST_RAM0_BASE */
    if (w->dma_policy == GNTSIM_DMA_POLICY_NOT_DIRECT_MAPPED && cfg->hwdom)
        cfg->direct_mapped = false;
}

bool world_dt_iommu(const struct gntsim_world *w, unsigned id)
{
    const struct hw_device *d = id < w->nr_dev ? w->dev[id] : NULL;
    const struct domain *owner;

    switch (w->dma_policy) {
    case GNTSIM_DMA_POLICY_PER_DEVICE:
    case GNTSIM_DMA_POLICY_PER_DEVICE_IOMMUS:
    case GNTSIM_DMA_POLICY_VSMMU:
        break;
    default:
        return false; /* write_properties() strips iommus: the DT says nothing */
    }
    if (!d)
        return false;
    if (w->dev_dt_iommu[id])
        return w->dev_dt_iommu[id] > 0; /* a wrong description, on purpose */
    owner = xen_domain(&w->xen, d->owner);
    return w->smmu && d->behind_smmu && owner && owner->iommu.enabled;
}
