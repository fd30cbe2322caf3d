/* SPDX-License-Identifier: MIT */
/*
 * `gntsim decode LINE`: an SMMUv2 context-fault line as Xen prints it (or
 * its fields) explained field by field, on top of gntsim_smmu_decode().
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gntsim/gntsim.h"
#include "cli.h"

static const char decode_usage[] =
    "Usage: gntsim decode LINE...\n"
    "Explain an SMMU context fault as Xen prints it, e.g.\n"
    "  gntsim decode '(XEN) smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, "
    "iova=0x8424cb148, fsynr=0xb0001, cb=0'\n"
    "or just its fields: gntsim decode fsr=0x402 iova=0x8424cb148 fsynr=0xb0001 cb=0\n"
    "(arguments are joined with spaces). Exit status 0, 2 on a line it cannot read.\n";

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
        {"MULTI", "[31]", "multiple faults", d->multi},
        {"SS", "[30]", "stalled (stall mode)", d->ss},
        {"UUT", "[8]", "unsupported upstream transaction", d->uut},
        {"ASF", "[7]", "address size fault", d->asf},
        {"TLBLKF", "[6]", "TLB lock fault", d->tlblkf},
        {"TLBMCF", "[5]", "TLB match conflict", d->tlbmcf},
        {"EF", "[4]", "external fault (bus abort on the walk)", d->ef},
        {"PF", "[3]", "permission fault", d->pf},
        {"AFF", "[2]", "access flag fault", d->aff},
        {"TF", "[1]", "translation fault: no valid descriptor for the iova", d->tf},
    };

    printf("  CB_FSR    %#010x\n", d->fsr);
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

    printf("  CB_FSYNR0 %#010x\n", d->fsynr0);
    printf("    %-8s %-8s %u  walk stopped at level %u\n", "PLVL", "[1:0]", d->plvl,
           d->plvl);
    print_bits(bits, sizeof(bits) / sizeof(bits[0]));
    printf("    %-8s %-8s %#x\n", "S1CBNDX", "[23:16]", d->s1cbndx);
    printf("  access    %s\n", d->write ? "write" : "read");
}

static void print_decoded(const struct gntsim_smmu_decoded *d)
{
    char cb[32] = "an unknown context bank";

    if (d->cb >= 0)
        snprintf(cb, sizeof(cb), "context bank %d", d->cb);
    printf("%s fault on a %s at frame %#" PRIx64 " offset %#" PRIx64 " in %s%s%s\n",
           d->fault_class, d->write ? "write" : "read", d->frame, d->offset, cb,
           d->smmu_path[0] ? " of " : "", d->smmu_path);
    printf("  iova      %#" PRIx64 " = frame %#" PRIx64 " + offset %#" PRIx64 "\n",
           d->iova, d->frame, d->offset);
    print_fsr(d);
    print_fsynr(d);
    printf("What to check: %s\n", d->hint);
}

int cli_decode(int argc, char **argv)
{
    struct gntsim_smmu_decoded d;
    char line[1024] = "", err[256] = "";
    size_t o = 0;

    if (argc < 2) {
        fputs("gntsim decode: missing LINE\nTry 'gntsim decode --help'.\n", stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(decode_usage, stdout);
        return 0;
    }
    for (int i = 1; i < argc && o < sizeof(line); i++)
        o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s", i > 1 ? " " : "",
                              argv[i]);
    if (gntsim_smmu_decode(line, &d, err, sizeof(err))) {
        fprintf(stderr, "gntsim decode: %s\n", err);
        return 2;
    }
    print_decoded(&d);
    return 0;
}
