/* SPDX-License-Identifier: MIT */
/*
 * gntsim_smmu_decode() on the lines people paste: Xen console timestamps,
 * CRLF captures, Linux's arm-smmu line; the hint follows the access; numbers
 * without 0x are hex; fsr=0 records no fault; SMMUv2 global faults.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gntsim/gntsim.h"

#define SEED_FIELDS "fsr=0x402, iova=0x8424cb148, fsynr=0xb0001, cb=0"
#define SEED_XEN    "smmu: /smmu@fd800000: Unhandled context fault: " SEED_FIELDS

/* @line decodes as the seed fault (a translation fault on a read at 0x8424cb148). */
static void assert_seed(const char *line)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    assert_int_equal(gntsim_smmu_decode(line, &d, err, sizeof(err)), 0);
    assert_int_equal(d.fsr, 0x402);
    assert_int_equal(d.iova, 0x8424cb148ull);
    assert_int_equal(d.fsynr0, 0xb0001);
    assert_int_equal(d.cb, 0);
    assert_string_equal(d.fault_class, "translation");
}

static void decode_xen_console_forms(void **state)
{
    (void)state;
    assert_seed("(XEN) " SEED_XEN);
    assert_seed("(XEN)  " SEED_XEN);                      /* two spaces */
    assert_seed("(XEN) [  123.456789] " SEED_XEN);        /* console_timestamps=boot */
    assert_seed("(XEN) [2021-02-03 10:11:12] " SEED_XEN); /* =date */
    assert_seed("(XEN) [2021-02-03 10:11:12.123] " SEED_XEN); /* =datems */
    assert_seed("(XEN) [00000012a05f2000] " SEED_XEN);        /* =raw */
    assert_seed("(XEN) [  123.456789] " SEED_XEN "\r");       /* serial capture */
    assert_seed("(XEN) [  123.456789] " SEED_XEN "\r\n");
}

static void decode_linux_arm_smmu_line(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    (void)state;
    assert_int_equal(
        gntsim_smmu_decode("[   12.345678] arm-smmu fd800000.smmu: Unhandled "
                           "context fault: fsr=0x402, iova=0x8424cb148, "
                           "fsynr=0xb0001, cbfrsynra=0x877, cb=0\r",
                           &d, err, sizeof(err)),
        0);
    assert_int_equal(d.iova, 0x8424cb148ull);
    assert_true(d.tf);
    assert_string_equal(d.smmu_path, "fd800000.smmu");
    /* Linux before 2019 (and Xen): no cbfrsynra= */
    assert_int_equal(
        gntsim_smmu_decode("arm-smmu fd800000.smmu: Unhandled context fault: "
                           "fsr=0x402, iova=0x8424cb148, fsynr=0x1, cb=3",
                           &d, err, sizeof(err)),
        0);
    assert_int_equal(d.cb, 3);
}

/* A permission fault on a read says read, never "written by the device". */
static void decode_read_permission_hint(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    (void)state;
    assert_int_equal(
        gntsim_smmu_decode("fsr=0x408 iova=0x100000148 fsynr=0x3 cb=1", &d, err, 256), 0);
    assert_string_equal(d.fault_class, "permission");
    assert_false(d.write);
    assert_null(strstr(d.hint, "written"));
    assert_null(strstr(d.hint, "write"));
    assert_non_null(strstr(d.hint, "read"));
    assert_int_equal(
        gntsim_smmu_decode("fsr=0x408 iova=0x100000148 fsynr=0x13 cb=1", &d, err, 256),
        0);
    assert_true(d.write);
    assert_non_null(strstr(d.hint, "written by the device"));
}

static void decode_fsr_zero_is_no_fault(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    (void)state;
    assert_int_equal(gntsim_smmu_decode("fsr=0x0 iova=0x1000", &d, err, 256), 0);
    assert_string_equal(d.fault_class, "no fault recorded");
    assert_non_null(strstr(d.hint, "no fault"));
    /* FORMAT alone is no fault either */
    assert_int_equal(gntsim_smmu_decode("fsr=0x400 iova=0x1000", &d, err, 256), 0);
    assert_string_equal(d.fault_class, "no fault recorded");
}

