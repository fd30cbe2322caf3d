/* SPDX-License-Identifier: MIT */
/* The board: its units brought up and torn down in order (the world), domain
 * lifetime, failure injection. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "env/fmt.h"
#include "linux/linux.h"
#include "board/device.h"
#include "board/policy.h"
#include "board/pv.h"
#include "check/invariants_int.h"
#include "board/world.h"
#include "env/par.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/gnttab/gnttab.h"
#include "xen/smmu.h"

_Static_assert(GNTSIM_GNTTAB_MAX_FRAMES == GNTTAB_HOST_MAX_FRAMES,
               "the public bound is the hypervisor's");

int world_fail(struct gntsim_world *w, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sim_vfmt(w->error, sizeof(w->error), fmt, ap);
    va_end(ap);
    return rc;
}

int world_fail_msg(void *w, int rc, const char *msg)
{
    return world_fail(w, rc, "%s", msg);
}

struct domain *world_domain(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = xen_domain(&w->xen, dom);

    if (!d)
        world_fail(w, -ESRCH, "no domain %u", dom);
    return d;
}

struct gntsim_pool {
    struct hw_mem_pool mem;
    struct sim_par_stacks stacks; /* parallel blocks' vCPU stacks */
};

struct sim_par_stacks *world_pool_stacks(struct gntsim_pool *p)
{
    return p ? &p->stacks : NULL;
}

int gntsim_pool_create(struct gntsim_pool **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : -ENOMEM;
}

void gntsim_pool_destroy(struct gntsim_pool *p)
{
    if (!p)
        return;
    hw_mem_pool_fini(&p->mem);
    sim_par_stacks_fini(&p->stacks);
    free(p);
}

void gntsim_world_opts_default(struct gntsim_world_opts *o)
{
    *o = (struct gntsim_world_opts){.release = "master",
                                    .iommu = true,
                                    .iommu_hwdom_strict = true,
                                    .has_passthrough = true};
}

/* Machine banks from @o (ZynqMP-like default: DDR low and high). */
static int world_banks(const struct gntsim_world_opts *o, struct hw_mem_bank *b,
                       unsigned *nr)
{
    static const struct gntsim_bank def[] = {{0x0, 2ull << 30},
                                             {0x800000000ull, 2ull << 30}};
    const struct gntsim_bank *src = o->nr_banks ? o->banks : def;
    unsigned n = o->nr_banks ? o->nr_banks : 2;

    if (n > HW_MEM_MAX_BANKS)
        return -EINVAL;
    /* The second bound repeats the test above for gcc -O3, which cannot see it and
     * warns of a write past @b (-Wstringop-overflow). */
    for (unsigned i = 0; i < n && i < HW_MEM_MAX_BANKS; i++) {
        if ((src[i].base | src[i].size) & (PAGE_SIZE - 1) || !src[i].size ||
            src[i].base >= FRAMES_MAX_MFN << PAGE_SHIFT ||
            src[i].size > (FRAMES_MAX_MFN << PAGE_SHIFT) - src[i].base)
            return -EINVAL;
        b[i] = (struct hw_mem_bank){.base_mfn = src[i].base >> PAGE_SHIFT,
                                    .nr_frames = src[i].size >> PAGE_SHIFT};
    }
    *nr = n;
    return 0;
}

/* ---- the board's units, in wiring order; torn down in reverse ---- */

/* Machine memory: the banks, pooled across worlds when asked. */
static int unit_memory_init(struct gntsim_world *w, const struct gntsim_world_opts *o)
{
    struct hw_mem_bank banks[HW_MEM_MAX_BANKS];
    unsigned nr;
    int rc = world_banks(o, banks, &nr);

    if (rc)
        return world_fail(
            w, rc,
            "invalid memory banks (4 KiB aligned, non-empty, below 1 TiB, at most 4)");
    rc = o->pool ? hw_mem_init_pooled(&w->mem, banks, nr, &o->pool->mem)
                 : hw_mem_init(&w->mem, banks, nr);
    return rc ? world_fail(w, rc, "cannot create machine memory (%d)", rc) : 0;
}

static void unit_memory_fini(struct gntsim_world *w)
{
    hw_mem_fini(&w->mem);
}

/* The CPUs' caches, the event scheduler, the console log (tracing to the world's
 * trace). */
static int unit_cpu_init(struct gntsim_world *w, const struct gntsim_world_opts *o)
{
    (void)o;
    w->log.trace = &w->trace;
    return hw_cache_init(&w->cache, &w->mem);
}

