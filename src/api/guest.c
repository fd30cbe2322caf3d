/* SPDX-License-Identifier: MIT */
/*
 * Guest CPU memory access through a domain's P2M (the stage-2 permissions
 * a vCPU's accesses obey), and the guest side of granting (the protocol in
 * xen/include/public/grant_table.h: write domid and frame, barrier, flags).
 */
#include <stdint.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "board/world.h"
#include "xen/gnttab/gnttab.h"

/* Translate one page-bounded access; -EFAULT unmapped, -EACCES write to read-only. */
static int guest_translate(struct gntsim_world *w, struct domain *d, uint64_t ipa,
                           bool write, uint64_t *pa)
{
    struct p2m_entry e;

    if (p2m_lookup(&w->xen, &d->p2m, ipa >> PAGE_SHIFT, &e))
        return -EFAULT;
    if (write && !e.write)
        return -EACCES;
    *pa = (e.mfn << PAGE_SHIFT) | (ipa & (PAGE_SIZE - 1));
    return 0;
}

/* The vCPU's accesses go through its data cache (src/hw/cache.h). */
static int guest_cpu_access(struct gntsim_world *w, uint64_t pa, void *buf, size_t n,
                            bool write)
{
    return write ? hw_cpu_write(&w->cache, pa, buf, n)
                 : hw_cpu_read(&w->cache, pa, buf, n);
}

/* Check every page of [ipa, ipa+len) first, then copy: all or nothing. */
static int guest_access(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa,
                        void *buf, size_t len, bool write)
{
    struct domain *d = world_domain(w, dom);
    uint64_t pa = 0;
    int rc = d ? 0 : -ESRCH;

    for (size_t done = 0; !rc && done < len;
         done += PAGE_SIZE - ((ipa + done) & (PAGE_SIZE - 1)))
        rc = guest_translate(w, d, ipa + done, write, &pa);
    if (!rc && len && (ipa & (PAGE_SIZE - 1)) + len <= PAGE_SIZE) /* one page: pa */
        rc = guest_cpu_access(w, pa, buf, len, write);
    else
        for (size_t done = 0, n; !rc && done < len; done += n) {
            n = PAGE_SIZE - ((ipa + done) & (PAGE_SIZE - 1));
            n = n < len - done ? n : len - done;
            guest_translate(w, d, ipa + done, write, &pa);
            rc = guest_cpu_access(w, pa, (uint8_t *)buf + done, n, write);
        }
    if (rc && rc != -ESRCH)
        world_fail(w, rc, "d%u: %s of %zu bytes at IPA %#llx: %s", dom,
                   write ? "write" : "read", len, (unsigned long long)ipa,
                   rc == -EACCES ? "read-only mapping" : "not mapped");
    return rc;
}

int gntsim_guest_write(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa,
                       const void *buf, size_t len)
{
    return guest_access(w, dom, ipa, (void *)(uintptr_t)buf, len, true);
}

int gntsim_guest_read(struct gntsim_world *w, gntsim_domid_t dom, uint64_t ipa, void *buf,
                      size_t len)
{
    return guest_access(w, dom, ipa, buf, len, false);
}

/* IPA of entry @ref in @d's grant frames, in the layout of the table's version, or
 * -EINVAL. */
static int grant_entry_ipa(struct gntsim_world *w, struct domain *d, uint32_t ref,
                           uint64_t *ipa)
{
    size_t size =
        d->gt.gt_version == 2 ? sizeof(grant_entry_v2_t) : sizeof(grant_entry_v1_t);

    if (ref >= gnttab_nr_entries(&d->gt))
        return world_fail(w, -EINVAL, "d%u: grant ref %u outside its %u-frame table",
                          d->domid, ref, d->gt.nr_grant_frames);
    *ipa = (d->gnttab_gfn << PAGE_SHIFT) + (uint64_t)ref * size;
    return 0;
}

