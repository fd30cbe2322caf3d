/* SPDX-License-Identifier: MIT */
/*
 * SMMUv2 and Xen's driver: the seed fault line byte for byte, the fixed
 * releases, permission faults, stale IOTLB entries, bypass, unattached
 * streams, rate limiting, and the decoder.
 */
#include "world_fixture.h"
#include "board/world.h"
#include "hw/smmu/smmu.h"

#define SEED_IOVA 0x8424cb148ull
#define SEED_LINE                                                                        \
    "(XEN) smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, "                   \
    "iova=0x8424cb148, fsynr=0x1, cb=0"
#define MACB_LINE "[d0] macb ff0e0000.ethernet eth0: DMA bus error: HRESP not OK"

/* Seed world + SMMU + nic0 (stream 0x870, dom0's, non-coherent unless @coherent). */
static struct gntsim_world *smmu_world(const char *release, bool coherent, unsigned *nic)
{
    struct gntsim_world *w = fx_world(release, 0);
    struct gntsim_device_opts d = {
        .name = "nic0", .stream_id = 0x870, .owner = 0, .behind_smmu = true};

    d.coherent = coherent;
    assert_int_equal(gntsim_smmu_create(w, NULL), 0);
    assert_int_equal(gntsim_device_create(w, &d, nic), 0);
    return w;
}

/* domU writes @msg into gfn 0x400cb, grants it read-only, dom0 maps it. */
static struct gnttab_map_grant_ref grant_and_map(struct gntsim_world *w, const char *msg)
{
    struct gnttab_map_grant_ref op;

    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, msg, strlen(msg)), 0);
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.dev_bus_addr, FX_DOMU_MFN << 12);
    return op;
}

static size_t log_find(struct gntsim_world *w, const char *line)
{
    size_t n = 0;

    for (size_t i = 0; i < gntsim_log_count(w); i++)
        n += !strcmp(gntsim_log_line(w, i), line);
    return n;
}

static size_t log_count_substr(struct gntsim_world *w, const char *s)
{
    size_t n = 0;

    for (size_t i = 0; i < gntsim_log_count(w); i++)
        n += strstr(gntsim_log_line(w, i), s) != NULL;
    return n;
}

static void test_seed_fault_414(void **state)
{
    unsigned nic;
    struct gntsim_world *w = smmu_world("4.14.1", false, &nic);
    struct gntsim_smmu_fault f;
    char buf[16];

    (void)state;
    grant_and_map(w, "hello");
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), -EIO);
    assert_int_equal(gntsim_smmu_last_fault(w, &f), 0);
    assert_int_equal(f.fsr, 0x402);
    assert_int_equal(f.fsynr0, 0x1);
    assert_int_equal(f.far, SEED_IOVA);
    assert_int_equal(f.cb, 0);
    assert_int_equal(f.sid, 0x870);
    assert_int_equal(log_find(w, SEED_LINE), 1);
    assert_int_equal(log_find(w, MACB_LINE), 1);
    /* Xen's handler cleared FSR (write one to clear) */
    assert_int_equal(hw_smmu_read32(w->smmu, SMMU_CB(0) + SMMU_CB_FSR), 0);
    gntsim_world_destroy(w);
}

/* 4.15.0 and master: the 1:1 mapping exists; what the device reads depends on caches. */
static void read_after_fix(const char *release)
{
    unsigned nic, cnic;
    struct gntsim_world *w = smmu_world(release, false, &nic);
    struct gntsim_device_opts c = {.name = "nic1",
                                   .stream_id = 0x871,
                                   .owner = 0,
                                   .coherent = true,
                                   .behind_smmu = true};
    char buf[6] = {0};

    assert_int_equal(gntsim_device_create(w, &c, &cnic), 0);
    grant_and_map(w, "hello");
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0);
    assert_memory_equal(buf, "\0\0\0\0\0", 5); /* still dirty in domU's cache */
    assert_int_equal(gntsim_dma_read(w, cnic, SEED_IOVA, buf, 5), 0);
    assert_string_equal(buf, "hello");
    memset(buf, 0, sizeof(buf));
    hw_cache_maint(&w->cache, SEED_IOVA, 5, HW_CACHE_CLEAN);
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0);
    assert_string_equal(buf, "hello");
    assert_int_equal(log_count_substr(w, "context fault"), 0);
    gntsim_world_destroy(w);
}

