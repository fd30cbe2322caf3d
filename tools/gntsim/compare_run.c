/* SPDX-License-Identifier: MIT */
/*
 * compare-policies: one cell, built from the public API only. The machine is the
 * seed's: an Arm direct-mapped dom0 (IOMMU on, RAM at mfn 0x40000) and a domU d1
 * (RAM at mfn 0x842400), 1024 pages each, an SMMUv2, and dom0's non-coherent DMA
 * master behind it: the macb NIC (net workloads) or a disk controller (block).
 *
 * net: netfront in d1, netback in d0 bridged to the NIC, as bench/bench_net.c drives
 * it: frames go out in bursts of 32 and the world runs until quiet after each burst;
 * for RX the peer host sends the bursts (gntsim_net_peer_send) and d1 sends nothing.
 * block: a blkback without persistent grants, one request at a time: d1 grants the
 * request's pages (writable for a read), d0 maps them in one gnttab_map_refs() batch
 * (into pages it keeps from request to request), DMA-maps each page, its disk
 * DMA-writes (read) or DMA-reads (write) it, then d0 unmaps and d1 ends the access.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compare.h"

#define CMP_BURST     32u
#define CMP_WARMUP    32u     /* units run before the counters are read */
#define CMP_ROUNDS    3u      /* rounds of the requested units, counted together */
#define CMP_DOM0_MFN  0x40000 /* the seed's layout */
#define CMP_DOMU_MFN  0x842400
#define CMP_PAGES     1024
#define CMP_BLK_GFN   0x40010ull /* domU's request buffer: lower half of its RAM */
#define CMP_BLK_PAGES 16u

struct cmp_ctx {
    struct gntsim_world *w;
    const struct cmp_workload *wl;
    unsigned dev, vif;
    struct gntsim_linux_map m[CMP_BLK_PAGES]; /* block: pfns kept across requests */
    uint8_t buf[4096];
    struct cmp_cell *c;
};

static int cmp_fail(struct cmp_ctx *x, const char *what)
{
    struct cmp_cell *c = x->c;

    c->rc = -1;
    snprintf(c->msg, sizeof(c->msg), "%s: %s", what,
             x->w && *gntsim_world_error(x->w) ? gntsim_world_error(x->w) : "failed");
    return c->rc;
}

static bool cmp_is_net(const struct cmp_workload *wl)
{
    return wl->kind == CMP_NET_TX || wl->kind == CMP_NET_ECHO || wl->kind == CMP_NET_RX;
}

/* The cell's world: its release, its policy's options, the machine above. */
static int cmp_world(struct cmp_ctx *x, struct gntsim_pool *pool)
{
    const struct cmp_policy *p = cmp_policy(x->c->policy);
    bool net = cmp_is_net(x->wl);
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_smmu_opts so = {.disable_bypass = true};
    struct gntsim_device_opts dev = {.name = net ? "nic0" : "disk0",
                                     .dt_name =
                                         net ? "ff0e0000.ethernet" : "fd0c0000.ahci",
                                     .ifname = net ? "eth0" : "sda",
                                     .stream_id = net ? 0x877 : 0x874,
                                     .owner = 0,
                                     .behind_smmu = true};
    struct gntsim_linux_boot_opts bo = {.swiotlb_xen = p->swiotlb_xen,
                                        .cache_flush = p->cache_flush};
    struct gntsim_vif_opts vo = {.front = 1, .back = 0, .nic = "nic0", .rx_bufs = 64};

    gntsim_world_opts_default(&o);
    o.release = x->c->release;
    o.pool = pool;
    o.smmu_flush = p->smmu_flush;
    o.dma_policy = p->dma_policy;
    if (gntsim_world_create(&o, &x->w, x->c->msg, sizeof(x->c->msg)))
        return x->c->rc = -1;
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = CMP_DOM0_MFN;
    d0.mem_pages = CMP_PAGES;
    d0.no_swiotlb_xen =
        p->dma_policy && gntsim_dma_policy_find(p->dma_policy)->declares_no_swiotlb_xen;
    gntsim_domain_opts_default(&du, 1);
    du.mfn_base = CMP_DOMU_MFN;
    du.mem_pages = CMP_PAGES;
    if (gntsim_smmu_create(x->w, &so) || gntsim_domain_create(x->w, &d0) ||
        gntsim_domain_create(x->w, &du) || gntsim_device_create(x->w, &dev, &x->dev))
        return cmp_fail(x, "machine");
    if (gntsim_linux_boot_opts(x->w, 0, &bo) || gntsim_linux_boot(x->w, 1))
        return cmp_fail(x, "linux-boot");
    if (net && gntsim_net_vif_create(x->w, &vo, &x->vif))
        return cmp_fail(x, "vif");
    return 0;
}

/* One frame of the workload: from d1 to the peer, or (RX) from the peer to d1. */
static int cmp_net_frame(struct cmp_ctx *x)
{
    bool echo = x->wl->kind == CMP_NET_ECHO;
    struct gntsim_net_send s = {.size = x->wl->bytes,
                                .to = GNTSIM_NET_PEER,
                                .icmp = echo && x->wl->bytes < 100,
                                .discard = !echo};

    if (x->wl->kind == CMP_NET_RX)
        return gntsim_net_peer_send(x->w, x->vif, x->wl->bytes, NULL, NULL)
                   ? cmp_fail(x, "net-peer-send")
                   : 0;
    return gntsim_net_send(x->w, x->vif, &s, NULL) ? cmp_fail(x, "net-send") : 0;
}

