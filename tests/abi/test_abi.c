/* SPDX-License-Identifier: MIT */
/*
 * The Xen grant-table ABI gntsim relies on, checked against Debian's libxen-dev
 * headers.  Every expected value is a literal written down from
 * upstream Xen's xen/include/public/grant_table.h (64-bit and all Arm guests),
 * never from the header itself, so a header that drifts fails here.
 *
 * Each fact is listed once, in an X-macro table, and checked twice: at compile
 * time with _Static_assert, and at run time with cmocka so that the test names
 * the fact that is wrong.  Build with -DABI_RUNTIME_ONLY to drop the static
 * asserts and watch the runtime half fail.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
/* Must follow the four headers above. */
#include <cmocka.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#ifndef __XEN_TOOLS__
#error "build with -D__XEN_TOOLS__ (selects the latest Xen interface version)"
#endif

/* X(what, expected): sizes, offsets and values; expected is a literal. */

/* §2.1: shared entry formats and scalar types. */
#define ENTRY_FACTS(X)                                                                   \
    X(sizeof(grant_ref_t), 4)                                                            \
    X(sizeof(grant_handle_t), 4)                                                         \
    X(sizeof(domid_t), 2)                                                                \
    X(sizeof(grant_entry_v1_t), 8)                                                       \
    X(offsetof(grant_entry_v1_t, flags), 0)                                              \
    X(offsetof(grant_entry_v1_t, domid), 2)                                              \
    X(offsetof(grant_entry_v1_t, frame), 4)                                              \
    X(sizeof(grant_entry_header_t), 4)                                                   \
    X(offsetof(grant_entry_header_t, flags), 0)                                          \
    X(offsetof(grant_entry_header_t, domid), 2)                                          \
    X(sizeof(grant_entry_v2_t), 16)                                                      \
    X(offsetof(grant_entry_v2_t, hdr), 0)                                                \
    X(offsetof(grant_entry_v2_t, full_page.pad0), 4)                                     \
    X(offsetof(grant_entry_v2_t, full_page.frame), 8)                                    \
    X(offsetof(grant_entry_v2_t, sub_page.page_off), 4)                                  \
    X(offsetof(grant_entry_v2_t, sub_page.length), 6)                                    \
    X(offsetof(grant_entry_v2_t, sub_page.frame), 8)                                     \
    X(offsetof(grant_entry_v2_t, transitive.trans_domid), 4)                             \
    X(offsetof(grant_entry_v2_t, transitive.pad0), 6)                                    \
    X(offsetof(grant_entry_v2_t, transitive.gref), 8)                                    \
    X(sizeof(grant_status_t), 2)                                                         \
    X(GNTTAB_NR_RESERVED_ENTRIES, 8)                                                     \
    X(GNTTAB_RESERVED_CONSOLE, 0)                                                        \
    X(GNTTAB_RESERVED_XENSTORE, 1)

