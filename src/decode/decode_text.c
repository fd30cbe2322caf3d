/* SPDX-License-Identifier: MIT */
/* Text helpers of the SMMU fault decoders: log prefixes, numbers, quoting. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode_int.h"

/*
 * "(XEN)" (console.c CONSOLE_PREFIX), then any "[...]" stamps: Xen's
 * console_timestamps= "[%5lu.%06lu]", "[YYYY-MM-DD HH:MM:SS(.mmm)]",
 * "[%016lx]" (console.c printk_start_of_line); Linux's "[%5lu.%06lu]" and
 * CONFIG_PRINTK_CALLER's "[  T123]" / "[  C1]".
 */
const char *decode_strip(const char *s)
{
    for (;;) {
        size_t n;

        s += strspn(s, " \t");
        if (!strncmp(s, "(XEN)", 5)) {
            s += 5;
            continue;
        }
        if (*s != '[')
            return s;
        n = strspn(s + 1, "0123456789abcdefABCDEF .:-TC");
        if (s[1 + n] != ']')
            return s;
        s += n + 2;
    }
}

void decode_quote(char *dst, size_t dstlen, const char *t, size_t n)
{
    size_t o = 0, i;

    if (!dstlen)
        return;
    dst[0] = '\0';
    for (i = 0; i < n && i < 64 && o + 5 < dstlen; i++) {
        unsigned char c = (unsigned char)t[i];

        if (c >= 0x20 && c < 0x7f)
            dst[o++] = (char)c;
        else
            o += (size_t)snprintf(dst + o, dstlen - o, "\\x%02x", c);
    }
    if (i < n && o + 4 < dstlen)
        o += (size_t)snprintf(dst + o, dstlen - o, "...");
    dst[o < dstlen ? o : dstlen - 1] = '\0';
}

void decode_printable(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            *s = '?';
}

static int decode_digit(char c, bool dec)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (dec)
        return -1;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int decode_number(const char *t, size_t n, bool dec, uint64_t max, uint64_t *v)
{
    const uint64_t base = dec ? 10 : 16;
    uint64_t x = 0;

    if (!dec && n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        t += 2;
        n -= 2;
    }
    if (!n)
        return -EINVAL;
    for (size_t i = 0; i < n; i++) {
        int d = decode_digit(t[i], dec);

        if (d < 0 || x > (max - (uint64_t)d) / base)
            return -EINVAL;
        x = x * base + (uint64_t)d;
    }
    *v = x;
    return 0;
}
