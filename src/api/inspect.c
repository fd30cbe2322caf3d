/* SPDX-License-Identifier: MIT */
/* Read-only views of the world for tests, tools and scenario expectations. */
#include <string.h>

#include "board/world.h"
#include "linux/net.h"
#include "xen/gnttab/gnttab.h"
#include "xen/iommu.h"

static void p2m_info(const struct p2m_entry *e, struct gntsim_p2m_info *out)
{
    *out = (struct gntsim_p2m_info){.mfn = e->mfn,
                                    .type = e->type,
                                    .type_name = p2m_type_name(e->type),
                                    .read = e->read,
                                    .write = e->write,
                                    .xn = e->xn,
                                    .desc = e->desc};
}

int gntsim_p2m_lookup(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn,
                      struct gntsim_p2m_info *out)
{
    struct domain *d = world_domain(w, dom);
    struct p2m_entry e;

    if (!d)
        return -ESRCH;
    if (p2m_lookup(&w->xen, &d->p2m, gfn, &e))
        return -ENOENT;
    p2m_info(&e, out);
    return 0;
}

/* x86: the IOMMU's own table (PV) or the P2M type's IOMMU permissions (HVM/PVH). */
static int iommu_lookup_x86(struct gntsim_world *w, struct domain *d, uint64_t dfn,
                            struct gntsim_p2m_info *out)
{
    struct iommu_pte pte;
    struct p2m_entry e;
    enum p2m_type t;

    if (!iommu_x86_translate(&w->xen, d, dfn, &pte))
        return -ENOENT;
    if (d->ops->translated && !p2m_lookup(&w->xen, &d->p2m, dfn, &e))
        t = e.type;
    else
        t = (pte.flags & IOMMUF_writable) ? P2M_IOMMU_MAP_RW : P2M_IOMMU_MAP_RO;
    *out = (struct gntsim_p2m_info){.mfn = pte.mfn,
                                    .type = t,
                                    .type_name = p2m_type_name(t),
                                    .read = pte.flags & IOMMUF_readable,
                                    .write = pte.flags & IOMMUF_writable};
    return 0;
}

int gntsim_iommu_lookup(struct gntsim_world *w, gntsim_domid_t dom, uint64_t dfn,
                        struct gntsim_p2m_info *out)
{
    struct domain *d = world_domain(w, dom);

    if (!d)
        return -ESRCH;
    if (!d->iommu.enabled)
        return -ENOENT; /* no context bank: nothing translates */
    if (!d->ops->iommu_shares_p2m)
        return iommu_lookup_x86(w, d, dfn, out);
    return gntsim_p2m_lookup(w, dom, dfn, out); /* the SMMU shares the P2M */
}

int gntsim_grant_info(struct gntsim_world *w, gntsim_domid_t dom, uint32_t ref,
                      struct gntsim_grant_info *out)
{
    /* a dying domain's too: it keeps its grant table until it is freed */
    struct domain *d = xen_domain_or_dying(&w->xen, dom);
    const grant_entry_header_t *h;
    const struct active_grant_entry *act;

    if (!d)
        return world_fail(w, -ESRCH, "no domain %u", dom);
    if (ref >= gnttab_nr_entries(&d->gt))
        return world_fail(w, -EINVAL, "d%u has no grant ref %u", dom, ref);
    h = gnttab_entry_hdr(&w->xen, &d->gt, ref);
    act = gnttab_active(&d->gt, ref);
    /* v2: the header flags with the status entry's GTF_reading/GTF_writing */
    *out = (struct gntsim_grant_info){
        .flags = h->flags | *gnttab_entry_status(&w->xen, &d->gt, ref),
        .domid = h->domid,
        .frame = (uint32_t)gnttab_entry_frame(&w->xen, &d->gt, ref),
        .pin = act->pin,
        .hstw = act->pin & 0xff,
        .hstr = (act->pin >> 8) & 0xff,
        .devw = (act->pin >> 16) & 0xff,
        .devr = act->pin >> 24,
        .pin_domid = act->domid,
        .mfn = act->mfn};
    return 0;
}

