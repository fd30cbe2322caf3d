/* SPDX-License-Identifier: MIT */
/* do_grant_table_op() argument handling, setup_table, query_size, traces, API misuse. */
#include <stdio.h>
#include <stdlib.h>

#include "world_fixture.h"

/* Hostile hypercall arguments get Xen's errno and change nothing. */
static void hypercall_bad_arguments(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_query_size q = {.dom = DOMID_SELF};
    struct gnttab_map_grant_ref op = fx_map_op(FX_HOST_GFN, FX_REF, GNTMAP_host_map);

    (void)state;
    assert_int_equal(
        gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, (unsigned)-1),
        -EINVAL);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, NULL, 1),
                     -EFAULT);
    assert_int_equal(
        gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref | (1u << 12), &op, 1),
        -EINVAL);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_dump_table, &q, 1), -ENOSYS);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, 4095, &q, 1), -ENOSYS);
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_query_size, &q, 2), -EINVAL);
    assert_int_equal(gntsim_grant_table_op(w, 0, 5, GNTTABOP_query_size, &q, 1), -ESRCH);
    assert_int_equal(gntsim_grant_table_op(w, 9, 0, GNTTABOP_query_size, &q, 1), -ESRCH);
    assert_string_equal(gntsim_world_error(w), "no domain 9");
    assert_int_equal(gntsim_maptrack_limit(w, 0), 0); /* no map ran */
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* query_size and setup_table: own table, another's (privilege), growth, limits. */
static void setup_and_query(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gnttab_query_size q = {.dom = DOMID_SELF};
    xen_pfn_t frames[4] = {0};
    struct gnttab_setup_table s = {.dom = DOMID_SELF, .nr_frames = 4};
    struct gntsim_p2m_info p;

    (void)state;
    set_xen_guest_handle(s.frame_list, frames);
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, 64);
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_setup_table, &s, 1),
                     0);
    assert_int_equal(s.status, GNTST_okay);
    assert_int_equal(frames[3], 0x38003);
    assert_int_equal(gntsim_p2m_lookup(w, FX_DOMU, 0x38003, &p), 0);
    assert_string_equal(p.type_name, "p2m_ram_rw");
    /* a domU may not query dom0; dom0 (privileged) may query the domU */
    q.dom = 0;
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_permission_denied);
    q.dom = FX_DOMU;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 4);
    q.dom = 77;
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_bad_domain);
    s.nr_frames = 65;
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_setup_table, &s, 1),
                     0);
    assert_int_equal(s.status, GNTST_general_error);
    set_xen_guest_handle(s.frame_list, NULL); /* an unmapped buffer: copy-out fails */
    s.nr_frames = 2;
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_setup_table, &s, 1),
                     0);
    assert_int_equal(s.status, GNTST_bad_virt_addr);
    /* a grant in the grown frames is usable */
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 2000, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(
        fx_map(w, FX_HOST_GFN, 2000, GNTMAP_host_map | GNTMAP_readonly).status,
        GNTST_okay);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, 4 * 512, 0, FX_DOMU_GFN, true),
                     -EINVAL);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* The same events render as text, JSON lines and Chrome JSON. */
static void trace_formats(void **state)
{
    static const char *const want[] = {"d0 map d1 ref 8 flags 0x6",
                                       "\"event\":\"gnttab_map\"", "\"traceEvents\":["};
    (void)state;
    for (int f = GNTSIM_TRACE_TEXT; f <= GNTSIM_TRACE_CHROME; f++) {
        struct gntsim_world *w = fx_world("master", 0);
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);

        gntsim_trace_open(w, out, (enum gntsim_trace_format)f);
        assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
        fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
        gntsim_trace_close(w);
        fclose(out);
        assert_non_null(strstr(buf, want[f]));
        assert_non_null(
            strstr(buf, f == GNTSIM_TRACE_TEXT ? "p2m_iommu_map_ro" : "iommu_map"));
        if (f == GNTSIM_TRACE_CHROME)
            assert_non_null(strstr(buf, "]}"));
        assert_int_equal(gntsim_trace_count(w, "iommu_map"), 1);
        free(buf);
        gntsim_world_destroy(w);
    }
}

/* API misuse gets -errno and a message; nothing is created. */
static void api_misuse(void **state)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d;
    struct gntsim_world *w = NULL;
    char err[256];

    (void)state;
    gntsim_world_opts_default(&o);
    o.release = "4.99";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), -EINVAL);
    assert_null(w);
    assert_non_null(strstr(err, "unknown release '4.99'"));
    o.release = "4.14.1";
    o.nr_banks = 1;
    o.banks[0] = (struct gntsim_bank){.base = 0x1001, .size = 4096};
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), -EINVAL);
    w = fx_world("master", 0);
    gntsim_domain_opts_default(&d, FX_DOMU);
    assert_int_equal(gntsim_domain_create(w, &d), -EEXIST);
    gntsim_domain_opts_default(&d, 5);
    d.direct_mapped = true; /* without mfn_base */
    assert_int_equal(gntsim_domain_create(w, &d), -EINVAL);
    d.mfn_base = 0x40010; /* overlaps dom0's RAM */
    assert_int_equal(gntsim_domain_create(w, &d), -EBUSY);
    assert_non_null(strstr(gntsim_world_error(w), "overlaps"));
    d.direct_mapped = false;
    d.mfn_base = 0;
    d.vcpus = 9;
    assert_int_equal(gntsim_domain_create(w, &d), -EINVAL);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hypercall_bad_arguments),
        cmocka_unit_test(setup_and_query),
        cmocka_unit_test(trace_formats),
        cmocka_unit_test(api_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
