/* SPDX-License-Identifier: MIT */
/*
 * Decode an SMMUv2 context-fault line. Formats (facts only, no code, taken):
 * - Xen smmu.c arm_smmu_context_fault: "Unhandled context fault: fsr=0x%x,
 *   iova=0x%08lx, fsynr=0x%x, cb=%d" since ce75973a27 (4.12; "iova=, fsynr=,
 *   cb=" before), behind dev_print's "smmu: %s: " (a DT path, or a PCI SBDF
 *   since ca8f6ffeb6) and the console's "(XEN) " and console_timestamps=
 *   "[...] " (console.c printk_start_of_line).
 * - Linux arm-smmu.c arm_smmu_context_fault: the same fields, with
 *   "cbfrsynra=0x%x, " before cb= since the 2019 iommu pull ("iommu/arm-smmu: Log
 *   CBFRSYNRA register on context fault"), behind "arm-smmu <dev>: " and
 *   the kernel's "[   12.345678] ".
 * Field names from Linux arm-smmu.h (ARM_SMMU_CB_FSR_*, ARM_SMMU_CB_FSYNR0_*).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode_int.h"
#include "hw/smmu/smmu.h"

#define DECODE_MARK "Unhandled context fault:"

enum { K_FSR, K_IOVA, K_FSYNR, K_CB, K_CBFRSYNRA, K_NR };

static int decode_fail(char *err, size_t errlen, const char *what, const char *tok,
                       size_t toklen)
{
    char q[300];

    decode_quote(q, sizeof(q), tok, toklen);
    if (err && errlen)
        snprintf(err, errlen, "%s '%s'", what, q);
    return -EINVAL;
}

void decode_source(const char *s, const char *m, struct gntsim_smmu_decoded *d)
{
    const char *p = memmem(s, (size_t)(m - s), "arm-smmu ", 9);
    const char *end = m;

    d->source = p ? GNTSIM_SMMU_LINUX : GNTSIM_SMMU_FIELDS;
    if (p)
        p += 9;
    else if ((p = memmem(s, (size_t)(m - s), "smmu: ", 6)) != NULL) {
        d->source = GNTSIM_SMMU_XEN;
        p += 6;
    }
    if (!p)
        return;
    while (end > p && (end[-1] == ' ' || end[-1] == ':' || end[-1] == '\t'))
        end--;
    snprintf(d->smmu_path, sizeof(d->smmu_path), "%.*s", (int)(end - p), p);
    decode_printable(d->smmu_path);
}

/* Skip the timestamps and the "... Unhandled context fault:" prefix; *@named if there. */
static const char *decode_prefixes(const char *s, struct gntsim_smmu_decoded *d,
                                   bool *named)
{
    const char *m = strstr(s, DECODE_MARK);

    s = decode_strip(s);
    if (!strncmp(s, "(XEN)", 5))
        d->source = GNTSIM_SMMU_XEN;
    *named = m != NULL;
    if (!m)
        return s;
    decode_source(s, m, d);
    return m + strlen(DECODE_MARK);
}

static void decode_store(struct gntsim_smmu_decoded *d, unsigned k, uint64_t v)
{
    if (k == K_FSR)
        d->fsr = (uint32_t)v;
    else if (k == K_IOVA)
        d->iova = v;
    else if (k == K_FSYNR)
        d->fsynr0 = (uint32_t)v;
    else if (k == K_CB)
        d->cb = (int)v;
    else
        d->cbfrsynra = (uint32_t)v;
}