static void unit_cpu_fini(struct gntsim_world *w)
{
    trace_capture_fini(&w->actions);
    hw_cache_fini(&w->cache);
    sim_log_fini(&w->log);
    sched_fini(&w->sched);
}

/* The hypervisor: its frame table over machine memory, its view of the board. */
static int unit_xen_init(struct gntsim_world *w, const struct gntsim_world_opts *o)
{
    const struct xen_profile *prof = w->xen.prof;
    int rc;

    /* the options first: a unit that fails leaves nothing behind */
    if (o->arm_pred && xen_arm_pred_find(o->arm_pred) < 0)
        return world_fail(w, -EINVAL,
                          "unknown Arm predicate '%s' (need_iommu, need_iommu_pt_sync, "
                          "iommu_enabled, passthrough_and_enabled)",
                          o->arm_pred);
    if (o->smmu_flush && strcmp(o->smmu_flush, "context") &&
        strcmp(o->smmu_flush, "range"))
        return world_fail(w, -EINVAL, "unknown smmu-flush '%s' (context, range)",
                          o->smmu_flush);
    rc = world_dma_policy_set(w, o->dma_policy);
    if (rc)
        return rc;
    rc = frames_init(&w->xen.frames, &w->mem);
    if (rc)
        return world_fail(w, rc, "cannot create the frame table");
    w->xen.mem = &w->mem;
    w->xen.trace = &w->trace;
    w->xen.log = &w->log;
    w->xen.sched = &w->sched;
    w->xen.cache = &w->cache;
    w->xen.locks = &w->locks;
    w->xen.era = gnttab_era_of(prof->era);
    w->xen.frames.fail_at = o->fail_alloc_nth;
    w->xen.frames.fail_times = o->fail_alloc_nth ? 1 : 0;
    w->xen.opts = (struct xen_opts){
        .iommu_enabled = o->iommu,
        .iommu_hwdom_strict = o->iommu_hwdom_strict,
        .iommu_hap_pt_share = true,
        .has_passthrough = o->has_passthrough,
        .gnttab_transitive = o->gnttab_transitive,
        .max_grant_frames =
            o->gnttab_max_frames ? o->gnttab_max_frames : prof->default_max_grant_frames,
        .max_maptrack_frames = o->gnttab_max_maptrack_frames
                                   ? o->gnttab_max_maptrack_frames
                                   : prof->default_max_maptrack_frames,
        .force_need_iommu_mapping = o->force_need_iommu_mapping,
        .arm_pred = o->arm_pred ? xen_arm_pred_find(o->arm_pred) : -1,
        .iotlb_flush_range = o->smmu_flush && !strcmp(o->smmu_flush, "range"),
        .p2m_digest = o->digest};
    return 0;
}

static void unit_xen_fini(struct gntsim_world *w)
{
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i])
            domain_free(&w->xen, w->xen.dom[i]);
    while (w->xen.nr_zombie)
        domain_free(&w->xen, w->xen.zombie[0]);
    frames_fini(&w->xen.frames);
}

/* Devices (SMMU, NICs) are plugged in later (board/device.c); unplugged here. */
static void unit_devices_fini(struct gntsim_world *w)
{
    world_devices_destroy(w);
}

/* Guest kernels boot later (board/kernels.c), the PV network with them. */
static void unit_kernels_fini(struct gntsim_world *w)
{
    world_kernels_free(w);
}

/* dom0's xenstored starts on first use (board/pv.c); the kernels' xenbus and event
 * state go with it, before the kernels. */
static void unit_dom0_fini(struct gntsim_world *w)
{
    world_pv_free(w);
}

/* The invariant checker's records (check/). */
static void unit_check_fini(struct gntsim_world *w)
{
    free(w->seen.slot);
    free(w->findings);
    inv_step_fini(&w->inv);
}

struct board_unit {
    const char *name;
    int (*init)(struct gntsim_world *w,
                const struct gntsim_world_opts *o); /* NULL: none */
    void (*fini)(struct gntsim_world *w);
};

/* The order wires each unit after what it uses (as Jailhouse's unit list does). */
static const struct board_unit board_units[] = {
    {"memory", unit_memory_init, unit_memory_fini},
    {"cpu", unit_cpu_init, unit_cpu_fini},
    {"xen", unit_xen_init, unit_xen_fini},
    {"devices", NULL, unit_devices_fini},
    {"kernels", NULL, unit_kernels_fini},
    {"dom0", NULL, unit_dom0_fini},
    {"check", NULL, unit_check_fini},
};

