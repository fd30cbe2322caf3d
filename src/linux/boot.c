/* SPDX-License-Identifier: MIT */
/*
 * Booting the kernel model: XENFEAT (arch/arm/xen/enlighten.c xen_guest_init
 * reads submap 0; XENFEAT_dom0 makes it the initial domain),
 * xen_swiotlb_detect() (include/xen/arm/swiotlb-xen.h) and xen_mm_init()
 * (arch/arm/xen/mm.c: swiotlb pool, GNTTABOP_cache_flush probe).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include <xen/xen.h>
#include <xen/version.h>

#include <xen/features.h>
#include <xen/grant_table.h>

#include "env/fmt.h"
#include "linux/devfile.h"
#include "linux/linux.h"

void linux_kernel_free(struct linux_kernel *k)
{
    if (!k)
        return;
    linux_files_orphan(k);
    free(k->gnt_deferred);
    free(k->gnt_free);
    free(k->p2m);
    free(k->pg_free);
    free(k);
}

void linux_log(const struct linux_kernel *k, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    sim_log_printf(k->env.log, "[d%u] %s", k->domid, buf);
}

int linux_fail(const struct linux_kernel *k, int rc, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return k->env.ops->fail(k->env.board, rc, buf);
}

/* Each Linux fix a kernel model can lack, the commit that made it, its field. */
static const struct linux_xsa_knob {
    unsigned xsa;
    size_t off;
} linux_xsa_knobs[] = {
    /* 68a33bfd8403 xen-netback: use RING_COPY_REQUEST() throughout */
    {155, offsetof(struct linux_kernel, xsa.netback_refetch)},
    /* 3194a1746e8a xen-netback: don't "handle" error by BUG() */
    {362, offsetof(struct linux_kernel, xsa.netback_map_bug)},
    /* 31185df7e2b1 xen/netfront: don't use gnttab_query_foreign_access() for mapped
     * status (CVE-2022-23037: xennet_tx_buf_gc) and 66e3531b3306 xen/netfront: react
     * properly to failing gnttab_end_foreign_access_ref() (CVE-2022-23042:
     * xennet_get_responses) */
    {396, offsetof(struct linux_kernel, xsa.netfront_old_revoke)},
    /* 307c8de2b023 xen/netfront: fix leaking data in shared pages */
    {403, offsetof(struct linux_kernel, xsa.netfront_rx_dirty)},
    /* ad7f402ae4f4 xen/netback: Ensure protocol headers don't fall in the non-linear
     * area */
    {423, offsetof(struct linux_kernel, xsa.netback_head_slot)},
    /* 534fc31d09b7 xen/netback: Fix buffer overrun triggered by unusual packet */
    {432, offsetof(struct linux_kernel, xsa.netback_nr_slots)},
};

int linux_xsa_set(struct linux_kernel *k, unsigned xsa, bool vulnerable)
{
    for (size_t i = 0; i < sizeof(linux_xsa_knobs) / sizeof(linux_xsa_knobs[0]); i++)
        if (linux_xsa_knobs[i].xsa == xsa) {
            *(bool *)((char *)k + linux_xsa_knobs[i].off) = vulnerable;
            return 0;
        }
    return -ENOENT;
}

unsigned linux_xsa_knob(size_t i)
{
    return i < sizeof(linux_xsa_knobs) / sizeof(linux_xsa_knobs[0])
               ? linux_xsa_knobs[i].xsa
               : 0;
}

void linux_bug(struct linux_kernel *k, const char *where)
{
    if (k->bugged)
        return;
    k->bugged = true;
    snprintf(k->bug_where, sizeof(k->bug_where), "%s", where);
    linux_log(k, "kernel BUG at %s", where);
}

void linux_overrun(struct linux_kernel *k, const char *what)
{
    if (k->overrun)
        return;
    k->overrun = true;
    snprintf(k->overrun_what, sizeof(k->overrun_what), "%s", what);
    linux_log(k, "out of bounds: %s", what);
}

long linux_gnttab_op(const struct linux_kernel *k, unsigned cmd, void *uop,
                     unsigned count)
{
    return k->env.ops->hypercall(k->env.board, k->domid, 0, __HYPERVISOR_grant_table_op,
                                 cmd, uop, count);
}

int linux_cpu_copy(const struct linux_kernel *k, uint64_t dst, uint64_t src, size_t len)
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
        rc = linux_ipa_to_pa(k, src + done, &spa);
        if (!rc)
            rc = linux_ipa_to_pa(k, dst + done, &dpa);
        if (!rc)
            rc = hw_cpu_read(k->env.cache, spa, buf, n);
        if (!rc)
            rc = hw_cpu_write(k->env.cache, dpa, buf, n);
    }
    return rc ? -EFAULT : 0;
}

/* xen_swiotlb_detect(): the decision is global, it does not look at IOMMUs. Under the
 * dom0-iommu-flag policy (the 2021 RFC, not upstream) a kernel that knows the flag
 * turns swiotlb-xen off for every device when Xen sets it. */
static bool linux_swiotlb_detect(const struct linux_kernel *k)
{
    if (k->env.dma_policy == GNTSIM_DMA_POLICY_DOM0_IOMMU_FLAG && !k->policy_old &&
        k->env.dom0_iommu_flag)
        return false;
    if (k->features & (1u << XENFEAT_direct_mapped))
        return true;
    if (!(k->features & (1u << XENFEAT_not_direct_mapped)) && k->initial_domain)
        return true; /* legacy: Xen without the flags, dom0 assumed 1:1 */
    return false;
}

/* xen_mm_init(): pool, then the op=0/len=0 probe; anything but -ENOSYS means it exists.
 */
static int linux_mm_init(struct linux_kernel *k)
{
    struct gnttab_cache_flush probe = {.a.dev_bus_addr = 0, .op = 0};
    int rc;

    if (!k->swiotlb_xen)
        return 0;
    rc = linux_swiotlb_init(k);
    if (rc)
        return rc;
    k->hypercall_cflush =
        k->force_cflush ? k->force_cflush > 0
                        : linux_gnttab_op(k, GNTTABOP_cache_flush, &probe, 1) != -ENOSYS;
    return 0;
}

int linux_boot(struct linux_kernel *k)
{
    struct xen_feature_info fi = {.submap_idx = 0};
    long rc = k->env.ops->hypercall(k->env.board, k->domid, 0, __HYPERVISOR_xen_version,
                                    XENVER_get_features, &fi, 0);

    if (rc)
        return (int)rc;
    k->features = fi.submap;
    TRACE(k->env.trace, XEN_FEATURES, TA_U(k->domid), TA_U(k->features));
    k->initial_domain = k->features & (1u << XENFEAT_dom0);
    k->swiotlb_xen = k->force_swiotlb ? k->force_swiotlb > 0 : linux_swiotlb_detect(k);
    rc = linux_gnttab_init(k);
    if (!rc)
        rc = linux_mm_init(k);
    if (!rc && k->swiotlb_xen)
        linux_log(k, "Xen-SWIOTLB: %s, cache flush hypercall %s",
                  k->initial_domain ? "initial domain" : "direct-mapped",
                  k->hypercall_cflush ? "present" : "absent");
    return (int)rc;
}
