/* SPDX-License-Identifier: MIT */
/*
 * The machine's SMMU and DMA devices in the world: creation, assignment to
 * a domain (Xen attaches the stream), DMA with virtual time, the owner's
 * driver reaction to a bus error, inspection and failure injection.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/linux.h"
#include "linux/macb.h"
#include "board/device.h"
#include "xen/smmu.h"

#define DMA_NS_PER_XFER 1000u /* virtual time per transaction (docs/fidelity.md) */

int gntsim_smmu_create(struct gntsim_world *w, const struct gntsim_smmu_opts *o)
{
    const char *path = o && o->dt_path ? o->dt_path : "/smmu@fd800000";
    bool usfcfg = o ? o->disable_bypass : true;
    int rc;

    if (w->smmu)
        return world_fail(w, -EEXIST, "the machine already has an SMMU");
    if (strlen(path) >= XEN_SMMU_PATH_MAX)
        return world_fail(w, -EINVAL, "path \"%.20s...\" is %zu bytes long, at most %d",
                          path, strlen(path), XEN_SMMU_PATH_MAX - 1);
    if (hw_smmu_create(&w->mem, &w->trace, &w->smmu))
        return world_fail(w, -ENOMEM, "out of memory for the SMMU");
    rc = xen_smmu_probe(&w->xen, w->smmu, path, usfcfg);
    for (unsigned i = 0; !rc && i < XEN_MAX_DOMAINS; i++)
        if (w->xen.dom[i])
            rc = xen_smmu_domain_attach(&w->xen, w->xen.dom[i]);
    if (rc) {
        xen_smmu_free(&w->xen);
        hw_smmu_destroy(w->smmu);
        w->smmu = NULL;
        return world_fail(w, rc == -ENOSPC ? -ENOMEM : rc, "cannot set up the SMMU (%d)",
                          rc);
    }
    return 0;
}

int world_smmu_domain_created(struct gntsim_world *w, struct domain *d)
{
    int rc = xen_smmu_domain_attach(&w->xen, d);

    return rc ? world_fail(w, rc, "d%u: no SMMU context bank left", d->domid) : 0;
}

void world_devices_destroy(struct gntsim_world *w)
{
    for (unsigned i = 0; i < w->nr_dev; i++)
        free(w->dev[i]);
    w->nr_dev = 0;
    xen_smmu_free(&w->xen);
    hw_smmu_destroy(w->smmu);
    w->smmu = NULL;
}

int gntsim_device_find(struct gntsim_world *w, const char *name, unsigned *id)
{
    for (unsigned i = 0; name && i < w->nr_dev; i++)
        if (!strcmp(w->dev[i]->name, name)) {
            *id = i;
            return 0;
        }
    return world_fail(w, -ENOENT, "no device '%s'", name ? name : "(null)");
}

static int device_check(struct gntsim_world *w, const struct gntsim_device_opts *o)
{
    unsigned id;

    if (!o->name || !*o->name || strlen(o->name) >= sizeof(w->dev[0]->name))
        return world_fail(w, -EINVAL, "device name missing or longer than 31 characters");
    if (!gntsim_device_find(w, o->name, &id))
        return world_fail(w, -EINVAL, "device '%s' already exists", o->name);
    if (!world_domain(w, o->owner))
        return world_fail(w, -EINVAL, "device '%s': no owner domain %u", o->name,
                          o->owner);
    if (o->behind_smmu && !w->smmu)
        return world_fail(w, -EINVAL, "device '%s' is behind an SMMU but there is none",
                          o->name);
    if (w->nr_dev == WORLD_MAX_DEVICES)
        return world_fail(w, -ENOSPC, "too many devices (at most %d)", WORLD_MAX_DEVICES);
    return 0;
}

int gntsim_device_create(struct gntsim_world *w, const struct gntsim_device_opts *o,
                         unsigned *id)
{
    struct hw_device *d;
    int rc = device_check(w, o);

    if (rc)
        return rc;
    d = calloc(1, sizeof(*d));
    if (!d)
        return world_fail(w, -ENOMEM, "out of memory for device '%s'", o->name);
    snprintf(d->name, sizeof(d->name), "%s", o->name);
    snprintf(d->dt_name, sizeof(d->dt_name), "%s",
             o->dt_name ? o->dt_name : "ff0e0000.ethernet");
    snprintf(d->ifname, sizeof(d->ifname), "%s", o->ifname ? o->ifname : "eth0");
    d->sid = o->stream_id;
    d->owner = o->owner;
    d->coherent = o->coherent;
    d->behind_smmu = o->behind_smmu;
    /* assign_device: Xen routes the stream to the owner's bank, if it has one */
    rc = o->behind_smmu ? xen_smmu_add_device(&w->xen, o->owner, o->stream_id) : 0;
    if (rc == -ENOSPC) {
        free(d);
        return world_fail(w, -ENOSPC, "no free SMMU stream mapping for '%s'", o->name);
    }
    *id = w->nr_dev;
    w->dev_dt_iommu[w->nr_dev] = o->dt_iommu;
    w->dev[w->nr_dev++] = d;
    return 0;
}

/* The kernel of @d's owner if it attached @d to a translating virtual-SMMU domain
 * (dma-policy=vsmmu), else NULL. */
