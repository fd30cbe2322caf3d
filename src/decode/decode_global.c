/* SPDX-License-Identifier: MIT */
/*
 * Decode an SMMUv2 global fault. Formats (facts only, no code, taken):
 * - Xen smmu.c and Linux arm-smmu.c arm_smmu_global_fault print
 *   "Unexpected global fault, this could be serious" then "\tGFSR 0x%08x,
 *   GFSYNR0 0x%08x, GFSYNR1 0x%08x, GFSYNR2 0x%08x", behind Xen's "smmu: %s: "
 *   or Linux's "arm-smmu <dev>: "; both return early when GFSR is 0.
 * - Linux since "iommu/arm-smmu: Report USF more clearly" (2019), with
 *   disable_bypass and USF set, prints "Blocked unknown Stream ID 0x%hx; boot
 *   with \"arm-smmu.disable_bypass=0\" ..." ((u16)gfsynr1) instead of the
 *   first line; the GFSR line still follows.
 * Bits (Arm IHI 0062; Linux arm-smmu.h ARM_SMMU_sGFSR_USF = BIT(1)):
 * SMMU_sGFSR ICF[0] USF[1] SMCF[2] UCBF[3] UCIF[4] CAF[5] EF[6] PF[7] UUT[8]
 * MULTI[31]; SMMU_sGFSYNR0 Nested[0] WNR[1] PNU[2] IND[3] NSSTATE[4]
 * NSATTR[5]; SMMU_sGFSYNR1 StreamID[15:0] (SSD index above on some parts).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode_int.h"

#define GF_HEADER  "Unexpected global fault, this could be serious"
#define GF_BLOCKED "Blocked unknown Stream ID "

static bool gf_bit(uint32_t v, unsigned bit)
{
    return (v >> bit) & 1u;
}

static void gf_fields(struct gntsim_smmu_gfault *g)
{
    uint32_t f = g->gfsr, y = g->gfsynr0;

    g->icf = gf_bit(f, 0);
    g->usf = gf_bit(f, 1) || (!g->has_regs && g->blocked);
    g->smcf = gf_bit(f, 2);
    g->ucbf = gf_bit(f, 3);
    g->ucif = gf_bit(f, 4);
    g->caf = gf_bit(f, 5);
    g->ef = gf_bit(f, 6);
    g->pf = gf_bit(f, 7);
    g->uut = gf_bit(f, 8);
    g->multi = gf_bit(f, 31);
    g->nested = gf_bit(y, 0);
    g->wnr = gf_bit(y, 1);
    g->pnu = gf_bit(y, 2);
    g->ind = gf_bit(y, 3);
    g->nsstate = gf_bit(y, 4);
    g->nsattr = gf_bit(y, 5);
    if (g->has_regs) {
        g->has_sid = true;
        g->sid = g->gfsynr1 & 0xffff;
        g->ssd = g->gfsynr1 >> 16;
    }
}

static const char *gf_class(const struct gntsim_smmu_gfault *g)
{
    if (!g->has_regs && !g->blocked)
        return "unknown (no GFSR line)";
    return g->usf     ? "unidentified stream"
           : g->smcf  ? "stream match conflict"
           : g->ucbf  ? "unimplemented context bank"
           : g->ucif  ? "unimplemented context interrupt"
           : g->caf   ? "configuration access"
           : g->icf   ? "invalid context"
           : g->ef    ? "external"
           : g->pf    ? "permission"
           : g->uut   ? "unsupported upstream transaction"
           : g->multi ? "no fault type recorded"
                      : "no fault recorded";
}

/* The classes whose hint names no StreamID. */
static const char *gf_hint_text(const struct gntsim_smmu_gfault *g)
{
    if (!g->has_regs)
        return "the GFSR line Xen and Linux print after this one is not in the log "
               "(rate-limited or cut): paste it to know the fault and the StreamID";
    if (g->ucbf)
        return "a stream is mapped to a context bank this SMMU does not implement: "
               "check the driver's context bank numbers";
    if (g->ucif)
        return "a context bank uses an interrupt this SMMU does not implement";
    if (g->caf)
        return "a configuration access fault: a disallowed access to the SMMU's "
               "registers";
    if (g->icf)
        return "a stream is mapped to an invalid context: check its stream-to-context "
               "setup";
    if (g->ef)
        return "an external abort (bus error) on a transaction outside any context bank";
    if (g->pf)
        return "a permission fault on a transaction outside any context bank";
    if (g->uut)
        return "the device issued a transaction type the SMMU does not support";
    if (g->multi)
        return "GFSR has only MULTI set: no fault type bit ([8:0]) is recorded";
    return "GFSR records no fault: Xen and Linux print these lines only when it is "
           "nonzero, so check the copied value";
}

static void gf_hint(struct gntsim_smmu_decoded *d)
{
    const struct gntsim_smmu_gfault *g = &d->gf;

    if (g->usf)
        snprintf(d->hint, sizeof(d->hint),
                 "stream ID 0x%x matches no SMR: the device is missing from the SMMU's "
                 "masters (DT iommus / mmu-masters) or was not assigned to a domain; "
                 "Xen: the device is not behind this SMMU in dom0's DT or not passed "
                 "through",
                 g->sid);
    else if (g->smcf)
        snprintf(d->hint, sizeof(d->hint),
                 "two SMRs match the stream: two devices share a stream id or an SMR "
                 "was programmed twice (stream ID 0x%x)",
                 g->sid);
    else
        snprintf(d->hint, sizeof(d->hint), "%s", gf_hint_text(g));
}

