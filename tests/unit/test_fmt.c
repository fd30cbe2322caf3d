/* SPDX-License-Identifier: MIT */
/*
 * The fast formatter (src/env/fmt.c) against the C library's vsnprintf(), byte for byte
 * and return value, for buffer sizes 0, 1, a small one and a large one: fixed formats,
 * every flag, width, precision and length on edge values, pseudo-random formats of the
 * supported grammar, and the formats handed to vsnprintf().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <wchar.h>
#include <sys/types.h>
#include <cmocka.h>

#include "env/fmt.h"

/* Formats built at run time are checked against vsnprintf(), not by the compiler. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

#define BIG 512 /* the large buffer; some strings are longer, to cut them */

/* Bytes of @buf up to its NUL, at most @n (for messages). */
static int shown(const char *buf, size_t n)
{
    const char *nul = memchr(buf, '\0', n);

    return (int)(nul ? (size_t)(nul - buf) : n);
}

/* sim_vfmt() and vsnprintf() on @fmt and @ap for buffer sizes 0, 1, @small and BIG. */
static void diff_v(size_t small, const char *fmt, va_list ap)
{
    const size_t sizes[] = {0, 1, small, BIG};

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        char want[BIG + 16], got[BIG + 16];
        va_list a1, a2;
        int rw, rg;

        memset(want, 0x5a, sizeof(want)); /* a byte written past the size shows */
        memset(got, 0x5a, sizeof(got));
        va_copy(a1, ap);
        va_copy(a2, ap);
        rw = vsnprintf(want, sizes[i], fmt, a1);
        rg = sim_vfmt(got, sizes[i], fmt, a2);
        va_end(a1);
        va_end(a2);
        if (rw != rg || memcmp(want, got, sizeof(want)))
            fail_msg(
                "format \"%s\", size %zu: vsnprintf %d \"%.*s\", sim_vfmt %d \"%.*s\"",
                fmt, sizes[i], rw, shown(want, sizes[i]), want, rg, shown(got, sizes[i]),
                got);
    }
}

/* A format sim_vfmt() formats itself, compared with vsnprintf(). */
__attribute__((format(printf, 2, 3))) static void direct(size_t small, const char *fmt,
                                                         ...)
{
    va_list ap;

    if (!sim_fmt_direct(fmt))
        fail_msg("format \"%s\" is not formatted directly", fmt);
    va_start(ap, fmt);
    diff_v(small, fmt, ap);
    va_end(ap);
}

/* A format sim_vfmt() hands to vsnprintf(), compared with vsnprintf(). */
__attribute__((format(printf, 1, 2))) static void fallback(const char *fmt, ...)
{
    va_list ap;

    if (sim_fmt_direct(fmt))
        fail_msg("format \"%s\" is formatted directly", fmt);
    va_start(ap, fmt);
    diff_v(5, fmt, ap);
    va_end(ap);
}

/* xorshift64: deterministic, seeded by the caller. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static unsigned rnd_below(uint64_t *s, unsigned n)
{
    return (unsigned)(rnd(s) % n);
}

/* Edge values, as the bits of a 64-bit argument cut to the conversion's type. */
static uint64_t edge(size_t i)
{
    const uint64_t v[] = {0,
                          1,
                          UINT64_MAX, /* -1, ULLONG_MAX */
                          (uint64_t)(int64_t)INT_MIN,
                          INT_MAX,
                          (uint64_t)LLONG_MIN,
                          LLONG_MAX,
                          0x402,
                          255,
                          300,
                          32768,
                          70000,
                          UINT_MAX,
                          (uint64_t)UINT_MAX + 1,
                          10000000000000000000u,
                          9999999999};

    return v[i % (sizeof(v) / sizeof(v[0]))];
}

#define NR_EDGE 16

/*
 * Format @fmt (every conversion of length modifier @len, signed if @sgn) with the
 * arguments @v[0..3], each passed as the type the conversion reads.
 */