/*
 * Write entry @ref of @dom as a guest does: @to, then the body (@body_len bytes at
 * offset @body_off: v1 frame, v2 full_page.frame or transitive), a barrier, then @flags.
 */
static int guest_grant_write(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                             gntsim_domid_t to, const void *body, size_t body_off,
                             size_t body_len, uint16_t flags)
{
    struct domain *d = world_domain(w, dom);
    uint64_t ipa = 0;
    int rc = d ? grant_entry_ipa(w, d, ref, &ipa) : -ESRCH;

    if (!rc)
        rc = gntsim_guest_write(w, dom, ipa + 2, &to, sizeof(to));
    if (!rc)
        rc = gntsim_guest_write(w, dom, ipa + body_off, body, body_len);
    if (!rc) /* wmb(), then the flags */
        rc = gntsim_guest_write(w, dom, ipa, &flags, sizeof(flags));
    return rc;
}

int gntsim_guest_grant(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                       gntsim_domid_t to, uint64_t gfn, bool readonly)
{
    struct domain *d = world_domain(w, dom);
    uint16_t flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
    uint32_t frame = (uint32_t)gfn;
    int rc;

    if (d && d->gt.gt_version == 2) /* full_page.frame: 64 bits after 4 of padding */
        rc = guest_grant_write(w, dom, ref, to, &gfn, 8, sizeof(gfn), flags);
    else
        rc = guest_grant_write(w, dom, ref, to, &frame, 4, sizeof(frame), flags);
    if (!rc)
        TRACE(&w->trace, GUEST_GRANT, TA_U(dom), TA_U(ref), TA_U(to), TA_U(gfn),
              TA_U(flags));
    return rc;
}

int gntsim_guest_grant_transitive(struct gntsim_world *w, gntsim_domid_t dom,
                                  uint32_t ref, gntsim_domid_t to, gntsim_domid_t tdom,
                                  uint32_t tref)
{
    struct domain *d = world_domain(w, dom);
    struct {
        uint16_t trans_domid, pad0;
        uint32_t gref;
    } body = {.trans_domid = tdom, .gref = tref};
    int rc;

    if (!d)
        return -ESRCH;
    if (d->gt.gt_version != 2)
        return world_fail(w, -EINVAL, "d%u: a transitive grant needs grant table v2",
                          dom);
    rc = guest_grant_write(w, dom, ref, to, &body, 4, sizeof(body), GTF_transitive);
    if (!rc)
        TRACE(&w->trace, GUEST_GRANT_TRANS, TA_U(dom), TA_U(ref), TA_U(to), TA_U(tdom),
              TA_U(tref));
    return rc;
}

/* The GTF_reading/GTF_writing word of @ref: the entry's flags (v1), or its status
 * entry (v2, uint16_t per ref in the status frames at gnttab_status_gfn()). */
static int guest_grant_busy(struct gntsim_world *w, struct domain *d, uint32_t ref,
                            uint64_t ipa, uint16_t *busy)
{
    if (d->gt.gt_version == 2)
        ipa = (gnttab_status_gfn(d, ref / (PAGE_SIZE / 2)) << PAGE_SHIFT) +
              (ref % (PAGE_SIZE / 2)) * 2;
    return gntsim_guest_read(w, d->domid, ipa, busy, sizeof(*busy));
}

int gntsim_guest_end_access(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref)
{
    struct domain *d = world_domain(w, dom);
    uint16_t busy = 0, zero = 0;
    uint64_t ipa = 0;
    int rc = d ? grant_entry_ipa(w, d, ref, &ipa) : -ESRCH;

    if (!rc)
        rc = guest_grant_busy(w, d, ref, ipa, &busy);
    if (!rc && (busy & (GTF_reading | GTF_writing)))
        return world_fail(w, -EBUSY, "d%u: grant ref %u still in use (flags %#x)", dom,
                          ref, busy);
    if (!rc)
        rc = gntsim_guest_write(w, dom, ipa, &zero, sizeof(zero));
    return rc;
}
