/* SPDX-License-Identifier: MIT */
/*
 * Arm's IOMMU unmap on the shared P2M (arm_iommu_unmap_page,
 * xen/drivers/passthrough/arm/iommu_helpers.c -> guest_physmap_remove_page ->
 * p2m_remove_mapping, xen/arch/arm/p2m.c): which entries at gfn = dfn it
 * removes per release. 5a4a2cef08 (4.17) refuses a RAM, grant or foreign
 * entry unless the mfn passed is valid and matches (-EILSEQ); 4cde4a552e
 * (4.21) passes INVALID_MFN instead of the dfn, so every such entry is
 * refused and only p2m_iommu_map_* entries (and holes) go.
 */
#include "world_fixture.h"
#include "board/world.h"
#include "xen/iommu.h"

#define DOM0_RAM_GFN 0x40010ull /* direct-mapped: p2m_ram_rw of mfn 0x40010 */
#define GRANT_MFN    0x842401ull

static int fx_type(struct gntsim_world *w, uint64_t gfn)
{
    struct gntsim_p2m_info e;

    return gntsim_p2m_lookup(w, 0, gfn, &e) ? -1 : (int)e.type;
}

static void unmap_per_release(void **state)
{
    static const struct {
        const char *rel;
        int ram;   /* iommu_legacy_unmap of a RAM entry of the same mfn */
        int grant; /* ... of a grant host mapping of the same mfn */
    } rows[] = {
        {"4.16.0", 0, 0},
        {"4.20", 0, 0},
        {"4.21", -EILSEQ, -EILSEQ},
        {"master", -EILSEQ, -EILSEQ},
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        struct gntsim_world *w = fx_world(rows[i].rel, 0);
        struct xen *x = &w->xen;
        struct domain *d0 = xen_domain(x, 0);
        int ram_type = fx_type(w, DOM0_RAM_GFN);

        /* an IOMMU entry goes in every release */
        assert_int_equal(iommu_legacy_map(x, d0, GRANT_MFN, GRANT_MFN,
                                          IOMMUF_readable | IOMMUF_writable),
                         0);
        assert_int_equal(iommu_legacy_unmap(x, d0, GRANT_MFN), 0);
        assert_int_equal(fx_type(w, GRANT_MFN), -1);
        /* dom0's own RAM at gfn = mfn */
        assert_int_equal(iommu_legacy_unmap(x, d0, DOM0_RAM_GFN), rows[i].ram);
        assert_int_equal(fx_type(w, DOM0_RAM_GFN), rows[i].ram ? ram_type : -1);
        /* a grant host mapping of the frame placed at gfn = mfn */
        assert_int_equal(
            p2m_set_entry(x, &d0->p2m, GRANT_MFN, GRANT_MFN, P2M_GRANT_MAP_RW), 0);
        assert_int_equal(iommu_legacy_unmap(x, d0, GRANT_MFN), rows[i].grant);
        assert_int_equal(fx_type(w, GRANT_MFN), rows[i].grant ? P2M_GRANT_MAP_RW : -1);
        /* the hardware domain is not crashed for it */
        assert_false(x->crashed);
        assert_false(d0->crashed);
        gntsim_world_destroy(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unmap_per_release),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