static void direct_int(size_t small, const char *fmt, const char *len, int sgn,
                       const uint64_t v[4])
{
    if (!strcmp(len, "hh") || !strcmp(len, "h") || !*len) { /* promoted to int */
        if (sgn)
            direct(small, fmt, (int)v[0], (int)v[1], (int)v[2], (int)v[3]);
        else
            direct(small, fmt, (unsigned)v[0], (unsigned)v[1], (unsigned)v[2],
                   (unsigned)v[3]);
    } else if (!strcmp(len, "l")) {
        if (sgn)
            direct(small, fmt, (long)v[0], (long)v[1], (long)v[2], (long)v[3]);
        else
            direct(small, fmt, (unsigned long)v[0], (unsigned long)v[1],
                   (unsigned long)v[2], (unsigned long)v[3]);
    } else if (!strcmp(len, "ll")) {
        if (sgn)
            direct(small, fmt, (long long)v[0], (long long)v[1], (long long)v[2],
                   (long long)v[3]);
        else
            direct(small, fmt, (unsigned long long)v[0], (unsigned long long)v[1],
                   (unsigned long long)v[2], (unsigned long long)v[3]);
    } else if (!strcmp(len, "z")) {
        if (sgn)
            direct(small, fmt, (ssize_t)v[0], (ssize_t)v[1], (ssize_t)v[2],
                   (ssize_t)v[3]);
        else
            direct(small, fmt, (size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3]);
    } else if (!strcmp(len, "j")) {
        if (sgn)
            direct(small, fmt, (intmax_t)v[0], (intmax_t)v[1], (intmax_t)v[2],
                   (intmax_t)v[3]);
        else
            direct(small, fmt, (uintmax_t)v[0], (uintmax_t)v[1], (uintmax_t)v[2],
                   (uintmax_t)v[3]);
    } else if (sgn) { /* t */
        direct(small, fmt, (ptrdiff_t)v[0], (ptrdiff_t)v[1], (ptrdiff_t)v[2],
               (ptrdiff_t)v[3]);
    } else {
        direct(small, fmt, (size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3]);
    }
}

/*
 * "%" then the flags of bitmask @flags (- 0 # + space), width @width (< 0: none),
 * precision @prec (-1: none, -2: "." alone), @len and @conv, appended to @out.
 */
static void spec(char *out, size_t n, unsigned flags, int width, int prec,
                 const char *len, char conv)
{
    char f[6] = "", w[16] = "", p[16] = "";
    size_t nf = 0;

    for (unsigned b = 0; b < 5; b++)
        if (flags & (1u << b))
            f[nf++] = "-0#+ "[b];
    if (width >= 0)
        snprintf(w, sizeof(w), "%d", width);
    if (prec == -2)
        snprintf(p, sizeof(p), ".");
    else if (prec >= 0)
        snprintf(p, sizeof(p), ".%d", prec);
    snprintf(out + strlen(out), n - strlen(out), "%%%s%s%s%s%c", f, w, p, len, conv);
}

#define NR_LENGTHS 8

/* Length modifier @i of the NR_LENGTHS. */
static const char *length(size_t i)
{
    const char *const l[NR_LENGTHS] = {"hh", "h", "", "l", "ll", "z", "j", "t"};

    return l[i];
}

/* Every flag set, width, precision and length on d i u x X o, each on edge values. */
static void fmt_every_integer_spec(void **state)
{
    const int widths[] = {-1, 1, 6, 24, SIM_FMT_MAX_FIELD};
    const int precs[] = {-1, -2, 0, 1, 6, 24, SIM_FMT_MAX_FIELD};

    (void)state;
    for (const char *c = "diuxXo"; *c; c++)
        for (size_t l = 0; l < NR_LENGTHS; l++)
            for (unsigned fl = 0; fl < 32; fl++)
                for (size_t w = 0; w < 5; w++)
                    for (size_t p = 0; p < 7; p++) {
                        char fmt[64] = "<";

                        spec(fmt, sizeof(fmt), fl, widths[w], precs[p], length(l), *c);
                        strcat(fmt, ">");
                        for (size_t e = 0; e < NR_EDGE; e++) {
                            const uint64_t v[4] = {edge(e), 0, 0, 0};

                            direct_int(7, fmt, length(l), *c == 'd' || *c == 'i', v);
                        }
                    }
}