#define BOARD_NR_UNITS (sizeof(board_units) / sizeof(board_units[0]))

/* Bring the units up in order; on a failure, take down those already up (a unit whose
 * init fails leaves nothing behind). */
static int board_init(struct gntsim_world *w, const struct gntsim_world_opts *o)
{
    for (w->units_up = 0; w->units_up < BOARD_NR_UNITS; w->units_up++) {
        const struct board_unit *u = &board_units[w->units_up];
        int rc = u->init ? u->init(w, o) : 0;

        if (rc)
            return rc;
    }
    return 0;
}

/* The world's own copy of the release's row, with the XSA options applied. 0 or -EINVAL.
 */
static int world_profile(struct gntsim_world *w, const struct xen_profile *prof,
                         const struct gntsim_world_opts *o)
{
    w->xen.prof_own = *prof;
    w->xen.prof = &w->xen.prof_own;
    if (o->nr_xsa > GNTSIM_MAX_XSA_OPTS)
        return world_fail(w, -EINVAL, "at most %d XSA options", GNTSIM_MAX_XSA_OPTS);
    for (unsigned i = 0; i < o->nr_xsa; i++)
        if (xen_profile_set_xsa(&w->xen.prof_own, o->xsa[i].xsa, o->xsa[i].vulnerable))
            return world_fail(w, -EINVAL, "XSA-%u has no knob (docs/xsa.md)",
                              o->xsa[i].xsa);
    return 0;
}

int gntsim_world_create(const struct gntsim_world_opts *o, struct gntsim_world **out,
                        char *err, size_t errlen)
{
    struct gntsim_world_opts def;
    const struct xen_profile *prof;
    struct gntsim_world *w = calloc(1, sizeof(*w));
    int rc = w ? 0 : -ENOMEM;

    *out = NULL;
    if (!o) {
        gntsim_world_opts_default(&def);
        o = &def;
    }
    prof = xen_profile_find(o->release ? o->release : "master");
    if (!rc && !prof)
        rc = world_fail(w, -EINVAL, "unknown release '%s' (see 'gntsim releases')",
                        o->release);
    /* parse_gnttab_limit(): a value above INT_MAX is refused */
    if (!rc &&
        (o->gnttab_max_frames > INT32_MAX || o->gnttab_max_maptrack_frames > INT32_MAX))
        rc = world_fail(w, -EINVAL,
                        "gnttab_max_frames=%u gnttab_max_maptrack_frames=%u: at most %d",
                        o->gnttab_max_frames, o->gnttab_max_maptrack_frames, INT32_MAX);
    if (!rc)
        rc = world_profile(w, prof, o);
    if (!rc)
        rc = board_init(w, o);
    if (rc) {
        if (err && errlen)
            snprintf(err, errlen, "%s", w ? w->error : "out of memory");
        gntsim_world_destroy(w);
        return rc;
    }
    *out = w;
    return 0;
}

void gntsim_world_destroy(struct gntsim_world *w)
{
    if (!w)
        return;
    while (w->units_up)
        board_units[--w->units_up].fini(w);
    free(w);
}

const char *gntsim_world_error(const struct gntsim_world *w)
{
    return w->error;
}

void gntsim_world_clear_error(struct gntsim_world *w)
{
    w->error[0] = '\0';
}

const char *gntsim_world_release(const struct gntsim_world *w)
{
    return w->xen.prof->name;
}

void gntsim_domain_opts_default(struct gntsim_domain_opts *o, gntsim_domid_t domid)
{
    *o = (struct gntsim_domain_opts){
        .domid = domid, .arch = GNTSIM_ARCH_ARM, .vcpus = 1, .mem_pages = 256};
}

/* The grant-table sizes of @cfg as the release takes them, with a message. 0 or -errno.
 */