/* Numbers without 0x are hex, as Linux's "FSR    = %08x" prints them; cb= is decimal. */
static void decode_numbers_without_0x_are_hex(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    (void)state;
    assert_int_equal(
        gntsim_smmu_decode("fsr=402 iova=8424cb148 fsynr=b0001 cb=10", &d, err, 256), 0);
    assert_int_equal(d.fsr, 0x402);
    assert_true(d.tf);
    assert_int_equal(d.iova, 0x8424cb148ull);
    assert_int_equal(d.fsynr0, 0xb0001);
    assert_int_equal(d.cb, 10);
    assert_int_equal(gntsim_smmu_decode("fsr=0x402 iova=0x1 cb=0x1", &d, err, 256),
                     -EINVAL);
    assert_non_null(strstr(err, "'cb=0x1'"));
    assert_int_equal(gntsim_smmu_decode("fsr=+402 iova=0x1", &d, err, 256), -EINVAL);
    assert_int_equal(gntsim_smmu_decode("fsr=0x iova=0x1", &d, err, 256), -EINVAL);
    assert_int_equal(gntsim_smmu_decode("fsr=0x402 iova= 0x1", &d, err, 256), -EINVAL);
    assert_int_equal(gntsim_smmu_decode("fsr=0x100000000 iova=0x1", &d, err, 256),
                     -EINVAL);
}

struct found {
    size_t n, errors, line[8], err_line[8];
    struct gntsim_smmu_decoded d[8];
    char err[8][128];
};

static int collect(void *ctx, size_t line, const struct gntsim_smmu_decoded *d,
                   const char *err)
{
    struct found *f = ctx;

    if (err && f->errors < 8) {
        f->err_line[f->errors] = line;
        snprintf(f->err[f->errors++], sizeof(f->err[0]), "%s", err);
    } else if (d && f->n < 8) {
        f->line[f->n] = line;
        f->d[f->n++] = *d;
    }
    return 0;
}

/* A whole pasted log: the fault lines are found, the rest ignored, CRLF or LF. */
static void scan_finds_faults_among_other_lines(void **state)
{
    static const char log[] =
        "(XEN) Xen version 4.14.1\r\n"
        "(XEN) [  123.456789] " SEED_XEN "\r\n"
        "[   12.345678] macb ff0b0000.ethernet eth0: DMA bus error: HRESP not OK\r\n"
        "[   13.000001] arm-smmu fd800000.smmu: Unhandled context fault: fsr=0x408, "
        "iova=0x100000148, fsynr=0x13, cbfrsynra=0x877, cb=1\n"
        "[   13.000002] arm-smmu fd800000.smmu: FSR    = 00000408 [Format=2 PF], "
        "SID=0x877\n"
        "[   13.000003] arm-smmu fd800000.smmu: FSYNR0 = 00000013 [S1CBNDX=0 WNR "
        "PLVL=3]\n"
        "no newline at the end";
    struct found f = {0};

    (void)state;
    assert_int_equal(gntsim_smmu_scan(log, sizeof(log) - 1, collect, &f), 2);
    assert_int_equal(f.errors, 0);
    assert_int_equal(f.line[0], 2);
    assert_int_equal(f.d[0].source, GNTSIM_SMMU_XEN);
    assert_true(f.d[0].tf);
    assert_int_equal(f.line[1], 4);
    assert_int_equal(f.d[1].source, GNTSIM_SMMU_LINUX);
    assert_true(f.d[1].has_cbfrsynra);
    assert_int_equal(f.d[1].cbfrsynra, 0x877);
    assert_true(f.d[1].pf && f.d[1].write);
    memset(&f, 0, sizeof(f));
    assert_int_equal(gntsim_smmu_scan("hello\nworld\n", 12, collect, &f), 0);
    assert_int_equal(f.n + f.errors, 0);
}

