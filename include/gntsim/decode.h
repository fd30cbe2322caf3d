/* SPDX-License-Identifier: MIT */
/*
 * gntsim: SMMU fault reports as Xen and Linux print them (SMMUv2 context and
 * global faults, SMMUv3 events), decoded field by field with what to check.
 * Needs no world. Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_DECODE_H
#define GNTSIM_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Who printed a decoded report. */
enum gntsim_smmu_source {
    GNTSIM_SMMU_FIELDS, /* bare fields, or a line naming neither */
    GNTSIM_SMMU_XEN,    /* Xen's "smmu: <path>: " or "SMMUv3: <path>: " */
    GNTSIM_SMMU_LINUX,  /* Linux's "arm-smmu <dev>: " or "arm-smmu-v3 <dev>: " */
};

/* An SMMUv3 event record (Linux arm-smmu-v3.h EVTQ_*), decoded. */
struct gntsim_smmu_event {
    uint64_t raw[4];    /* the four dwords as printed */
    unsigned id;        /* [7:0] of dword 0: 0x10 F_TRANSLATION, 0x13 F_PERMISSION, ... */
    const char *name;   /* "F_TRANSLATION", or "unknown" */
    uint32_t sid, ssid; /* StreamID [63:32], SubstreamID [31:12] (valid if ssv) */
    bool ssv, stall, pnu, ind, rnw, s2;
    unsigned stag, event_class; /* STAG [15:0] and CLASS [41:40] of dword 1 */
    uint64_t input_addr, ipa;   /* dword 2; dword 3 [51:12] (stage-2 faults) */
};

/*
 * An SMMUv2 global fault (SMMU_sGFSR and SMMU_sGFSYNR0..2, Arm IHI 0062), as
 * Xen's and Linux's arm_smmu_global_fault print it, decoded.
 */
struct gntsim_smmu_gfault {
    uint32_t gfsr, gfsynr0, gfsynr1, gfsynr2;
    bool has_regs; /* false: the log holds no "GFSR 0x..., GFSYNR0 ..." line */
    bool blocked;  /* Linux's "Blocked unknown Stream ID" line (disable_bypass) */
    bool has_sid;  /* from GFSYNR1, or from the Blocked line */
    uint32_t sid;  /* GFSYNR1 [15:0]: the StreamID */
    unsigned ssd;  /* GFSYNR1 [31:16]: SSD index on some implementations */
    /* SMMU_sGFSR */
    bool icf, usf, smcf, ucbf, ucif, caf, ef, pf, uut, multi;
    /* SMMU_sGFSYNR0 */
    bool nested, wnr, pnu, ind, nsstate, nsattr;
};

/* An SMMU fault report, decoded (fields named as in Linux arm-smmu.h). */
struct gntsim_smmu_decoded {
    uint32_t fsr, fsynr0;
    uint64_t iova;
    int cb;             /* -1 when the input had no cb= */
    char smmu_path[64]; /* "/smmu@fd800000" or Linux's "fd800000.smmu", else "" */
    enum gntsim_smmu_source source;
    bool has_fsr;       /* false: a line from before fsr= (Xen < 4.12, Linux < 4.14) */
    bool has_fsynr0;    /* false: the access (read or write) is unknown */
    bool has_cbfrsynra; /* Linux prints cbfrsynra= since 2019 */
    uint32_t cbfrsynra; /* CBFRSYNRA: [15:0] the StreamID of the faulting master */
    /* v3: an SMMUv3 event; then only evt, source, smmu_path, iova, frame, offset,
     * write, fault_class and hint are set */
    bool v3;
    struct gntsim_smmu_event evt;
    /* global: an SMMUv2 global fault; then only gf, source, smmu_path,
     * fault_class and hint are set (cb is -1) */
    bool global;
    struct gntsim_smmu_gfault gf;
    /* CB_FSR */
    bool multi, ss, uut, asf, tlblkf, tlbmcf, ef, pf, aff, tf;
    unsigned format; /* [10:9]: 2 = AArch64 descriptors */
    /* CB_FSYNR0 */
    unsigned plvl; /* level where the walk stopped */
    bool wnr, pnu, ind, nsattr, ptwf, afr;
    unsigned s1cbndx;
    uint64_t frame, offset; /* iova >> 12, iova & 0xfff */
    bool write;
    const char *fault_class; /* "translation", "permission", ..., "no fault recorded" */
    char hint[320];          /* what to check */
};
/*
 * Decode one context-fault line as Xen prints it ("(XEN) [timestamp] smmu:
 * <path>: Unhandled context fault: fsr=0x402, iova=0x8424cb148,
 * fsynr=0xb0001, cb=0", each prefix optional), as Linux's arm-smmu prints it
 * ("[   12.345678] arm-smmu <dev>: Unhandled context fault: ...,
 * cbfrsynra=0x877, cb=0"), or the bare fields. Numbers without 0x are hex
 * (as Linux's "FSR    = %08x" line prints them); cb= is decimal. iova= is
 * required, and fsr= unless the line names the fault. A global-fault line
 * ("Unexpected global fault, this could be serious", "GFSR 0x%08x, GFSYNR0
 * 0x%08x, GFSYNR1 0x%08x, GFSYNR2 0x%08x" or Linux's "Blocked unknown Stream
 * ID 0x%hx; ...", any prefix) decodes as a global fault. On error *@out is
 * unspecified, a message naming the offending token (non-printable bytes
 * escaped) goes to @err and -EINVAL is returned.
 */
int gntsim_smmu_decode(const char *line_or_fields, struct gntsim_smmu_decoded *out,
                       char *err, size_t errlen);

/* Longest line gntsim_smmu_scan() reads, without its line terminator. */
#define GNTSIM_SMMU_LINE_MAX 4096

/*
 * One finding of gntsim_smmu_scan(): a decoded report (@d) or a malformed
 * one (@d NULL, @err the message), at 1-based @line. Returns 0 to go on,
 * nonzero to stop the scan.
 */
typedef int (*gntsim_smmu_scan_fn)(void *ctx, size_t line,
                                   const struct gntsim_smmu_decoded *d, const char *err);

/*
 * Find the SMMU fault reports among the @len bytes at @buf (a whole log:
 * LF or CRLF lines, other lines ignored): SMMUv2 context-fault lines and bare
 * fields as gntsim_smmu_decode() reads them, SMMUv2 global faults (the
 * "Unexpected global fault" or "Blocked unknown Stream ID" line and the GFSR
 * line after it, one report at the first line; either line alone is a report
 * too, without the registers or without the header), and SMMUv3 event dumps
 * ("event 0x10 received:" and the four dwords that follow it, from Linux
 * arm-smmu-v3 or Xen smmu-v3). Lines longer than GNTSIM_SMMU_LINE_MAX and
 * malformed reports are reported to @fn with a message. Returns the number
 * of reports decoded (>= 0), or -EINVAL if @buf or @fn is NULL. Cannot
 * fail otherwise.
 */
long gntsim_smmu_scan(const char *buf, size_t len, gntsim_smmu_scan_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
