/* SPDX-License-Identifier: MIT */
/*
 * bench_gnttab: cost of a dom0 map+unmap pair of a read-only grant on an Arm
 * direct-mapped dom0 with IOMMU, era C ("master") and era B ("4.15.0"), with
 * 1, 1 000 and 100 000 other live mappings, against one 4 KiB memcpy from a
 * buffer larger than the caches measured in the same run; instructions per
 * pair (callgrind, when valgrind is installed); memory per live mapping and
 * peak RSS.
 *
 *   bench_gnttab                                  the whole benchmark
 *   bench_gnttab --pairs K --live N --release R   only K pairs (for callgrind)
 *   bench_gnttab --copies K                       only K 4 KiB copies (for callgrind)
 *
 * Environment: GNTSIM_BENCH_VALGRIND (default "valgrind"; empty: skip the
 * instruction counts).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "gntsim/gntsim.h"
#include "bench_util.h"

#define DOMU         1
#define DOMU_RAM_GFN 0x40000ull
#define LIVE_MAX     100000u
#define REF_EXTRA    8u           /* the ref mapped and unmapped in the timed loop */
#define REF_LIVE0    9u           /* background refs: REF_LIVE0 + i */
#define HOST_EXTRA   0xfff000ull  /* dom0 gfn of the timed mapping */
#define HOST_LIVE0   0x1000000ull /* dom0 gfns of the background mappings */
#define DOMU_PAGES   (REF_LIVE0 + LIVE_MAX + 64u)
#define GRANT_FRAMES 256u /* 131072 v1 refs */
#define REPEATS      5
#define TARGET_NS    200000000.0 /* one timed measurement: ~0.2 s */

#define COPY_SIZE    4096u
#define COPY_SRC_MIB 256u

/* One world: dom0 and d1, the grants made, @live background mappings. */
struct bench_world {
    struct gntsim_world *w;
    uint32_t live;
    uint32_t handle[LIVE_MAX];
};

static int bench_fail(const char *what, struct gntsim_world *w)
{
    fprintf(stderr, "bench_gnttab: %s: %s\n", what, w ? gntsim_world_error(w) : "");
    return -1;
}

static int world_make(struct bench_world *b, const char *release)
{
    struct gntsim_world_opts o;
    struct gntsim_domain_opts d0, du;
    char err[256];

    gntsim_world_opts_default(&o);
    o.release = release;
    o.gnttab_max_frames = GRANT_FRAMES; /* Xen's gnttab_max_frames=: 4.17 and older cap */
    b->w = NULL;
    b->live = 0;
    if (gntsim_world_create(&o, &b->w, err, sizeof(err))) {
        fprintf(stderr, "bench_gnttab: world %s: %s\n", release, err);
        return -1;
    }
    gntsim_domain_opts_default(&d0, 0);
    d0.hwdom = d0.direct_mapped = d0.iommu = true;
    d0.mfn_base = 0x40000;
    d0.max_maptrack_frames = 1024;
    if (gntsim_domain_create(b->w, &d0))
        return bench_fail("dom0", b->w);
    gntsim_domain_opts_default(&du, DOMU);
    du.mem_pages = DOMU_PAGES;
    du.max_grant_frames = GRANT_FRAMES;
    if (gntsim_domain_create(b->w, &du))
        return bench_fail("domU", b->w);
    return 0;
}

/* d1 grows its table to hold every ref up to @last and grants refs REF_EXTRA..@last. */
static int world_grant(struct bench_world *b, uint32_t last)
{
    xen_pfn_t list[GRANT_FRAMES];
    struct gnttab_setup_table st = {.dom = DOMID_SELF,
                                    .nr_frames = last / (4096u / 8u) + 1u};

    set_xen_guest_handle(st.frame_list, list);
    if (gntsim_grant_table_op(b->w, DOMU, 0, GNTTABOP_setup_table, &st, 1) ||
        st.status != GNTST_okay)
        return bench_fail("setup_table", b->w);
    for (uint32_t ref = REF_EXTRA; ref <= last; ref++)
        if (gntsim_guest_grant(b->w, DOMU, ref, 0, DOMU_RAM_GFN + ref, true))
            return bench_fail("guest_grant", b->w);
    return 0;
}

static int map_one(struct gntsim_world *w, uint64_t host_gfn, uint32_t ref,
                   uint32_t *handle)
{
    struct gnttab_map_grant_ref op = {.host_addr = host_gfn << 12,
                                      .flags = GNTMAP_host_map | GNTMAP_readonly,
                                      .ref = ref,
                                      .dom = DOMU};

    if (gntsim_grant_table_op(w, 0, 0, GNTTABOP_map_grant_ref, &op, 1) ||
        op.status != GNTST_okay) {
        fprintf(stderr, "bench_gnttab: map of ref %u at gfn %#llx: status %d: %s\n", ref,
                (unsigned long long)host_gfn, op.status, gntsim_world_error(w));
        return -1;
    }
    *handle = op.handle;
    return 0;
}

