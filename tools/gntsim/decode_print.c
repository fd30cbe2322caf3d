/* SPDX-License-Identifier: MIT */
/*
 * `gntsim decode`: a decoded SMMUv2 context or global fault or SMMUv3 event,
 * explained.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"

struct decode_bit {
    const char *name, *bits, *meaning;
    bool set;
};

static void print_bits(const struct decode_bit *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("    %-8s %-8s %u%s%s\n", b[i].name, b[i].bits, b[i].set,
               b[i].set ? "  " : "", b[i].set ? b[i].meaning : "");
}

static void print_fsr(const struct gntsim_smmu_decoded *d)
{
    const struct decode_bit bits[] = {
        {"MULTI", "[31]", "more than one fault: these registers hold the first",
         d->multi},
        {"SS", "[30]", "stalled (stall mode): waits for a resume", d->ss},
        {"UUT", "[8]", "unsupported upstream transaction", d->uut},
        {"ASF", "[7]", "address size fault", d->asf},
        {"TLBLKF", "[6]", "TLB lock fault", d->tlblkf},
        {"TLBMCF", "[5]", "TLB match conflict", d->tlbmcf},
        {"EF", "[4]", "external fault (bus abort)", d->ef},
        {"PF", "[3]", "permission fault", d->pf},
        {"AFF", "[2]", "access flag fault", d->aff},
        {"TF", "[1]", "translation fault: no valid descriptor for the iova", d->tf},
    };

    if (!d->has_fsr) {
        printf("  CB_FSR    not in this line\n");
        return;
    }
    printf("  CB_FSR    0x%08" PRIx32 "\n", d->fsr);
    print_bits(bits, sizeof(bits) / sizeof(bits[0]));
    printf("    %-8s %-8s %u%s\n", "FORMAT", "[10:9]", d->format,
           d->format == 2 ? "  AArch64 (VMSAv8-64) descriptors" : "");
}

static void print_fsynr(const struct gntsim_smmu_decoded *d)
{
    const struct decode_bit bits[] = {
        {"WNR", "[4]", "a write", d->wnr},
        {"PNU", "[5]", "privileged", d->pnu},
        {"IND", "[6]", "instruction fetch", d->ind},
        {"NSATTR", "[8]", "non-secure", d->nsattr},
        {"PTWF", "[10]", "fault on the page-table walk itself", d->ptwf},
        {"AFR", "[11]", "asynchronous fault recorded", d->afr},
    };

    if (!d->has_fsynr0) {
        printf("  CB_FSYNR0 not in this line\n  access    unknown (read or write)\n");
        return;
    }
    printf("  CB_FSYNR0 0x%08" PRIx32 "\n", d->fsynr0);
    printf("    %-8s %-8s %u  walk stopped at level %u\n", "PLVL", "[1:0]", d->plvl,
           d->plvl);
    print_bits(bits, sizeof(bits) / sizeof(bits[0]));
    printf("    %-8s %-8s %#x\n", "S1CBNDX", "[23:16]", d->s1cbndx);
    printf("  access    %s\n", d->write ? "write" : "read");
}

static const char *print_who(const struct gntsim_smmu_decoded *d)
{
    return d->source == GNTSIM_SMMU_XEN     ? " (Xen)"
           : d->source == GNTSIM_SMMU_LINUX ? " (Linux)"
                                            : "";
}

static void print_v2(const struct gntsim_smmu_decoded *d)
{
    char cb[32] = "an unknown context bank";
    const char *rw = !d->has_fsynr0 ? "an access" : d->write ? "a write" : "a read";

    if (d->cb >= 0)
        snprintf(cb, sizeof(cb), "context bank %d", d->cb);
    if (!strcmp(d->fault_class, "no fault recorded"))
        printf("no fault recorded for iova %#" PRIx64 " in %s", d->iova, cb);
    else
        printf("%s fault on %s at frame %#" PRIx64 " offset %#" PRIx64 " in %s",
               d->fault_class, rw, d->frame, d->offset, cb);
    printf("%s%s%s\n", d->smmu_path[0] ? " of " : "", d->smmu_path, print_who(d));
    printf("  iova      %#" PRIx64 " = frame %#" PRIx64 " + offset %#" PRIx64 "\n",
           d->iova, d->frame, d->offset);
    print_fsr(d);
    print_fsynr(d);
    if (d->has_cbfrsynra)
        printf("  CBFRSYNRA 0x%08" PRIx32 "  StreamID [15:0] %#" PRIx32 "\n",
               d->cbfrsynra, d->cbfrsynra & 0xffff);
}

static void print_v3(const struct gntsim_smmu_decoded *d)
{
    static const char *const classes[] = {"CD fetch", "Stage 1 translation table fetch",
                                          "Input address caused fault", "Reserved"};
    const struct gntsim_smmu_event *e = &d->evt;

    printf("SMMUv3 event 0x%02x %s from StreamID %#" PRIx32 "%s%s%s\n", e->id, e->name,
           e->sid, d->smmu_path[0] ? " of " : "", d->smmu_path, print_who(d));
    printf("  dwords    0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64
           "\n",
           e->raw[0], e->raw[1], e->raw[2], e->raw[3]);
    printf("  SubstreamID %#" PRIx32 "%s\n", e->ssid, e->ssv ? "" : " (SSV=0: none)");
    printf("  InputAddr %#" PRIx64 "\n  RnW       %u  a %s\n", e->input_addr, e->rnw,
           e->rnw ? "read" : "write");
    printf("  PnU %u  InD %u  S2 %u  Stall %u  STAG %#x  CLASS %u (%s)\n", e->pnu, e->ind,
           e->s2, e->stall, e->stag, e->event_class, classes[e->event_class & 3]);
    if (e->s2)
        printf("  IPA       %#" PRIx64 "\n", e->ipa);
}

static void print_gfsr(const struct gntsim_smmu_gfault *g)
{
    const struct decode_bit bits[] = {
        {"MULTI", "[31]", "more than one fault: these registers hold the first",
         g->multi},
        {"UUT", "[8]", "unsupported upstream transaction", g->uut},
        {"PF", "[7]", "permission fault", g->pf},
        {"EF", "[6]", "external fault (bus abort)", g->ef},
        {"CAF", "[5]", "configuration access fault", g->caf},
        {"UCIF", "[4]", "unimplemented context interrupt fault", g->ucif},
        {"UCBF", "[3]", "unimplemented context bank fault", g->ucbf},
        {"SMCF", "[2]", "stream match conflict: more than one SMR matches", g->smcf},
        {"USF", "[1]", "unidentified stream: no SMR matches the StreamID", g->usf},
        {"ICF", "[0]", "invalid context fault", g->icf},
    };

    printf("  GFSR      0x%08" PRIx32 "\n", g->gfsr);
    print_bits(bits, sizeof(bits) / sizeof(bits[0]));
}

static void print_gfsynr(const struct gntsim_smmu_gfault *g)
{
    const struct decode_bit bits[] = {
        {"Nested", "[0]", "a nested (stage-2 within stage-1) fault", g->nested},
        {"WNR", "[1]", "a write", g->wnr},
        {"PNU", "[2]", "privileged", g->pnu},
        {"IND", "[3]", "instruction fetch", g->ind},
        {"NSSTATE", "[4]", "non-secure state", g->nsstate},
        {"NSATTR", "[5]", "non-secure", g->nsattr},
    };

    printf("  GFSYNR0   0x%08" PRIx32 "\n", g->gfsynr0);
    print_bits(bits, sizeof(bits) / sizeof(bits[0]));
    printf("  access    %s\n", g->wnr ? "write" : "read");
    printf("  GFSYNR1   0x%08" PRIx32 "  StreamID [15:0] 0x%" PRIx32 "  [31:16] 0x%x\n",
           g->gfsynr1, g->sid, g->ssd);
    printf("  GFSYNR2   0x%08" PRIx32 "\n", g->gfsynr2);
}

static void print_global(const struct gntsim_smmu_decoded *d)
{
    const struct gntsim_smmu_gfault *g = &d->gf;
    char sid[48] = "";

    if (g->has_sid)
        snprintf(sid, sizeof(sid), " from StreamID 0x%" PRIx32, g->sid);
    printf("global fault: %s%s%s%s%s\n", d->fault_class, sid,
           d->smmu_path[0] ? " of " : "", d->smmu_path, print_who(d));
    if (g->blocked)
        printf("  Linux blocked the access (disable_bypass): 'Blocked unknown Stream "
               "ID'\n");
    if (!g->has_regs) {
        printf("  GFSR      not in the log (no 'GFSR 0x..., GFSYNR0 ...' line)\n");
        return;
    }
    print_gfsr(g);
    print_gfsynr(g);
}

void decode_print(const struct gntsim_smmu_decoded *d)
{
    if (d->v3)
        print_v3(d);
    else if (d->global)
        print_global(d);
    else
        print_v2(d);
    printf("What to check: %s\n", d->hint);
}
