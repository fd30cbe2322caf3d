/* SPDX-License-Identifier: MIT */
/*
 * bench_copy: GNTTABOP_copy between two domains (dom0 copies out of d1's
 * read-only grants into its own pages, the netback RX/TX pattern) for 4 KiB
 * and 128-byte ops, one op per hypercall and 64 ops per hypercall; ops per
 * second and bytes per second, beside a memcpy of the same sizes over the
 * same number of distinct host buffers measured in the same run.
 *
 * Targets: a 4 KiB grant copy (batches of 64) reaches at least half of
 * memcpy's 4 KiB throughput; a batch of 64 is at least 1.5x faster per op
 * than single-op hypercalls. Instructions per op (callgrind) are printed too.
 *
 *   bench_copy                          the figures
 *   bench_copy --ops K --len L --per P  only K ops of L bytes, P per call (for callgrind)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "gntsim/gntsim.h"
#include "bench_util.h"

#define DOMU       1
#define DOMU_GFN0  0x40000ull
#define DOM0_GFN0  0x40080ull /* dom0 direct-mapped at mfn 0x40000, 512 pages */
#define NPAGES     64u        /* distinct source and destination pages */
#define BATCH      64u
#define REF0       8u
#define REPEATS    5
#define TARGET_OPS 200000u /* ops per timed measurement */

struct copy_bench {
    struct gntsim_world *w;
    struct gnttab_copy ops[BATCH];
};

static int copy_world(struct copy_bench *b)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = "master";
    if (gntsim_world_create(&o, &b->w, err, sizeof(err))) {
        fprintf(stderr, "bench_copy: world: %s\n", err);
        return -1;
    }
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    d0.mem_pages = 512;
    gntsim_domain_opts_default(&du, DOMU);
    if (gntsim_domain_create(b->w, &d0) || gntsim_domain_create(b->w, &du)) {
        fprintf(stderr, "bench_copy: domains: %s\n", gntsim_world_error(b->w));
        return -1;
    }
    for (uint32_t i = 0; i < NPAGES; i++)
        if (gntsim_guest_grant(b->w, DOMU, REF0 + i, 0, DOMU_GFN0 + i, true))
            return -1;
    return 0;
}

/* Op @i of a run: d1's ref REF0 + i % NPAGES into dom0's page DOM0_GFN0 + i % NPAGES. */
static void copy_fill(struct copy_bench *b, uint16_t len)
{
    for (uint32_t i = 0; i < BATCH; i++) {
        struct gnttab_copy *op = &b->ops[i];

        memset(op, 0, sizeof(*op));
        op->flags = GNTCOPY_source_gref;
        op->source.u.ref = REF0 + i % NPAGES;
        op->source.domid = DOMU;
        op->dest.u.gmfn = DOM0_GFN0 + i % NPAGES;
        op->dest.domid = DOMID_SELF;
        op->len = len;
    }
}

/* @n ops in calls of @per_call, walking b->ops in steps of @per_call and wrapping at
 * BATCH.
 */
__attribute__((noinline)) static int bench_copy_ops(struct copy_bench *b, uint64_t n,
                                                    uint32_t per_call)
{
    for (uint64_t done = 0, k = 0; done < n; done += per_call) {
        struct gnttab_copy *ops = &b->ops[k];

        if (gntsim_grant_table_op(b->w, 0, 0, GNTTABOP_copy, ops, per_call) ||
            ops[0].status != GNTST_okay) {
            fprintf(stderr, "bench_copy: copy failed (%d)\n", ops[0].status);
            return -1;
        }
        k = k + per_call < BATCH ? k + per_call : 0;
    }
    return 0;
}

/* Nanoseconds per op, median of REPEATS runs of TARGET_OPS ops in calls of @per_call. */
static double copy_time(struct copy_bench *b, uint16_t len, uint32_t per_call)
{
    double v[REPEATS];

    copy_fill(b, len);
    for (int r = 0; r < REPEATS; r++) {
        uint64_t t = bench_now_ns();

        if (bench_copy_ops(b, TARGET_OPS, per_call))
            return -1;
        v[r] = (double)(bench_now_ns() - t) / TARGET_OPS;
    }
    return bench_median(v, REPEATS);
}

/* memcpy of @len bytes between NPAGES distinct 4 KiB buffers, ns per copy. */
static double memcpy_time(uint8_t *src, uint8_t *dst, size_t len, volatile uint8_t *sink)
{
    double v[REPEATS];

    for (int r = 0; r < REPEATS; r++) {
        uint64_t t = bench_now_ns();

        for (uint32_t i = 0; i < TARGET_OPS; i++) {
            size_t k = (i % NPAGES) * 4096u;

            memcpy(dst + k, src + k, len);
            __asm__ volatile("" : : "r"(dst + k) : "memory");
        }
        v[r] = (double)(bench_now_ns() - t) / TARGET_OPS;
        *sink ^= dst[r];
    }
    return bench_median(v, REPEATS);
}

