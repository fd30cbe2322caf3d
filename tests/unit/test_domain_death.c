/* SPDX-License-Identifier: MIT */
/*
 * Domain death (src/board/death.c, src/xen/gnttab/release.c): a dying
 * mapper's gnttab_release_mappings() and what its granter sees; a granter
 * that dies with its pages still mapped stays, dying, until the mapper's
 * later unmap (or death) drops the last reference.
 */
#include "world_fixture.h"

#include <xen/event_channel.h>

#define MAPPER     2
#define MAPPER_MFN 0x50000ull

/* A direct-mapped, IOMMU-enabled d2 (gnttab_need_iommu_mapping holds from 4.15). */
static void add_mapper(struct gntsim_world *w)
{
    struct gntsim_domain_opts o;

    gntsim_domain_opts_default(&o, MAPPER);
    o.direct_mapped = o.iommu = true;
    o.mfn_base = MAPPER_MFN;
    assert_int_equal(gntsim_domain_create(w, &o), 0);
}

static struct gnttab_map_grant_ref mapper_map(struct gntsim_world *w, uint64_t gfn,
                                              uint32_t ref, uint32_t flags)
{
    struct gnttab_map_grant_ref op = fx_map_op(gfn, ref, flags);

    assert_int_equal(gntsim_grant_table_op(w, MAPPER, 0, GNTTABOP_map_grant_ref, &op, 1),
                     0);
    return op;
}

/* The mapper dies: pins, GTF status and page references return; no IOMMU unmap. */
static void mapper_dies(void **state)
{
    static const char *const rel[] = {"4.13.0", "4.14.1", "4.16.1", "master"};

    (void)state;
    for (unsigned i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        struct gntsim_world *w = fx_world(rel[i], 0);
        uint64_t mfn9 = FX_DOMU_MFN + 1;
        uint64_t unmaps;

        add_mapper(w);
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, MAPPER, FX_DOMU_GFN, false),
                         0);
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 9, MAPPER, FX_DOMU_GFN + 1, true),
                         0);
        assert_int_equal(mapper_map(w, 0x90000, 8, GNTMAP_host_map).status, GNTST_okay);
        assert_int_equal(
            mapper_map(w, 0x90001, 9, GNTMAP_host_map | GNTMAP_readonly).status,
            GNTST_okay);
        assert_int_equal(mapper_map(w, 0x90002, 8, GNTMAP_host_map).status, GNTST_okay);
        assert_int_equal(fx_pin(w, 8), 2 * FX_PIN_HSTW);
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 3);
        unmaps = gntsim_trace_count(w, "iommu_unmap");
        assert_int_equal(gntsim_domain_destroy(w, MAPPER), 0);
        assert_int_equal(fx_pin(w, 8), 0);
        assert_int_equal(fx_pin(w, 9), 0);
        assert_int_equal(fx_gtf(w, 8), GTF_permit_access); /* reading/writing cleared */
        assert_int_equal(fx_gtf(w, 9), GTF_permit_access | GTF_readonly);
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1); /* allocation only */
        assert_int_equal(gntsim_page_refs(w, mfn9), 1);
        assert_int_equal(gntsim_trace_count(w, "gnttab_release"), 3);
        assert_int_equal(gntsim_trace_count(w, "iommu_unmap"), unmaps);
        assert_int_equal(gntsim_page_refs(w, MAPPER_MFN), 0); /* its RAM is free */
        assert_int_equal(gntsim_guest_end_access(w, FX_DOMU, 8), 0);
        assert_int_equal(gntsim_check_invariants(w), 0);
        gntsim_world_destroy(w);
    }
}

