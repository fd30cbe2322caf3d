/* SPDX-License-Identifier: MIT */
/*
 * The guest kernels on the board: each one booted with its environment
 * (linux/env.h) wired to the hypervisor's hypercall entry, its event-channel
 * interrupt, xenstored's ring, its vCPU's stage-2 MMU over its domain's P2M,
 * the caches and the DT. The kernels never see the world or Xen's structures.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "board/policy.h"
#include "board/world.h"
#include "dom0/xenstored/xenstore.h"
#include "hw/nic.h"
#include "linux/linux.h"
#include "linux/net.h"
#include "xen/evtchn.h"
#include "xen/hypercall.h"

_Static_assert(LINUX_MAX_DEVICES == WORLD_MAX_DEVICES, "the DT describes every device");
_Static_assert(sizeof(struct linux_xs_reply) == sizeof(struct xenstore_reply),
               "one xenstore wire reply");

static long kern_hypercall(void *board, uint16_t domid, unsigned vcpu, unsigned op,
                           unsigned long cmd, void *arg, unsigned long count)
{
    struct gntsim_world *w = board;

    return xen_hypercall(&w->xen, domid, vcpu, op, cmd, arg, count);
}

/* The event-channel interrupt of @domid (Xen raises it) runs @fn(@ctx, @domid). */
static void kern_set_upcall(void *board, uint16_t domid, linux_upcall_fn fn, void *ctx)
{
    struct gntsim_world *w = board;
    struct domain *d = xen_domain(&w->xen, domid);

    if (d)
        evtchn_set_upcall(&w->xen, d, fn, ctx);
}

static int kern_xs_request(void *board, uint16_t domid, const struct xsd_sockmsg *hdr,
                           const void *payload, struct linux_xs_reply *rep)
{
    struct xenstore *xs = world_xenstore(board);

    if (!xs)
        return ENOMEM;
    return xenstore_request(xs, domid, hdr, payload,
                            (struct xenstore_reply *)(void *)rep);
}

static int kern_xs_set_sink(void *board, uint16_t domid, linux_xs_event_fn fn, void *ctx)
{
    struct gntsim_world *w = board;
    struct xenstore *xs = fn ? world_xenstore(w) : w->xs;

    if (fn && !xs)
        return -ENOMEM;
    if (xs)
        xenstore_set_sink(xs, domid, fn, ctx);
    return 0;
}

static int kern_dt_device(void *board, unsigned id, struct linux_dt_dev *dt)
{
    struct gntsim_world *w = board;

    if (id >= w->nr_dev || !w->dev[id])
        return -ENODEV;
    /* the DT's "dma-coherent" describes the hardware; the IOMMU mark is the policy's */
    *dt = (struct linux_dt_dev){.coherent = w->dev[id]->coherent,
                                .xen_iommu = world_dt_iommu(w, id)};
    return 0;
}

static bool kern_vcpu_runs(void *board, uint16_t domid)
{
    struct gntsim_world *w = board;
    struct domain *d = xen_domain(&w->xen, domid);

    return d && !w->xen.crashed && !d->crashed;
}

static const struct linux_env_ops kern_ops = {
    .hypercall = kern_hypercall,
    .set_upcall = kern_set_upcall,
    .xs_request = kern_xs_request,
    .xs_set_sink = kern_xs_set_sink,
    .dt_device = kern_dt_device,
    .vcpu_runs = kern_vcpu_runs,
    .fail = world_fail_msg,
};

/*
 * Slot of @dom in xen.dom[] (w->kern[] is indexed alike), or -1. Domids are unique
 * among live domains, so slot @dom holding that domid is the scan's answer (as
 * xen_domain()); otherwise the scan.
 */
static int kern_slot(const struct gntsim_world *w, gntsim_domid_t dom)
{
    if (dom < XEN_MAX_DOMAINS && w->xen.dom[dom] && w->xen.dom[dom]->domid == dom)
        return dom;
    for (int i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i] && w->xen.dom[i]->domid == dom)
            return i;
    return -1;
}

struct linux_kernel *world_kernel_lookup(struct gntsim_world *w, gntsim_domid_t dom)
{
    int slot = kern_slot(w, dom);

