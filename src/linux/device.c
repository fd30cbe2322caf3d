/* SPDX-License-Identifier: MIT */
/*
 * What the kernel knows of each device: DT "dma-coherent"
 * (dev_is_dma_coherent()) and the mask its driver set (dma_set_mask(), 64
 * bits by default here). Probed from the machine's device on first use.
 */
#include "hw/nic.h"
#include "linux/linux.h"

bool world_device_coherent(struct gntsim_world *w, unsigned id)
{
    /* What the firmware tells the kernel (the DT "dma-coherent" property). */
    return id < w->nr_dev && w->dev[id] && w->dev[id]->coherent;
}

struct linux_dev *linux_device(struct gntsim_world *w, struct linux_kernel *k,
                               unsigned id)
{
    struct linux_dev *d;

    if (id >= WORLD_MAX_DEVICES) {
        world_fail(w, -EINVAL, "d%u: no device %u", k->domid, id);
        return NULL;
    }
    d = &k->dev[id];
    if (!d->present && w->dev[id]) {
        d->present = true;
        d->coherent = world_device_coherent(w, id);
    }
    if (!d->present) {
        world_fail(w, -EINVAL, "d%u: no device %u", k->domid, id);
        return NULL;
    }
    return d;
}

int linux_device_set(struct gntsim_world *w, gntsim_domid_t dom, unsigned id,
                     bool coherent, uint64_t dma_mask)
{
    struct linux_kernel *k = linux_kernel(w, dom);

    if (!k)
        return -ESRCH;
    if (id >= WORLD_MAX_DEVICES)
        return world_fail(w, -EINVAL, "d%u: no device %u", dom, id);
    k->dev[id] =
        (struct linux_dev){.present = true, .coherent = coherent, .dma_mask = dma_mask};
    return 0;
}