/* Figures for one size: single, batched, memcpy; ops/s and bytes/s. */
static void copy_report(struct bench_report *r, const char *tag, size_t len,
                        double single, double batch, double mc)
{
    char name[64], base[64];
    struct bench_fig *f;

    snprintf(base, sizeof(base), "memcpy_%s_ops_per_s", tag);
    bench_add(r, base, 1e9 / mc, "1/s", NULL, 0);
    snprintf(name, sizeof(name), "gnttab_copy_%s_single_ops_per_s", tag);
    bench_add(r, name, 1e9 / single, "1/s", base, 1e9 / mc);
    snprintf(name, sizeof(name), "gnttab_copy_%s_batch64_ops_per_s", tag);
    bench_add(r, name, 1e9 / batch, "1/s", base, 1e9 / mc);
    snprintf(base, sizeof(base), "memcpy_%s_bytes_per_s", tag);
    bench_add(r, base, 1e9 * (double)len / mc, "B/s", NULL, 0);
    snprintf(name, sizeof(name), "gnttab_copy_%s_single_bytes_per_s", tag);
    bench_add(r, name, 1e9 * (double)len / single, "B/s", base, 1e9 * (double)len / mc);
    snprintf(name, sizeof(name), "gnttab_copy_%s_batch64_bytes_per_s", tag);
    f = bench_add(r, name, 1e9 * (double)len / batch, "B/s", base,
                  1e9 * (double)len / mc);
    if (len == 4096)
        bench_target(f, ">= 0.5 memcpy", f && f->ratio >= 0.5);
    snprintf(name, sizeof(name), "gnttab_copy_%s_batch64_speedup", tag);
    f = bench_add(r, name, single / batch, "x", NULL, 0);
    bench_target(f, ">= 1.5x per op vs single", single / batch >= 1.5);
}

/* Instructions per op for single and batched calls of each size (callgrind). */
static void copy_instructions(struct bench_report *r)
{
    static const unsigned lens[] = {4096, 128};
    static const char *const tags[] = {"4k", "128b"};
    const char *vg = bench_valgrind(r, "instructions per op");
    char name[64], rest[64];

    for (int s = 0; vg && s < 2; s++) {
        double ir[2];

        for (int m = 0; m < 2; m++) {
            snprintf(rest, sizeof(rest), " --len %u --per %u", lens[s], m ? BATCH : 1u);
            ir[m] = bench_callgrind_per(vg, "bench_copy_ops*", "--ops", 2560, rest);
            snprintf(name, sizeof(name), "instr_per_op_%s_%s", tags[s],
                     m ? "batch64" : "single");
            if (ir[m] >= 0)
                bench_add(r, name, ir[m], "instr", NULL, 0);
        }
        snprintf(name, sizeof(name), "instr_batch64_saving_%s", tags[s]);
        if (ir[0] > 0 && ir[1] > 0)
            bench_add(r, name, ir[0] / ir[1], "x", NULL, 0);
    }
    if (vg)
        bench_note(r, "instructions: callgrind Ir inside bench_copy_ops, "
                      "(Ir(5120 ops) - Ir(2560 ops)) / 2560");
}

/* Child mode for callgrind: --ops K --len L --per P. */
static int copy_child(struct copy_bench *b, int argc, char **argv)
{
    unsigned long long k = 0, len = 0, per = 0;

    for (int i = 1; i + 1 < argc; i += 2) {
        unsigned long long v = strtoull(argv[i + 1], NULL, 0);

        if (!strcmp(argv[i], "--ops"))
            k = v;
        else if (!strcmp(argv[i], "--len"))
            len = v;
        else if (!strcmp(argv[i], "--per"))
            per = v;
    }
    if (!k || !len || len > 4096 || !per || per > BATCH || BATCH % per) {
        fprintf(stderr, "usage: bench_copy [--ops K --len 1..4096 --per 1|..|%u]\n",
                BATCH);
        return 2;
    }
    copy_fill(b, (uint16_t)len);
    return bench_copy_ops(b, k, (uint32_t)per) ? 1 : 0;
}

int main(int argc, char **argv)
{
    static struct copy_bench b;
    static struct bench_report r;
    volatile uint8_t sink = 0;
    uint8_t *src = malloc(NPAGES * 4096u), *dst = malloc(NPAGES * 4096u);
    static const size_t sizes[] = {4096, 128};
    static const char *const tags[] = {"4k", "128b"};
    int rc = 1;

    if (!src || !dst || copy_world(&b))
        goto out;
    if (argc > 1) {
        rc = copy_child(&b, argc, argv);
        goto out;
    }
    memset(src, 0x5a, NPAGES * 4096u);
    memset(dst, 0, NPAGES * 4096u);
    for (int s = 0; s < 2; s++) {
        double single = copy_time(&b, (uint16_t)sizes[s], 1);
        double batch = copy_time(&b, (uint16_t)sizes[s], BATCH);
        double mc = memcpy_time(src, dst, sizes[s], &sink);

        if (single < 0 || batch < 0)
            goto out;
        copy_report(&r, tags[s], sizes[s], single, batch, mc);
    }
    copy_instructions(&r);
    bench_note(&r, "dom0 (Arm, direct-mapped, IOMMU) copies from d1's read-only grants "
                   "(GNTCOPY_source_gref) into its own gmfns, release master; 64 "
                   "distinct page pairs; memcpy over 64 distinct 4 KiB host buffers; "
                   "median of 5 runs of 200000 ops");
    bench_print(&r, stdout);
    rc = 0;
out:
    gntsim_world_destroy(b.w);
    free(src);
    free(dst);
    return rc;
}
