/* SPDX-License-Identifier: MIT */
/*
 * What an SMMUv2 context fault means and what to check. Bit meanings from
 * the Arm SMMU architecture (IHI 0062) as Linux arm-smmu.h names them:
 * CB_FSR TF[1] AFF[2] PF[3] EF[4] TLBMCF[5] TLBLKF[6] ASF[7] UUT[8] FORMAT[10:9]
 * SS[30] MULTI[31]; CB_FSYNR0 PLVL[1:0] WNR[4] PNU[5] IND[6] NSATTR[8] PTWF[10]
 * AFR[11] S1CBNDX[23:16].
 */
#include <stdio.h>

#include "decode/decode_int.h"

static const char *decode_class(const struct gntsim_smmu_decoded *d)
{
    if (!d->has_fsr)
        return "unknown (no fsr=)";
    return d->tf               ? "translation"
           : d->pf             ? "permission"
           : d->aff            ? "access flag"
           : d->ef             ? "external"
           : d->tlbmcf         ? "TLB match conflict"
           : d->tlblkf         ? "TLB lock"
           : d->asf            ? "address size"
           : d->uut            ? "unsupported upstream transaction"
           : d->ss || d->multi ? "no fault type recorded"
                               : "no fault recorded";
}

/* "read", "write", or "access" when the line had no fsynr=. */
static const char *decode_rw(const struct gntsim_smmu_decoded *d)
{
    return !d->has_fsynr0 ? "access" : d->write ? "write" : "read";
}

/* "a read; walk stopped at level 1", or what the line did not say (no fsynr=). */
static const char *decode_where(const struct gntsim_smmu_decoded *d, char *buf,
                                size_t len)
{
    if (!d->has_fsynr0)
        return "no fsynr=: read or write and the walk level unknown";
    snprintf(buf, len, "a %s; walk stopped at level %u", decode_rw(d), d->plvl);
    return buf;
}

static void decode_hint_tf(struct gntsim_smmu_decoded *d, unsigned long long ipa)
{
    char where[64];

    if (d->source == GNTSIM_SMMU_LINUX)
        snprintf(d->hint, sizeof(d->hint),
                 "no valid descriptor for iova %#llx (%s): the device used an address "
                 "not mapped in its IOMMU domain (never dma_map'ed, or used after "
                 "dma_unmap)",
                 (unsigned long long)d->iova, decode_where(d, where, sizeof(where)));
    else
        snprintf(d->hint, sizeof(d->hint),
                 "no stage-2 entry at IPA %#llx (%s): if this is a foreign frame, the "
                 "1:1 grant mapping (gnttab_need_iommu_mapping) is missing, see Xen "
                 "91d4eca7ad / 04085ec1ac",
                 ipa, decode_where(d, where, sizeof(where)));
}

/*
 * The permission a mapping lacks follows the access: WNR=1 write, 0 read, IND
 * fetch. Linux dma-iommu.c dma_info_to_prot: DMA_TO_DEVICE maps IOMMU_READ
 * only, DMA_FROM_DEVICE IOMMU_WRITE only.
 */
static void decode_hint_pf(struct gntsim_smmu_decoded *d, unsigned long long ipa)
{
    bool lx = d->source == GNTSIM_SMMU_LINUX;

    if (!d->has_fsynr0)
        snprintf(d->hint, sizeof(d->hint),
                 "the descriptor for %#llx does not allow this access (give fsynr= to "
                 "know whether it was a read or a write)",
                 ipa);
    else if (d->ind)
        snprintf(d->hint, sizeof(d->hint),
                 "an instruction fetch by the device from %#llx, mapped execute-never "
                 "(XN)",
                 ipa);
    else if (d->write)
        snprintf(d->hint, sizeof(d->hint),
                 "the descriptor for %#llx does not allow a write: %s written by the "
                 "device?",
                 ipa,
                 lx ? "a buffer mapped DMA_TO_DEVICE (read-only)"
                    : "a read-only grant or iommu mapping (S2AP, p2m_*_ro)");
    else
        snprintf(d->hint, sizeof(d->hint),
                 "the descriptor for %#llx does not allow a read: a read of a page "
                 "mapped with no read permission (%s)",
                 ipa,
                 lx ? "a buffer mapped DMA_FROM_DEVICE gives the device no read access"
                    : "S2AP without read, e.g. a p2m_access that removes read");
}

/* The classes without an address-specific hint. */
static const char *decode_hint_text(const struct gntsim_smmu_decoded *d)
{
    if (d->ef)
        return d->ptwf ? "the table walk got an external abort (bus error): check the "
                         "context bank's TTBR and that the tables are in memory"
                       : "an external abort on the access: the slave or interconnect "
                         "returned a bus error";
    if (d->tlblkf)
        return "a TLB lockdown fault (implementation defined)";
    if (d->asf)
        return "the address is beyond the context bank's input or output size (T0SZ, PS)";
    if (d->uut)
        return "the device issued a transaction type the SMMU does not support";
    if (d->ss || d->multi)
        return "FSR has only SS/MULTI set: no fault type bit ([8:1]) is recorded";
    return "FSR records no fault (bits [8:1], [30] and [31] clear): Xen and Linux print "
           "this line only for a fault, so check the copied value";
}

static void decode_hint_other(struct gntsim_smmu_decoded *d, unsigned long long ipa)
{
    if (d->aff)
        snprintf(d->hint, sizeof(d->hint),
                 "access flag clear in the level-%u descriptor for %#llx", d->plvl, ipa);
    else if (d->tlbmcf)
        snprintf(d->hint, sizeof(d->hint),
                 "two TLB entries match %#llx: a mapping was changed (e.g. a block "
                 "split) without the TLB invalidation",
                 ipa);
    else
        snprintf(d->hint, sizeof(d->hint), "%s", decode_hint_text(d));
}

void decode_hint(struct gntsim_smmu_decoded *d)
{
    unsigned long long ipa = (unsigned long long)d->frame << 12;

    d->fault_class = decode_class(d);
    if (!d->has_fsr)
        snprintf(d->hint, sizeof(d->hint),
                 "this line has no fsr= (Xen before 4.12, Linux before 4.14): the fault "
                 "type is unknown; a %s at %#llx",
                 decode_rw(d), ipa);
    else if (d->tf)
        decode_hint_tf(d, ipa);
    else if (d->pf)
        decode_hint_pf(d, ipa);
    else
        decode_hint_other(d, ipa);
}