static void test_fixed_releases_read(void **state)
{
    (void)state;
    read_after_fix("4.15.0");
    read_after_fix("master");
}

static void test_permission_fault(void **state)
{
    unsigned nic;
    struct gntsim_world *w = smmu_world("4.15.0", true, &nic);
    struct gntsim_smmu_fault f;

    (void)state;
    grant_and_map(w, "hello");
    assert_int_equal(gntsim_dma_write(w, nic, SEED_IOVA, "X", 1), -EIO);
    assert_int_equal(gntsim_smmu_last_fault(w, &f), 0);
    assert_int_equal(f.fsr, 0x408);   /* PF | FORMAT=2 */
    assert_int_equal(f.fsynr0, 0x13); /* WNR | PLVL=3 */
    assert_int_equal(log_find(w, "(XEN) smmu: /smmu@fd800000: Unhandled context fault: "
                                 "fsr=0x408, iova=0x8424cb148, fsynr=0x13, cb=0"),
                     1);
    gntsim_world_destroy(w);
}

/* Unmap without the IOTLB invalidation: the device still reaches the page. */
static void test_stale_iotlb(void **state)
{
    unsigned nic;
    struct gntsim_world *w = smmu_world("4.15.0", true, &nic);
    struct gnttab_map_grant_ref op;
    char buf[6] = {0};

    (void)state;
    op = grant_and_map(w, "hello");
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0); /* fills IOTLB */
    /* the unmap changes dom0's P2M twice: host mapping, then the 1:1 entry */
    assert_int_equal(gntsim_inject_missing_iotlb_flush(w, 0), 0);
    assert_int_equal(gntsim_inject_missing_iotlb_flush(w, 0), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, op.dev_bus_addr, op.handle), GNTST_okay);
    assert_null(fx_p2m_type(w, 0, FX_DOMU_MFN)); /* the 1:1 entry is gone ... */
    memset(buf, 0, sizeof(buf));
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0); /* ... yet */
    assert_string_equal(buf, "hello");
    assert_int_equal(gntsim_trace_count(w, "iotlb_flush_skipped"), 2);
    /* the next P2M change flushes: the stale entry goes */
    op = fx_map(w, FX_HOST_GFN + 1, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN + 1, op.dev_bus_addr, op.handle),
                     GNTST_okay);
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), -EIO);
    gntsim_world_destroy(w);
}

/* Without the injection the same unmap makes the next DMA fault. */
static void test_flush_on_unmap(void **state)
{
    unsigned nic;
    struct gntsim_world *w = smmu_world("master", true, &nic);
    struct gnttab_map_grant_ref op;
    char buf[6];

    (void)state;
    op = grant_and_map(w, "hello");
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, op.dev_bus_addr, op.handle), GNTST_okay);
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), -EIO);
    assert_true(w->smmu->tlb_hits == 0 || w->smmu->tlb_misses >= 2);
    gntsim_world_destroy(w);
}

/* iommu=off: Xen never enables the SMMU, every transaction bypasses it. */
static void test_bypass_iommu_off(void **state)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts du;
    struct gntsim_world *w = NULL;
    struct gntsim_device_opts d = {.name = "nic0",
                                   .stream_id = 0x870,
                                   .owner = FX_DOMU,
                                   .coherent = true,
                                   .behind_smmu = true};
    unsigned nic;
    char buf[6] = {0};

    (void)state;
    gntsim_world_opts_default(&o);
    o.iommu = false;
    assert_int_equal(gntsim_world_create(&o, &w, NULL, 0), 0);
    gntsim_domain_opts_default(&du, FX_DOMU);
    du.mfn_base = 0x842400;
    assert_int_equal(gntsim_domain_create(w, &du), 0);
    assert_int_equal(gntsim_smmu_create(w, NULL), 0);
    assert_int_equal(gntsim_device_create(w, &d, &nic), 0);
    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, "hello", 5), 0);
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0);
    assert_string_equal(buf, "hello");
    assert_int_equal(gntsim_smmu_last_fault(w, &(struct gntsim_smmu_fault){0}), -ENOENT);
    gntsim_world_destroy(w);
}