static int unmap_one(struct gntsim_world *w, uint64_t host_gfn, uint32_t handle)
{
    struct gnttab_unmap_grant_ref op = {.host_addr = host_gfn << 12, .handle = handle};

    if (gntsim_grant_table_op(w, 0, 0, GNTTABOP_unmap_grant_ref, &op, 1) ||
        op.status != GNTST_okay) {
        fprintf(stderr, "bench_gnttab: unmap of handle %u at gfn %#llx: status %d: %s\n",
                handle, (unsigned long long)host_gfn, op.status, gntsim_world_error(w));
        return -1;
    }
    return 0;
}

/* Bring the background mappings up to @n. */
static int world_live(struct bench_world *b, uint32_t n)
{
    for (; b->live < n; b->live++)
        if (map_one(b->w, HOST_LIVE0 + b->live, REF_LIVE0 + b->live, &b->handle[b->live]))
            return -1;
    return 0;
}

/* The measured work: @k map+unmap pairs of REF_EXTRA. Callgrind toggles on this name. */
__attribute__((noinline)) static int bench_pairs(struct gntsim_world *w, uint64_t k)
{
    for (uint64_t i = 0; i < k; i++) {
        uint32_t h;

        if (map_one(w, HOST_EXTRA, REF_EXTRA, &h) || unmap_one(w, HOST_EXTRA, h))
            return -1;
    }
    return 0;
}

/*
 * @k 4 KiB copies from @src (@npages pages, a power of two) to @dst, visiting
 * the pages in a scattered order (odd multiplier) so neither the caches nor
 * the next-page prefetcher hold the source. Callgrind toggles on this name.
 */
__attribute__((noinline)) static unsigned bench_copies(const unsigned char *src,
                                                       size_t npages, unsigned char *dst,
                                                       uint64_t k, uint64_t start)
{
    void *(*volatile cpy)(void *, const void *, size_t) = memcpy;
    unsigned sum = 0;

    for (uint64_t i = 0; i < k; i++) {
        size_t p = (size_t)(((start + i) * 40503u) & (npages - 1));

        cpy(dst, src + p * COPY_SIZE, COPY_SIZE);
        sum += dst[(i * 61u) & (COPY_SIZE - 1)];
    }
    return sum;
}

/* Median ns per pair over REPEATS measurements of ~TARGET_NS each. */
static int time_pairs(struct gntsim_world *w, double *ns_per_pair)
{
    uint64_t k = 16, t;
    double v[REPEATS];

    for (;;) { /* calibrate (and warm up) */
        t = bench_now_ns();
        if (bench_pairs(w, k))
            return -1;
        t = bench_now_ns() - t;
        if (t >= 20000000u || k >= (1ull << 30))
            break;
        k *= 4;
    }
    k = (uint64_t)((double)k * TARGET_NS / (double)(t ? t : 1));
    if (k < 3)
        k = 3;
    for (int r = 0; r < REPEATS; r++) {
        t = bench_now_ns();
        if (bench_pairs(w, k))
            return -1;
        v[r] = (double)(bench_now_ns() - t) / (double)k;
    }
    *ns_per_pair = bench_median(v, REPEATS);
    return 0;
}

struct copy_buf {
    unsigned char *src, *dst;
    size_t npages;
};

static int copy_buf_make(struct copy_buf *c, size_t mib)
{
    size_t len = mib << 20;

    c->npages = len / COPY_SIZE;
    c->src = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    c->dst = malloc(COPY_SIZE);
    if (c->src == MAP_FAILED || !c->dst) {
        fprintf(stderr, "bench_gnttab: cannot allocate %zu MiB\n", mib);
        return -1;
    }
    for (size_t i = 0; i < len; i += 64) /* real, distinct pages */
        c->src[i] = (unsigned char)(i >> 12);
    return 0;
}

static void copy_buf_free(struct copy_buf *c)
{
    if (c->src && c->src != MAP_FAILED)
        munmap(c->src, c->npages * COPY_SIZE);
    free(c->dst);
}

/* Median ns per 4 KiB copy: REPEATS passes of one copy per source page. */
static double time_copies(const struct copy_buf *c, unsigned *sink)
{
    double v[REPEATS];
    uint64_t start = 0;

    *sink += bench_copies(c->src, c->npages, c->dst, c->npages, start); /* warm TLB */
    for (int r = 0; r < REPEATS; r++) {
        uint64_t t = bench_now_ns();

        start += c->npages + 7;
        *sink += bench_copies(c->src, c->npages, c->dst, c->npages, start);
        v[r] = (double)(bench_now_ns() - t) / (double)c->npages;
    }
    return bench_median(v, REPEATS);
}

