/* SPDX-License-Identifier: MIT */
/*
 * gntsim_check_invariants_step() (src/check/invariants_step.c): it checks where
 * the operations acted and finds there what the full check finds; it never
 * reports what the full check would not. Findings are counted once each,
 * however many there are (src/check/invariants.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "world_fixture.h"
#include "board/world.h"
#include "../fuzz/fz_gnttab.h"

/* The number of findings recorded so far. */
static size_t nr_findings(struct gntsim_world *w)
{
    size_t n;

    gntsim_findings(w, &n);
    return n;
}

static void finds_where_the_operations_acted(void **state)
{
    struct gntsim_world *w = fx_world("4.14.1", 0);
    struct gnttab_map_grant_ref bad = fx_map_op(FX_HOST_GFN, 5000, GNTMAP_host_map);
    uint16_t flags = 0;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_check_invariants_step(w), 0); /* the first: a full check */
    /* 4.14.1 maps without the 1:1 IOMMU entry: S7, found at the first check after it */
    fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | GNTMAP_readonly);
    assert_int_equal(gntsim_check_invariants_step(w), 1);
    assert_true(fx_has_finding(w, "S7"));
    /* a hypercall that fails changes nothing: no new finding, none missed */
    assert_int_equal(gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &bad, 1), 0);
    assert_int_equal(bad.status, GNTST_bad_gntref);
    assert_int_equal(gntsim_check_invariants_step(w), 0);
    assert_int_equal(gntsim_check_invariants(w), 0); /* the full check agrees */
    /* a guest write is a change: the domU clears GTF_reading under a pinned entry */
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, (0x38000ull << 12) + FX_REF * 8,
                                        &flags, sizeof(flags)),
                     0);
    assert_int_equal(gntsim_check_invariants_step(w), 1);
    assert_true(fx_has_finding(w, "S2"));
    assert_int_equal(nr_findings(w), 2);
    gntsim_world_destroy(w);
}

/*
 * A grant frame lent to another process (gntsimd's clients map frames through
 * hw_mem_export()) is written where the memory-write observer does not see: a
 * write through the lent descriptor is found all the same.
 */
static void lent_grant_frame_write(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    uint16_t flags = GTF_permit_access | GTF_reading; /* reading, but nothing pins it */
    uint64_t mfn;
    uint8_t *p;
    int fd;

    (void)state;
    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, true), 0);
    assert_int_equal(gntsim_check_invariants_step(w), 0); /* the first: a full check */
    mfn = w->xen.dom[FX_DOMU]->gt.shared_mfn[0];
    assert_int_equal(hw_mem_export(&w->mem, mfn, &fd), 0);
    assert_int_equal(gntsim_check_invariants_step(w), 0);
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    assert_true(p != MAP_FAILED);
    memcpy(p + FX_REF * sizeof(grant_entry_v1_t), &flags, sizeof(flags));
    assert_int_equal(gntsim_check_invariants_step(w), 1);
    assert_true(fx_has_finding(w, "S2"));
    munmap(p, 4096);
    assert_int_equal(hw_mem_unexport(&w->mem, mfn), 0);
    gntsim_world_destroy(w);
}

/*
 * More P2M entries of one domain in one step than the recorder's list holds (a new
 * domain's RAM): the check walks that domain's whole P2M, so an entry past the list
 * (the last, a grant mapping that no handle backs: S3) is found, as the full check
 * finds it.
 */
static void p2m_entries_past_the_list(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct domain *d = w->xen.dom[FX_DOMU];
    uint64_t mfn = frames_alloc(&w->xen.frames, w->xen.mem, d->domid);
    size_t before;

    (void)state;
    assert_int_equal(gntsim_check_invariants_step(w), 0); /* the first: a full check */
    assert_true(mfn != INVALID_MFN);
    for (uint64_t i = 0; i < INV_STEP_GFNS + 8; i++)
        assert_int_equal(p2m_set_entry(&w->xen, &d->p2m, 0x70000 + i, mfn, P2M_RAM_RW),
                         0);
    assert_int_equal(p2m_set_entry(&w->xen, &d->p2m, 0x70100, mfn, P2M_GRANT_MAP_RO), 0);
    assert_int_equal(w->inv.nr_p2m_dom, 1); /* one domain's whole P2M, not the world */
    assert_false(w->inv.full);
    assert_int_equal(gntsim_check_invariants_step(w), 1);
    assert_true(fx_has_finding(w, "S3"));
    before = nr_findings(w);
    assert_int_equal(gntsim_check_invariants(w), 0); /* the full check: nothing more */
    assert_int_equal(nr_findings(w), before);
    gntsim_world_destroy(w);
}

