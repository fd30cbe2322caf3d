/* SPDX-License-Identifier: MIT */
/*
 * gntsim: the Linux guest kernels (src/linux): their grant API and DMA layer.
 * Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_LINUX_H
#define GNTSIM_LINUX_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Linux guest kernels (src/linux): grant API and the DMA layer ---- */

enum gntsim_dma_dir {
    GNTSIM_DMA_BIDIRECTIONAL,
    GNTSIM_DMA_TO_DEVICE,
    GNTSIM_DMA_FROM_DEVICE
};

/*
 * Boot the kernel model of @dom: read XENFEAT_* (XENVER_get_features),
 * decide swiotlb-xen (xen_swiotlb_detect), probe GNTTABOP_cache_flush.
 * Returns 0, -ESRCH or -EEXIST.
 */
int gntsim_linux_boot(struct gntsim_world *w, gntsim_domid_t dom);

#define GNTSIM_LINUX_MAX_XSA 8
/* The @i-th XSA whose Linux fix a kernel can lack (ascending), or 0 past the last. */
unsigned gntsim_linux_xsa_knob_at(size_t i);
/* Whether @dom's kernel reached BUG() (S14; false when @dom runs none); *@where (may be
 * NULL) set to the place, or NULL. */
bool gntsim_linux_bugged(struct gntsim_world *w, gntsim_domid_t dom, const char **where);

/* Kernel variants for gntsim_linux_boot_opts(): 0 keeps what the kernel detects. */
struct gntsim_linux_boot_opts {
    /* > 0 swiotlb-xen on, < 0 off, whatever xen_swiotlb_detect() says (a kernel
     * before or after its XENFEAT-based detection, or patched) */
    int swiotlb_xen;
    /* < 0: a kernel without the GNTTABOP_cache_flush probe (before Linux 3.19's
     * arch/arm/xen/mm.c xen_mm_init, which sets hypercall_cflush), so it never flushes
     * foreign pages by hypercall; > 0 assumes the hypercall exists without probing */
    int cache_flush;
    /* < 0: a kernel that predates the world's DMA policy (it ignores the DT property,
     * the xen,iommu-el2-v1 node or the flag; for vsmmu, a kernel before Linux 6.12's
     * b5c58b2fdc42 whose swiotlb-xen overrides the IOMMU's DMA ops); 0, > 0: one that
     * implements it */
    int policy_aware;
    /* XSA numbers whose Linux fix this kernel lacks (`linux-boot D xsaN=vulnerable`,
     * docs/xsa.md), 0 ends the list; one of gntsim_linux_xsa_knob_at() each */
    unsigned xsa_vulnerable[GNTSIM_LINUX_MAX_XSA];
};
/* gntsim_linux_boot() with kernel variants @o (NULL: none). Same results, and -EINVAL
 * for an XSA in @o->xsa_vulnerable without a Linux knob. */
int gntsim_linux_boot_opts(struct gntsim_world *w, gntsim_domid_t dom,
                           const struct gntsim_linux_boot_opts *o);
/* Whether @dom's kernel flushes foreign pages by GNTTABOP_cache_flush. */
bool gntsim_linux_cache_flush(struct gntsim_world *w, gntsim_domid_t dom);
/* Whether @dom's kernel set up swiotlb-xen as its DMA ops. */
bool gntsim_linux_swiotlb_xen(struct gntsim_world *w, gntsim_domid_t dom);

/*
 * gnttab_grant_foreign_access(): allocate a ref (>= 8) and grant @gfn to
 * @to. Returns 0 with *@ref set, -ENOSPC (table full), -ESRCH.
 */
int gntsim_linux_grant(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t to,
                       uint64_t gfn, bool readonly, uint32_t *ref);
/* gnttab_end_foreign_access_ref(): -EBUSY (nothing changed) while the grant is in use. */
int gntsim_linux_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref);

struct gntsim_linux_map {
    gntsim_domid_t granter;
    uint32_t ref;
    bool readonly;
    uint64_t pfn; /* in: page to map at (0: allocate one, "Xen scratch"); out: the page */
    uint32_t handle;   /* out */
    int16_t status;    /* out: GNTST_* */
    uint64_t bus_addr; /* out: dev_bus_addr Xen returned */
};
/*
 * gnttab_map_refs(): one batched GNTTABOP_map_grant_ref for @count pages,
 * then set_foreign_p2m_mapping() for those with status 0. Returns 0 (per-page
 * status inside), -ENOMEM, -ESRCH, or the hypercall's error.
 */
int gntsim_linux_map_refs(struct gntsim_world *w, gntsim_domid_t dom,
                          struct gntsim_linux_map *m, unsigned count);
/* gnttab_unmap_refs(): one batched unmap, then clear_foreign_p2m_mapping(). Same returns.
 */
int gntsim_linux_unmap_refs(struct gntsim_world *w, gntsim_domid_t dom,
                            struct gntsim_linux_map *m, unsigned count);

/*
 * dma_map_page() of [@phys, @phys + @len) of @dom for device @dev: swiotlb-xen
 * when the kernel uses it (pfn_to_bfn, bounce conditions, cache maintenance
 * by GNTTABOP_cache_flush for foreign pages of non-coherent devices), else
 * dma-direct. *@dma receives the bus address. Returns 0, -EIO
 * (DMA_MAPPING_ERROR), -EINVAL, -ESRCH.
 */
int gntsim_linux_dma_map(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                         uint64_t phys, size_t len, enum gntsim_dma_dir dir,
                         uint64_t *dma);
/* dma_unmap_page(): sync for the CPU and release any bounce slot. Same returns. */
int gntsim_linux_dma_unmap(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                           uint64_t dma, size_t len, enum gntsim_dma_dir dir);
/* dma_sync_single_for_device() / _for_cpu(). Same returns. */
int gntsim_linux_dma_sync(struct gntsim_world *w, gntsim_domid_t dom, unsigned dev,
                          uint64_t dma, size_t len, enum gntsim_dma_dir dir,
                          bool for_device);

#ifdef __cplusplus
}
#endif
#endif