/* Era C: the dying mapper's counter nodes go without iommu_unmap (XSA-380 code). */
static void mapper_dies_era_c_counters(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint32_t rd, wr;

    (void)state;
    add_mapper(w);
    assert_true(gntsim_need_iommu_mapping(w, MAPPER));
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, MAPPER, FX_DOMU_GFN, false), 0);
    assert_int_equal(mapper_map(w, 0x90000, 8, GNTMAP_host_map).status, GNTST_okay);
    assert_int_equal(gntsim_iommu_counters(w, MAPPER, FX_DOMU_MFN, &rd, &wr), 0);
    assert_int_equal(wr, 1);
    assert_int_equal(gntsim_trace_count(w, "iommu_unmap"), 0);
    assert_int_equal(gntsim_domain_destroy(w, MAPPER), 0);
    assert_int_equal(gntsim_trace_count(w, "iommu_unmap"), 0);
    assert_int_equal(gntsim_iommu_counters(w, MAPPER, FX_DOMU_MFN, &rd, &wr), -ESRCH);
    assert_int_equal(fx_pin(w, 8), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* Whether a domain with id @dom could be created now (its id is free). */
static int create_again(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct gntsim_domain_opts o;

    gntsim_domain_opts_default(&o, dom);
    o.mfn_base = 0x842400;
    return gntsim_domain_create(w, &o);
}

/* The findings a dying granter must not cause (S10: dom0 crashed; S3, S5, S6, S11). */
static void assert_no_zombie_findings(struct gntsim_world *w)
{
    gntsim_check_invariants(w);
    assert_false(fx_has_finding(w, "S10"));
    assert_false(fx_has_finding(w, "S3"));
    assert_false(fx_has_finding(w, "S5"));
    assert_false(fx_has_finding(w, "S6"));
    assert_false(fx_has_finding(w, "S11"));
}

/*
 * The granter dies first: it stays a zombie while dom0 maps its page (its id in use);
 * dom0's unmap finds it, drops the pin and the reference, and the page and the
 * domain go (xen/common/grant_table.c unmap_common, rcu_lock_domain_by_id).
 */
static void granter_dies_then_unmap(void **state)
{
    static const char *const rel[] = {"4.11", "4.14.1", "4.16.0", "4.17", "master"};

    (void)state;
    for (unsigned i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        struct gntsim_world *w = fx_world(rel[i], 0);
        struct gnttab_map_grant_ref m;
        struct gntsim_p2m_info p;

        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false),
                         0);
        m = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
        assert_int_equal(m.status, GNTST_okay);
        assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0);
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1); /* the map's reference */
        assert_int_equal(gntsim_page_owner(w, FX_DOMU_MFN), FX_DOMU);
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN + 1), 0); /* the rest is free */
        assert_int_equal(gntsim_p2m_lookup(w, 0, FX_HOST_GFN, &p), 0);
        assert_int_equal(p.mfn, FX_DOMU_MFN); /* dom0 still reaches the page */
        assert_int_equal(create_again(w, FX_DOMU), -EEXIST);    /* is_free_domid */
        assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0); /* dead: nothing to do */
        assert_no_zombie_findings(w);
        assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
        assert_false(gntsim_domain_crashed(w, 0));
        assert_null(fx_p2m_type(w, 0, FX_HOST_GFN));
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 0); /* the last reference */
        assert_no_zombie_findings(w);
        assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), -ESRCH); /* gone with it */
        assert_int_equal(create_again(w, FX_DOMU), 0);
        assert_no_zombie_findings(w);
        gntsim_world_destroy(w);
    }
}

/*
 * Two pages of the dying granter mapped: the first unmap leaves the zombie; both
 * unmapped in one batch (two ops naming it), the domain goes once, after the batch.
 */
static void granter_dies_two_pages(void **state)
{
    (void)state;
    for (unsigned batch = 0; batch < 2; batch++) {
        struct gntsim_world *w = fx_world("master", 0);
        struct gnttab_map_grant_ref m8, m9;
        struct gnttab_unmap_grant_ref u[2];

        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, 0, FX_DOMU_GFN, false), 0);
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 9, 0, FX_DOMU_GFN + 1, true), 0);
        m8 = fx_map(w, FX_HOST_GFN, 8, GNTMAP_host_map);
        m9 = fx_map(w, FX_HOST_GFN + 1, 9, GNTMAP_host_map | GNTMAP_readonly);
        assert_int_equal(m8.status, GNTST_okay);
        assert_int_equal(m9.status, GNTST_okay);
        assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0);
        assert_no_zombie_findings(w);
        u[0] = (struct gnttab_unmap_grant_ref){.host_addr = FX_HOST_GFN << 12,
                                               .handle = m8.handle};
        u[1] = (struct gnttab_unmap_grant_ref){.host_addr = (FX_HOST_GFN + 1) << 12,
                                               .handle = m9.handle};
        if (!batch) {
            assert_int_equal(
                gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &u[0], 1), 0);
            assert_int_equal(u[0].status, GNTST_okay);
            assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 0);
            assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN + 1), 1);
            assert_int_equal(create_again(w, FX_DOMU), -EEXIST); /* one page left */
            assert_no_zombie_findings(w);
            assert_int_equal(
                gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &u[1], 1), 0);
        } else {
            assert_int_equal(
                gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, u, 2), 0);
            assert_int_equal(u[0].status, GNTST_okay);
        }
        assert_int_equal(u[1].status, GNTST_okay);
        assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN + 1), 0);
        assert_false(gntsim_domain_crashed(w, 0));
        assert_no_zombie_findings(w);
        assert_int_equal(create_again(w, FX_DOMU), 0);
        gntsim_world_destroy(w);
    }
}

