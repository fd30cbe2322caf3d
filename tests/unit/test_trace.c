/* SPDX-License-Identifier: MIT */
/* Trace rendering (src/env/trace.c): JSON strings escaped in every format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "env/trace.h"

struct cap {
    struct trace t;
    char *buf;
    size_t len;
    FILE *out;
};

static struct cap *cap_open(enum trace_format f)
{
    struct cap *c = calloc(1, sizeof(*c));

    assert_non_null(c);
    c->out = open_memstream(&c->buf, &c->len);
    assert_non_null(c->out);
    trace_open(&c->t, c->out, f);
    return c;
}

/* Close the trace; the caller frees c->buf and c. */
static void cap_close(struct cap *c)
{
    trace_close(&c->t);
    fclose(c->out);
}

static void cap_free(struct cap *c)
{
    free(c->buf);
    free(c);
}

/* A quote, a backslash, control bytes and invalid UTF-8 in a string field. */
static void json_lines_escape_strings(void **state)
{
    struct cap *c = cap_open(TRACE_JSON);

    (void)state;
    TRACE(&c->t, LOG, TA_S("a\"b\\c\x01\n\xff\xc3\xa9"));
    cap_close(c);
    assert_string_equal(c->buf, "{\"seq\":1,\"event\":\"log\","
                                "\"line\":\"a\\\"b\\\\c\\u0001\\n\\ufffd\xc3\xa9\"}\n");
    cap_free(c);
}

/* A string cut to fit stays one quoted JSON string: never inside an escape. */
static void json_escape_cuts_between_escapes(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(trace_json_escape("ab\"cd", buf, sizeof(buf)), 7);
    assert_string_equal(buf, "\"ab\\\"c\"");
    assert_int_equal(trace_json_escape("abc\x01", buf, sizeof(buf)), 5);
    assert_string_equal(buf, "\"abc\"");
    assert_int_equal(trace_json_escape(NULL, buf, 3), 2);
    assert_string_equal(buf, "\"\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_lines_escape_strings),
        cmocka_unit_test(json_escape_cuts_between_escapes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