/* Every flag set, width and precision on %c, %s and %p, each on edge values. */
static void fmt_every_text_spec(void **state)
{
    char long_str[BIG + 50], local = 0;
    const char *strs[] = {NULL, "", "a", "hello", "(null)", "tab\tnl\n\xff", long_str};
    void *ptrs[] = {NULL, (void *)1, (void *)0x402, (void *)UINTPTR_MAX, &local};
    const int cs[] = {'a', 0, 255, -1, 'x' + 256};
    const int widths[] = {-1, 1, 5, 6, 7, 24, SIM_FMT_MAX_FIELD};
    const int precs[] = {-1, -2, 0, 1, 5, 6, 7, 24, SIM_FMT_MAX_FIELD};

    (void)state;
    memset(long_str, 'L', sizeof(long_str) - 1);
    long_str[sizeof(long_str) - 1] = '\0';
    for (unsigned fl = 0; fl < 32; fl++)
        for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
            for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
                char fs[64] = "[", fp[64] = "[", fc[64] = "[";

                spec(fs, sizeof(fs), fl, widths[w], precs[p], "", 's');
                spec(fp, sizeof(fp), fl, widths[w], precs[p], "", 'p');
                spec(fc, sizeof(fc), fl, widths[w], -1, "", 'c');
                strcat(fs, "]");
                strcat(fp, "]");
                strcat(fc, "]");
                for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
                    direct(3, fs, strs[i]);
                for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
                    direct(9, fp, ptrs[i]);
                if (p == 0)
                    for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
                        direct(2, fc, cs[i]);
            }
}

/* Literal text for a random format: plain bytes, "%%", nothing. */
static void random_text(uint64_t *s, char *out, size_t n)
{
    static const char chars[] = "ab Z:=,()[]\t\n\x01\xff"
                                "0x";
    unsigned k = rnd_below(s, 4);

    for (unsigned i = 0; i < k; i++) {
        size_t at = strlen(out);

        if (rnd_below(s, 8) == 0)
            snprintf(out + at, n - at, "%%%%");
        else
            snprintf(out + at, n - at, "%c", chars[rnd_below(s, sizeof(chars) - 1)]);
    }
}

/* A random flag string (any order, repeats allowed), width and precision. */
static void random_spec(uint64_t *s, char *out, size_t n, int prec_ok, const char *len,
                        char conv)
{
    size_t at = strlen(out);
    int used;

    used = snprintf(out + at, n - at, "%%");
    for (unsigned k = rnd_below(s, 4); k; k--)
        used += snprintf(out + at + (size_t)used, n - at - (size_t)used, "%c",
                         "-0#+ "[rnd_below(s, 5)]);
    if (rnd_below(s, 2))
        used += snprintf(out + at + (size_t)used, n - at - (size_t)used, "%u",
                         rnd_below(s, 8) ? 1 + rnd_below(s, 30)
                                         : 1 + rnd_below(s, SIM_FMT_MAX_FIELD));
    if (prec_ok && rnd_below(s, 2)) {
        if (rnd_below(s, 6) == 0)
            used += snprintf(out + at + (size_t)used, n - at - (size_t)used, ".");
        else
            used += snprintf(out + at + (size_t)used, n - at - (size_t)used, ".%u",
                             rnd_below(s, 8) ? rnd_below(s, 30)
                                             : rnd_below(s, SIM_FMT_MAX_FIELD + 1));
    }
    snprintf(out + at + (size_t)used, n - at - (size_t)used, "%s%c", len, conv);
}

/* A random argument: an edge value, or random bits of a random magnitude. */
static uint64_t random_value(uint64_t *s)
{
    if (rnd_below(s, 4) == 0)
        return edge(rnd_below(s, NR_EDGE));
    return rnd(s) >> rnd_below(s, 64);
}