/* A stream owned by a domain without IOMMU stays unmatched: sCR0.USFCFG decides. */
static void unattached(bool disable_bypass)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct gntsim_smmu_opts so = {.disable_bypass = disable_bypass};
    struct gntsim_device_opts d = {.name = "nic0",
                                   .stream_id = 0x10,
                                   .owner = FX_DOMU,
                                   .coherent = true,
                                   .behind_smmu = true};
    unsigned nic;
    char buf[6] = {0};

    assert_int_equal(gntsim_smmu_create(w, &so), 0);
    assert_int_equal(gntsim_device_create(w, &d, &nic), 0);
    assert_int_equal(
        gntsim_guest_write(w, FX_DOMU, (FX_DOMU_GFN << 12) | 0x148, "hello", 5), 0);
    if (disable_bypass) {
        assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), -EIO);
        assert_int_equal(
            log_find(w, "(XEN) smmu: /smmu@fd800000: Unexpected global fault, this "
                        "could be serious"),
            1);
        assert_int_equal(log_find(w, "(XEN) smmu: /smmu@fd800000: \tGFSR 0x00000002, "
                                     "GFSYNR0 0x00000000, GFSYNR1 0x00000010, GFSYNR2 "
                                     "0x00000000"),
                         1);
        assert_int_equal(log_find(w, "[d1] macb ff0e0000.ethernet eth0: DMA bus error: "
                                     "HRESP not OK"),
                         1);
        assert_int_equal(hw_smmu_read32(w->smmu, SMMU_GR0_sGFSR), 0); /* cleared */
    } else {
        assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, buf, 5), 0);
        assert_string_equal(buf, "hello");
        assert_int_equal(gntsim_trace_count(w, "smmu_bypass"), 1);
    }
    gntsim_world_destroy(w);
}

static void test_unattached_stream(void **state)
{
    (void)state;
    unattached(true);
    unattached(false);
}

static size_t fault_lines(struct gntsim_world *w)
{
    return log_count_substr(w, "Unhandled context fault");
}

/* Default console: errors always printed; loglvl=none/error: printk_ratelimit(). */
static void test_rate_limit(void **state)
{
    unsigned nic;
    struct gntsim_world *w = smmu_world("4.14.1", true, &nic);
    char b;

    (void)state;
    for (int i = 0; i < 12; i++)
        assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, &b, 1), -EIO);
    assert_int_equal(fault_lines(w), 12);
    gntsim_world_destroy(w);

    w = smmu_world("4.14.1", true, &nic);
    assert_int_equal(gntsim_xen_loglvl(w, "none/error"), 0);
    for (int i = 0; i < 12; i++)
        assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, &b, 1), -EIO);
    assert_int_equal(fault_lines(w), 10); /* burst of 10 */
    assert_int_equal(log_count_substr(w, "macb"), 12);
    gntsim_time_advance(w, 5000000000ull); /* one token per 5 s */
    assert_int_equal(gntsim_dma_read(w, nic, SEED_IOVA, &b, 1), -EIO);
    assert_int_equal(fault_lines(w), 11);
    assert_int_equal(log_find(w, "(XEN) printk: 2 messages suppressed."), 1);
    assert_string_equal(gntsim_log_line(w, gntsim_log_count(w) - 2), SEED_LINE);
    assert_string_equal(gntsim_log_line(w, gntsim_log_count(w) - 3),
                        "(XEN) printk: 2 messages suppressed.");
    assert_int_equal(gntsim_xen_loglvl(w, "bogus"), -EINVAL);
    gntsim_world_destroy(w);
}

static void test_decode_seed(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[128];

    (void)state;
    assert_int_equal(gntsim_smmu_decode("(XEN) smmu: /smmu@fd800000: Unhandled context "
                                        "fault: fsr=0x402, iova=0x8424cb148, "
                                        "fsynr=0xb0001, cb=0",
                                        &d, err, sizeof(err)),
                     0);
    assert_string_equal(d.smmu_path, "/smmu@fd800000");
    assert_true(d.tf);
    assert_false(d.pf || d.aff || d.ef || d.multi);
    assert_int_equal(d.format, 2);
    assert_int_equal(d.plvl, 1);
    assert_false(d.wnr);
    assert_false(d.write);
    assert_int_equal(d.s1cbndx, 0xb);
    assert_int_equal(d.frame, 0x8424cb);
    assert_int_equal(d.offset, 0x148);
    assert_int_equal(d.cb, 0);
    assert_string_equal(d.fault_class, "translation");
    assert_non_null(strstr(d.hint, "no stage-2 entry at IPA 0x8424cb000"));
    assert_non_null(strstr(d.hint, "91d4eca7ad / 04085ec1ac"));
    assert_int_equal(
        gntsim_smmu_decode("fsr=0x402 iova=0x8424cb148 fsynr=0xb0001 cb=0", &d, err, 128),
        0);
    assert_int_equal(d.iova, SEED_IOVA);
    assert_int_equal(
        gntsim_smmu_decode("fsr=0x408, iova=0x1000, fsynr=0x13", &d, err, 128), 0);
    assert_string_equal(d.fault_class, "permission");
    assert_true(d.write);
    assert_int_equal(d.plvl, 3);
    assert_int_equal(d.cb, -1);
}

