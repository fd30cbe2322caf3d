/* SPDX-License-Identifier: MIT */
/*
 * Fixture for grant table version tests: dom0 (Arm, direct-mapped) and a
 * granting domU d1 whose architecture and max grant version are chosen by
 * the test; d1 writes its own v1/v2 entries through its P2M at the grant
 * frames' gfn, as a guest does.
 */
#ifndef GNTSIM_TEST_VERSION_FIXTURE_H
#define GNTSIM_TEST_VERSION_FIXTURE_H

#include "world_fixture.h"
#include "board/world.h"
#include "xen/gnttab/gnttab.h"

#define VX_GNTTAB_GFN 0x38000ull /* GUEST_GNTTAB_BASE >> 12 */
#define VX_RAM_GFN    0x40000ull

static inline struct gntsim_world *vx_world(const char *release, enum gntsim_arch arch,
                                            unsigned max_version, bool transitive)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    struct gntsim_world *w = NULL;

    gntsim_world_opts_default(&o);
    o.release = release;
    o.gnttab_transitive = transitive;
    assert_int_equal(gntsim_world_create(&o, &w, NULL, 0), 0);
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    assert_int_equal(gntsim_domain_create(w, &d0), 0);
    gntsim_domain_opts_default(&du, FX_DOMU);
    du.arch = arch;
    du.max_grant_version = max_version;
    du.max_grant_frames = 4;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    return w;
}

static inline long vx_set_version(struct gntsim_world *w, gntsim_domid_t dom,
                                  uint32_t version, uint32_t *now)
{
    struct gnttab_set_version op = {.version = version};
    long rc = gntsim_grant_table_op(w, dom, 0, GNTTABOP_set_version, &op, 1);

    *now = op.version;
    return rc;
}

/* d1 writes @len bytes at byte @off of its grant frames. */
static inline void vx_table_write(struct gntsim_world *w, uint64_t off, const void *p,
                                  size_t len)
{
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (VX_GNTTAB_GFN << 12) + off, p, len),
                     0);
}

static inline void vx_v1(struct gntsim_world *w, uint32_t ref, uint16_t flags,
                         uint16_t domid, uint32_t frame)
{
    grant_entry_v1_t e = {.flags = flags, .domid = domid, .frame = frame};

    vx_table_write(w, ref * sizeof(e), &e, sizeof(e));
}

static inline void vx_v2(struct gntsim_world *w, uint32_t ref, const grant_entry_v2_t *e)
{
    vx_table_write(w, ref * sizeof(*e), e, sizeof(*e));
}

static inline grant_entry_v2_t vx_full(uint16_t flags, uint16_t domid, uint64_t frame)
{
    grant_entry_v2_t e;

    memset(&e, 0, sizeof(e));
    e.full_page.hdr.flags = flags;
    e.full_page.hdr.domid = domid;
    e.full_page.frame = frame;
    return e;
}

/* d1's status entry @ref (v2) read through Xen's view. */
static inline uint16_t vx_status(struct gntsim_world *w, uint32_t ref)
{
    const struct domain *d = world_domain(w, FX_DOMU);

    return *gnttab_entry_status(&w->xen, &d->gt, ref);
}

static inline struct domain *vx_dom(struct gntsim_world *w)
{
    return world_domain(w, FX_DOMU);
}

#endif
