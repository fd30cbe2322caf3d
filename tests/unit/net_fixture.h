/* SPDX-License-Identifier: MIT */
/*
 * PV network fixture: the seed world (world_fixture.h) with the ZynqMP
 * SMMU, the macb NIC of dom0 behind it, both kernels booted and one vif
 * d1 -> d0 with the NIC as uplink.
 */
#ifndef GNTSIM_TEST_NET_FIXTURE_H
#define GNTSIM_TEST_NET_FIXTURE_H

#include "world_fixture.h"

static inline struct gntsim_world *nx_world(const char *release, unsigned *vif)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_smmu_opts so = {.dt_path = NULL, .disable_bypass = true};
    struct gntsim_device_opts dev = {.name = "nic0",
                                     .dt_name = "ff0e0000.ethernet",
                                     .ifname = "eth0",
                                     .stream_id = 0x877,
                                     .owner = 0,
                                     .behind_smmu = true};
    struct gntsim_vif_opts vo = {.front = FX_DOMU, .back = 0, .nic = "nic0"};
    struct gntsim_world *w = NULL;
    unsigned id;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = release;
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    assert_int_equal(gntsim_smmu_create(w, &so), 0);
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    d0.mem_pages = 1024;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    gntsim_domain_opts_default(&du, FX_DOMU);
    du.mfn_base = 0x842400;
    du.mem_pages = 1024;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    assert_int_equal(gntsim_device_create(w, &dev, &id), 0);
    assert_int_equal(gntsim_linux_boot(w, 0), 0);
    assert_int_equal(gntsim_linux_boot(w, FX_DOMU), 0);
    assert_int_equal(gntsim_net_vif_create(w, &vo, vif), 0);
    return w;
}

static inline uint32_t nx_send(struct gntsim_world *w, unsigned vif, uint32_t size,
                               enum gntsim_net_dest to, bool icmp)
{
    struct gntsim_net_send s = {.size = size, .to = to, .icmp = icmp};
    uint32_t pkt = 0;

    assert_int_equal(gntsim_net_send(w, vif, &s, &pkt), 0);
    return pkt;
}

static inline struct gntsim_net_packet nx_pkt(struct gntsim_world *w, uint32_t pkt)
{
    struct gntsim_net_packet p;

    assert_int_equal(gntsim_net_packet_info(w, pkt, &p), 0);
    return p;
}

static inline struct gntsim_vif_stats nx_stats(struct gntsim_world *w, unsigned vif)
{
    struct gntsim_vif_stats s;

    assert_int_equal(gntsim_net_vif_stats(w, vif, &s), 0);
    return s;
}

#endif