/* A malformed fault line is named by its line; a too-long line is refused. */
static void scan_reports_malformed_and_long_lines(void **state)
{
    static char buf[GNTSIM_SMMU_LINE_MAX + 64];
    const char *bad =
        "ok\n(XEN) smmu: /s: Unhandled context fault: fsr=0x4\x01z, iova=0x1\n";
    struct found f = {0};

    (void)state;
    assert_int_equal(gntsim_smmu_scan(bad, strlen(bad), collect, &f), 0);
    assert_int_equal(f.errors, 1);
    assert_int_equal(f.err_line[0], 2);
    assert_non_null(strstr(f.err[0], "'fsr=0x4\\x01z'")); /* escaped, never raw */
    memset(&f, 0, sizeof(f));
    memset(buf, 'a', sizeof(buf));
    memcpy(buf + GNTSIM_SMMU_LINE_MAX + 1, "\nfsr=0x402 iova=0x1\n", 20);
    assert_int_equal(gntsim_smmu_scan(buf, GNTSIM_SMMU_LINE_MAX + 21, collect, &f), 1);
    assert_int_equal(f.errors, 1);
    assert_int_equal(f.err_line[0], 1);
    assert_non_null(strstr(f.err[0], "longer than 4096"));
    assert_int_equal(f.line[0], 2);
    assert_int_equal(gntsim_smmu_scan(NULL, 0, collect, &f), -EINVAL);
}

/* SMMUv3: Xen's "SMMUv3: <path>: " and Linux's "arm-smmu-v3 <dev>: " event dumps. */
static void scan_decodes_smmuv3_events(void **state)
{
    static const char log[] =
        "(XEN) SMMUv3: /smmu@4f000000: event 0x10 received:\r\n"
        "(XEN) SMMUv3: /smmu@4f000000: \t0x0000000800000010\r\n"
        "(XEN) SMMUv3: /smmu@4f000000: \t0x0000028800000000\r\n"
        "(XEN) SMMUv3: /smmu@4f000000: \t0x00000008424cb148\r\n"
        "(XEN) SMMUv3: /smmu@4f000000: \t0x00000008424cb000\r\n"
        "[    5.1] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x13 received:\n"
        "[    5.1] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000300000013\n"
        "[    5.1] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n"
        "[    5.1] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000012345000\n"
        "[    5.1] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n"
        "event 0x10 received:\n0x10\n";
    struct found f = {0};

    (void)state;
    assert_int_equal(gntsim_smmu_scan(log, sizeof(log) - 1, collect, &f), 2);
    assert_true(f.d[0].v3);
    assert_int_equal(f.line[0], 1);
    assert_string_equal(f.d[0].evt.name, "F_TRANSLATION");
    assert_int_equal(f.d[0].evt.sid, 8);
    assert_true(f.d[0].evt.rnw && f.d[0].evt.s2);
    assert_false(f.d[0].write);
    assert_int_equal(f.d[0].evt.input_addr, 0x8424cb148ull);
    assert_int_equal(f.d[0].evt.ipa, 0x8424cb000ull);
    assert_string_equal(f.d[0].smmu_path, "/smmu@4f000000");
    assert_string_equal(f.d[1].evt.name, "F_PERMISSION");
    assert_true(f.d[1].write); /* RnW=0 */
    assert_int_equal(f.d[1].source, GNTSIM_SMMU_LINUX);
    assert_non_null(strstr(f.d[1].hint, "written by the device"));
    assert_int_equal(f.errors, 1); /* the last header has one dword */
    assert_int_equal(f.err_line[0], 11);
}

/* Before Xen 4.12 / Linux 4.14 the line had no fsr=: decoded, the type unknown. */
static void decode_line_without_fsr(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[256] = "";

    (void)state;
    assert_int_equal(gntsim_smmu_decode("(XEN) smmu: /smmu@fd800000: Unhandled context "
                                        "fault: iova=0x8424cb148, fsynr=0x11, cb=0",
                                        &d, err, 256),
                     0);
    assert_false(d.has_fsr);
    assert_true(d.write);
    assert_string_equal(d.fault_class, "unknown (no fsr=)");
    assert_int_equal(gntsim_smmu_decode("iova=0x8424cb148", &d, err, 256), -EINVAL);
    assert_non_null(strstr(err, "fsr="));
}