/* --------------------------------------------------------------- modes --- */

static int mode_pairs(uint64_t k, uint32_t live, const char *release)
{
    struct bench_world *b = calloc(1, sizeof(*b));
    int rc = -1;

    if (b && live <= LIVE_MAX && !world_make(b, release) &&
        !world_grant(b, REF_LIVE0 + live) && !world_live(b, live))
        rc = bench_pairs(b->w, k);
    if (b)
        gntsim_world_destroy(b->w);
    free(b);
    return rc ? 1 : 0;
}

static int mode_copies(uint64_t k)
{
    struct copy_buf c = {0};
    int rc = 1;

    if (!copy_buf_make(&c, 16)) {
        volatile unsigned sink = bench_copies(c.src, c.npages, c.dst, k, 0);

        (void)sink;
        rc = 0;
    }
    copy_buf_free(&c);
    return rc;
}

/* ---------------------------------------------------------- full bench --- */

static const char *const era_release[2] = {"master", "4.15.0"};
static const char era_letter[2] = {'C', 'B'};
static const uint32_t live_sizes[3] = {1, 1000, LIVE_MAX};

/*
 * Resident bytes per live mapping: a fresh era C world with its domains, then
 * table growth, 100 000 grants and 100 000 mappings; the RSS delta / 100 000.
 */
static int measure_memory(struct bench_report *r)
{
    struct bench_world *b = calloc(1, sizeof(*b));
    uint64_t before, after;
    double raw, net;
    const double abi = 8 + 8 + 8;
    int rc = -1;

    if (!b || world_make(b, "master"))
        goto out;
    before = bench_proc_status_bytes("VmRSS");
    if (world_grant(b, REF_LIVE0 + LIVE_MAX) || world_live(b, LIVE_MAX))
        goto out;
    after = bench_proc_status_bytes("VmRSS");
    raw = (double)(after > before ? after - before : 0) / LIVE_MAX;
    net = raw - abi;
    bench_add(r, "mem_per_live_mapping_raw", raw, "B", NULL, 0);
    bench_target(bench_add(r, "mem_per_live_mapping_net", net, "B", NULL, 0),
                 "<= 64 B beyond ABI", net <= 64);
    bench_add(r, "peak_rss_100k_live_eraC", (double)bench_proc_status_bytes("VmHWM"), "B",
              NULL, 0);
    bench_note(r, "memory: VmRSS delta over setup_table + 100000 grants + 100000 "
                  "maps (era C), per mapping; net subtracts 24 B of ABI structures: "
                  "8 B v1 grant entry, 8 B dom0 stage-2 descriptor of the host "
                  "mapping, 8 B stage-2/SMMU descriptor of the 1:1 IOMMU mapping");
    rc = 0;
out:
    if (rc)
        bench_fail("memory", b ? b->w : NULL);
    if (b)
        gntsim_world_destroy(b->w);
    free(b);
    return rc;
}

/* The timed figures: each pair beside the memcpy, and how era B and C grow. */
static void pair_figures(struct bench_report *r, double pair_ns[2][3], double copy_ns)
{
    char name[64];

    bench_add(r, "memcpy_4k_dram", copy_ns, "ns", NULL, 0);
    for (int e = 0; e < 2; e++)
        for (int s = 0; s < 3; s++) {
            struct bench_fig *f;

            snprintf(name, sizeof(name), "pair_era%c_live%u", era_letter[e],
                     live_sizes[s]);
            f = bench_add(r, name, pair_ns[e][s], "ns", "memcpy_4k_dram", copy_ns);
            if (e == 0) /* the target is era C's; era B is shown for comparison */
                bench_target(f, "< 1 memcpy_4k_dram", f && f->ratio < 1);
            snprintf(name, sizeof(name), "pairs_per_s_era%c_live%u", era_letter[e],
                     live_sizes[s]);
            bench_add(r, name, 1e9 / pair_ns[e][s], "1/s", "memcpy_4k_dram_per_s",
                      1e9 / copy_ns);
        }
    {
        struct bench_fig *f;

        f = bench_add(r, "growth_eraC_live100000_vs_1", pair_ns[0][2] / pair_ns[0][0],
                      "x", NULL, 0);
        bench_target(f, "<= 1.5x", pair_ns[0][2] / pair_ns[0][0] <= 1.5);
        f = bench_add(r, "growth_eraB_live100000_vs_1000", pair_ns[1][2] / pair_ns[1][1],
                      "x", NULL, 0);
        bench_target(f, ">= 10x (linear visible)", pair_ns[1][2] / pair_ns[1][1] >= 10);
        bench_add(r, "growth_eraB_live100000_vs_1", pair_ns[1][2] / pair_ns[1][0], "x",
                  NULL, 0);
    }
}