/*
 * A mapper dying after its granter: gnttab_release_mappings() finds the dying
 * granter, drops the pin and the reference, and the granter goes with its page.
 */
static void mapper_dies_after_granter(void **state)
{
    struct gntsim_world *w = fx_world("4.17", 0);

    (void)state;
    add_mapper(w);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 8, MAPPER, FX_DOMU_GFN, false), 0);
    assert_int_equal(mapper_map(w, 0x90000, 8, GNTMAP_host_map).status, GNTST_okay);
    assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 1);
    assert_int_equal(create_again(w, FX_DOMU), -EEXIST);
    assert_int_equal(gntsim_domain_destroy(w, MAPPER), 0);
    assert_int_equal(gntsim_trace_count(w, "gnttab_release"), 1);
    assert_int_equal(gntsim_page_refs(w, FX_DOMU_MFN), 0); /* the granter's last page */
    assert_int_equal(gntsim_domain_destroy(w, MAPPER), -ESRCH);
    assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), -ESRCH);
    assert_int_equal(gntsim_check_invariants(w), 0);
    assert_int_equal(create_again(w, FX_DOMU), 0);
    gntsim_world_destroy(w);
}

/*
 * Event channels of a dying domain (xen/common/event_channel.c, RELEASE-4.11.0 ..
 * master): rcu_lock_domain_by_any_id() finds it; evtchn_destroy() closed every port
 * and left them valid; get_free_port() refuses a dying domain.
 */
static void evtchn_against_dying(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct evtchn_alloc_unbound a = {.dom = FX_DOMU, .remote_dom = 0};
    struct evtchn_bind_interdomain b = {.remote_dom = FX_DOMU, .remote_port = 1};
    struct evtchn_status s = {.dom = FX_DOMU, .port = 1};
    struct gnttab_map_grant_ref m;

    (void)state;
    a.dom = DOMID_SELF;
    assert_int_equal(gntsim_evtchn_op(w, FX_DOMU, EVTCHNOP_alloc_unbound, &a), 0);
    assert_int_equal(a.port, 1); /* unbound for dom0 */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    m = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0);
    a.dom = FX_DOMU;
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_alloc_unbound, &a), -EINVAL);
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_bind_interdomain, &b), -EINVAL);
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_status, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed); /* was unbound before the death */
    s.port = 4096;
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_status, &s), -EINVAL);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(gntsim_evtchn_op(w, 0, EVTCHNOP_alloc_unbound, &a), -ESRCH);
    assert_no_zombie_findings(w);
    gntsim_world_destroy(w);
}

/* A dying domain takes one of the 16 domain places until it goes. */
static void zombie_counts_as_a_domain(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_map_grant_ref m;
    struct gntsim_domain_opts o;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    m = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(gntsim_domain_destroy(w, FX_DOMU), 0);
    for (gntsim_domid_t dom = 2; dom < 16; dom++) { /* d0, the zombie and 14 more */
        gntsim_domain_opts_default(&o, dom);
        o.mem_pages = 1;
        assert_int_equal(gntsim_domain_create(w, &o), 0);
    }
    gntsim_domain_opts_default(&o, 16);
    o.mem_pages = 1;
    assert_int_equal(gntsim_domain_create(w, &o), -ENOSPC);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, m.handle), GNTST_okay);
    assert_int_equal(gntsim_domain_create(w, &o), 0); /* its place is free again */
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mapper_dies),
        cmocka_unit_test(mapper_dies_era_c_counters),
        cmocka_unit_test(granter_dies_then_unmap),
        cmocka_unit_test(granter_dies_two_pages),
        cmocka_unit_test(mapper_dies_after_granter),
        cmocka_unit_test(zombie_counts_as_a_domain),
        cmocka_unit_test(evtchn_against_dying),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