#define GF_XEN_HDR                                                                       \
    "(XEN) smmu: /iommu@7fb30000: Unexpected global fault, this could be serious"
#define GF_XEN_REGS                                                                      \
    "(XEN) smmu: /iommu@7fb30000: \tGFSR 0x00000004, GFSYNR0 0x00000006, GFSYNR1 "       \
    "0x00000000, GFSYNR2 0x00000000"
#define GF_LX_HDR                                                                        \
    "arm-smmu 15000000.iommu: Unexpected global fault, this could be serious"
#define GF_LX_REGS                                                                       \
    "arm-smmu 15000000.iommu: GFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1 "             \
    "0x00000043, GFSYNR2 0x00000000"
#define GF_LX_BLOCKED                                                                    \
    "[    3.100000] arm-smmu 15000000.iommu: Blocked unknown Stream ID 0x43; boot with " \
    "\"arm-smmu.disable_bypass=0\" to allow, but this may have security implications"

/* The two real reports: Juno's stream match conflict (Xen), QUP's missing 0x43 (Linux).
 */
static void scan_decodes_global_faults(void **state)
{
    static const char log[] = GF_XEN_HDR "\r\n" GF_XEN_REGS "\r\n"
                                         "noise\n" GF_LX_HDR "\n"
                                         "[    3.2] other driver line\n" GF_LX_REGS "\n";
    struct found f = {0};

    (void)state;
    assert_int_equal(gntsim_smmu_scan(log, sizeof(log) - 1, collect, &f), 2);
    assert_int_equal(f.errors, 0);
    assert_int_equal(f.line[0], 1); /* one report, at the header's line */
    assert_true(f.d[0].global && f.d[0].gf.has_regs);
    assert_int_equal(f.d[0].source, GNTSIM_SMMU_XEN);
    assert_string_equal(f.d[0].smmu_path, "/iommu@7fb30000");
    assert_int_equal(f.d[0].gf.gfsr, 4);
    assert_true(f.d[0].gf.smcf && !f.d[0].gf.usf);
    assert_true(f.d[0].gf.wnr && f.d[0].gf.pnu && !f.d[0].gf.nested);
    assert_string_equal(f.d[0].fault_class, "stream match conflict");
    assert_non_null(strstr(f.d[0].hint, "two SMRs match the stream: two devices share a "
                                        "stream id or an SMR was programmed twice"));
    assert_int_equal(f.line[1], 4);
    assert_int_equal(f.d[1].source, GNTSIM_SMMU_LINUX);
    assert_string_equal(f.d[1].smmu_path, "15000000.iommu");
    assert_true(f.d[1].gf.usf && f.d[1].gf.has_sid);
    assert_int_equal(f.d[1].gf.sid, 0x43);
    assert_int_equal(f.d[1].gf.gfsynr1, 0x43);
    assert_string_equal(f.d[1].fault_class, "unidentified stream");
    assert_non_null(strstr(f.d[1].hint, "stream ID 0x43 matches no SMR: the device is "
                                        "missing from the SMMU's masters (DT iommus / "
                                        "mmu-masters)"));
    assert_non_null(strstr(f.d[1].hint, "Xen: the device is not behind this SMMU"));
}

/* Each line alone is a report: the header without registers, the GFSR line without
 * header. */
static void scan_global_lines_alone(void **state)
{
    static const char log[] = GF_XEN_HDR "\n" GF_LX_REGS "\n" GF_LX_BLOCKED "\n"
                                         "a\nb\nc\nd\ne\nf\ng\nh\ni\n" GF_LX_REGS "\n";
    struct found f = {0};

    (void)state;
    assert_int_equal(gntsim_smmu_scan(log, sizeof(log) - 1, collect, &f), 4);
    assert_int_equal(f.errors, 0);
    /* the Xen header, then the Linux GFSR line of another SMMU */
    assert_int_equal(f.line[0], 1);
    assert_false(f.d[0].gf.has_regs);
    assert_string_equal(f.d[0].fault_class, "unknown (no GFSR line)");
    assert_non_null(strstr(f.d[0].hint, "GFSR line"));
    assert_int_equal(f.line[1], 2);
    assert_true(f.d[1].gf.usf && f.d[1].gf.has_regs);
    /* Linux's Blocked line: USF with the StreamID; its GFSR line is too late */
    assert_int_equal(f.line[2], 3);
    assert_true(f.d[2].gf.blocked && f.d[2].gf.usf && !f.d[2].gf.has_regs);
    assert_int_equal(f.d[2].gf.sid, 0x43);
    assert_non_null(strstr(f.d[2].hint, "stream ID 0x43 matches no SMR"));
    assert_int_equal(f.line[3], 13);
}

