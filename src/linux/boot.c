/* SPDX-License-Identifier: MIT */
/*
 * Booting the kernel model: XENFEAT (arch/arm/xen/enlighten.c xen_guest_init
 * reads submap 0; XENFEAT_dom0 makes it the initial domain),
 * xen_swiotlb_detect() (include/xen/arm/swiotlb-xen.h) and xen_mm_init()
 * (arch/arm/xen/mm.c: swiotlb pool, GNTTABOP_cache_flush probe).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <xen/xen.h>
#include <xen/version.h>

#include "env/fmt.h"
#include "linux/linux.h"
#include "linux/net.h"
#include "xen/features.h"
#include "xen/gnttab/gnttab.h"

/*
 * Slot of @dom in xen.dom[] (w->kern[] is indexed alike), or -1. Domids are unique
 * among live domains, so slot @dom holding that domid is the scan's answer (as
 * xen_domain()); otherwise the scan.
 */
static int linux_slot(const struct gntsim_world *w, gntsim_domid_t dom)
{
    if (dom < XEN_MAX_DOMAINS && w->xen.dom[dom] && w->xen.dom[dom]->domid == dom)
        return dom;
    for (int i = 0; i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i] && w->xen.dom[i]->domid == dom)
            return i;
    return -1;
}

struct linux_kernel *linux_kernel_lookup(struct gntsim_world *w, gntsim_domid_t dom)
{
    int slot = linux_slot(w, dom);

    if (slot < 0 || !w->kern[slot]) {
        world_fail(w, -ESRCH, "d%u: no booted kernel", dom);
        return NULL;
    }
    return w->kern[slot];
}

static void linux_kernel_free(struct linux_kernel *k)
{
    if (!k)
        return;
    free(k->gnt_free);
    free(k->p2m);
    free(k->pg_free);
    free(k);
}

void linux_kernels_free(struct gntsim_world *w)
{
    net_world_free(w); /* the drivers' state goes first */
    for (unsigned i = 0; i < XEN_MAX_DOMAINS; i++) {
        linux_kernel_free(w->kern[i]);
        w->kern[i] = NULL;
    }
}

void linux_log(struct gntsim_world *w, const struct linux_kernel *k, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    sim_log_printf(&w->log, "[d%u] %s", k->domid, buf);
}

long linux_gnttab_op(struct gntsim_world *w, const struct linux_kernel *k, unsigned cmd,
                     void *uop, unsigned count)
{
    if (w->xen.crashed || k->dom->crashed)
        return -EIO;
    return gnttab_hypercall(&w->xen, k->dom, 0, cmd, uop, count);
}

int linux_cpu_copy(struct gntsim_world *w, const struct linux_kernel *k, uint64_t dst,
                   uint64_t src, size_t len)
{
    uint8_t buf[PAGE_SIZE];
    uint64_t spa, dpa;
    size_t n;
    int rc = 0;

    for (size_t done = 0; !rc && done < len; done += n) {
        n = PAGE_SIZE - ((src + done) & (PAGE_SIZE - 1));
        if (n > PAGE_SIZE - ((dst + done) & (PAGE_SIZE - 1)))
            n = PAGE_SIZE - ((dst + done) & (PAGE_SIZE - 1));
        n = n < len - done ? n : len - done;
        rc = linux_ipa_to_pa(w, k, src + done, &spa);
        if (!rc)
            rc = linux_ipa_to_pa(w, k, dst + done, &dpa);
        if (!rc)
            rc = hw_cpu_read(&w->cache, spa, buf, n);
        if (!rc)
            rc = hw_cpu_write(&w->cache, dpa, buf, n);
    }
    return rc ? -EFAULT : 0;
}

/* xen_swiotlb_detect(): the decision is global, it does not look at IOMMUs. */
static bool linux_swiotlb_detect(const struct linux_kernel *k)
{
    if (k->features & (1u << XENFEAT_direct_mapped))
        return true;
    if (!(k->features & (1u << XENFEAT_not_direct_mapped)) && k->initial_domain)
        return true; /* legacy: Xen without the flags, dom0 assumed 1:1 */
    return false;
}

/* xen_mm_init(): pool, then the op=0/len=0 probe; anything but -ENOSYS means it exists.
 */
static int linux_mm_init(struct gntsim_world *w, struct linux_kernel *k)
{
    struct gnttab_cache_flush probe = {.a.dev_bus_addr = 0, .op = 0};
    int rc;

    if (!k->swiotlb_xen)
        return 0;
    rc = linux_swiotlb_init(w, k);
    if (rc)
        return rc;
    k->hypercall_cflush =
        linux_gnttab_op(w, k, GNTTABOP_cache_flush, &probe, 1) != -ENOSYS;
    return 0;
}

/* Boot steps after the kernel struct exists. Returns 0 or a -errno. */
static int linux_boot_steps(struct gntsim_world *w, struct domain *d,
                            struct linux_kernel *k)
{
    struct xen_feature_info fi = {.submap_idx = 0};
    long rc = xen_version_hypercall(&w->xen, d, XENVER_get_features, &fi);

    if (rc)
        return (int)rc;
    k->features = fi.submap;
    TRACE(&w->trace, XEN_FEATURES, TA_U(k->domid), TA_U(k->features));
    k->initial_domain = k->features & (1u << XENFEAT_dom0);
    k->swiotlb_xen = linux_swiotlb_detect(k);
    rc = linux_gnttab_init(w, k);
    if (!rc)
        rc = linux_mm_init(w, k);
    if (!rc && k->swiotlb_xen)
        linux_log(w, k, "Xen-SWIOTLB: %s, cache flush hypercall %s",
                  k->initial_domain ? "initial domain" : "direct-mapped",
                  k->hypercall_cflush ? "present" : "absent");
    return (int)rc;
}

int gntsim_linux_boot(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = world_domain(w, dom);
    int slot = linux_slot(w, dom);
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
                               .dom = d,
                               .ram_pfn = d->ram_gfn,
                               .ram_nr = d->nr_pages,
                               .scratch_next = LINUX_SCRATCH_BASE};
    for (unsigned i = 0; i < WORLD_MAX_DEVICES; i++)
        k->dev[i].dma_mask = UINT64_MAX;
    rc = linux_boot_steps(w, d, k);
    if (rc) {
        linux_kernel_free(k);
        return world_fail(w, rc, "d%u: kernel boot failed (%d)", dom, rc);
    }
    w->kern[slot] = k;
    TRACE(&w->trace, LINUX_BOOT, TA_U(dom), TA_U(k->swiotlb_xen),
          TA_U(k->hypercall_cflush));
    return 0;
}

bool gntsim_linux_swiotlb_xen(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct linux_kernel *k = linux_kernel(w, dom);

    return k && k->swiotlb_xen;
}