/* One random format of 0 to 4 conversions of one argument class, with its arguments. */
static void random_case(uint64_t *s, const char *long_str)
{
    const char *strs[] = {NULL, "", "x", "hello world", long_str};
    unsigned cls = rnd_below(s, 2 * NR_LENGTHS + 3), nconv = rnd_below(s, 5);
    const char *len = cls < 2 * NR_LENGTHS ? length(cls / 2) : "";
    const char *convs = cls < 2 * NR_LENGTHS ? (cls % 2 ? "di" : "uxXo") : NULL;
    size_t small = 2 + rnd_below(s, 15);
    char fmt[256] = "";
    uint64_t v[4];

    for (unsigned i = 0; i < nconv; i++) {
        random_text(s, fmt, sizeof(fmt));
        if (convs)
            random_spec(s, fmt, sizeof(fmt), 1, len,
                        convs[rnd_below(s, (unsigned)strlen(convs))]);
        else
            random_spec(s, fmt, sizeof(fmt), cls != 2 * NR_LENGTHS, "",
                        "csp"[cls - 2 * NR_LENGTHS]);
    }
    random_text(s, fmt, sizeof(fmt));
    for (size_t i = 0; i < 4; i++)
        v[i] = random_value(s);
    if (convs)
        direct_int(small, fmt, len, cls % 2, v);
    else if (cls == 2 * NR_LENGTHS)
        direct(small, fmt, (int)v[0], (int)v[1], (int)v[2], (int)v[3]);
    else if (cls == 2 * NR_LENGTHS + 1)
        direct(small, fmt, strs[v[0] % 5], strs[v[1] % 5], strs[v[2] % 5],
               strs[v[3] % 5]);
    else
        direct(small, fmt, (void *)(uintptr_t)(v[0] % 3 ? v[0] : 0),
               (void *)(uintptr_t)v[1], (void *)(uintptr_t)(v[2] % 7), (void *)&s);
}

/* Thousands of formats of the supported grammar from a fixed seed. */
static void fmt_random_formats(void **state)
{
    uint64_t s = 0x9e3779b97f4a7c15u;
    char long_str[BIG + 100];

    (void)state;
    memset(long_str, 'q', sizeof(long_str) - 1);
    long_str[sizeof(long_str) - 1] = '\0';
    for (unsigned i = 0; i < 40000; i++)
        random_case(&s, long_str);
}

/* The formats gntsim prints (src/), and mixed argument types. */
static void fmt_fixed_formats(void **state)
{
    const char *empty = "";

    (void)state;
    direct(9, empty); /* not a literal: gcc refuses an empty format string */
    direct(9, "plain text, no conversion");
    direct(9, "100%% sure, %%d is not a conversion");
    direct(40,
           "smmu: %s: Unhandled context fault: fsr=0x%x, iova=0x%08" PRIx64
           ", fsynr=0x%x, cb=%d",
           "/smmu@fd800000", 0x402u, (uint64_t)0x8424cb148, 0x1u, 0);
    direct(9, "(XEN) %s", "d0v0 grant table op: bad ref");
    direct(9, "[d%u] %s", 0u, "macb ff0b0000.ethernet eth0: DMA bus error: HRESP not OK");
    direct(9, "(XEN) printk: %u messages suppressed.", 12345u);
    direct(9, "no domain %u", 65535u);
    direct(9, "%s:%d: %-10s|%5.2s|%c%c", "file.gsc", 42, "step", "abc", 'o', 'k');
    direct(9, "%d %u %x %X %o %c %s %p %%", INT_MIN, UINT_MAX, 0x402u, 0xdeadu, 8u, 'z',
           "s", (void *)0x402);
    direct(9, "%lld %llu %llx %zu %zx %jd %td %hhd %hu", LLONG_MIN, ULLONG_MAX,
           ULLONG_MAX, (size_t)SIZE_MAX, (size_t)0, (intmax_t)INTMAX_MIN, (ptrdiff_t)-1,
           (signed char)-128, (unsigned short)65535);
    direct(9, "%08x %-8d| %+d % d %#o %#x %#X %.0d %.0x %#.0o", 0x402u, -1, 0, 0, 0u, 0u,
           255u, 0, 0u, 0u);
    direct(9, "%p %p %20p %-20p|", NULL, (void *)&state, NULL, (void *)1);
    direct(9, "%s|%.3s|%10s|%-10.2s|", "", "abcd", "x", "xyz"); /* NULL: every_text */
}