/* §2.3: hypercall argument structs. */
#define OP_STRUCT_FACTS(X)                                                               \
    X(sizeof(struct gnttab_map_grant_ref), 32)                                           \
    X(offsetof(struct gnttab_map_grant_ref, host_addr), 0)                               \
    X(offsetof(struct gnttab_map_grant_ref, flags), 8)                                   \
    X(offsetof(struct gnttab_map_grant_ref, ref), 12)                                    \
    X(offsetof(struct gnttab_map_grant_ref, dom), 16)                                    \
    X(offsetof(struct gnttab_map_grant_ref, status), 18)                                 \
    X(offsetof(struct gnttab_map_grant_ref, handle), 20)                                 \
    X(offsetof(struct gnttab_map_grant_ref, dev_bus_addr), 24)                           \
    X(sizeof(struct gnttab_unmap_grant_ref), 24)                                         \
    X(offsetof(struct gnttab_unmap_grant_ref, host_addr), 0)                             \
    X(offsetof(struct gnttab_unmap_grant_ref, dev_bus_addr), 8)                          \
    X(offsetof(struct gnttab_unmap_grant_ref, handle), 16)                               \
    X(offsetof(struct gnttab_unmap_grant_ref, status), 20)                               \
    X(sizeof(struct gnttab_setup_table), 24)                                             \
    X(offsetof(struct gnttab_setup_table, dom), 0)                                       \
    X(offsetof(struct gnttab_setup_table, nr_frames), 4)                                 \
    X(offsetof(struct gnttab_setup_table, status), 8)                                    \
    X(offsetof(struct gnttab_setup_table, frame_list), 16)                               \
    X(sizeof(struct gnttab_dump_table), 4)                                               \
    X(sizeof(struct gnttab_transfer), 24)                                                \
    X(offsetof(struct gnttab_transfer, mfn), 0)                                          \
    X(offsetof(struct gnttab_transfer, domid), 8)                                        \
    X(offsetof(struct gnttab_transfer, ref), 12)                                         \
    X(offsetof(struct gnttab_transfer, status), 16)                                      \
    X(sizeof(struct gnttab_copy), 40)                                                    \
    X(offsetof(struct gnttab_copy, source), 0)                                           \
    X(offsetof(struct gnttab_copy, source.u.ref), 0)                                     \
    X(offsetof(struct gnttab_copy, source.u.gmfn), 0)                                    \
    X(offsetof(struct gnttab_copy, source.domid), 8)                                     \
    X(offsetof(struct gnttab_copy, source.offset), 10)                                   \
    X(offsetof(struct gnttab_copy, dest), 16)                                            \
    X(offsetof(struct gnttab_copy, dest.domid), 24)                                      \
    X(offsetof(struct gnttab_copy, dest.offset), 26)                                     \
    X(offsetof(struct gnttab_copy, len), 32)                                             \
    X(offsetof(struct gnttab_copy, flags), 34)                                           \
    X(offsetof(struct gnttab_copy, status), 36)                                          \
    X(sizeof(struct gnttab_query_size), 16)                                              \
    X(offsetof(struct gnttab_query_size, dom), 0)                                        \
    X(offsetof(struct gnttab_query_size, nr_frames), 4)                                  \
    X(offsetof(struct gnttab_query_size, max_nr_frames), 8)                              \
    X(offsetof(struct gnttab_query_size, status), 12)                                    \
    X(sizeof(struct gnttab_unmap_and_replace), 24)                                       \
    X(offsetof(struct gnttab_unmap_and_replace, host_addr), 0)                           \
    X(offsetof(struct gnttab_unmap_and_replace, new_addr), 8)                            \
    X(offsetof(struct gnttab_unmap_and_replace, handle), 16)                             \
    X(offsetof(struct gnttab_unmap_and_replace, status), 20)                             \
    X(sizeof(struct gnttab_set_version), 4)                                              \
    X(sizeof(struct gnttab_get_status_frames), 16)                                       \
    X(offsetof(struct gnttab_get_status_frames, nr_frames), 0)                           \
    X(offsetof(struct gnttab_get_status_frames, dom), 4)                                 \
    X(offsetof(struct gnttab_get_status_frames, status), 6)                              \
    X(offsetof(struct gnttab_get_status_frames, frame_list), 8)                          \
    X(sizeof(struct gnttab_get_version), 8)                                              \
    X(offsetof(struct gnttab_get_version, dom), 0)                                       \
    X(offsetof(struct gnttab_get_version, version), 4)                                   \
    X(sizeof(struct gnttab_swap_grant_ref), 12)                                          \
    X(offsetof(struct gnttab_swap_grant_ref, ref_a), 0)                                  \
    X(offsetof(struct gnttab_swap_grant_ref, ref_b), 4)                                  \
    X(offsetof(struct gnttab_swap_grant_ref, status), 8)                                 \
    X(sizeof(struct gnttab_cache_flush), 16)                                             \
    X(offsetof(struct gnttab_cache_flush, a.dev_bus_addr), 0)                            \
    X(offsetof(struct gnttab_cache_flush, a.ref), 0)                                     \
    X(offsetof(struct gnttab_cache_flush, offset), 8)                                    \
    X(offsetof(struct gnttab_cache_flush, length), 10)                                   \
    X(offsetof(struct gnttab_cache_flush, op), 12)

/* §2.3: GNTTABOP_* command numbers. */
#define OP_NUMBER_FACTS(X)                                                               \
    X(GNTTABOP_map_grant_ref, 0)                                                         \
    X(GNTTABOP_unmap_grant_ref, 1)                                                       \
    X(GNTTABOP_setup_table, 2)                                                           \
    X(GNTTABOP_dump_table, 3)                                                            \
    X(GNTTABOP_transfer, 4)                                                              \
    X(GNTTABOP_copy, 5)                                                                  \
    X(GNTTABOP_query_size, 6)                                                            \
    X(GNTTABOP_unmap_and_replace, 7)                                                     \
    X(GNTTABOP_set_version, 8)                                                           \
    X(GNTTABOP_get_status_frames, 9)                                                     \
    X(GNTTABOP_get_version, 10)                                                          \
    X(GNTTABOP_swap_grant_ref, 11)                                                       \
    X(GNTTABOP_cache_flush, 12)                                                          \
    X(GNTTAB_CACHE_CLEAN, 1)                                                             \
    X(GNTTAB_CACHE_INVAL, 2)                                                             \
    X(GNTTAB_CACHE_SOURCE_GREF, 0x80000000)

/* §2.2: GTF_* entry flags. */
#define GTF_FACTS(X)                                                                     \
    X(GTF_invalid, 0)                                                                    \
    X(GTF_permit_access, 1)                                                              \
    X(GTF_accept_transfer, 2)                                                            \
    X(GTF_transitive, 3)                                                                 \
    X(GTF_type_mask, 3)                                                                  \
    X(GTF_readonly, 0x4)                                                                 \
    X(GTF_reading, 0x8)                                                                  \
    X(GTF_writing, 0x10)                                                                 \
    X(GTF_PWT, 0x20)                                                                     \
    X(GTF_PCD, 0x40)                                                                     \
    X(GTF_PAT, 0x80)                                                                     \
    X(GTF_sub_page, 0x100)                                                               \
    X(GTF_transfer_committed, 0x4)                                                       \
    X(GTF_transfer_completed, 0x8)

