/* SPDX-License-Identifier: MIT */
/*
 * gntsim explore (include/gntsim/explore.h) through the library: the era A race, whose
 * verdicts must not depend on the reductions used; a finding of the statements before
 * a block, which every explored run must count (opts.prefix_checked); and the world
 * digest the state hash reads (incremental P2M digest, x86 IOMMU entries' padding).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "board/world.h"
#include "gntsim/explore.h"
#include "gntsim/gntsim.h"
#include "xen/iommu.h"

static const char era_a[] = "releases 4.11 4.13.1 master\n"
                            "races 4.11\n"
                            "domain d0 hwdom iommu arch=x86-pv vcpus=2 pages=256\n"
                            "domain d1 arch=x86-pv mfn=0x842400 pages=256\n"
                            "grant d1 8 to=d0 gfn=0x8424cb ro\n"
                            "parallel {\n"
                            "map d0 d1 8 host=0x100000 vcpu=0 ro\n"
                            "map d0 d1 8 host=0x101000 vcpu=1 ro\n"
                            "}\n"
                            "iommu d0 0x8424cb expect perm == \"r\"\n";

/* The era A race: found in 4.11, none in 4.13.1 or master, whatever the reductions;
 * the counterexample fails when replayed, and the statement order does not. */
static void explore_era_a(void **state)
{
    static const char *const rels[] = {"4.11", "4.13.1", "master"};
    struct gntsim_scenario *sc;
    struct gntsim_explore_result *r = calloc(1, sizeof(*r));
    uint64_t complete_full = 0;

    (void)state;
    assert_non_null(r);
    assert_int_equal(gntsim_scenario_parse("era-a", era_a, strlen(era_a), stderr, &sc),
                     0);
    for (unsigned i = 0; i < 3; i++)
        for (unsigned mode = 4; mode-- > 0;) { /* no reduction first */
            struct gntsim_explore_opts o = {
                .release = rels[i], .hash = !(mode & 1), .no_por = mode & 2};

            assert_int_equal(gntsim_explore(sc, &o, r), 0);
            assert_int_equal(r->found > 0, i == 0);
            assert_true(r->checked >= 1);
            if (i == 0) {
                assert_int_not_equal(gntsim_explore_replay(sc, rels[i], r, NULL), 0);
                continue;
            }
            assert_true(r->exhaustive);
            if (mode == 3) /* no reduction: every interleaving ran to its end */
                complete_full = r->complete;
            else if (mode != 2) /* sleep sets run fewer to their end */
                assert_true(r->complete < complete_full);
            else /* hashing alone: fewer, unless stacks cannot be hashed (ASan) */
                assert_true(r->complete <= complete_full);
        }
    assert_true(complete_full > 100);
    assert_int_equal(gntsim_explore_replay(sc, "4.11", NULL, NULL), 0);
    gntsim_scenario_free(sc);
    free(r);
}

/*
 * A finding the invariants record in the statements before a block and that is gone
 * by its start (XSA-230's S2, then the unmap that ends it): explore's later runs skip
 * the prefix's checks only when the first run's prefix found nothing, so every run
 * still counts it. gntsim_scenario_run() with opts.prefix_checked would not.
 */
static const char prefix_finding[] =
    "releases 4.11\n"
    "world strict=off xsa230=vulnerable\n"
    "domain d0 hwdom iommu arch=x86-pv mfn=0x40000 vcpus=2\n"
    "domain d1 arch=x86-pv mfn=0x842400\n"
    "grant d1 8 to=d0 gfn=0x8424cb\n"
    "map d0 d1 8 dev nohost as m expect status == GNTST_okay\n"
    "domain-destroy d1 expect rc == 0\n"
    "copy d0 src=0x7ff0 src-gfn=0x40010 dst=d1 dst-ref=8 len=8 expect status == "
    "GNTST_bad_domain\n"
    "unmap d0 $m.handle bus=$m.bus expect status == GNTST_okay\n"
    "domain d2 arch=x86-pv mfn=0x843400\n"
    "grant d2 5 to=d0 gfn=0x843410\n"
    "parallel {\n"
    "map d0 d2 5 host=0x100000 vcpu=0 ro\n"
    "map d0 d2 5 host=0x101000 vcpu=1 ro\n"
    "}\n"
    "check expect findings == 1 and first == S2\n";

static void explore_prefix_finding_kept(void **state)
{
    struct gntsim_scenario *sc;
    struct gntsim_explore_result *r = calloc(1, sizeof(*r));
    struct gntsim_explore_opts o = {.release = "4.11", .hash = true, .all = true};
    struct gntsim_scenario_stats st;
    struct gntsim_scenario_opts so = {.invariants = true, .stats = &st};

    (void)state;
    assert_non_null(r);
    assert_int_equal(gntsim_scenario_parse("prefix", prefix_finding,
                                           strlen(prefix_finding), stderr, &sc),
                     0);
    assert_int_equal(gntsim_scenario_run(sc, "4.11", &so), 0);
    assert_true(st.reached_parallel);
    assert_int_equal(st.prefix_findings, 1);
    so.prefix_checked = true; /* what explore must not do here */
    assert_true(gntsim_scenario_run(sc, "4.11", &so) > 0); /* the check fails */
    assert_int_equal(st.findings, 0);
    assert_int_equal(gntsim_explore(sc, &o, r), 0);
    assert_true(r->exhaustive);
    assert_true(r->complete >= 2);
    assert_int_equal(r->found, 0);
    assert_true(r->checked >= 1);
    gntsim_scenario_free(sc);
    free(r);
}