int gntsim_maptrack_info(struct gntsim_world *w, gntsim_domid_t dom, uint32_t handle,
                         struct gntsim_maptrack_info *out)
{
    struct domain *d = world_domain(w, dom);
    const struct grant_mapping *m;

    if (!d)
        return -ESRCH;
    if (handle >= d->gt.maptrack_limit)
        return world_fail(w, -EINVAL, "d%u has no maptrack handle %u", dom, handle);
    m = maptrack_entry(&d->gt, handle);
    *out = (struct gntsim_maptrack_info){
        .ref = m->ref, .flags = m->flags, .domid = m->domid, .vcpu = m->vcpu};
    return 0;
}

uint32_t gntsim_maptrack_limit(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = xen_domain(&w->xen, dom);

    return d ? d->gt.maptrack_limit : 0;
}

uint32_t gntsim_maptrack_live(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = xen_domain(&w->xen, dom);
    uint32_t n = 0;

    for (uint32_t h = 0; d && h < d->gt.maptrack_limit; h++)
        n += maptrack_entry(&d->gt, h)->flags != 0;
    return n;
}

int gntsim_maptrack_freelist(struct gntsim_world *w, gntsim_domid_t dom, unsigned vcpu,
                             uint32_t *out, size_t max, size_t *nr)
{
    struct domain *d = world_domain(w, dom);
    uint32_t h, tail;

    *nr = 0;
    if (!d || vcpu >= d->nr_vcpus)
        return d ? world_fail(w, -ESRCH, "d%u has no vCPU %u", dom, vcpu) : -ESRCH;
    h = d->vcpu[vcpu].maptrack_head;
    tail = d->vcpu[vcpu].maptrack_tail;
    if (h == MAPTRACK_TAIL)
        return -ENOENT;
    /* head .. tail through each free entry's ref (Xen's free-list link) */
    while (h < d->gt.maptrack_limit && *nr <= d->gt.maptrack_limit) {
        if (*nr < max)
            out[*nr] = h;
        ++*nr;
        if (h == tail)
            break;
        h = maptrack_entry(&d->gt, h)->ref;
    }
    return 0;
}

int gntsim_mapkind(struct gntsim_world *w, gntsim_domid_t dom, gntsim_domid_t rd,
                   uint64_t mfn, unsigned *kind)
{
    struct domain *ld = world_domain(w, dom), *r = world_domain(w, rd);

    if (!ld || !r)
        return -ESRCH;
    *kind = gnttab_mapkind_locked(&w->xen, ld, r, mfn);
    return 0;
}

int gntsim_iommu_counters(struct gntsim_world *w, gntsim_domid_t dom, uint64_t mfn,
                          uint32_t *rd, uint32_t *wr)
{
    struct domain *d = world_domain(w, dom);

    if (!d)
        return -ESRCH;
    return mt_radix_get(&d->gt.maptrack_tree, mfn, rd, wr) ? 0 : -ENOENT;
}

uint32_t gntsim_page_refs(struct gntsim_world *w, uint64_t mfn)
{
    const struct page_info *pg = frames_page_const(&w->xen.frames, mfn);

    return pg ? pg->count : 0;
}

uint32_t gntsim_page_type_count(struct gntsim_world *w, uint64_t mfn)
{
    return frames_type_count(&w->xen.frames, mfn);
}

uint16_t gntsim_page_owner(struct gntsim_world *w, uint64_t mfn)
{
    return frames_owner(&w->xen.frames, mfn);
}

uint64_t gntsim_gfn_to_mfn(struct gntsim_world *w, gntsim_domid_t dom, uint64_t gfn)
{
    struct gntsim_p2m_info i;

    return gntsim_p2m_lookup(w, dom, gfn, &i) ? UINT64_MAX : i.mfn;
}

bool gntsim_need_iommu_mapping(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = xen_domain(&w->xen, dom);

    return d && gnttab_need_iommu_mapping(&w->xen, d);
}

bool gntsim_xen_crashed(const struct gntsim_world *w, const char **where)
{
    if (where)
        *where = w->xen.crash_where;
    return w->xen.crashed;
}

