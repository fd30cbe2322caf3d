/* SPDX-License-Identifier: MIT */
/*
 * Trace rendering (src/env/trace.c, trace_chrome.c): JSON strings escaped in
 * every format; Chrome tracks, step slices, folded RAM population, and the
 * scenario markers invisible to text and JSON lines.
 */
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
    uint64_t clock_ns;
};

static struct cap *cap_open(enum trace_format f)
{
    struct cap *c = calloc(1, sizeof(*c));

    assert_non_null(c);
    c->out = open_memstream(&c->buf, &c->len);
    assert_non_null(c->out);
    trace_open(&c->t, c->out, f);
    c->t.chrome.clock_ns = &c->clock_ns;
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

static void step(struct trace *t, unsigned line, const char *text, unsigned boot)
{
    const union trace_arg a[] = {TA_S("s.gsc"), TA_U(line), TA_S("cmd"), TA_S(text),
                                 TA_U(boot)};

    trace_emit(t, TEV_STEP_BEGIN, a);
}

static void step_end(struct trace *t, unsigned line)
{
    const union trace_arg a[] = {TA_U(line)};

    trace_emit(t, TEV_STEP_END, a);
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

/* Markers advance no seq and appear in neither text nor JSON lines. */
static void markers_only_in_chrome(void **state)
{
    (void)state;
    for (int f = TRACE_TEXT; f <= TRACE_JSON; f++) {
        struct cap *c = cap_open((enum trace_format)f);

        step(&c->t, 3, "grant", 0);
        TRACE(&c->t, NOTE, TA_S("x"));
        step_end(&c->t, 3);
        cap_close(c);
        assert_int_equal(c->t.seq, 1);
        assert_null(strstr(c->buf, "grant"));
        assert_non_null(strstr(c->buf, f == TRACE_TEXT ? "       1 x\n" : "\"seq\":1"));
        cap_free(c);
    }
}

/* Tracks by fields; a step is a B/E slice around its events, with loc. */
static void chrome_tracks_and_steps(void **state)
{
    struct cap *c = cap_open(TRACE_CHROME);

    (void)state;
    step(&c->t, 7, "map \"x\"", 0);
    TRACE(&c->t, HYPERCALL, TA_U(0), TA_U(1), TA_S("map_grant_ref"), TA_U(1));
    c->clock_ns = 5000; /* a DMA transaction: NOW() moves on */
    TRACE(&c->t, DMA, TA_S("nic0"), TA_S("read"), TA_U(0x1000), TA_U(4), TA_D(0));
    TRACE(&c->t, IOTLB_MISS, TA_U(0x877), TA_U(0), TA_U(0x1000));
    TRACE(&c->t, LOG, TA_S("(XEN) hello"));
    step_end(&c->t, 7);
    cap_close(c);
    assert_non_null(strstr(c->buf, "\"tid\":1,\"args\":{\"name\":\"scenario\"}"));
    assert_non_null(strstr(c->buf, "\"name\":\"map \\\"x\\\"\",\"cat\":\"step\","
                                   "\"ph\":\"B\",\"ts\":1.000,\"pid\":1,\"tid\":1,"
                                   "\"args\":{\"loc\":\"s.gsc:7\""));
    assert_non_null(strstr(c->buf, "\"tid\":2,\"args\":{\"name\":\"d0v1\"}"));
    assert_non_null(strstr(c->buf, "\"ts\":1.100,\"pid\":1,\"tid\":2,"));
    assert_non_null(strstr(c->buf, "\"tid\":3,\"args\":{\"name\":\"nic0\"}"));
    assert_non_null(strstr(c->buf, "\"ts\":6.000,\"pid\":1,\"tid\":3,"));
    assert_non_null(strstr(c->buf, "\"tid\":4,\"args\":{\"name\":\"smmu\"}"));
    assert_non_null(strstr(c->buf, "\"tid\":5,\"args\":{\"name\":\"xen\"}"));
    assert_non_null(strstr(c->buf, "\"loc\":\"s.gsc:7\"}}"));
    assert_non_null(strstr(c->buf, "\"ph\":\"E\",\"ts\":6.300,\"pid\":1,\"tid\":1,"));
    assert_non_null(strstr(c->buf, "\n]}\n"));
    cap_free(c);
}

static void p2m_set(struct trace *t, uint64_t gfn, uint64_t mfn)
{
    TRACE(t, P2M_SET, TA_U(1), TA_U(gfn), TA_U(mfn), TA_S("p2m_ram_rw"));
}

/* In a boot step a contiguous p2m_set run is one slice; a lone one and those
 * of later steps stay events. */
static void chrome_folds_boot_ram(void **state)
{
    struct cap *c = cap_open(TRACE_CHROME);

    (void)state;
    step(&c->t, 2, "domain d1", 1);
    for (uint64_t i = 0; i < 3; i++)
        p2m_set(&c->t, 0x40000 + i, 0x842400 + i);
    p2m_set(&c->t, 0x38000, 0x80000b);
    step_end(&c->t, 2);
    step(&c->t, 3, "grant", 0);
    p2m_set(&c->t, 0x50000, 0x900000);
    p2m_set(&c->t, 0x50001, 0x900001);
    step_end(&c->t, 3);
    cap_close(c);
    assert_non_null(strstr(
        c->buf, "{\"name\":\"populate RAM\",\"cat\":\"boot\",\"ph\":\"X\",\"ts\":1.100,"
                "\"dur\":0.200,\"pid\":1,\"tid\":2,\"args\":{\"dom\":1,\"first_gfn\":"
                "\"0x40000\",\"last_gfn\":\"0x40002\",\"pages\":3,\"first_mfn\":"
                "\"0x842400\",\"last_mfn\":\"0x842402\",\"type\":\"p2m_ram_rw\","
                "\"loc\":\"s.gsc:2\"}}"));
    assert_non_null(strstr(c->buf, "\"ts\":1.400,\"pid\":1,\"tid\":2,\"args\":{\"dom\":1,"
                                   "\"gfn\":\"0x38000\""));
    assert_non_null(strstr(c->buf, "\"gfn\":\"0x50000\""));
    assert_non_null(strstr(c->buf, "\"gfn\":\"0x50001\""));
    assert_null(strstr(c->buf, "\"gfn\":\"0x40001\""));
    assert_int_equal(c->t.count[TEV_P2M_SET], 6);
    cap_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_lines_escape_strings),
        cmocka_unit_test(json_escape_cuts_between_escapes),
        cmocka_unit_test(markers_only_in_chrome),
        cmocka_unit_test(chrome_tracks_and_steps),
        cmocka_unit_test(chrome_folds_boot_ram),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
