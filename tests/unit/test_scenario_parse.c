/* SPDX-License-Identifier: MIT */
/*
 * The scenario parser on hostile text (src/scenario/scenario_parse*.c): numbers in
 * the C type's range, hex: data at the very end of an unterminated buffer,
 * long lines of `and` clauses, release lists that select nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/mman.h>
#include <unistd.h>

#include "scenario/scenario.h"

/*
 * Parse @text placed so that its last byte ends a page and the next page is
 * inaccessible: a parser that reads past the text (no NUL follows it) faults.
 */
static int parse_exact(const char *text, struct gntsim_scenario **sc, char *errs,
                       size_t errlen)
{
    size_t n = strlen(text), page = (size_t)sysconf(_SC_PAGESIZE);
    size_t span = (n + page - 1) / page * page;
    char *map = mmap(NULL, span + page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FILE *e = fmemopen(errs, errlen, "w");
    int rc;

    assert_true(map != MAP_FAILED);
    assert_non_null(e);
    assert_int_equal(mprotect(map + span, page, PROT_NONE), 0);
    memcpy(map + span - n, text, n);
    rc = gntsim_scenario_parse("t.gsc", map + span - n, n, e, sc);
    fclose(e);
    munmap(map, span + page);
    return rc;
}

static void hex_data_at_the_buffer_end(void **state)
{
    struct gntsim_scenario *sc;
    char errs[256] = "";

    (void)state;
    assert_int_equal(
        parse_exact("domain d1\nwrite d1 0x40000000 hex:0aFf", &sc, errs, sizeof(errs)),
        0);
    assert_int_equal(sc->stmts[1].args[2].v.len, 2);
    assert_memory_equal(sc->stmts[1].args[2].v.s, "\x0a\xff", 2);
    gntsim_scenario_free(sc);
    assert_int_equal(
        parse_exact("domain d1\nwrite d1 0x40000000 hex:0a1", &sc, errs, sizeof(errs)),
        -EINVAL);
    assert_int_equal(
        parse_exact("domain d1\nwrite d1 0x40000000 hex:0x", &sc, errs, sizeof(errs)),
        -EINVAL);
    assert_non_null(strstr(errs, "t.gsc:2:26: bad hex digit"));
}

/* Each line's first error message, for a file with one bad value. */
static void expect_error(const char *text, const char *msg)
{
    struct gntsim_scenario *sc;
    char errs[512] = "";

    assert_int_equal(parse_exact(text, &sc, errs, sizeof(errs)), -EINVAL);
    if (!strstr(errs, msg))
        fail_msg("'%s' gave '%s', not '%s'", text, errs, msg);
}

static void numbers_in_their_type_range(void **state)
{
    (void)state;
    expect_error("domain d65537\n", "t.gsc:1:8: dom d65537 is out of range (d0..d65535)");
    expect_error("domain d1 vcpus=4294967297\n", "vcpus 4294967297 is out of range");
    expect_error("domain d1 grant-frames=0x100000001\n",
                 "grant-frames 0x100000001 is out of range (0..4294967295)");
    expect_error("domain d1\nmap d1 d1 0 vcpu=4294967296\n", "t.gsc:2:18: vcpu");
    expect_error("domain d1 pages=-1\n", "pages -1 is out of range");
    expect_error("domain d1\nhypercall d1 5 count=-4294967231\n",
                 "count -4294967231 is out of range (-2147483648..4294967295)");
    expect_error("domain d1\ncopy d1 src=d1 dst=d1 len=65536\n", "len 65536");
}

static void in_range_edges_parse(void **state)
{
    struct gntsim_scenario *sc;
    char errs[256] = "";

    (void)state;
    assert_int_equal(parse_exact("domain d65535\nhypercall d65535 5 count=-1 null\n"
                                 "hypercall d1 5 count=4294967295 null\n"
                                 "p2m d1 0xffffffffffffffff\n",
                                 &sc, errs, sizeof(errs)),
                     0);
    assert_int_equal(sc->stmts[0].args[0].v.i, 65535);
    assert_int_equal((uint64_t)sc->stmts[3].args[1].v.i, UINT64_MAX);
    gntsim_scenario_free(sc);
}

static void ten_thousand_and_clauses(void **state)
{
    const unsigned n = 10000;
    size_t len = 32 + (size_t)n * 16;
    char *text = malloc(len), errs[64] = "";
    struct gntsim_scenario *sc;
    size_t o;

    (void)state;
    assert_non_null(text);
    o = (size_t)snprintf(text, len, "domain d1\nexpect rc == 0");
    for (unsigned i = 1; i < n; i++)
        o += (size_t)snprintf(text + o, len - o, " and rc == 0");
    assert_int_equal(parse_exact(text, &sc, errs, sizeof(errs)), 0);
    assert_int_equal(sc->stmts[1].nexp, n);
    gntsim_scenario_free(sc);
    free(text);
}

static void release_lists_that_select_nothing(void **state)
{
    (void)state;
    expect_error("releases !all\n", "t.gsc:1:10: this list selects no release");
    expect_error("domain d1\nexpect[!all] rc == 0\n", "expect[...] selects no release");
    expect_error("group 4.14.1 4.15.0\n", "'4.14.1' is already a release");
    expect_error("group all 4.15.0\n", "'all' is already a release");
    expect_error("group a 4.14.1\ngroup a 4.15.0\n", "t.gsc:2:7: 'a' is already");
}

/* Every command's result fields fit a statement's result (SC_MAX_FIELDS): a field
 * beyond it would be dropped without a word (net-stats' 13th, `broken`, was). */
static void result_fields_fit(void **state)
{
    const struct sc_cmd *c;

    (void)state;
    for (size_t i = 0; (c = sc_cmd_at(i)) != NULL; i++) {
        int n = 0;

        while (c->fields && c->fields[n].name)
            n++;
        if (n > SC_MAX_FIELDS)
            fail_msg("%s has %d result fields, SC_MAX_FIELDS is %d", c->name, n,
                     SC_MAX_FIELDS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hex_data_at_the_buffer_end),
        cmocka_unit_test(result_fields_fit),
        cmocka_unit_test(numbers_in_their_type_range),
        cmocka_unit_test(in_range_edges_parse),
        cmocka_unit_test(ten_thousand_and_clauses),
        cmocka_unit_test(release_lists_that_select_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