/* §2.4: GNTMAP_* map flags and GNTCOPY_* copy flags. */
#define GNTMAP_FACTS(X)                                                                  \
    X(GNTMAP_device_map, 0x1)                                                            \
    X(GNTMAP_host_map, 0x2)                                                              \
    X(GNTMAP_readonly, 0x4)                                                              \
    X(GNTMAP_application_map, 0x8)                                                       \
    X(GNTMAP_contains_pte, 0x10)                                                         \
    X(GNTMAP_guest_avail_mask, 0xffff0000)                                               \
    X(GNTCOPY_source_gref, 0x1)                                                          \
    X(GNTCOPY_dest_gref, 0x2)

/* §2.5: GNTST_* status codes. */
#define GNTST_FACTS(X)                                                                   \
    X(GNTST_okay, 0)                                                                     \
    X(GNTST_general_error, -1)                                                           \
    X(GNTST_bad_domain, -2)                                                              \
    X(GNTST_bad_gntref, -3)                                                              \
    X(GNTST_bad_handle, -4)                                                              \
    X(GNTST_bad_virt_addr, -5)                                                           \
    X(GNTST_bad_dev_addr, -6)                                                            \
    X(GNTST_no_device_space, -7)                                                         \
    X(GNTST_permission_denied, -8)                                                       \
    X(GNTST_bad_page, -9)                                                                \
    X(GNTST_bad_copy_arg, -10)                                                           \
    X(GNTST_address_too_big, -11)                                                        \
    X(GNTST_eagain, -12)                                                                 \
    X(GNTST_no_space, -13)

/* Compile time. */
#ifndef ABI_RUNTIME_ONLY
#define ABI_STATIC_CHECK(what, expected) _Static_assert((what) == (expected), #what);
ENTRY_FACTS(ABI_STATIC_CHECK)
OP_STRUCT_FACTS(ABI_STATIC_CHECK)
OP_NUMBER_FACTS(ABI_STATIC_CHECK)
GTF_FACTS(ABI_STATIC_CHECK)
GNTMAP_FACTS(ABI_STATIC_CHECK)
GNTST_FACTS(ABI_STATIC_CHECK)
#undef ABI_STATIC_CHECK
#endif

/*
 * GNTMAP_can_fail was removed in Xen 4.16 (d07b7ed8b5); Debian's 4.17 headers
 * lack it.  If an older header has it, it must still be bit 5.
 */
#ifdef GNTMAP_can_fail
_Static_assert(GNTMAP_can_fail == 0x20, "GNTMAP_can_fail");
#endif

/* Run time. */

struct abi_fact {
    const char *what;
    long long actual;
    long long expected;
};

#define ABI_FACT(what, expected) {#what, (long long)(what), (long long)(expected)},

/* Reports every wrong fact by name, then fails if there was one. */
static void check_facts(const struct abi_fact *facts, size_t n)
{
    size_t wrong = 0;

    for (size_t i = 0; i < n; i++) {
        if (facts[i].actual == facts[i].expected)
            continue;
        print_error("ABI mismatch: %s is %lld, the reference says %lld\n", facts[i].what,
                    facts[i].actual, facts[i].expected);
        wrong++;
    }
    assert_int_equal(wrong, 0);
}

#define CHECK_FACTS(table)                                                               \
    do {                                                                                 \
        static const struct abi_fact facts_[] = {table(ABI_FACT)};                       \
        check_facts(facts_, sizeof(facts_) / sizeof(facts_[0]));                         \
    } while (0)

static void test_entry_layout(void **state)
{
    (void)state;
    CHECK_FACTS(ENTRY_FACTS);
}

static void test_op_struct_layout(void **state)
{
    (void)state;
    CHECK_FACTS(OP_STRUCT_FACTS);
}

static void test_op_numbers(void **state)
{
    (void)state;
    CHECK_FACTS(OP_NUMBER_FACTS);
}

static void test_gtf_flags(void **state)
{
    (void)state;
    CHECK_FACTS(GTF_FACTS);
}

static void test_gntmap_flags(void **state)
{
    (void)state;
    CHECK_FACTS(GNTMAP_FACTS);
}

static void test_gntst_codes(void **state)
{
    (void)state;
    CHECK_FACTS(GNTST_FACTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_layout), cmocka_unit_test(test_op_struct_layout),
        cmocka_unit_test(test_op_numbers),   cmocka_unit_test(test_gtf_flags),
        cmocka_unit_test(test_gntmap_flags), cmocka_unit_test(test_gntst_codes),
    };

    return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