/* Fill the bits, class and hint of @d from its raw registers. */
static void gf_decode(struct gntsim_smmu_decoded *d)
{
    gf_fields(&d->gf);
    d->fault_class = gf_class(&d->gf);
    gf_hint(d);
}

static int gf_fail(char *err, size_t errlen, const char *what, const char *t, size_t n)
{
    char q[300];

    decode_quote(q, sizeof(q), t, n);
    if (err && errlen)
        snprintf(err, errlen, "GFSR line: %s '%s'", what, q);
    return -EINVAL;
}

/* "GFSR v, GFSYNR0 v, GFSYNR1 v, GFSYNR2 v" from @s on, into @g. */
static int gf_regs(const char *s, struct gntsim_smmu_gfault *g, char *err, size_t errlen)
{
    static const char *const keys[] = {"GFSR", "GFSYNR0", "GFSYNR1", "GFSYNR2"};
    static const char sep[] = " ,\t\r\n";
    uint32_t *regs[] = {&g->gfsr, &g->gfsynr0, &g->gfsynr1, &g->gfsynr2};

    for (unsigned k = 0; k < 8; k++) {
        const char *want = keys[k / 2];
        size_t n;
        uint64_t v;

        s += strspn(s, sep);
        n = strcspn(s, sep);
        if (!n)
            return gf_fail(err, errlen, k & 1 ? "no value after" : "missing", want,
                           strlen(want));
        if (!(k & 1) && (n != strlen(want) || strncmp(s, want, n)))
            return gf_fail(err, errlen, "expected a register name, got", s, n);
        if ((k & 1) && decode_number(s, n, false, UINT32_MAX, &v))
            return gf_fail(err, errlen, "bad value (hex) in", s, n);
        if (k & 1)
            *regs[k / 2] = (uint32_t)v;
        s += n;
    }
    s += strspn(s, sep);
    if (*s)
        return gf_fail(err, errlen, "unexpected text", s, strcspn(s, sep));
    g->has_regs = true;
    return 0;
}

/* The word "GFSR" followed by a hex digit in @l (not "sGFSR"), or NULL. */
static const char *gf_find_regs(const char *l)
{
    for (const char *p = strstr(l, "GFSR "); p; p = strstr(p + 1, "GFSR ")) {
        const char *v = p + 5 + strspn(p + 5, " \t");
        int c = (unsigned char)*v;

        if ((p == l || strchr(" \t:", p[-1])) &&
            ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return p;
    }
    return NULL;
}

/* Linux's "Blocked unknown Stream ID 0x%hx;" at @m: the StreamID. */
static int gf_blocked(const char *m, struct gntsim_smmu_gfault *g, char *err,
                      size_t errlen)
{
    const char *t = m + strlen(GF_BLOCKED);
    size_t n = strcspn(t, "; \t\r\n");
    uint64_t v;

    if (decode_number(t, n, false, 0xffff, &v)) {
        char q[300];

        decode_quote(q, sizeof(q), t, n);
        if (err && errlen)
            snprintf(err, errlen, "Blocked unknown Stream ID: bad value (hex) '%s'", q);
        return -EINVAL;
    }
    g->blocked = g->has_sid = true;
    g->sid = (uint32_t)v;
    return 0;
}

int decode_global(const char *line, struct gntsim_smmu_decoded *d, char *err,
                  size_t errlen)
{
    const char *m, *s = decode_strip(line);
    struct gntsim_smmu_decoded g = {.cb = -1, .global = true};
    int rc;

    if ((m = strstr(line, GF_HEADER)) != NULL)
        rc = 0;
    else if ((m = strstr(line, GF_BLOCKED)) != NULL)
        rc = gf_blocked(m, &g.gf, err, errlen);
    else if ((m = gf_find_regs(line)) != NULL)
        rc = gf_regs(m, &g.gf, err, errlen);
    else
        return 1;
    if (rc)
        return rc;
    decode_source(s < m ? s : m, m, &g);
    if (g.source == GNTSIM_SMMU_FIELDS && memmem(line, (size_t)(m - line), "(XEN)", 5))
        g.source = GNTSIM_SMMU_XEN;
    gf_decode(&g);
    *d = g;
    return 0;
}

bool decode_global_merge(struct gntsim_smmu_decoded *hdr,
                         const struct gntsim_smmu_decoded *regs)
{
    struct gntsim_smmu_gfault *h = &hdr->gf;
    const struct gntsim_smmu_gfault *r = &regs->gf;

    if (h->has_regs || !r->has_regs || hdr->source != regs->source ||
        strcmp(hdr->smmu_path, regs->smmu_path) ||
        (h->blocked && h->sid != (r->gfsynr1 & 0xffff)))
        return false;
    h->gfsr = r->gfsr;
    h->gfsynr0 = r->gfsynr0;
    h->gfsynr1 = r->gfsynr1;
    h->gfsynr2 = r->gfsynr2;
    h->has_regs = true;
    gf_decode(hdr);
    return true;
}