static int world_gnttab_refuse(struct gntsim_world *w, const struct domain_config *cfg)
{
    const struct xen_profile *p = w->xen.prof;
    unsigned dom = cfg->domid;
    int rc =
        gnttab_limits_check(&w->xen, cfg->max_grant_frames, cfg->max_maptrack_frames);

    if (rc == -EINVAL &&
        (cfg->max_grant_frames > INT32_MAX || cfg->max_maptrack_frames > INT32_MAX))
        return world_fail(w, rc,
                          "d%u: grant-frames=%u maptrack-frames=%u: at most %d "
                          "(INT_MAX: the domctl's fields are int32_t)",
                          dom, cfg->max_grant_frames, cfg->max_maptrack_frames,
                          INT32_MAX);
    if (rc == -EINVAL)
        return world_fail(w, rc,
                          "d%u: grant-frames=%u maptrack-frames=%u: Xen %s refuses more "
                          "than gnttab_max_frames=%u, gnttab_max_maptrack_frames=%u",
                          dom, cfg->max_grant_frames, cfg->max_maptrack_frames, p->name,
                          w->xen.opts.max_grant_frames, w->xen.opts.max_maptrack_frames);
    if (rc)
        return world_fail(w, rc,
                          "d%u: grant-frames=%u maptrack-frames=%u: Xen's grant-table "
                          "arrays for these maxima exceed the free machine RAM",
                          dom, cfg->max_grant_frames, cfg->max_maptrack_frames);
    return 0;
}

/*
 * Refuse @cfg before anything is allocated (docs/scenario-language.md, "Limits"),
 * with a message in the scenario's terms. Returns 0 or the -errno.
 */
/* Whether frames [@mfn, @mfn + @n) all lie in one RAM bank. */
static bool world_ram_range(const struct gntsim_world *w, uint64_t mfn, uint64_t n)
{
    const struct hw_mem_bank *b = hw_mem_bank_of(&w->mem, mfn);

    return b && n <= b->base_mfn + b->nr_frames - mfn;
}

static int world_domain_refuse(struct gntsim_world *w, const struct domain_config *cfg)
{
    unsigned dom = cfg->domid, used = 0;
    uint64_t free_frames = frames_free_count(&w->xen.frames);

    if (xen_domain(&w->xen, cfg->domid))
        return world_fail(w, -EEXIST, "d%u: domid in use", dom);
    if (domain_zombie(&w->xen, cfg->domid))
        return world_fail(w, -EEXIST,
                          "d%u: domid in use: the destroyed d%u's pages are still mapped",
                          dom, dom);
    if (cfg->domid >= DOMID_FIRST_RESERVED_)
        return world_fail(w, -EINVAL, "d%u: a domid must be below 0x7ff0", dom);
    if (!cfg->vcpus || cfg->vcpus > XEN_MAX_VCPUS)
        return world_fail(w, -EINVAL, "d%u: vcpus=%u: 1..%u", dom, cfg->vcpus,
                          XEN_MAX_VCPUS);
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        used += w->xen.dom[i] != NULL;
        /* one hardware domain: is_hardware_domain(d) is d == hardware_domain */
        if (cfg->hwdom && w->xen.dom[i] && w->xen.dom[i]->is_hwdom)
            return world_fail(w, -EEXIST, "d%u: hwdom: d%u is the hardware domain", dom,
                              w->xen.dom[i]->domid);
    }
    if (used + w->xen.nr_zombie >= XEN_MAX_DOMAINS)
        return world_fail(w, -ENOSPC, "d%u: too many domains (at most %u%s)", dom,
                          XEN_MAX_DOMAINS,
                          w->xen.nr_zombie ? ", counting destroyed ones whose pages are "
                                             "still mapped"
                                           : "");
    if (cfg->mem_pages > free_frames)
        return world_fail(
            w, -ENOMEM, "d%u: pages=%llu: more than the %llu free frames of machine RAM",
            dom, (unsigned long long)cfg->mem_pages, (unsigned long long)free_frames);
    if (!cfg->direct_mapped && (cfg->ram_gfn >> P2M_GFN_BITS ||
                                cfg->mem_pages > (1ull << P2M_GFN_BITS) - cfg->ram_gfn))
        return world_fail(w, -EINVAL,
                          "d%u: pages=%llu at gfn=0x%llx: beyond the %u-bit IPA", dom,
                          (unsigned long long)cfg->mem_pages,
                          (unsigned long long)cfg->ram_gfn, P2M_IPA_BITS);
    if (cfg->mfn_base && !world_ram_range(w, cfg->mfn_base, cfg->mem_pages))
        return world_fail(
            w, -EINVAL,
            "d%u: mfn=0x%llx pages=%llu: not within one bank of machine RAM "
            "(see world ram=)",
            dom, (unsigned long long)cfg->mfn_base, (unsigned long long)cfg->mem_pages);
    return world_gnttab_refuse(w, cfg);
}

