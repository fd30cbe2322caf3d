/* SPDX-License-Identifier: MIT */
/*
 * gnttab_map_refs() / gnttab_unmap_refs() (drivers/xen/grant-table.c) and
 * the pages they map at: xen_alloc_unpopulated_pages() (drivers/xen/
 * unpopulated-alloc.c, "Xen scratch") from the extended regions Xen
 * advertises (b6fe410936): holes in the host memory map, never RAM.
 * Simplified: the region is the gfns from LINUX_SCRATCH_BASE upward that are
 * not host RAM; pages stay with the caller after unmap (drivers such as
 * netback keep theirs and map again at the same pfn).
 */
#include <stdlib.h>

#include "linux/linux.h"
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <xen/grant_table.h>

#define LINUX_EAGAIN_RETRIES 255 /* gnttab_retry_eagain_gop: delay up to MAX_DELAY */
#define LINUX_MAP_STACK_OPS  256 /* op arrays up to this size live on the stack */

uint64_t linux_scratch_alloc(struct linux_kernel *k)
{
    while (hw_mem_is_ram(k->env.mem, k->scratch_next) ||
           linux_pfn_valid(k, k->scratch_next))
        k->scratch_next++;
    return k->scratch_next++;
}

/* gnttab_retry_eagain_gop(): re-issue each GNTST_eagain op alone, then give up. */
static void linux_map_retry_eagain(struct linux_kernel *k,
                                   struct gnttab_map_grant_ref *ops, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        for (unsigned n = 0; ops[i].status == GNTST_eagain && n < LINUX_EAGAIN_RETRIES;
             n++)
            if (linux_gnttab_op(k, GNTTABOP_map_grant_ref, &ops[i], 1))
                break;
        if (ops[i].status == GNTST_eagain) {
            linux_log(k, "gnttab_retry_eagain_gop: map eagain grant");
            ops[i].status = GNTST_bad_page;
        }
    }
}

/* Fill @ops from @m, allocating unpopulated pages where pfn == 0. */
static void linux_map_prepare(struct linux_kernel *k, struct gntsim_linux_map *m,
                              struct gnttab_map_grant_ref *ops, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (!m[i].pfn)
            m[i].pfn = linux_scratch_alloc(k);
        ops[i] = (struct gnttab_map_grant_ref){
            .host_addr = m[i].pfn << PAGE_SHIFT,
            .flags = GNTMAP_host_map | (m[i].readonly ? GNTMAP_readonly : 0),
            .ref = m[i].ref,
            .dom = m[i].granter};
    }
}

int linux_map_refs(struct linux_kernel *k, struct gntsim_linux_map *m, unsigned count)
{
    gntsim_domid_t dom = k->domid;
    struct gnttab_map_grant_ref stack[LINUX_MAP_STACK_OPS], *ops = stack;
    long rc;

    if (!count)
        return 0;
    if (count > LINUX_MAP_STACK_OPS && !(ops = calloc(count, sizeof(*ops))))
        return linux_fail(k, -ENOMEM, "d%u: out of memory", dom);
    linux_map_prepare(k, m, ops, count);
    rc = k->inject_map_rc; /* an injected failure of the whole call (XSA-362) */
    k->inject_map_rc = 0;
    if (!rc)
        rc = linux_gnttab_op(k, GNTTABOP_map_grant_ref, ops, count);
    if (!rc)
        linux_map_retry_eagain(k, ops, count);
    for (unsigned i = 0; !rc && i < count; i++) {
        m[i].status = ops[i].status;
        m[i].handle = ops[i].status ? 0 : ops[i].handle;
        m[i].bus_addr = ops[i].status ? 0 : ops[i].dev_bus_addr;
        if (!ops[i].status) /* set_foreign_p2m_mapping(): a failed insert only warns */
            linux_p2m_set(k, m[i].pfn, ops[i].dev_bus_addr >> PAGE_SHIFT);
    }
    if (ops != stack)
        free(ops);
    return rc ? linux_fail(k, (int)rc, "d%u: GNTTABOP_map_grant_ref: %ld", dom, rc) : 0;
}

int linux_unmap_refs(struct linux_kernel *k, struct gntsim_linux_map *m, unsigned count)
{
    gntsim_domid_t dom = k->domid;
    struct gnttab_unmap_grant_ref stack[LINUX_MAP_STACK_OPS], *ops = stack;
    long rc;

    if (!count)
        return 0;
    if (count > LINUX_MAP_STACK_OPS && !(ops = calloc(count, sizeof(*ops))))
        return linux_fail(k, -ENOMEM, "d%u: out of memory", dom);
    for (unsigned i = 0; i < count; i++) /* gnttab_set_unmap_op(): dev_bus_addr 0 */
        ops[i] = (struct gnttab_unmap_grant_ref){.host_addr = m[i].pfn << PAGE_SHIFT,
                                                 .handle = m[i].handle};
    rc = linux_gnttab_op(k, GNTTABOP_unmap_grant_ref, ops, count);
    for (unsigned i = 0; !rc && i < count; i++) {
        m[i].status = ops[i].status;
        linux_p2m_clear(k, m[i].pfn); /* clear_foreign_p2m_mapping(): every op */
    }
    if (ops != stack)
        free(ops);
    return rc ? linux_fail(k, (int)rc, "d%u: GNTTABOP_unmap_grant_ref: %ld", dom, rc) : 0;
}
