/* SPDX-License-Identifier: MIT */
/*
 * Rendering of grant-entry flags (src/scenario/scenario_values.c): bits 2 and 3 are
 * GTF_readonly / GTF_reading in a GTF_permit_access entry and
 * GTF_transfer_committed / GTF_transfer_completed in a GTF_accept_transfer one
 * (xen/include/public/grant_table.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <xen/grant_table.h>

#include "scenario/scenario.h"

static void expect_gtf(int64_t v, const char *want)
{
    char buf[128];

    sc_render_int(FK_GTF, v, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_permit_access_bits(void **state)
{
    (void)state;
    expect_gtf(GTF_permit_access | GTF_readonly, "GTF_permit_access|GTF_readonly");
    expect_gtf(GTF_permit_access | GTF_readonly | GTF_reading,
               "GTF_permit_access|GTF_readonly|GTF_reading");
    expect_gtf(GTF_permit_access | GTF_reading | GTF_writing,
               "GTF_permit_access|GTF_reading|GTF_writing");
}

static void test_accept_transfer_bits(void **state)
{
    (void)state;
    expect_gtf(GTF_accept_transfer | GTF_transfer_committed,
               "GTF_accept_transfer|GTF_transfer_committed");
    expect_gtf(GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed,
               "GTF_accept_transfer|GTF_transfer_committed|GTF_transfer_completed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_permit_access_bits),
        cmocka_unit_test(test_accept_transfer_bits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
