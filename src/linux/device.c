/* SPDX-License-Identifier: MIT */
/*
 * What the kernel knows of each device: DT "dma-coherent"
 * (dev_is_dma_coherent()) and the mask its driver set (dma_set_mask(), 64
 * bits by default here). Probed from the machine's device on first use.
 */
#include "linux/linux.h"

struct linux_dev *linux_device(struct linux_kernel *k, unsigned id)
{
    struct linux_dev *d;
    struct linux_dt_dev dt = {.coherent = false};

    if (id >= LINUX_MAX_DEVICES) {
        linux_fail(k, -EINVAL, "d%u: no device %u", k->domid, id);
        return NULL;
    }
    d = &k->dev[id];
    if (!d->present && !k->env.ops->dt_device(k->env.board, id, &dt)) {
        d->present = true; /* what the DT says: the "dma-coherent" property */
        d->coherent = dt.coherent;
        linux_dma_ops_setup(k, id, d, &dt); /* and the policy's IOMMU mark */
    }
    if (!d->present) {
        linux_fail(k, -EINVAL, "d%u: no device %u", k->domid, id);
        return NULL;
    }
    return d;
}

int linux_device_set(struct linux_kernel *k, unsigned id, bool coherent,
                     uint64_t dma_mask)
{
    struct linux_dt_dev dt = {.coherent = coherent};

    if (id >= LINUX_MAX_DEVICES)
        return linux_fail(k, -EINVAL, "d%u: no device %u", k->domid, id);
    k->dev[id] =
        (struct linux_dev){.present = true, .coherent = coherent, .dma_mask = dma_mask};
    linux_dma_ops_setup(k, id, &k->dev[id], &dt);
    return 0;
}