/* Linux's Blocked line and its GFSR line are one report; bit classes and errors. */
static void decode_global_forms_and_hints(void **state)
{
    static const char blocked[] = GF_LX_BLOCKED "\n" GF_LX_REGS "\n";
    static const struct {
        const char *gfsr, *class, *hint;
    } cls[] = {
        {"0x1", "invalid context", "invalid context"},
        {"0x8", "unimplemented context bank", "does not implement"},
        {"0x10", "unimplemented context interrupt", "interrupt"},
        {"0x20", "configuration access", "registers"},
        {"0x40", "external", "bus error"},
        {"0x80", "permission", "permission"},
        {"0x100", "unsupported upstream transaction", "transaction type"},
        {"0x80000000", "no fault type recorded", "only MULTI"},
        {"0x0", "no fault recorded", "check the copied value"},
    };
    struct gntsim_smmu_decoded d;
    struct found f = {0};
    char line[160], err[256] = "";

    (void)state;
    assert_int_equal(gntsim_smmu_scan(blocked, sizeof(blocked) - 1, collect, &f), 1);
    assert_true(f.d[0].gf.blocked && f.d[0].gf.has_regs && f.d[0].gf.usf);
    assert_int_equal(f.line[0], 1);
    for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
        snprintf(line, sizeof(line), "GFSR %s, GFSYNR0 0x0, GFSYNR1 0x10007, GFSYNR2 0x0",
                 cls[i].gfsr);
        assert_int_equal(gntsim_smmu_decode(line, &d, err, sizeof(err)), 0);
        assert_true(d.global);
        assert_int_equal(d.gf.sid, 7);
        assert_int_equal(d.gf.ssd, 1);
        assert_string_equal(d.fault_class, cls[i].class);
        assert_non_null(strstr(d.hint, cls[i].hint));
    }
    assert_int_equal(gntsim_smmu_decode(GF_LX_HDR, &d, err, sizeof(err)), 0);
    assert_true(d.global && !d.gf.has_regs);
    assert_int_equal(
        gntsim_smmu_decode("GFSR 0x2, GFSYNR0 0x0, GFSYNR1 0x4z", &d, err, sizeof(err)),
        -EINVAL);
    assert_non_null(strstr(err, "'0x4z'"));
    assert_int_equal(gntsim_smmu_decode("GFSR 0x2, GFSYNR0 0x0", &d, err, sizeof(err)),
                     -EINVAL);
    assert_non_null(strstr(err, "GFSYNR1"));
    /* "sGFSR" is not the register line */
    assert_int_equal(gntsim_smmu_decode("read sGFSR 0x2", &d, err, sizeof(err)), -EINVAL);
    assert_null(strstr(err, "GFSR line"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_xen_console_forms),
        cmocka_unit_test(decode_linux_arm_smmu_line),
        cmocka_unit_test(decode_read_permission_hint),
        cmocka_unit_test(decode_fsr_zero_is_no_fault),
        cmocka_unit_test(decode_numbers_without_0x_are_hex),
        cmocka_unit_test(decode_line_without_fsr),
        cmocka_unit_test(scan_finds_faults_among_other_lines),
        cmocka_unit_test(scan_reports_malformed_and_long_lines),
        cmocka_unit_test(scan_decodes_smmuv3_events),
        cmocka_unit_test(scan_decodes_global_faults),
        cmocka_unit_test(scan_global_lines_alone),
        cmocka_unit_test(decode_global_forms_and_hints),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