/* @n frames of the workload's size, in bursts. */
static int cmp_net_units(struct cmp_ctx *x, uint64_t n)
{
    for (uint64_t done = 0; done < n;) {
        for (unsigned i = 0; i < CMP_BURST && done < n; i++, done++)
            if (cmp_net_frame(x))
                return -1;
        if (gntsim_net_run(x->w) < 0)
            return cmp_fail(x, "net-run");
    }
    return 0;
}

/* One block request; a device fault is a result, not a failure. */
static int cmp_blk_request(struct cmp_ctx *x)
{
    bool read = x->wl->kind == CMP_BLK_READ; /* the disk writes into domU's pages */
    enum gntsim_dma_dir dir = read ? GNTSIM_DMA_FROM_DEVICE : GNTSIM_DMA_TO_DEVICE;
    unsigned np = x->wl->bytes / 4096;
    uint64_t dma;

    for (unsigned i = 0; i < np; i++) {
        x->m[i].granter = 1;
        x->m[i].readonly = !read;
        if (gntsim_linux_grant(x->w, 1, 0, CMP_BLK_GFN + i, !read, &x->m[i].ref))
            return cmp_fail(x, "linux-grant");
    }
    if (gntsim_linux_map_refs(x->w, 0, x->m, np))
        return cmp_fail(x, "linux-map");
    for (unsigned i = 0; i < np; i++) {
        if (x->m[i].status)
            return cmp_fail(x, "linux-map status");
        if (gntsim_linux_dma_map(x->w, 0, x->dev, x->m[i].pfn << 12, 4096, dir, &dma))
            return cmp_fail(x, "dma-map");
        if (read) /* -EIO (an SMMU fault) is counted, not a failure */
            (void)gntsim_dma_write(x->w, x->dev, dma, x->buf, 4096);
        else
            (void)gntsim_dma_read(x->w, x->dev, dma, x->buf, 4096);
        if (gntsim_linux_dma_unmap(x->w, 0, x->dev, dma, 4096, dir))
            return cmp_fail(x, "dma-unmap");
    }
    if (gntsim_linux_unmap_refs(x->w, 0, x->m, np))
        return cmp_fail(x, "linux-unmap");
    for (unsigned i = 0; i < np; i++)
        if (gntsim_linux_end_access(x->w, 1, x->m[i].ref))
            return cmp_fail(x, "linux-end-access");
    return 0;
}

static int cmp_units(struct cmp_ctx *x, uint64_t n)
{
    if (cmp_is_net(x->wl))
        return cmp_net_units(x, n);
    for (uint64_t i = 0; i < n; i++)
        if (cmp_blk_request(x))
            return -1;
    return 0;
}

static uint64_t cmp_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The counters of @s in enum cmp_metric order. */
static void cmp_counts(const struct gntsim_stats *s, uint64_t *v)
{
    v[CMP_IOMMU_MAP] = s->iommu_map;
    v[CMP_IOMMU_UNMAP] = s->iommu_unmap;
    v[CMP_IOTLB_INVAL] = s->iotlb_invals;
    v[CMP_IOTLB_DROPPED] = s->iotlb_dropped;
    v[CMP_BOUNCE_BYTES] = s->bounce_bytes;
    v[CMP_CACHE_MAINT] = s->cache_maint;
    v[CMP_DOUBLE_GT] = s->double_gt_lock;
    v[CMP_GNTTAB_HC] = s->gnttab_hypercalls;
    v[CMP_FAULTS] = s->smmu_faults;
}

int cmp_run_cell(struct cmp_cell *c, uint64_t iterations, struct gntsim_pool *pool)
{
    struct cmp_ctx x = {.c = c, .wl = cmp_workload(c->workload)};
    struct gntsim_stats a, b;
    uint64_t va[CMP_NR_METRICS], vb[CMP_NR_METRICS], best = UINT64_MAX;

    c->rc = 0;
    c->msg[0] = '\0';
    c->units = 0;
    memset(x.m, 0, sizeof(x.m));
    memset(x.buf, 0x5a, sizeof(x.buf));
    if (cmp_world(&x, pool) ||
        cmp_units(&x, iterations < CMP_WARMUP ? iterations : CMP_WARMUP)) {
        gntsim_world_destroy(x.w);
        return c->rc;
    }
    gntsim_stats_get(x.w, &a);
    for (unsigned r = 0; r < CMP_ROUNDS; r++) { /* the time: the fastest round's */
        uint64_t t0 = cmp_now_ns();

        if (cmp_units(&x, iterations))
            break;
        t0 = cmp_now_ns() - t0;
        best = t0 < best ? t0 : best;
    }
    if (!c->rc) { /* the counts: every round's */
        gntsim_stats_get(x.w, &b);
        cmp_counts(&a, va);
        cmp_counts(&b, vb);
        for (unsigned m = 0; m < CMP_NR_METRICS; m++)
            c->per_unit[m] = (double)(vb[m] - va[m]) / (double)(iterations * CMP_ROUNDS);
        c->ns_per_unit = (double)best / (double)iterations;
        c->units = iterations * CMP_ROUNDS;
    }
    gntsim_world_destroy(x.w);
    return c->rc;
}