/* More conversions than a scan records (16): the rest are parsed again. */
static void fmt_many_conversions(void **state)
{
    char fmt[128] = "";

    (void)state;
    direct(9, "%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
           13, 14, 15, 16);
    direct(9, "%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d|", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
           13, 14, 15, 16);
    direct(21, "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %x %-3s|%05u %c.", -1, -2,
           -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16, 0x402u, "s", 7u,
           'z');
    for (unsigned i = 0; i < 20; i++) {
        strcat(fmt, "%%"); /* each "%%" counts as a conversion */
        direct(5, fmt);
    }
    strcat(fmt, "%s %+d");
    direct(30, fmt, "after", 42);
    fmt[0] = '\0';
    for (unsigned i = 0; i < 25; i++)
        strcat(fmt, "%%d"); /* "%%" then a literal d */
    direct(9, fmt);
    fallback(strcat(fmt, "%*d"), 4, 2); /* a late '*': every argument from the start */
}

/* Fields wider than the buffers, and formats longer than them. */
static void fmt_truncation(void **state)
{
    char longfmt[BIG * 2];

    (void)state;
    memset(longfmt, 'f', sizeof(longfmt) - 1);
    longfmt[sizeof(longfmt) - 1] = '\0';
    direct(BIG - 1, longfmt);
    direct(BIG, longfmt);
    direct(3, "%s|%s", longfmt, longfmt);
}

/* '*' widths and precisions, floating point, wide characters, positional arguments. */
static void fmt_fallback_formats(void **state)
{
    const char *odd[] = {"%5%",       "trailing %", "%y",      "%.3c",
                         "%'d",       "%I5d",       "%70000d", "%.70000d",
                         "%m %5d %c", "%256d",      "%.256u",  "%-256c"};
    const char *odd64[] = {"%Ld", "%qd", "%lp", "%Lx"}; /* read a 64-bit integer */

    (void)state;
    fallback("%*d", 8, -5);
    fallback("%-*d|", 8, 42);
    fallback("%*d", -8, 42);
    fallback("%.*d", 5, 3);
    fallback("%f", 3.25);
    fallback("%.3f %e %g %a", 1.0 / 3, 1e300, 0.1, 2.0);
    fallback("%.*s", 3, "abcdef");
    fallback("%s %*d %s", "before", 6, 7, "after"); /* every argument from the start */
    fallback("%d %.*s %d", 1, 2, "xyz", 3);
    fallback("%lc|%ls", (wint_t)L'w', L"wide");
    fallback("%2$s %1$d", 5, "second");
    fallback("%Lf", 1.5L);
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        assert_false(sim_fmt_direct(odd[i]));
        fallback(odd[i], 'c', 'd', 'e');
    }
    for (size_t i = 0; i < sizeof(odd64) / sizeof(odd64[0]); i++) {
        assert_false(sim_fmt_direct(odd64[i]));
        fallback(odd64[i], 0x402LL);
    }
}

/* The C contract: a NULL buffer of size 0, and sim_fmt() itself. */
static void fmt_contract(void **state)
{
    char a[16];

    (void)state;
    assert_int_equal(sim_fmt(NULL, 0, "%d-%s", 12345, "abc"), 9);
    memset(a, 'x', sizeof(a));
    assert_int_equal(sim_fmt(a, 4, "%d-%s", 12345, "abc"), 9);
    assert_memory_equal(a, "123\0xxxxxxxxxxxx", sizeof(a));
    assert_int_equal(sim_fmt(a, sizeof(a), "%#x|%p", 0x402u, NULL), 11);
    assert_string_equal(a, "0x402|(nil)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fmt_fixed_formats),      cmocka_unit_test(fmt_contract),
        cmocka_unit_test(fmt_truncation),         cmocka_unit_test(fmt_many_conversions),
        cmocka_unit_test(fmt_fallback_formats),   cmocka_unit_test(fmt_every_text_spec),
        cmocka_unit_test(fmt_every_integer_spec), cmocka_unit_test(fmt_random_formats),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