/* The domain_config of @o, with the release's defaults. Cannot fail. */
static struct domain_config world_domain_config(const struct gntsim_world *w,
                                                const struct gntsim_domain_opts *o)
{
    return (struct domain_config){
        .domid = o->domid,
        .arch = (enum xen_arch)o->arch,
        .hwdom = o->hwdom,
        .direct_mapped = o->direct_mapped,
        .iommu = o->iommu,
        .vcpus = o->vcpus,
        .mem_pages = o->mem_pages,
        .mfn_base = o->mfn_base,
        .ram_gfn = o->ram_gfn ? o->ram_gfn : 0x40000, /* GUEST_RAM0_BASE >> 12 */
        .gnttab_gfn =
            o->gnttab_gfn ? o->gnttab_gfn : 0x38000, /* GUEST_GNTTAB_BASE >> 12 */
        .max_grant_frames =
            o->max_grant_frames ? o->max_grant_frames : w->xen.opts.max_grant_frames,
        .max_maptrack_frames = o->max_maptrack_frames ? o->max_maptrack_frames
                                                      : w->xen.opts.max_maptrack_frames,
        .max_grant_version = o->max_grant_version,
        .pv32 = o->pv32,
        .machine_addr_bits =
            (uint8_t)(o->machine_addr_bits > 255 ? 255 : o->machine_addr_bits),
        .no_swiotlb_xen = o->no_swiotlb_xen};
}

int gntsim_domain_create(struct gntsim_world *w, const struct gntsim_domain_opts *o)
{
    struct domain_config cfg = world_domain_config(w, o);
    struct domain *d;
    int rc;

    world_dma_policy_domain(w, &cfg); /* LLC colouring: dom0 not direct-mapped */
    if (o->arch > GNTSIM_ARCH_X86_HVM)
        return world_fail(w, -EINVAL, "d%u: unknown architecture %d", o->domid,
                          (int)o->arch);
    if (o->pv32 && o->arch != GNTSIM_ARCH_X86_PV)
        return world_fail(w, -EINVAL, "d%u: a 32-bit guest must be x86 PV", o->domid);
    if (o->direct_mapped && (o->arch != GNTSIM_ARCH_ARM || !o->mfn_base))
        return world_fail(
            w, -EINVAL, "d%u: direct mapping needs an Arm domain and mfn_base", o->domid);
    rc = world_domain_refuse(w, &cfg);
    if (rc)
        return rc;
    rc = domain_create(&w->xen, &cfg, &d);
    if (rc)
        return world_fail(w, rc, "d%u: cannot create domain (%s)", o->domid,
                          rc == -EINVAL   ? "invalid configuration"
                          : rc == -ENOSYS ? "no XEN_DOMCTL_set_machine_address_size here"
                          : rc == -EBUSY  ? "RAM placement overlaps allocated memory"
                          : rc == -ENOSPC ? "too many domains"
                                          : "out of machine memory");
    rc = world_smmu_domain_created(w, d); /* Xen's SMMU driver: a context bank */
    if (!rc) {
        rc = world_xs_domain_created(w, d->domid); /* the toolstack's xenstore part */
        if (rc) {
            world_xs_domain_destroyed(w, d->domid);
            xen_smmu_domain_detach(&w->xen, d->domid);
        }
    }
    if (rc) {
        domain_destroy(&w->xen, d);
        return rc;
    }
    TRACE(&w->trace, DOMAIN_CREATE, TA_U(d->domid),
          TA_S(o->arch == GNTSIM_ARCH_ARM      ? "arm"
               : o->pv32                       ? "x86 pv32"
               : o->arch == GNTSIM_ARCH_X86_PV ? "x86 pv"
                                               : "x86 hvm"),
          TA_S(d->cdf_directmap
                   ? (d->iommu.enabled ? "direct-mapped, iommu" : "direct-mapped")
                   : (d->iommu.enabled ? "iommu" : "-")),
          TA_U(d->nr_pages));
    return 0;
}

/* Why @dom's vCPU @vcpu cannot issue a hypercall (xen_hypercall_caller() refused it):
 * the error, with its message. */
static long grant_table_op_refused(struct gntsim_world *w, gntsim_domid_t dom,
                                   unsigned vcpu)
{
    struct domain *d = world_domain(w, dom);

    if (!d)
        return -ESRCH;
    if (vcpu >= d->nr_vcpus)
        return world_fail(w, -ESRCH, "d%u has no vCPU %u", dom, vcpu);
    if (w->xen.hung)
        return world_fail(w, -EIO, "Xen has hung (%s)", w->xen.crash_where);
    if (w->xen.crashed)
        return world_fail(w, -EIO, "Xen has crashed (BUG at %s)", w->xen.crash_where);
    return world_fail(w, -EIO, "d%u was crashed by Xen", dom);
}

