/* SPDX-License-Identifier: MIT */
/* The public guest-kernel API (gntsim.h "Linux"): the booted kernel of a domain, then
 * its own function (src/linux). */
#include "board/world.h"
#include "linux/linux.h"

int gntsim_linux_grant(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t to,
                       uint64_t gfn, bool readonly, uint32_t *ref)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_grant(k, to, gfn, readonly, ref) : -ESRCH;
}

int gntsim_linux_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_end_access(k, ref) : -ESRCH;
}

int gntsim_linux_map_refs(struct gntsim_world *w, gntsim_domid_t dom,
                          struct gntsim_linux_map *m, unsigned count)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_map_refs(k, m, count) : -ESRCH;
}

int gntsim_linux_unmap_refs(struct gntsim_world *w, gntsim_domid_t dom,
                            struct gntsim_linux_map *m, unsigned count)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_unmap_refs(k, m, count) : -ESRCH;
}

int gntsim_linux_dma_map(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                         uint64_t phys, size_t len, enum gntsim_dma_dir dir,
                         uint64_t *dma)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_dma_map(k, dev, phys, len, dir, dma) : -ESRCH;
}

int gntsim_linux_dma_unmap(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                           uint64_t dma, size_t len, enum gntsim_dma_dir dir)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_dma_unmap(k, dev, dma, len, dir) : -ESRCH;
}

int gntsim_linux_dma_sync(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                          uint64_t dma, size_t len, enum gntsim_dma_dir dir,
                          bool for_device)
{
    struct linux_kernel *k = world_kernel(w, dom);

    return k ? linux_dma_sync(k, dev, dma, len, dir, for_device) : -ESRCH;
}
