/* SPDX-License-Identifier: MIT */
/*
 * Decode an SMMUv2 context-fault report as Xen prints it (smmu.c
 * arm_smmu_context_fault: "Unhandled context fault: fsr=0x%x, iova=0x%08lx,
 * fsynr=0x%x, cb=%d"), with field names from Linux arm-smmu.h
 * (ARM_SMMU_CB_FSR_*, ARM_SMMU_CB_FSYNR0_*).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/gntsim.h"
#include "hw/smmu/smmu.h"

static int decode_fail(char *err, size_t errlen, const char *what, const char *tok,
                       size_t toklen)
{
    if (err && errlen)
        snprintf(err, errlen, "%s '%.*s'", what, (int)toklen, tok);
    return -EINVAL;
}

/* Skip the optional "(XEN) ", "smmu: <path>: " and "Unhandled context fault:". */
static const char *decode_prefixes(const char *s, struct gntsim_smmu_decoded *d)
{
    const char *p;

    s += strspn(s, " \t");
    if (!strncmp(s, "(XEN) ", 6))
        s += 6;
    if (!strncmp(s, "smmu: ", 6) && (p = strstr(s + 6, ": ")) != NULL) {
        snprintf(d->smmu_path, sizeof(d->smmu_path), "%.*s", (int)(p - (s + 6)), s + 6);
        s = p + 2;
    }
    if (!strncmp(s, "Unhandled context fault:", 24))
        s += 24;
    return s;
}

/* One "key=value" token of length @n at @t. */
static int decode_token(const char *t, size_t n, struct gntsim_smmu_decoded *d,
                        unsigned *seen, char *err, size_t errlen)
{
    static const char *const keys[] = {"fsr=", "iova=", "fsynr=", "cb="};
    char num[32], *end;
    unsigned long long v;
    unsigned k = 0;

    while (k < 4 && strncmp(t, keys[k], strlen(keys[k])))
        k++;
    if (k == 4 || n - strlen(keys[k]) >= sizeof(num) || n == strlen(keys[k]))
        return decode_fail(err, errlen, k == 4 ? "unknown field" : "bad value in", t, n);
    snprintf(num, sizeof(num), "%.*s", (int)(n - strlen(keys[k])), t + strlen(keys[k]));
    errno = 0;
    v = strtoull(num, &end, k == 3 ? 10 : 0);
    if (*end || errno || num[0] == '-' || (k != 1 && v > UINT32_MAX) ||
        (k == 3 && v > 255))
        return decode_fail(err, errlen, "bad value in", t, n);
    if (*seen & (1u << k))
        return decode_fail(err, errlen, "repeated field", t, n);
    *seen |= 1u << k;
    if (k == 0)
        d->fsr = (uint32_t)v;
    else if (k == 1)
        d->iova = v;
    else if (k == 2)
        d->fsynr0 = (uint32_t)v;
    else
        d->cb = (int)v;
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

static void decode_hint(struct gntsim_smmu_decoded *d)
{
    unsigned long long ipa = (unsigned long long)d->frame << 12;
    const char *rw = d->write ? "write" : "read";

    d->fault_class = d->tf               ? "translation"
                     : d->pf             ? "permission"
                     : d->aff            ? "access flag"
                     : d->ef             ? "external abort"
                     : d->tlbmcf         ? "TLB match conflict"
                     : d->tlblkf         ? "TLB lock"
                     : d->asf            ? "address size"
                     : d->uut            ? "unsupported upstream transaction"
                     : d->ss || d->multi ? "other"
                                         : "none";
    if (d->tf)
        snprintf(d->hint, sizeof(d->hint),
                 "no stage-2 entry at IPA %#llx (%s; walk stopped at level %u): if this "
                 "is a foreign frame, the 1:1 grant mapping (gnttab_need_iommu_mapping) "
                 "is missing, see Xen 91d4eca7ad / 04085ec1ac",
                 ipa, rw, d->plvl);
    else if (d->pf)
        snprintf(d->hint, sizeof(d->hint),
                 "stage-2 entry at IPA %#llx does not allow a %s (S2AP): a read-only "
                 "grant or iommu mapping (p2m_*_ro) written by the device?",
                 ipa, rw);
    else if (d->aff)
        snprintf(d->hint, sizeof(d->hint),
                 "access flag clear in the level-%u descriptor for IPA %#llx", d->plvl,
                 ipa);
    else if (d->ef)
        snprintf(d->hint, sizeof(d->hint),
                 "external abort%s: check the context bank's TTBR and the table frames",
                 d->ptwf ? " on the table walk" : "");
    else
        snprintf(d->hint, sizeof(d->hint), "see the SMMUv2 architecture for these bits");
}

int gntsim_smmu_decode(const char *line_or_fields, struct gntsim_smmu_decoded *out,
                       char *err, size_t errlen)
{
    const char *s;
    unsigned seen = 0;

    if (!line_or_fields || !out)
        return decode_fail(err, errlen, "missing input", "", 0);
    *out = (struct gntsim_smmu_decoded){.cb = -1};
    s = decode_prefixes(line_or_fields, out);
    while (*s) {
        size_t n;
        int rc;

        s += strspn(s, " ,\t\n");
        n = strcspn(s, " ,\t\n");
        if (!n)
            break;
        rc = decode_token(s, n, out, &seen, err, errlen);
        if (rc)
            return rc;
        s += n;
    }
    if ((seen & 3) != 3)
        return decode_fail(err, errlen, "missing field", seen & 1 ? "iova=" : "fsr=", 5);
    decode_fields(out);
    decode_hint(out);
    return 0;
}