bool gntsim_domain_crashed(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct domain *d = xen_domain(&w->xen, dom);

    return d && d->crashed;
}

/* Lock acquisitions are events while a trace or a capture observes the run. */
static void locks_observe_update(struct gntsim_world *w)
{
    struct trace *t = w->trace.out || w->trace.capture ? &w->trace : NULL;

    sim_locks_observe(&w->locks, t);
    w->xen.frames.trace = t;
}

void gntsim_actions_begin(struct gntsim_world *w)
{
    w->trace.capture = &w->actions;
    trace_capture_reset(&w->actions, true);
    locks_observe_update(w);
}

void gntsim_actions_end(struct gntsim_world *w)
{
    w->actions.on = false;
    w->trace.capture = NULL; /* events cost one branch again */
    locks_observe_update(w);
}

size_t gntsim_actions_count(const struct gntsim_world *w, size_t *dropped)
{
    if (dropped)
        *dropped = w->actions.dropped;
    return w->actions.nr;
}

const char *gntsim_action(const struct gntsim_world *w, size_t i, const char **kind)
{
    if (i >= w->actions.nr)
        return NULL;
    *kind = trace_event_name(w->actions.a[i].ev);
    return w->actions.a[i].text;
}

bool gntsim_action_kind_known(const char *name)
{
    return trace_event_find(name) >= 0;
}

void gntsim_trace_open(struct gntsim_world *w, FILE *out, enum gntsim_trace_format format)
{
    trace_open(&w->trace, out, (enum trace_format)format);
    w->trace.chrome.clock_ns = &w->xen.now_ns; /* Chrome ts follow NOW() */
    locks_observe_update(w);
}

void gntsim_json_string(FILE *out, const char *s)
{
    trace_json_fputs(out, s);
}

void gntsim_trace_close(struct gntsim_world *w)
{
    trace_close(&w->trace);
    locks_observe_update(w);
}

int gntsim_world_handover(struct gntsim_world *from, struct gntsim_world *to)
{
    struct net_world *nw;

    to->trace.out = from->trace.out;
    to->trace.format = from->trace.format;
    to->trace.seq = from->trace.seq;
    to->trace.chrome = from->trace.chrome;
    to->trace.chrome.clock_ns = &to->xen.now_ns;
    from->trace.out = NULL;
    if (!from->net || (!from->net->pcap_wire.out && !from->net->pcap_vif.out))
        return 0;
    nw = world_net(to);
    if (!nw)
        return -ENOMEM;
    nw->pcap_wire = from->net->pcap_wire;
    nw->pcap_vif = from->net->pcap_vif;
    from->net->pcap_wire = (struct sim_pcap){0};
    from->net->pcap_vif = (struct sim_pcap){0};
    return 0;
}

uint64_t gntsim_trace_count(const struct gntsim_world *w, const char *name)
{
    for (unsigned i = 0; i < TEV_NR; i++)
        if (!strcmp(trace_event_name((enum trace_ev)i), name))
            return w->trace.count[i];
    return 0;
}

size_t gntsim_release_count(void)
{
    size_t n;

    xen_profiles(&n);
    return n;
}

int gntsim_release_get(size_t i, struct gntsim_release_info *out)
{
    size_t n;
    const struct xen_profile *p = xen_profiles(&n);

    if (i >= n)
        return -EINVAL;
    *out = (struct gntsim_release_info){.name = p[i].name,
                                        .tag = p[i].tag,
                                        .arm_predicate = xen_arm_pred_name(p[i].arm_pred),
                                        .era = xen_era_name(p[i].era)[0],
                                        .self_map_bypass = p[i].self_map_bypass,
                                        .xsa394_fixed = p[i].xsa394_fixed};
    return 0;
}

unsigned gntsim_xsa_knob_at(size_t i)
{
    return xen_xsa_knob(i);
}

size_t gntsim_log_count(const struct gntsim_world *w)
{
    return w->log.nr;
}

const char *gntsim_log_line(const struct gntsim_world *w, size_t i)
{
    return sim_log_line(&w->log, i);
}

uint64_t gntsim_log_lost(const struct gntsim_world *w)
{
    return w->log.lost;
}