long gntsim_grant_table_op(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                           unsigned cmd, void *uop, unsigned count)
{
    long rc = 0;
    struct domain *d = xen_hypercall_caller(&w->xen, dom, vcpu, &rc);

    if (unlikely(!d)) /* one lookup; the reason only when refused */
        return grant_table_op_refused(w, dom, vcpu);
    return xen_hypercall_from(&w->xen, d, vcpu, __HYPERVISOR_grant_table_op, cmd, uop,
                              count);
}

long gntsim_xen_version(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                        int cmd, void *arg)
{
    long rc = 0;

    if (!xen_hypercall_caller(&w->xen, dom, vcpu, &rc))
        return world_fail(w, (int)rc, "d%u: no such domain or vCPU %u, or crashed", dom,
                          vcpu);
    return xen_hypercall(&w->xen, dom, vcpu, __HYPERVISOR_xen_version,
                         (unsigned long)(unsigned)cmd, arg, 0);
}

void gntsim_inject_alloc_failure(struct gntsim_world *w, uint64_t nth)
{
    const struct gntsim_inject f = {.what = GNTSIM_INJECT_ALLOC, .nth = nth, .times = 1};

    gntsim_inject(w, &f);
}

uint64_t gntsim_alloc_count(const struct gntsim_world *w, bool *fired)
{
    if (fired)
        *fired = w->xen.frames.fired;
    return w->xen.frames.allocs;
}

int gntsim_inject(struct gntsim_world *w, const struct gntsim_inject *f)
{
    struct domain *d = f->what == GNTSIM_INJECT_ALLOC ? NULL : world_domain(w, f->dom);
    uint32_t times = f->times ? f->times : 1;
    int rc = f->rc ? f->rc : -ENOMEM;

    if (rc < -4095 || rc > 0)
        return world_fail(w, -EINVAL, "inject: rc %d is not a -errno", f->rc);
    if (f->what != GNTSIM_INJECT_ALLOC && !d)
        return world_fail(w, -ESRCH, "inject: no domain d%u", f->dom);
    if (f->what != GNTSIM_INJECT_ALLOC && f->nth > UINT32_MAX)
        return world_fail(w, -EINVAL, "inject: nth %llu beyond the IOMMU counter",
                          (unsigned long long)f->nth);
    switch (f->what) {
    case GNTSIM_INJECT_ALLOC:
        w->xen.frames.fail_at = f->nth ? w->xen.frames.allocs + f->nth : 0;
        w->xen.frames.fail_times = f->nth ? times : 0;
        return 0;
    case GNTSIM_INJECT_IOMMU_MAP:
        d->iommu.fail_map = (struct iommu_fault){(uint32_t)f->nth, times, rc};
        return 0;
    case GNTSIM_INJECT_IOMMU_UNMAP:
        d->iommu.fail_unmap = (struct iommu_fault){(uint32_t)f->nth, times, rc};
        return 0;
    case GNTSIM_INJECT_LINUX_MAP:
        if (!world_kernel(w, f->dom))
            return world_fail(w, -ESRCH, "inject: d%u runs no kernel", f->dom);
        world_kernel(w, f->dom)->inject_map_rc = f->nth ? rc : 0;
        return 0;
    case GNTSIM_INJECT_IOTLB_FLUSH:
        for (uint32_t i = 0; i < times; i++)
            if (gntsim_inject_missing_iotlb_flush(w, f->dom))
                return -ENOENT;
        return 0;
    }
    return world_fail(w, -EINVAL, "inject: no failure kind %d", (int)f->what);
}

int gntsim_inject_iommu_map_failure(struct gntsim_world *w, gntsim_domid_t dom,
                                    unsigned nth)
{
    const struct gntsim_inject f = {
        .what = GNTSIM_INJECT_IOMMU_MAP, .dom = dom, .nth = nth, .times = 1};

    return gntsim_inject(w, &f);
}

int gntsim_inject_iommu_unmap_failure(struct gntsim_world *w, gntsim_domid_t dom,
                                      unsigned nth)
{
    const struct gntsim_inject f = {
        .what = GNTSIM_INJECT_IOMMU_UNMAP, .dom = dom, .nth = nth, .times = 1};

    return gntsim_inject(w, &f);
}