    if (slot < 0 || !w->kern[slot]) {
        world_fail(w, -ESRCH, "d%u: no booted kernel", dom);
        return NULL;
    }
    return w->kern[slot];
}

void world_kernels_free(struct gntsim_world *w)
{
    world_net_free(w); /* the drivers' state goes first */
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        linux_kernel_free(w->kern[i]);
        w->kern[i] = NULL;
    }
}

/* The environment of @d's kernel: the board's ways out, the DT, its vCPU. */
static void kern_env(struct gntsim_world *w, const struct domain *d,
                     struct linux_kernel *k)
{
    k->env = (struct linux_env){.ops = &kern_ops,
                                .board = w,
                                .domid = d->domid,
                                .ram_pfn = d->ram_gfn,
                                .ram_nr = d->nr_pages,
                                .gnttab_ipa = d->gnttab_gfn << PAGE_SHIFT,
                                .shared_info_ipa = EVTCHN_SHARED_INFO_GFN << PAGE_SHIFT,
                                .dma_policy = w->dma_policy,
                                .dom0_iommu_flag = d->is_hwdom && d->iommu.enabled,
                                .s2 = &k->mmu,
                                .cache = &w->cache,
                                .mem = &w->mem,
                                .sched = &w->sched,
                                .trace = &w->trace,
                                .log = &w->log,
                                .locks = &w->locks};
    hw_s2mmu_init(&k->mmu, &w->mem, d->p2m.root_mfn); /* VTTBR_EL2 of its vCPUs */
}

int gntsim_linux_boot(struct gntsim_world *w, gntsim_domid_t dom)
{
    return gntsim_linux_boot_opts(w, dom, NULL);
}

bool gntsim_linux_cache_flush(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k && k->hypercall_cflush;
}

int gntsim_linux_boot_opts(struct gntsim_world *w, gntsim_domid_t dom,
                           const struct gntsim_linux_boot_opts *o)
{
    struct domain *d = world_domain(w, dom);
    int slot = kern_slot(w, dom);
    struct linux_kernel *k;
    int rc;

    if (!d)
        return -ESRCH;
    if (w->kern[slot])
        return world_fail(w, -EEXIST, "d%u: kernel already booted", dom);
    k = calloc(1, sizeof(*k));
    if (!k)
        return world_fail(w, -ENOMEM, "d%u: out of memory", dom);
    /* the DT memory node domain_build wrote: one RAM bank */
    *k = (struct linux_kernel){.domid = dom,
                               .ram_pfn = d->ram_gfn,
                               .ram_nr = d->nr_pages,
                               .scratch_next = LINUX_SCRATCH_BASE};
    kern_env(w, d, k);
    if (o) {
        k->force_swiotlb = o->swiotlb_xen;
        k->force_cflush = o->cache_flush;
        k->policy_old = o->policy_aware < 0;
        for (unsigned i = 0; i < GNTSIM_LINUX_MAX_XSA && o->xsa_vulnerable[i]; i++)
            if (linux_xsa_set(k, o->xsa_vulnerable[i], true)) {
                linux_kernel_free(k);
                return world_fail(w, -EINVAL, "d%u: xsa%u: no Linux knob", dom,
                                  o->xsa_vulnerable[i]);
            }
    }
    for (unsigned i = 0; i < WORLD_MAX_DEVICES; i++)
        k->dev[i].dma_mask = UINT64_MAX;
    rc = linux_boot(k);
    if (rc) {
        linux_kernel_free(k);
        return world_fail(w, rc, "d%u: kernel boot failed (%d)", dom, rc);
    }
    w->kern[slot] = k;
    TRACE(&w->trace, LINUX_BOOT, TA_U(dom), TA_U(k->swiotlb_xen),
          TA_U(k->hypercall_cflush));
    return 0;
}

unsigned gntsim_linux_xsa_knob_at(size_t i)
{
    return linux_xsa_knob(i);
}

bool gntsim_linux_bugged(struct gntsim_world *w, gntsim_domid_t dom, const char **where)
{
    struct linux_kernel *k = world_kernel(w, dom);

    if (where)
        *where = k && k->bugged ? k->bug_where : NULL;
    return k && k->bugged;
}

bool gntsim_linux_swiotlb_xen(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k && k->swiotlb_xen;
}