/* One "key=value" token of length @n at @t. */
static int decode_token(const char *t, size_t n, struct gntsim_smmu_decoded *d,
                        unsigned *seen, char *err, size_t errlen)
{
    static const char *const keys[K_NR] = {
        "fsr=", "iova=", "fsynr=", "cb=", "cbfrsynra="};
    uint64_t v;
    size_t kl = 0;
    unsigned k = 0;

    while (k < K_NR && (n < (kl = strlen(keys[k])) || strncmp(t, keys[k], kl)))
        k++;
    if (k == K_NR)
        return decode_fail(err, errlen, "unknown field", t, n);
    if (decode_number(t + kl, n - kl, k == K_CB,
                      k == K_IOVA ? UINT64_MAX
                      : k == K_CB ? 255
                                  : UINT32_MAX,
                      &v))
        return decode_fail(err, errlen,
                           k == K_CB ? "bad value (decimal) in" : "bad value (hex) in", t,
                           n);
    if (*seen & (1u << k))
        return decode_fail(err, errlen, "repeated field", t, n);
    *seen |= 1u << k;
    decode_store(d, k, v);
    return 0;
}

static void decode_fields(struct gntsim_smmu_decoded *d)
{
    uint32_t f = d->fsr, y = d->fsynr0;

    d->multi = f & SMMU_FSR_MULTI;
    d->ss = f & SMMU_FSR_SS;
    d->format = (f >> SMMU_FSR_FORMAT_SHIFT) & 3;
    d->uut = f & SMMU_FSR_UUT;
    d->asf = f & SMMU_FSR_ASF;
    d->tlblkf = f & SMMU_FSR_TLBLKF;
    d->tlbmcf = f & SMMU_FSR_TLBMCF;
    d->ef = f & SMMU_FSR_EF;
    d->pf = f & SMMU_FSR_PF;
    d->aff = f & SMMU_FSR_AFF;
    d->tf = f & SMMU_FSR_TF;
    d->plvl = y & SMMU_FSYNR0_PLVL_MASK;
    d->wnr = y & SMMU_FSYNR0_WNR;
    d->pnu = y & SMMU_FSYNR0_PNU;
    d->ind = y & SMMU_FSYNR0_IND;
    d->nsattr = y & SMMU_FSYNR0_NSATTR;
    d->ptwf = y & SMMU_FSYNR0_PTWF;
    d->afr = y & SMMU_FSYNR0_AFR;
    d->s1cbndx = (y >> SMMU_FSYNR0_S1CBNDX_SHIFT) & 0xff;
    d->frame = d->iova >> 12;
    d->offset = d->iova & 0xfff;
    d->write = d->wnr;
}

/* The key=value tokens from @s on; returns 0 with the set of keys seen in *@seen. */
static int decode_tokens(const char *s, struct gntsim_smmu_decoded *d, unsigned *seen,
                         char *err, size_t errlen)
{
    static const char sep[] = " ,\t\r\n";

    for (;;) {
        size_t n;
        int rc;

        s += strspn(s, sep);
        n = strcspn(s, sep);
        if (!n)
            return 0;
        rc = decode_token(s, n, d, seen, err, errlen);
        if (rc)
            return rc;
        s += n;
    }
}

int gntsim_smmu_decode(const char *line_or_fields, struct gntsim_smmu_decoded *out,
                       char *err, size_t errlen)
{
    const char *s;
    unsigned seen = 0;
    bool named;
    int rc;

    if (!line_or_fields || !out)
        return decode_fail(err, errlen, "missing input", "", 0);
    rc = decode_global(line_or_fields, out, err, errlen);
    if (rc <= 0)
        return rc;
    *out = (struct gntsim_smmu_decoded){.cb = -1};
    s = decode_prefixes(line_or_fields, out, &named);
    rc = decode_tokens(s, out, &seen, err, errlen);
    if (rc)
        return rc;
    if (!(seen & (1u << K_IOVA)) || (!named && !(seen & (1u << K_FSR))))
        return decode_fail(
            err, errlen, "missing field",
            seen & (1u << K_IOVA) ? "fsr=" : "iova=", seen & (1u << K_IOVA) ? 4 : 5);
    out->has_fsr = seen & (1u << K_FSR);
    out->has_fsynr0 = seen & (1u << K_FSYNR);
    out->has_cbfrsynra = seen & (1u << K_CBFRSYNRA);
    decode_fields(out);
    decode_hint(out);
    return 0;
}