static void test_decode_errors(void **state)
{
    struct gntsim_smmu_decoded d;
    char err[128];

    (void)state;
    assert_int_equal(gntsim_smmu_decode("fsr=0x4z2 iova=0x1", &d, err, 128), -EINVAL);
    assert_non_null(strstr(err, "'fsr=0x4z2'"));
    assert_int_equal(gntsim_smmu_decode("fsr=0x402 iova=0x1 color=red", &d, err, 128),
                     -EINVAL);
    assert_non_null(strstr(err, "'color=red'"));
    assert_int_equal(gntsim_smmu_decode("fsr=0x402", &d, err, 128), -EINVAL);
    assert_non_null(strstr(err, "iova="));
    assert_int_equal(gntsim_smmu_decode("fsr=0x402 iova=0x1 cb=300", &d, err, 128),
                     -EINVAL);
    assert_non_null(strstr(err, "'cb=300'"));
    assert_int_equal(gntsim_smmu_decode("fsr=1 fsr=2 iova=0", &d, err, 128), -EINVAL);
    assert_non_null(strstr(err, "repeated"));
}

/* API misuse: no SMMU twice, device checks. */
static void test_api_errors(void **state)
{
    unsigned nic, id;
    struct gntsim_world *w = smmu_world("master", false, &nic);
    struct gntsim_device_opts d = {.name = "nic0", .owner = 0};

    (void)state;
    assert_int_equal(gntsim_smmu_create(w, NULL), -EEXIST);
    assert_int_equal(gntsim_device_create(w, &d, &id), -EINVAL); /* duplicate */
    d.name = "nic9";
    d.owner = 42;
    assert_int_equal(gntsim_device_create(w, &d, &id), -EINVAL);
    assert_int_equal(gntsim_device_find(w, "nic0", &id), 0);
    assert_int_equal(id, nic);
    assert_int_equal(gntsim_device_find(w, "nope", &id), -ENOENT);
    assert_int_equal(gntsim_dma_read(w, 7, 0, &id, 1), -EINVAL);
    assert_int_equal(gntsim_inject_missing_iotlb_flush(w, FX_DOMU), -ENOENT);
    gntsim_world_destroy(w);
}

/* Reference IOTLB: a linear scan over round-robin entries (what the index must equal). */
struct ref_tlb {
    bool valid[SMMU_IOTLB_LEN];
    uint8_t vmid[SMMU_IOTLB_LEN];
    uint64_t pfn[SMMU_IOTLB_LEN], pa[SMMU_IOTLB_LEN];
    unsigned next;
};

static int ref_lookup(const struct ref_tlb *r, uint8_t vmid, uint64_t pfn)
{
    for (unsigned i = 0; i < SMMU_IOTLB_LEN; i++)
        if (r->valid[i] && r->vmid[i] == vmid && r->pfn[i] == pfn)
            return (int)i;
    return -1;
}

static void ref_inval(struct ref_tlb *r, uint8_t vmid, bool all)
{
    for (unsigned i = 0; i < SMMU_IOTLB_LEN; i++)
        if (all || r->vmid[i] == vmid)
            r->valid[i] = false;
}