static const struct linux_kernel *dma_stage1_owner(struct gntsim_world *w, unsigned id,
                                                   const struct hw_device *d)
{
    const struct linux_kernel *k;

    if (w->dma_policy != GNTSIM_DMA_POLICY_VSMMU)
        return NULL;
    k = d->owner < XEN_MAX_DOMAINS ? w->kern[d->owner] : NULL;
    return k && k->domid == d->owner && k->dev[id].present && k->dev[id].stage1 ? k
                                                                                : NULL;
}

/*
 * Nested translation (dma-policy=vsmmu): each page-bounded transaction's IOVA through
 * the stage 1 the owner's kernel programmed, then the SMMU's stage 2 as any DMA. A
 * missing stage-1 entry terminates it: Xen's vSMMU queues F_TRANSLATION (0x10) for
 * the owner, whose arm-smmu-v3 driver logs it. Returns hw_nic_dma()'s results.
 */
static int dma_nested(struct gntsim_world *w, const struct linux_kernel *k, unsigned id,
                      struct hw_device *d, uint64_t bus, uint8_t *buf, size_t len,
                      bool write, unsigned *xfers)
{
    *xfers = 0;
    for (size_t done = 0, n; done < len; done += n) {
        uint64_t at = bus + done, ipa;
        unsigned x = 0;
        int rc;

        n = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        n = n < len - done ? n : len - done;
        if (linux_s1_translate(k, id, at, &ipa)) {
            ++*xfers;
            TRACE(&w->trace, VSMMU_FAULT, TA_U(d->owner), TA_U(id), TA_U(at));
            sim_log_printf(&w->log,
                           "[d%u] arm-smmu-v3 vsmmu: event 0x10 received:", d->owner);
            d->isr |= MACB_ISR_HRESP;
            d->aborts++;
            return -EIO;
        }
        rc =
            hw_nic_dma(d, w->smmu, &w->cache, ipa, buf ? buf + done : NULL, n, write, &x);
        *xfers += x;
        if (rc)
            return rc;
    }
    return 0;
}

static int dma(struct gntsim_world *w, unsigned id, uint64_t bus, void *buf, size_t len,
               bool write)
{
    const struct linux_kernel *s1k;
    struct hw_device *d = id < w->nr_dev ? w->dev[id] : NULL;
    unsigned xfers = 0;
    int rc;

    if (!d)
        return world_fail(w, -EINVAL, "no device %u", id);
    if (!buf && len)
        return world_fail(w, -EINVAL, "%s: DMA buffer is NULL", d->name);
    /* virtual time: 1 us per page-bounded transaction, accounted up front */
    w->xen.now_ns +=
        DMA_NS_PER_XFER * ((len + (bus & (PAGE_SIZE - 1)) + PAGE_SIZE - 1) / PAGE_SIZE);
    s1k = dma_stage1_owner(w, id, d);
    rc = s1k ? dma_nested(w, s1k, id, d, bus, buf, len, write, &xfers)
             : hw_nic_dma(d, w->smmu, &w->cache, bus, buf, len, write, &xfers);
    TRACE(&w->trace, DMA, TA_S(d->name), TA_S(write ? "write" : "read"), TA_U(bus),
          TA_U(len), TA_D(rc));
    if (!rc)
        return 0;
    macb_interrupt(&w->log, d->owner, d); /* the owner's kernel takes the interrupt */
    return world_fail(w, -EIO, "%s: DMA %s at bus address %#llx terminated (bus error)",
                      d->name, write ? "write" : "read", (unsigned long long)bus);
}

int gntsim_dma_read(struct gntsim_world *w, unsigned dev, uint64_t bus, void *buf,
                    size_t len)
{
    return dma(w, dev, bus, buf, len, false);
}

int gntsim_dma_write(struct gntsim_world *w, unsigned dev, uint64_t bus, const void *buf,
                     size_t len)
{
    return dma(w, dev, bus, (void *)(uintptr_t)buf, len, true);
}

int gntsim_smmu_last_fault(struct gntsim_world *w, struct gntsim_smmu_fault *out)
{
    struct hw_smmu_fault f;

    if (!w->smmu || !hw_smmu_last_fault(w->smmu, &f))
        return world_fail(w, -ENOENT, "no SMMU context fault recorded");
    *out = (struct gntsim_smmu_fault){
        .fsr = f.fsr, .fsynr0 = f.fsynr0, .far = f.far, .cb = f.cb, .sid = f.sid};
    return 0;
}

int gntsim_inject_missing_iotlb_flush(struct gntsim_world *w, gntsim_domid_t dom)
{
    if (!world_domain(w, dom))
        return -ESRCH;
    if (xen_smmu_skip_next_flush(&w->xen, dom))
        return world_fail(w, -ENOENT, "d%u has no SMMU context bank", dom);
    return 0;
}

int gntsim_xen_loglvl(struct gntsim_world *w, const char *loglvl)
{
    if (!loglvl || xen_console_loglvl(&w->xen.console, loglvl))
        return world_fail(w, -EINVAL, "bad loglvl '%s'", loglvl ? loglvl : "(null)");
    return 0;
}

void gntsim_time_advance(struct gntsim_world *w, uint64_t ns)
{
    w->xen.now_ns += ns;
}

uint64_t gntsim_time_now(const struct gntsim_world *w)
{
    return w->xen.now_ns;
}
