/* SPDX-License-Identifier: MIT */
/* The console log (src/env/log.c): in order, then a ring of the newest lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "env/log.h"

static void log_keeps_order_then_overwrites_oldest(void **state)
{
    struct sim_log l = {0};
    const size_t total = SIM_LOG_MAX_LINES + 5;

    (void)state;
    for (size_t i = 0; i < total; i++)
        sim_log_printf(&l, "line %zu", i);
    assert_int_equal(l.nr, SIM_LOG_MAX_LINES);
    assert_int_equal(l.lost, 5);
    assert_string_equal(sim_log_line(&l, 0), "line 5"); /* the oldest kept */
    assert_string_equal(sim_log_line(&l, SIM_LOG_MAX_LINES - 1), "line 4100");
    assert_null(sim_log_line(&l, SIM_LOG_MAX_LINES));
    for (size_t i = 0; i < SIM_LOG_MAX_LINES; i++) {
        char want[32];

        snprintf(want, sizeof(want), "line %zu", i + 5);
        assert_string_equal(sim_log_line(&l, i), want);
    }
    sim_log_fini(&l);
    assert_int_equal(l.nr, 0);
    assert_null(sim_log_line(&l, 0));
}

static void log_before_full_is_linear(void **state)
{
    struct sim_log l = {0};

    (void)state;
    sim_log_printf(&l, "(XEN) %s", "a");
    sim_log_printf(&l, "[d0] %d", 7);
    assert_int_equal(l.nr, 2);
    assert_int_equal(l.lost, 0);
    assert_string_equal(sim_log_line(&l, 0), "(XEN) a");
    assert_string_equal(sim_log_line(&l, 1), "[d0] 7");
    sim_log_fini(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_keeps_order_then_overwrites_oldest),
        cmocka_unit_test(log_before_full_is_linear),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
