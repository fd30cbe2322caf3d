/* SPDX-License-Identifier: MIT */
/*
 * compare-policies: what is compared. The policy table is the only list of dom0 DMA
 * policies the command knows: a name and how a world is set up for it.
 */
#include <string.h>

#include "compare.h"

/*
 * dom0's DMA policies that exist in the model today. The review's proposals (a
 * per-device policy, a non-direct-mapped dom0, a virtual SMMU: the world option
 * dma-policy=) become rows here when they exist.
 */
static const struct cmp_policy policies[] = {
    {"swiotlb-xen",
     "today's Arm dom0: swiotlb-xen for every device (xen_swiotlb_detect()), Xen's "
     "full-context IOTLB invalidation",
     NULL, 0, 0, NULL},
    {"swiotlb-xen+range",
     "swiotlb-xen, with an SMMU driver that invalidates by IPA (smmu-flush=range)",
     "range", 0, 0, NULL},
    {"dma-direct",
     "dom0's kernel booted with swiotlb-xen off (linux-boot swiotlb=off): devices DMA "
     "to the guest-physical address; Xen still makes its 1:1 maps",
     NULL, -1, 0, NULL},
    {"dma-direct+range", "dma-direct, with smmu-flush=range", "range", -1, 0, NULL},
    {"swiotlb-xen-nocflush",
     "swiotlb-xen in a kernel without the GNTTABOP_cache_flush probe (before Linux "
     "3.19): foreign pages of non-coherent devices bounce",
     NULL, 0, -1, NULL},
    /* the review's proposals (docs/dom0-dma-policies.md), with dom0's declaration */
    {"per-device",
     "the DT marks devices behind Xen's SMMU (xen,behind-iommu): they use dma-direct; "
     "dom0 declares it, so Xen makes no 1:1 maps",
     NULL, 0, 0, "per-device"},
    {"per-device-iommus",
     "per-device through an iommus link to a xen,iommu-el2-v1 node, with the declaration",
     NULL, 0, 0, "per-device-iommus"},
    {"dom0-iommu-flag", "one flag: no swiotlb-xen for any device, with the declaration",
     NULL, 0, 0, "dom0-iommu-flag"},
    {"not-direct-mapped",
     "LLC colouring: dom0 not 1:1, XENFEAT_not_direct_mapped, no swiotlb-xen, no 1:1 "
     "maps (4.20 on)",
     NULL, 0, 0, "not-direct-mapped"},
    {"vsmmu",
     "dom0 programs stage 1 of a virtual SMMU, Xen stage 2 (the v3 series: 4.22, "
     "master)",
     NULL, 0, 0, "vsmmu"},
};

static const struct cmp_workload workloads[] = {
    {"net-tx-64", "PV net TX: 64-byte UDP frames, domU -> NIC -> peer (discarded)",
     CMP_NET_TX, 64, "packet"},
    {"net-tx-1500", "PV net TX: 1500-byte UDP frames (the seed bug's size)", CMP_NET_TX,
     1500, "packet"},
    {"net-echo-64",
     "PV net TX and RX: a 64-byte ping to the peer and its echo back through the NIC",
     CMP_NET_ECHO, 64, "packet"},
    {"net-echo-1500", "PV net TX and RX: a 1500-byte frame to the peer and its echo",
     CMP_NET_ECHO, 1500, "packet"},
    {"net-rx-64",
     "PV net RX: 64-byte UDP frames the peer sends unsolicited, NIC -> dom0 -> domU "
     "(grant copy)",
     CMP_NET_RX, 64, "packet"},
    {"net-rx-1500", "PV net RX: 1500-byte UDP frames from the peer", CMP_NET_RX, 1500,
     "packet"},
    {"blk-read-4k",
     "block read: the disk DMA-writes a 4 KiB request into domU's granted page",
     CMP_BLK_READ, 4096, "request"},
    {"blk-read-64k", "block read of 64 KiB: 16 granted pages", CMP_BLK_READ, 65536,
     "request"},
    {"blk-write-4k", "block write: the disk DMA-reads 4 KiB from domU's granted page",
     CMP_BLK_WRITE, 4096, "request"},
    {"blk-write-64k", "block write of 64 KiB: 16 granted pages", CMP_BLK_WRITE, 65536,
     "request"},
};

static const struct cmp_metric_info metrics[CMP_NR_METRICS] = {
    [CMP_IOMMU_MAP] = {"iommu_map", "map", "IOMMU map calls"},
    [CMP_IOMMU_UNMAP] = {"iommu_unmap", "unmap", "IOMMU unmap calls"},
    [CMP_IOTLB_INVAL] = {"iotlb_inval", "tlbi", "IOTLB invalidations"},
    [CMP_IOTLB_DROPPED] = {"iotlb_dropped", "dropped", "IOTLB entries dropped"},
    [CMP_BOUNCE_BYTES] = {"bounce_bytes", "bounceB", "bytes bounced by swiotlb"},
    [CMP_CACHE_MAINT] = {"cache_maint", "cmo", "cache maintenance operations"},
    [CMP_DOUBLE_GT] = {"double_gt_lock", "dgtlock", "double_gt_lock acquisitions"},
    [CMP_GNTTAB_HC] = {"gnttab_hypercalls", "gnttab", "grant-table hypercalls"},
    [CMP_FAULTS] = {"smmu_faults", "faults", "SMMU faults"},
};

#define NR(a) (sizeof(a) / sizeof((a)[0]))

const struct cmp_policy *cmp_policy(size_t i)
{
    return i < NR(policies) ? &policies[i] : NULL;
}

const struct cmp_workload *cmp_workload(size_t i)
{
    return i < NR(workloads) ? &workloads[i] : NULL;
}

const struct cmp_metric_info *cmp_metric(enum cmp_metric m)
{
    return (unsigned)m < CMP_NR_METRICS ? &metrics[m] : NULL;
}

size_t cmp_policy_count(void)
{
    return NR(policies);
}

size_t cmp_workload_count(void)
{
    return NR(workloads);
}

int cmp_policy_find(const char *name, size_t len)
{
    for (size_t i = 0; i < NR(policies); i++)
        if (strlen(policies[i].name) == len && !strncmp(policies[i].name, name, len))
            return (int)i;
    return -1;
}

int cmp_workload_find(const char *name, size_t len)
{
    for (size_t i = 0; i < NR(workloads); i++)
        if (strlen(workloads[i].name) == len && !strncmp(workloads[i].name, name, len))
            return (int)i;
    return -1;
}

double cmp_units_per_gib(const struct cmp_workload *w)
{
    return (double)(1ull << 30) / (double)w->bytes;
}