/* A write into a v2 status frame is localised to the entries under it. */
static void v2_status_write(void **state)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d;
    struct gntsim_world *w = NULL;
    struct gnttab_set_version v = {.version = 2};
    uint16_t reading = GTF_reading;

    (void)state;
    gntsim_world_opts_default(&o);
    o.release = "4.14.1";
    assert_int_equal(gntsim_world_create(&o, &w, NULL, 0), 0);
    gntsim_domain_opts_default(&d, FX_DOMU);
    d.max_grant_frames = 4;
    d.max_grant_version = 2;
    assert_int_equal(gntsim_domain_create(w, &d), 0);
    assert_int_equal(gntsim_grant_table_op(w, FX_DOMU, 0, GNTTABOP_set_version, &v, 1),
                     0);
    assert_int_equal(gntsim_check_invariants_step(w), 0);
    /* status frame 0 sits at gnttab gfn + max_grant_frames (gnttab_status_gfn()) */
    assert_int_equal(gntsim_guest_write(w, FX_DOMU, ((0x38000ull + 4) << 12) + 9 * 2,
                                        &reading, sizeof(reading)),
                     0);
    assert_int_equal(gntsim_check_invariants_step(w), 1);
    assert_true(fx_has_finding(w, "S2"));
    assert_int_equal(gntsim_check_invariants(w), 0); /* nothing the step check missed */
    gntsim_world_destroy(w);
}

/* Findings of @w as "id what" lines, for comparisons; returns how many. */
static size_t finding_lines(struct gntsim_world *w, char (*out)[216], size_t max)
{
    size_t n;
    const struct gntsim_finding *f = gntsim_findings(w, &n);

    for (size_t i = 0; i < n && i < max; i++)
        snprintf(out[i], sizeof(out[i]), "%s %s", f[i].id, f[i].what);
    return n < max ? n : max;
}

static bool has_line(char (*set)[216], size_t n, const char *line)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(set[i], line))
            return true;
    return false;
}

#define FINDINGS_KEPT 256 /* gntsim_findings() keeps the details of the first 256 */

struct diff_stats {
    unsigned steps, late; /* steps run; findings the step check missed at a step */
    unsigned inputs;
    unsigned found;     /* findings of the full check, over all inputs */
    unsigned by_id[12]; /* and by invariant (S1 .. S11) */
};

/*
 * One fuzz input run twice: world @a checked with the step check after each
 * operation, @b with the full check. The step check never reports what the
 * full check does not, and what it misses at a step is counted as late.
 */
static void diff_one(const uint8_t *data, size_t size, struct diff_stats *st)
{
    static char la[FINDINGS_KEPT][216], lb[FINDINGS_KEPT][216];
    struct fz fa = {.p = data, .left = size}, fb = fa;
    struct gntsim_world *a = fz_world(&fa, NULL, true), *b = fz_world(&fb, NULL, true);
    size_t na = 0, nb = 0;

    assert_true(!a == !b);
    if (a && getenv("DIFF_TRACE") && atoi(getenv("DIFF_TRACE")) == (int)st->inputs)
        gntsim_trace_open(a, stdout, GNTSIM_TRACE_TEXT);
    st->inputs++;
    for (unsigned steps = 0; a && fa.left && steps < 64 && !gntsim_xen_crashed(a, NULL);
         steps++) {
        fz_step(a, &fa);
        fz_step(b, &fb);
        gntsim_check_invariants_step(a);
        gntsim_check_invariants(b);
        na = finding_lines(a, la, FINDINGS_KEPT);
        nb = finding_lines(b, lb, FINDINGS_KEPT);
        for (size_t i = 0; i < na; i++)
            if (!has_line(lb, nb, la[i]))
                fail_msg("step check found what the full check did not: %s", la[i]);
        st->late += (unsigned)(nb - na);
        for (size_t i = 0; getenv("DIFF_DEBUG") && i < nb; i++)
            if (!has_line(la, na, lb[i]))
                printf("input %u missed at step %u: %s\n", st->inputs - 1, steps, lb[i]);
        st->steps++;
    }
    st->found += (unsigned)nb;
    for (size_t i = 0; i < nb; i++)
        st->by_id[atoi(lb[i] + 1) % 12]++;
    if (a) {
        gntsim_world_destroy(a);
        gntsim_world_destroy(b);
    }
}

/* A generator of fz_gnttab.h programs: mostly well-formed grants, maps and unmaps
 * (which reach S1 to S8), sometimes any operation. */
struct gen {
    uint8_t b[400];
    size_t n;
    uint64_t x; /* xorshift64 state: the same programs every run */
};

static unsigned rnd(struct gen *g, unsigned below)
{
    g->x ^= g->x << 13, g->x ^= g->x >> 7, g->x ^= g->x << 17;
    return (unsigned)(g->x >> 33) % below;
}

static void put(struct gen *g, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes && g->n < sizeof(g->b); i++)
        g->b[g->n++] = (uint8_t)(v >> (8 * i));
}

/* Step header (op, dom, vcpu), as fz_step() reads it. */
static void gen_step(struct gen *g, unsigned op, unsigned dom)
{
    put(g, op, 1), put(g, dom, 1), put(g, rnd(g, 2), 1);
}