/* The IOTLB's lookup index against the scan: fills, lookups, invalidations at random. */
static void test_iotlb_differential(void **state)
{
    struct hw_smmu *s;
    struct ref_tlb r = {0};
    uint64_t rng = 0x243F6A8885A308D3ull;

    (void)state;
    assert_int_equal(hw_smmu_create(NULL, NULL, &s), 0);
    for (unsigned step = 0; step < 200000; step++) {
        uint8_t vmid;
        uint64_t pfn;
        const struct hw_smmu_tlbe *e;
        int want;

        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        vmid = (uint8_t)((rng >> 20) % 3);
        pfn = (rng >> 24) % 160 + ((rng >> 40) & 1 ? 0x8424cbull : 0);
        want = ref_lookup(&r, vmid, pfn);
        e = smmu_tlb_lookup(s, vmid, pfn);
        if (want < 0) {
            assert_null(e);
        } else {
            assert_ptr_equal(e, &s->tlb[want]);
            assert_int_equal(e->pa_pfn, r.pa[want]);
        }
        if ((rng >> 33) % 512 == 0) {
            bool all = (rng >> 50) & 1;

            ref_inval(&r, vmid, all);
            smmu_tlb_inval(s, vmid, all ? "TLBIALLNSNH" : NULL);
            for (unsigned i = 0; i < SMMU_IOTLB_LEN; i++)
                assert_int_equal((s->tlb_valid >> i) & 1, r.valid[i]);
            continue;
        }
        if (want < 0) { /* a miss is followed by a fill, as in smmu_cb_translate() */
            struct hw_smmu_tlbe n = {.valid = true,
                                     .read = true,
                                     .vmid = vmid,
                                     .iova_pfn = pfn,
                                     .pa_pfn = rng};

            r.valid[r.next] = true;
            r.vmid[r.next] = vmid;
            r.pfn[r.next] = pfn;
            r.pa[r.next] = rng;
            r.next = (r.next + 1) % SMMU_IOTLB_LEN;
            smmu_tlb_fill(s, &n);
        }
    }
    hw_smmu_destroy(s);
}

/* CB_S2_TLBIIPAS2 drops one page of its bank's VMID; TLBIVMID every page of the VMID. */
static void test_tlbi_ipa_register(void **state)
{
    struct hw_smmu *s;

    (void)state;
    assert_int_equal(hw_smmu_create(NULL, NULL, &s), 0);
    hw_smmu_write32(s, SMMU_GR1_CBAR(2), 3); /* bank 2: VMID 3 */
    for (uint64_t pfn = 0x100; pfn < 0x104; pfn++)
        for (uint8_t vmid = 3; vmid <= 4; vmid++)
            smmu_tlb_fill(s, &(struct hw_smmu_tlbe){.valid = true,
                                                    .read = true,
                                                    .vmid = vmid,
                                                    .iova_pfn = pfn,
                                                    .pa_pfn = pfn});
    hw_smmu_write64(s, SMMU_CB(2) + SMMU_CB_S2_TLBIIPAS2, 0x102);
    assert_null(smmu_tlb_lookup(s, 3, 0x102));
    assert_non_null(smmu_tlb_lookup(s, 4, 0x102)); /* another VMID's page */
    assert_non_null(smmu_tlb_lookup(s, 3, 0x101)); /* another page */
    assert_int_equal(s->tlb_invals, 1);
    assert_int_equal(s->tlb_dropped, 1);
    hw_smmu_write64(s, SMMU_CB(2) + SMMU_CB_S2_TLBIIPAS2, 0x102); /* nothing left */
    assert_int_equal(s->tlb_invals, 2);
    assert_int_equal(s->tlb_dropped, 1);
    hw_smmu_write32(s, SMMU_GR0_TLBIVMID, 3);
    assert_int_equal(s->tlb_dropped, 4);
    assert_null(smmu_tlb_lookup(s, 3, 0x101));
    assert_non_null(smmu_tlb_lookup(s, 4, 0x101));
    hw_smmu_destroy(s);
}

/* The world option: an unknown scope is refused with the valid ones named. */
static void test_smmu_flush_option(void **state)
{
    struct gntsim_world_opts o;
    struct gntsim_world *w = NULL;
    char err[256];

    (void)state;
    gntsim_world_opts_default(&o);
    o.smmu_flush = "page";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), -EINVAL);
    assert_null(w);
    assert_string_equal(err, "unknown smmu-flush 'page' (context, range)");
    o.smmu_flush = "range";
    assert_int_equal(gntsim_world_create(&o, &w, err, sizeof(err)), 0);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_fault_414),
        cmocka_unit_test(test_fixed_releases_read),
        cmocka_unit_test(test_permission_fault),
        cmocka_unit_test(test_stale_iotlb),
        cmocka_unit_test(test_flush_on_unmap),
        cmocka_unit_test(test_bypass_iommu_off),
        cmocka_unit_test(test_unattached_stream),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_decode_seed),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_api_errors),
        cmocka_unit_test(test_iotlb_differential),
        cmocka_unit_test(test_tlbi_ipa_register),
        cmocka_unit_test(test_smmu_flush_option),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