/* The digest a world reached at the end of a run (opts.done). */
static void keep_digest(void *ctx, struct gntsim_world *w,
                        const struct gntsim_scenario_run *r)
{
    (void)r;
    *(uint64_t *)ctx = gntsim_world_digest(w);
}

/*
 * gntsim_world_digest() is the same whether each P2M kept its digest incrementally
 * (explore's worlds) or the tables are walked; it changes with a P2M entry, a pin and
 * a maptrack entry, and two runs of one scenario give the same.
 */
static void digest_incremental_equals_walk(void **state)
{
    static const char *const texts[] = {
        "domain d0 hwdom direct iommu mfn=0x40000 pages=256\n"
        "domain d1 mfn=0x842400 pages=256\n"
        "grant d1 8 to=d0 gfn=0x400cb ro\n",
        "domain d0 hwdom direct iommu mfn=0x40000 pages=256\n"
        "domain d1 mfn=0x842400 pages=256\n"
        "grant d1 8 to=d0 gfn=0x400cb ro\n"
        "map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay\n",
        "domain d0 hwdom direct iommu mfn=0x40000 pages=256\n"
        "domain d1 mfn=0x842400 pages=256\n"
        "grant d1 8 to=d0 gfn=0x400cb ro\n"
        "map d0 d1 8 host=0x100000 ro as m expect status == GNTST_okay\n"
        "unmap d0 $m.handle host=0x100000 expect status == GNTST_okay\n",
    };
    uint64_t dg[3][2];

    (void)state;
    for (unsigned i = 0; i < 3; i++)
        for (unsigned keep = 0; keep < 2; keep++) {
            struct gntsim_scenario *sc;
            struct gntsim_scenario_opts o = {
                .done = keep_digest, .ctx = &dg[i][keep], .par_state = keep};

            assert_int_equal(
                gntsim_scenario_parse("dg", texts[i], strlen(texts[i]), stderr, &sc), 0);
            assert_int_equal(gntsim_scenario_run(sc, "4.17", &o), 0);
            gntsim_scenario_free(sc);
        }
    for (unsigned i = 0; i < 3; i++)
        assert_true(dg[i][0] == dg[i][1]);
    assert_true(dg[0][0] != dg[1][0]); /* the map: a P2M entry, a pin, a maptrack entry */
    assert_true(dg[1][0] != dg[2][0]); /* the unmap */
}

/* opts.done: the digest before and after scribbling over the tail padding of dom0's
 * IOMMU entries, then after iommu_pt_set() changed one entry's flags; and whether the
 * table's kept digest is the XOR of its entries' (recomputed here) at both ends. */
static void scribble_iommu(void *ctx, struct gntsim_world *w,
                           const struct gntsim_scenario_run *r)
{
    uint64_t *dg = ctx, x[2] = {0, 0};
    struct iommu_pt *pt = &w->xen.dom[0]->iommu.pt;
    size_t tail = offsetof(struct iommu_pte, flags) + sizeof(pt->e->flags);
    struct iommu_pte last;

    (void)r;
    assert_true(pt->nr > 0 && tail < sizeof(*pt->e));
    dg[0] = gntsim_world_digest(w);
    for (uint32_t i = 0; i < pt->nr; i++) {
        memset((unsigned char *)&pt->e[i] + tail, 0x5a, sizeof(*pt->e) - tail);
        x[0] ^= iommu_pte_digest(&pt->e[i]);
    }
    dg[1] = gntsim_world_digest(w);
    dg[3] = x[0] == pt->digest;
    last = pt->e[pt->nr - 1];
    assert_int_equal(iommu_pt_set(pt, last.dfn, last.mfn, last.flags ^ IOMMUF_writable),
                     0);
    dg[2] = gntsim_world_digest(w);
    for (uint32_t i = 0; i < pt->nr; i++)
        x[1] ^= iommu_pte_digest(&pt->e[i]);
    dg[3] = dg[3] && x[1] == pt->digest;
}

/* The digest covers an x86 IOMMU entry's fields, not the bytes its copies leave in
 * the padding (which made explore count one state many times). */
static void digest_ignores_iommu_padding(void **state)
{
    static const char text[] = "releases 4.11\n"
                               "domain d0 hwdom iommu arch=x86-pv pages=256\n"
                               "domain d1 arch=x86-pv mfn=0x842400 pages=256\n"
                               "grant d1 8 to=d0 gfn=0x8424cb\n"
                               "map d0 d1 8 host=0x100000 expect status == GNTST_okay\n";
    struct gntsim_scenario *sc;
    uint64_t dg[4];
    struct gntsim_scenario_opts o = {.done = scribble_iommu, .ctx = dg};

    (void)state;
    assert_int_equal(gntsim_scenario_parse("dg", text, strlen(text), stderr, &sc), 0);
    assert_int_equal(gntsim_scenario_run(sc, "4.11", &o), 0);
    gntsim_scenario_free(sc);
    assert_true(dg[0] == dg[1]);
    assert_true(dg[1] != dg[2]);
    assert_true(dg[3]); /* the kept digest is the entries' */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(explore_era_a),
        cmocka_unit_test(explore_prefix_finding_kept),
        cmocka_unit_test(digest_incremental_equals_walk),
        cmocka_unit_test(digest_ignores_iommu_padding),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