/* Instructions per pair (callgrind) beside a 4 KiB memcpy's, live 1 and 1000. */
static void pair_instructions(struct bench_report *r)
{
    const char *vg = bench_valgrind(r, "instructions per pair");
    char name[64], txt[160];
    double copy_ir;

    if (!vg)
        return;
    copy_ir = bench_callgrind_per(vg, "bench_copies*", "--copies", 2000, "");
    if (copy_ir >= 0)
        bench_add(r, "memcpy_4k_instructions", copy_ir, "instr", NULL, 0);
    for (int e = 0; e < 2; e++)
        for (int s = 0; s < 2; s++) {
            char rest[64];
            double ir;

            snprintf(rest, sizeof(rest), " --live %u --release %s", live_sizes[s],
                     era_release[e]);
            ir = bench_callgrind_per(vg, "bench_pairs*", "--pairs", 2000, rest);
            if (ir < 0) {
                snprintf(txt, sizeof(txt),
                         "instructions per pair era %c live %u: callgrind failed",
                         era_letter[e], live_sizes[s]);
                bench_note(r, txt);
                continue;
            }
            snprintf(name, sizeof(name), "instr_per_pair_era%c_live%u", era_letter[e],
                     live_sizes[s]);
            bench_add(r, name, ir, "instr",
                      copy_ir >= 0 ? "memcpy_4k_instructions" : NULL, copy_ir);
        }
    bench_note(r, "instructions: callgrind Ir inside bench_pairs/bench_copies, "
                  "(Ir(4000) - Ir(2000)) / 2000; live 1 and 1000 only");
}

static int run_all(struct bench_report *r)
{
    struct copy_buf c = {0};
    unsigned sink = 0;
    double copy_ns, copy_sum, pair_ns[2][3];
    int copy_n;
    char txt[160];
    int rc = -1;

    if (measure_memory(r)) /* first: its peak RSS is not the copy buffer's */
        return -1;
    if (copy_buf_make(&c, COPY_SRC_MIB))
        goto out;
    copy_sum = time_copies(&c, &sink);
    copy_n = 1;
    for (int e = 0; e < 2; e++) {
        struct bench_world *b = calloc(1, sizeof(*b));

        if (!b || world_make(b, era_release[e]) || world_grant(b, REF_LIVE0 + LIVE_MAX)) {
            if (b)
                gntsim_world_destroy(b->w);
            free(b);
            goto out;
        }
        for (int s = 0; s < 3; s++) {
            if (world_live(b, live_sizes[s]) || time_pairs(b->w, &pair_ns[e][s])) {
                gntsim_world_destroy(b->w);
                free(b);
                goto out;
            }
            copy_sum += time_copies(&c, &sink); /* interleaved: drift averages out */
            copy_n++;
        }
        gntsim_world_destroy(b->w);
        free(b);
    }
    copy_ns = copy_sum / copy_n;
    pair_figures(r, pair_ns, copy_ns);
    pair_instructions(r);
    bench_add(r, "peak_rss", (double)bench_proc_status_bytes("VmHWM"), "B", NULL, 0);
    snprintf(
        txt, sizeof(txt),
        "memcpy: %u MiB source, one 4 KiB copy per page in scattered order, "
        "median of %d passes, mean of %d such medians interleaved with the pair runs "
        "(sink %u)",
        COPY_SRC_MIB, REPEATS, copy_n, sink & 1u);
    bench_note(r, txt);
    rc = 0;
out:
    copy_buf_free(&c);
    return rc;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: bench_gnttab [--pairs K --live N --release R | --copies K]\n");
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long long pairs = 0, copies = 0, live = 0;
    const char *release = "master";
    struct bench_report *r;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            return usage();
        if (!strcmp(argv[i], "--pairs"))
            pairs = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--copies"))
            copies = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--live"))
            live = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--release"))
            release = argv[++i];
        else
            return usage();
    }
    if (pairs)
        return mode_pairs(pairs, (uint32_t)live, release);
    if (copies)
        return mode_copies(copies);

    r = calloc(1, sizeof(*r));
    if (!r)
        return 1;
    printf("bench_gnttab: Arm direct-mapped dom0 + IOMMU, read-only grant map+unmap "
           "pairs (era C = master, era B = 4.15.0)\n");
    fflush(stdout);
    rc = run_all(r);
    if (!rc)
        bench_print(r, stdout);
    free(r);
    return rc ? 1 : 0;
}
