/* SPDX-License-Identifier: MIT */
/*
 * Shared test fixture: the seed bug's world. An Arm direct-mapped dom0 with
 * IOMMU (RAM at mfn 0x40000, 256 pages) and a domU d1 whose RAM is placed at
 * mfn 0x842400 so that its gfn 0x400cb is mfn 0x8424cb, the frame of the
 * seed report's fault line.
 */
#ifndef GNTSIM_TEST_WORLD_FIXTURE_H
#define GNTSIM_TEST_WORLD_FIXTURE_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "gntsim/gntsim.h"

#define FX_DOMU     1
#define FX_DOMU_GFN 0x400cbull
#define FX_DOMU_MFN 0x8424cbull
#define FX_HOST_GFN 0x100000ull /* dom0 extended-region page for the host mapping */
#define FX_REF      8u

/* Xen's active entry pin layout (GNTPIN_*_shift 0/8/16/24) */
#define FX_PIN_HSTW 0x00000001u
#define FX_PIN_HSTR 0x00000100u

/* The seed world with @vcpus vCPUs in dom0. */
static inline struct gntsim_world *
fx_world_vcpus(const char *release, unsigned max_maptrack_frames, unsigned vcpus)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_world *w = NULL;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = release;
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    d0.vcpus = vcpus;
    d0.max_maptrack_frames = max_maptrack_frames;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    gntsim_domain_opts_default(&du, FX_DOMU);
    du.mfn_base = 0x842400;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    return w;
}

/* The seed world with a single-vCPU dom0. */
static inline struct gntsim_world *fx_world(const char *release,
                                            unsigned max_maptrack_frames)
{
    return fx_world_vcpus(release, max_maptrack_frames, 1);
}

static inline struct gnttab_map_grant_ref fx_map_op(uint64_t host_gfn, uint32_t ref,
                                                    uint32_t flags)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_gfn << 12, .flags = flags, .ref = ref, .dom = FX_DOMU};
    return op;
}

/* dom0 maps @ref at @host_gfn with @flags; returns the op after the hypercall. */
static inline struct gnttab_map_grant_ref
fx_map(struct gntsim_world *w, uint64_t host_gfn, uint32_t ref, uint32_t flags)
{
    struct gnttab_map_grant_ref op = fx_map_op(host_gfn, ref, flags);

    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1), 0);
    return op;
}

static inline int16_t fx_unmap(struct gntsim_world *w, uint64_t host_gfn, uint64_t bus,
                               uint32_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = host_gfn << 12, .dev_bus_addr = bus, .handle = handle};

    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &op, 1), 0);
    return op.status;
}

static inline bool fx_has_finding(struct gntsim_world *w, const char *id)
{
    size_t n;
    const struct gntsim_finding *f = gntsim_findings(w, &n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].id, id))
            return true;
    return false;
}

/* dom0's vCPU @vcpu issues one map op; returns the op after the hypercall. */
static inline struct gnttab_map_grant_ref fx_map_vcpu(struct gntsim_world *w,
                                                      unsigned vcpu, uint64_t host_gfn,
                                                      uint32_t ref, uint32_t flags)
{
    struct gnttab_map_grant_ref op = fx_map_op(host_gfn, ref, flags);

    assert_int_equal(gntsim_grant_table_op(w, 0, vcpu, GNTTABOP_map_grant_ref, &op, 1),
                     0);
    return op;
}

/* Shared entry flags of the fixture domU's @ref. */
static inline uint16_t fx_gtf(struct gntsim_world *w, uint32_t ref)
{
    struct gntsim_grant_info g;

    assert_int_equal(gntsim_grant_info(w, FX_DOMU, ref, &g), 0);
    return g.flags;
}

/* Active entry pin of the fixture domU's @ref. */
static inline uint32_t fx_pin(struct gntsim_world *w, uint32_t ref)
{
    struct gntsim_grant_info g;

    assert_int_equal(gntsim_grant_info(w, FX_DOMU, ref, &g), 0);
    return g.pin;
}

/* Type name of @dom's P2M entry at @gfn, or NULL when nothing is mapped. */
static inline const char *fx_p2m_type(struct gntsim_world *w, gntsim_domid_t dom,
                                      uint64_t gfn)
{
    struct gntsim_p2m_info p;

    return gntsim_p2m_lookup(w, dom, gfn, &p) ? NULL : p.type_name;
}

#endif