/* A domU grants ref 8..15 of one of its RAM pages to dom0. */
static void gen_grant(struct gen *g)
{
    unsigned dom = 1 + rnd(g, 2);

    gen_step(g, 0, dom);
    put(g, dom, 1), put(g, 8 + rnd(g, 8), 2);
    put(g, GTF_permit_access | (rnd(g, 4) ? 0 : GTF_readonly), 2);
    put(g, 0, 1);                        /* fz_dom(): dom0 */
    put(g, 0, 1), put(g, rnd(g, 16), 1); /* fz_gfn(): RAM */
}

/* dom0 maps one of those grants into its extended region. */
static void gen_map(struct gen *g)
{
    static const unsigned flags[] = {GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly,
                                     GNTMAP_host_map | GNTMAP_device_map,
                                     GNTMAP_device_map};

    gen_step(g, 2, 0);
    put(g, 0, 1);                       /* one op */
    put(g, 1, 1), put(g, rnd(g, 8), 1); /* host_addr in the extended region */
    put(g, 1, 1), put(g, flags[rnd(g, 4)], 1);
    put(g, 1, 1), put(g, rnd(g, 8), 1); /* ref 8..15 */
    put(g, 1 + rnd(g, 2), 1);           /* fz_dom(): d1 or d2 */
}

/* dom0 unmaps a handle, at a host_addr that may not be the mapping's. */
static void gen_unmap(struct gen *g)
{
    gen_step(g, 4, 0);
    put(g, 0, 1);
    put(g, 1, 1), put(g, 1, 1), put(g, rnd(g, 8), 1);
    put(g, 1, 1);                       /* no dev_bus_addr */
    put(g, 1, 1), put(g, rnd(g, 4), 1); /* handle 0..3 */
    put(g, rnd(g, 4) ? 1 : 0, 1);       /* unmap or unmap_and_replace */
}

static size_t gen_program(struct gen *g)
{
    g->n = 0;
    put(g, rnd(g, 64), 1);                                            /* release */
    put(g, rnd(g, 2), 1), put(g, rnd(g, 2), 1), put(g, rnd(g, 2), 1); /* max versions */
    while (g->n < sizeof(g->b) - 24) {
        unsigned k = rnd(g, 16);

        if (k < 4)
            gen_grant(g);
        else if (k < 8)
            gen_map(g);
        else if (k < 11)
            gen_unmap(g);
        else if (k == 11)
            gen_step(g, 129, rnd(g, 3)), put(g, rnd(g, 4), 1); /* inject iommu failure */
        else
            for (unsigned i = 0; i < 12; i++)
                put(g, rnd(g, 256), 1); /* anything */
    }
    return g->n;
}

static void agrees_with_the_full_check(void **state)
{
    struct gen g = {.x = 0x9e3779b97f4a7c15ull};
    struct diff_stats st = {0};

    (void)state;
    for (unsigned input = 0; input < 300; input++)
        diff_one(g.b, gen_program(&g), &st);
    printf("step check vs full check: %u steps, %u findings (S1-S8 %u %u %u %u %u %u "
           "%u %u), %u missed at their step\n",
           st.steps, st.found, st.by_id[1], st.by_id[2], st.by_id[3], st.by_id[4],
           st.by_id[5], st.by_id[6], st.by_id[7], st.by_id[8], st.late);
    assert_true(st.steps > 2000 && st.found > 100); /* the inputs reach findings */
    /* the fuzz program does nothing the recorder cannot localise */
    assert_int_equal(st.late, 0);
}

/* More distinct findings than details kept: each counted once, the first 256 kept. */
static void findings_beyond_the_kept_details(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    const unsigned n = 300;
    size_t kept;

    (void)state;
    for (unsigned ref = 8; ref < 8 + n; ref++) { /* GTF_reading on unpinned entries */
        grant_entry_v1_t e = {.flags = GTF_permit_access | GTF_reading, .domid = 0};

        assert_int_equal(gntsim_guest_write(w, FX_DOMU,
                                            (0x38000ull << 12) + ref * sizeof(e), &e,
                                            sizeof(e)),
                         0);
    }
    assert_int_equal(gntsim_check_invariants(w), n);
    assert_int_equal(gntsim_check_invariants(w), 0); /* nothing new */
    assert_int_equal(gntsim_findings_total(w), n);
    assert_string_equal(gntsim_findings(w, &kept)[0].id, "S2");
    assert_int_equal(kept, 256);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_where_the_operations_acted),
        cmocka_unit_test(v2_status_write),
        cmocka_unit_test(lent_grant_frame_write),
        cmocka_unit_test(p2m_entries_past_the_list),
        cmocka_unit_test(agrees_with_the_full_check),
        cmocka_unit_test(findings_beyond_the_kept_details),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
