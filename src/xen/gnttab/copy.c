/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_copy (xen/common/grant_table.c gnttab_copy, gnttab_copy_one,
 * acquire_grant_for_copy, release_grant_for_copy).
 * Each side is a grant ref (GNTCOPY_*_gref) of any domain or a gmfn of
 * DOMID_SELF. A grant side is pinned for the copy (hstr for the source,
 * hstw for the destination, GTF_reading/GTF_writing set), with a page
 * reference; both are cached across consecutive ops naming the same
 * (domid, ref/gmfn) and dropped at the end or on an error. The bytes move
 * through machine memory as Xen's CPU sees it (the cache model). A copy
 * never touches the IOMMU and never takes a maptrack handle.
 * v2 entries: a GTF_sub_page entry gives a window [page_off, page_off+length)
 * outside which a copy fails (general_error); a GTF_transitive entry is
 * followed one level (the inner acquire may not be transitive) only with
 * the world option gnttab_transitive, and never to itself; the active entry
 * then records the original granter and is marked sub-page (never mappable).
 * A writable pin added to an entry already pinned re-reads the entry: from
 * XSA-500's fix (61b0a59ce2; profile copy_pinned_checked) a changed frame,
 * granter or window fails; before, the copy goes to the pinned frame while
 * the page reference is taken on the frame the entry names now.
 * Simplified: no preemption; XSM allows; gnttab_mark_dirty is a no-op on
 * Arm; a transitive entry changed while its locks were dropped stops the batch at
 * that op (ERESTART) for the hypercall's continuation (hypercall.c gnttab_copy_op()).
 */
#include "hw/cache.h"
#include "xen/gnttab/gnttab.h"

/* Xen's struct gnttab_copy_buf, without the mapping (machine memory is at hand). */
struct copy_buf {
    struct gnttab_copy_ptr ptr; /* domid as the guest gave it, ref or gmfn, window */
    uint16_t len;               /* window length */
    struct domain *domain;      /* rcu_lock_domain_by_any_id() */
    uint64_t mfn;               /* the frame the bytes move through (Xen's buf->mfn) */
    uint64_t page;              /* the frame whose reference is held (buf->page) */
    bool have_page;             /* a page reference is held */
    bool have_grant;            /* a pin is held (release_grant_for_copy pending) */
    bool read_only;
    bool mapped; /* buffer valid ("virt" set) */
};

/* What acquire_grant_for_copy() hands back: frame, referenced page and window. */
struct copy_grant {
    uint64_t mfn;  /* act->mfn */
    uint64_t page; /* *page: differs from mfn only before 61b0a59ce2 (XSA-500) */
    uint16_t start, len;
    bool no_ref; /* no reference on page: a freed pinned frame before e008f7619d */
};

static void copy_trace_fail(struct xen *x, int16_t st, const char *why)
{
    TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("copy"), TA_S(gntst_name(st)),
          TA_S(why));
}

/* What a side names, for the trace: its ref or its gmfn. */
static uint64_t copy_trace_ptr(const struct gnttab_copy *op,
                               const struct gnttab_copy_ptr *p, uint16_t gref_flag)
{
    return (op->flags & gref_flag) ? p->u.ref : p->u.gmfn;
}

/* gnttab_copy_lock_domain(): only DOMID_SELF may be named by frame. */
static int16_t copy_lock_domain(struct xen *x, domid_t domid, bool is_gref,
                                struct copy_buf *b)
{
    if (domid != DOMID_SELF && !is_gref)
        return GNTST_permission_denied;
    /* rcu_lock_domain_by_any_id(): a dying domain too; acquire_grant_for_copy() refuses
     * its pinned entries (rd->is_dying: GNTST_bad_domain) and finds no frame for others
     */
    b->domain = domid == DOMID_SELF ? x->cur : xen_domain_or_dying(x, domid);
    if (!b->domain)
        return GNTST_bad_domain;
    b->ptr.domid = domid;
    return GNTST_okay;
}

static void copy_unlock_domains(struct copy_buf *src, struct copy_buf *dst)
{
    src->domain = NULL;
    dst->domain = NULL;
}

/* gnttab_copy_lock_domains(): source, then destination (xsm_grant_copy: dummy allows).
 */
static int16_t copy_lock_domains(struct xen *x, const struct gnttab_copy *op,
                                 struct copy_buf *src, struct copy_buf *dst)
{
    int16_t st =
        copy_lock_domain(x, op->source.domid, op->flags & GNTCOPY_source_gref, src);

    if (st == GNTST_okay)
        st = copy_lock_domain(x, op->dest.domid, op->flags & GNTCOPY_dest_gref, dst);
    if (st != GNTST_okay)
        copy_unlock_domains(src, dst);
    return st;
}

/* A lock of release_grant_for_copy(): out of the documented order when its caller still
 * holds another table's active entry (@unordered: XSA-411 before 6e3aab858e). */
static void copy_release_lock(struct xen *x, bool unordered, enum sim_lock_class c,
                              uint16_t dom, uint32_t idx, enum sim_lock_mode mode)
{
    if (unordered)
        sim_lock_unordered(x->locks, c, dom, idx, mode);
    else
        sim_lock(x->locks, c, dom, idx, mode);
}

/* release_grant_for_copy(): drop the copy pin, then the flags it no longer backs. */
static void copy_release_grant(struct xen *x, struct domain *rd, uint32_t ref, bool ro,
                               bool unordered)
{
    struct active_grant_entry *act;
    struct domain *td;
    uint32_t trans_gref;

    copy_release_lock(x, unordered, LOCK_GT, rd->domid, 0, LOCK_READ);
    copy_release_lock(x, unordered, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    act = gnttab_active_locked(x, rd, ref);
    td = act->src_domid == rd->domid ? NULL : xen_domain_or_dying(x, act->src_domid);
    trans_gref = act->trans_gref;
    act->pin -= ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    gnttab_reduce_status(x, &rd->gt, ref, act, ro);
    if (x->prof->v2_ops_counted && !act->pin && (act->start & ACT_SUB_PAGE))
        rd->gt.nr_v2_ops--; /* the last pin of a sub-page entry (96dfeb4177) */
    TRACE(x->trace, GNTTAB_PIN, TA_U(rd->domid), TA_U(ref), TA_U(act->pin),
          TA_U(*gnttab_entry_status(x, &rd->gt, ref)));
    sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    if (td) /* transitive: the original granter's pin goes too */
        copy_release_grant(x, td, trans_gref, ro, false);
}

/* gnttab_copy_release_buf(): the pin, then the page (e008f7619d, XSA-236; profile
 * copy_release_pin_first); before, the page went first, so a pin outlived the reference
 * that kept its frame. */
static inline void copy_release_buf(struct xen *x, struct copy_buf *b)
{
    bool pin_first = x->prof->copy_release_pin_first;

    b->mapped = false;
    if (b->have_grant && pin_first) {
        copy_release_grant(x, b->domain, b->ptr.u.ref, b->read_only, false);
        b->have_grant = false;
    }
    if (b->have_page) {
        frames_put(&x->frames, b->page);
        b->have_page = false;
    }
    if (b->have_grant) {
        copy_release_grant(x, b->domain, b->ptr.u.ref, b->read_only, false);
        b->have_grant = false;
    }
}

/*
 * get_paged_frame() -> check_get_page_from_gfn() (xen/common/memory.c): RAM, grant or
 * foreign at @gfn, never foreign in the end, owned by @d; takes a page reference. @ro
 * only picks the query (P2M_ALLOC / P2M_UNSHARE): on Arm (p2m_get_page_from_gfn) a
 * read-only entry serves a write, in every release; gntsim's x86 rule asks p2m_ram_rw.
 */
static inline int16_t copy_paged_frame(struct xen *x, struct domain *d, uint64_t gfn,
                                       bool ro, uint64_t *mfn)
{
    struct p2m_entry e;

    if (p2m_lookup(x, &d->p2m, gfn, &e) || !p2m_is_any_ram(e.type))
        return GNTST_bad_page;
    if (e.type == P2M_MAP_FOREIGN_RW || e.type == P2M_MAP_FOREIGN_RO)
        return GNTST_bad_page;
    if (!ro && e.type != P2M_RAM_RW && !d->ops->gfn_page_any_ram)
        return GNTST_bad_page; /* x86 (simplified) */
    if (!frames_get(&x->frames, e.mfn, d->domid))
        return GNTST_bad_page; /* not owned by @d: a grant mapping, a free frame */
    *mfn = e.mfn;
    return GNTST_okay;
}

/*
 * acquire_grant_for_copy()'s unlock_out_clear (@fixup false) and
 * fixup_status_for_copy_pin() (@fixup true, a failed inner transitive acquire): drop
 * the status flags the pins no longer back. Before 6e2a4c7356 (XSA-230; profile
 * copy_status_dev_pins) both looked at the host pins only: a device writable pin did
 * not keep GTF_writing, and the fixup cleared GTF_reading without a host read pin.
 */
static void copy_clear_status(struct xen *x, struct domain *rd, uint32_t ref,
                              const struct active_grant_entry *act, bool ro, bool fixup)
{
    uint16_t *status = gnttab_entry_status(x, &rd->gt, ref);
    uint16_t clear;

    if (x->prof->copy_status_dev_pins) {
        gnttab_reduce_status(x, &rd->gt, ref, act, fixup ? false : ro);
        return;
    }
    clear = (fixup ? !(act->pin & GNTPIN_hstr_mask) : !act->pin) ? GTF_reading : 0;
    if ((fixup || !ro) && !(act->pin & GNTPIN_hstw_mask))
        clear |= GTF_writing;
    *status = (uint16_t)(*status & ~clear);
    TRACE(x->trace, GNTTAB_PIN, TA_U(rd->domid), TA_U(ref), TA_U(act->pin),
          TA_U(*status));
}

/* A v2 GTF_sub_page entry: the active entry gets the guest's window. */
static void copy_sub_page_window(struct xen *x, struct domain *rd, uint32_t ref,
                                 struct active_grant_entry *act)
{
    const grant_entry_v2_t *e;

    if (rd->gt.gt_version != 2)
        return;
    e = gnttab_shared_v2(x, &rd->gt, ref);
    if (!(e->hdr.flags & GTF_sub_page))
        return;
    act->start = (uint16_t)((e->sub_page.page_off & ~ACT_SUB_PAGE) | ACT_SUB_PAGE);
    act->length = e->sub_page.length;
}

/*
 * A pinned entry re-read for a writable pin no longer matches its active entry: frame,
 * original granter and ref, or (sub-page) window (acquire_grant_for_copy, XSA-500 fix
 * 61b0a59ce2).
 */
static bool copy_pinned_differs(struct xen *x, struct domain *rd, uint32_t ref,
                                const struct active_grant_entry *act, uint64_t mfn)
{
    struct active_grant_entry now = {.start = 0, .length = PAGE_SIZE};

    copy_sub_page_window(x, rd, ref, &now);
    return act->mfn != mfn || act->src_domid != rd->domid || act->trans_gref != ref ||
           ((act->start & ACT_SUB_PAGE) &&
            (!(now.start & ACT_SUB_PAGE) || act->start != now.start ||
             act->length != now.length));
}

/*
 * The status/first-pin half of acquire_grant_for_copy(); a reference taken on *@page,
 * the frame the entry names now. A pinned entry keeps its frame (act->mfn): before
 * 61b0a59ce2 the copy uses it whatever *@page is.
 */
static inline int16_t copy_pin_status(struct xen *x, struct domain *rd, uint32_t ref,
                                      struct active_grant_entry *act, uint16_t ldom,
                                      bool ro, uint64_t *page, const char **why)
{
    int16_t st = gnttab_set_status(x, &rd->gt, ref, act, ro, false, ldom, why);

    if (st != GNTST_okay)
        return st;
    st = copy_paged_frame(x, rd, gnttab_entry_frame(x, &rd->gt, ref), ro, page);
    if (st != GNTST_okay) {
        copy_clear_status(x, rd, ref, act, ro, false);
        return *why = "get_paged_frame failed", st;
    }
    if (!act->pin) {
        *act = (struct active_grant_entry){.domid = ldom,
                                           .src_domid = rd->domid,
                                           .trans_gref = ref,
                                           .length = PAGE_SIZE,
                                           .mfn = *page};
        copy_sub_page_window(x, rd, ref, act);
        if (x->prof->v2_ops_counted && (act->start & ACT_SUB_PAGE))
            rd->gt.nr_v2_ops++; /* until its last pin goes (96dfeb4177) */
    } else if (x->prof->copy_pinned_checked &&
               copy_pinned_differs(x, rd, ref, act, *page)) {
        frames_put(&x->frames, *page);
        gnttab_reduce_status(x, &rd->gt, ref, act, ro);
        return *why = "pinned entry changed (XSA-500 check)", GNTST_general_error;
    }
    return GNTST_okay;
}

static int16_t copy_acquire(struct xen *x, struct domain *rd, uint32_t ref, uint16_t ldom,
                            bool ro, bool allow_trans, struct copy_grant *g,
                            const char **why);

/* The inner grant (@tdom, @tref) of a transitive entry, acquired with @rd's locks
 * dropped as Xen does. */
static int16_t copy_acquire_inner(struct xen *x, struct domain *rd, uint32_t ref,
                                  uint16_t tdom, uint32_t tref, bool ro,
                                  struct copy_grant *g, const char **why)
{
    struct domain *td = xen_domain_or_dying(x, tdom); /* rcu_lock_domain_by_id() */
    int16_t st;

    if (tdom == rd->domid)
        return *why = "transitive grants cannot be self-referential", GNTST_general_error;
    if (!td)
        return *why = "transitive grant referenced bad domain", GNTST_general_error;
    sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    st = copy_acquire(x, td, tref, rd->domid, ro, false, g, why);
    sim_lock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    sim_lock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    return st;
}

/*
 * After the inner acquire, with @rd's locks taken again: did the entry change or did
 * someone pin or unpin it meanwhile (acquire_grant_for_copy: "We dropped the lock")?
 * The window is compared as gntsim keeps it: frame, original granter and ref.
 */
static bool copy_trans_changed(const struct domain *rd,
                               const struct active_grant_entry *act, uint32_t old_pin,
                               uint16_t tdom, uint32_t tref, const struct copy_grant *g)
{
    return rd->gt.gt_version != 2 || act->pin != old_pin ||
           (old_pin &&
            (act->mfn != g->mfn || act->src_domid != tdom || act->trans_gref != tref));
}

/*
 * The ERESTART exit of a changed transitive entry: the inner grant's pin goes with
 * release_grant_for_copy(), then its page reference. From 6e3aab858e (XSA-411; profile
 * copy_trans_restart_unlocked) @rd's locks are dropped around the release; before, it
 * ran under them and took the inner table's locks in the opposite order to the acquire
 * (a deadlock with a copy the other way). Returns GNTTAB_COPY_ERESTART (the hypercall's
 * continuation retries the op).
 */
static int16_t copy_trans_restart(struct xen *x, struct domain *rd, uint32_t ref,
                                  uint16_t tdom, uint32_t tref, bool ro,
                                  const struct copy_grant *g, const char **why)
{
    struct domain *td = xen_domain_or_dying(x, tdom);
    bool unlocked = x->prof->copy_trans_restart_unlocked;

    if (unlocked) {
        sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
        sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    }
    copy_release_grant(x, td, tref, ro, !unlocked);
    if (unlocked) {
        sim_lock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
        sim_lock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    }
    frames_put(&x->frames, g->page);
    *why = "transitive entry changed while its locks were dropped";
    return GNTTAB_COPY_ERESTART;
}

/* Where acquire_grant_for_copy() points `status` before it drops the locks: the v2
 * status entry of @ref, by frame and offset. */
struct copy_status_loc {
    uint64_t mfn;
    uint32_t off;
};

static struct copy_status_loc copy_status_loc(const struct grant_table *gt, uint32_t ref)
{
    return (struct copy_status_loc){.mfn = gt->status_mfn[ref / GRANT_STATUS_PER_PAGE],
                                    .off = (ref % GRANT_STATUS_PER_PAGE) *
                                           (uint32_t)sizeof(grant_status_t)};
}

/*
 * The status word `status` points at once @rd's locks are taken again: the entry's, or,
 * if a version change freed that status frame meanwhile (only without 96dfeb4177:
 * XSA-501), the stale place in the freed frame, which Xen writes all the same (S13).
 */
static uint16_t *copy_status_after_drop(struct xen *x, const struct domain *rd,
                                        uint32_t ref, struct copy_status_loc loc)
{
    const struct grant_table *gt = &rd->gt;
    uint32_t f = ref / GRANT_STATUS_PER_PAGE;

    if (gt->gt_version == 2 && f < gt->nr_status_frames && gt->status_mfn[f] == loc.mfn)
        return gnttab_entry_status(x, gt, ref);
    xen_used_freed(x, loc.mfn, "a v2 status entry kept across a version change");
    return (uint16_t *)(void *)(gnttab_frame_host(x, loc.mfn) + loc.off);
}

/* What a transitive copy reads of its entry before it drops the locks. */
struct copy_trans {
    uint16_t tdom; /* transitive.trans_domid, read once: the guest may rewrite */
    uint32_t tref; /* transitive.gref: the entry once the locks are dropped */
    uint32_t old_pin;
    struct copy_status_loc status;
};

/*
 * The rest of the GTF_transitive branch once the inner acquire gave @st and @rd's locks
 * are taken again: give up (the status fixed up, ERESTART for a changed entry), or
 * record the first pin's frame and window. With 96dfeb4177 the in-flight count taken
 * before the drop is given back, except by a first pin (a sub-page entry now).
 */
static int16_t copy_trans_settle(struct xen *x, struct domain *rd, uint32_t ref,
                                 struct active_grant_entry *act, uint16_t ldom, bool ro,
                                 const struct copy_trans *t, int16_t st,
                                 struct copy_grant *g, const char **why)
{
    const uint32_t counted = x->prof->v2_ops_counted;

    if (st != GNTST_okay && !x->prof->copy_status_dev_pins) {
        rd->gt.nr_v2_ops -= counted;
        copy_clear_status(x, rd, ref, act, ro, true); /* fixup_status_for_copy_pin */
        return st;
    }
    if (st == GNTST_okay && copy_trans_changed(rd, act, t->old_pin, t->tdom, t->tref, g))
        st = copy_trans_restart(x, rd, ref, t->tdom, t->tref, ro, g, why);
    if (st != GNTST_okay || t->old_pin)
        rd->gt.nr_v2_ops -= counted;
    if (st != GNTST_okay) { /* unlock_out_clear, through the `status` taken before */
        gnttab_reduce_status_at(copy_status_after_drop(x, rd, ref, t->status), act, ro);
        return st;
    }
    if (!t->old_pin)
        *act = (struct active_grant_entry){.domid = ldom,
                                           .src_domid = t->tdom,
                                           .trans_gref = t->tref,
                                           .start = (uint16_t)(g->start | ACT_SUB_PAGE),
                                           .length = g->len,
                                           .mfn = g->mfn};
    return GNTST_okay;
}

/* acquire_grant_for_copy()'s GTF_transitive branch (v2), one level deep. */
static int16_t copy_acquire_transitive(struct xen *x, struct domain *rd, uint32_t ref,
                                       struct active_grant_entry *act, uint16_t ldom,
                                       bool ro, bool allow_trans, struct copy_grant *g,
                                       const char **why)
{
    const grant_entry_v2_t *e = gnttab_shared_v2(x, &rd->gt, ref);
    const struct copy_trans t = {.tdom = e->transitive.trans_domid,
                                 .tref = e->transitive.gref,
                                 .old_pin = act->pin,
                                 .status = copy_status_loc(&rd->gt, ref)};
    int16_t st = GNTST_okay;

    if (!t.old_pin || (!ro && !(t.old_pin & (GNTPIN_devw_mask | GNTPIN_hstw_mask))))
        st = gnttab_set_status(x, &rd->gt, ref, act, ro, false, ldom, why);
    if (st != GNTST_okay)
        return st;
    if (!allow_trans || !x->opts.gnttab_transitive) {
        copy_clear_status(x, rd, ref, act, ro, false);
        return *why = "transitive grant when transitivity not allowed",
               GNTST_general_error;
    }
    rd->gt.nr_v2_ops += x->prof->v2_ops_counted; /* in flight while unlocked */
    st = copy_acquire_inner(x, rd, ref, t.tdom, t.tref, ro, g, why);
    return copy_trans_settle(x, rd, ref, act, ldom, ro, &t, st, g, why);
}

/*
 * The already-pinned path: page_get_owner_and_reference() of the pinned frame, which
 * @rd must own (e008f7619d: "td != rd"); an entry pinned transitively and rewritten
 * to a plain one since names another domain's frame and fails here.
 */
static inline int16_t copy_get_pinned(struct xen *x, struct domain *rd,
                                      const struct active_grant_entry *act, uint64_t *mfn,
                                      bool *no_ref, const char **why)
{
    uint16_t owner = frames_owner(&x->frames, act->mfn);

    if (!x->prof->copy_release_pin_first && owner == PAGE_OWNER_NONE) {
        /* before e008f7619d: ASSERT(td), not in a release build; no reference taken */
        xen_used_freed(x, act->mfn, "a pinned entry's frame (its reference was gone)");
        *no_ref = true;
        *mfn = act->mfn;
        return GNTST_okay;
    }
    if ((x->prof->copy_release_pin_first && (owner != rd->domid || rd->is_dying)) ||
        !frames_get(&x->frames, act->mfn, owner))
        return *why = "pinned frame lost its owner", GNTST_bad_domain;
    *mfn = act->mfn;
    return GNTST_okay;
}

/* acquire_grant_for_copy() under the granter's locks. */
static inline int16_t copy_acquire_locked(struct xen *x, struct domain *rd, uint32_t ref,
                                          uint16_t ldom, bool ro, bool allow_trans,
                                          struct copy_grant *g, const char **why)
{
    uint32_t incr = ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    struct active_grant_entry *act = gnttab_active_locked(x, rd, ref);
    int16_t st;

    if (act->pin && (act->domid != ldom || gnttab_pin_would_overflow(x, act->pin, incr)))
        return *why = "Bad domain, or risk of counter overflow", GNTST_general_error;
    if (rd->gt.gt_version == 2 &&
        (gnttab_entry_hdr(x, &rd->gt, ref)->flags & GTF_type_mask) == GTF_transitive)
        st = copy_acquire_transitive(x, rd, ref, act, ldom, ro, allow_trans, g, why);
    else if (!act->pin || (!ro && !(act->pin & (GNTPIN_devw_mask | GNTPIN_hstw_mask))))
        st = copy_pin_status(x, rd, ref, act, ldom, ro, &g->page, why);
    else if ((st = copy_get_pinned(x, rd, act, &g->page, &g->no_ref, why)) != GNTST_okay)
        copy_clear_status(x, rd, ref, act, ro, false); /* unlock_out_clear */
    if (st != GNTST_okay)
        return st;
    act->pin += incr;
    g->mfn = act->mfn; /* *mfn = act->mfn, whatever frame *page is */
    g->start = act->start & (uint16_t)~ACT_SUB_PAGE;
    g->len = act->length;
    TRACE(x->trace, GNTTAB_PIN, TA_U(rd->domid), TA_U(ref), TA_U(act->pin),
          TA_U(*gnttab_entry_status(x, &rd->gt, ref)));
    return GNTST_okay;
}

static int16_t copy_acquire(struct xen *x, struct domain *rd, uint32_t ref, uint16_t ldom,
                            bool ro, bool allow_trans, struct copy_grant *g,
                            const char **why)
{
    int16_t st;

    sim_lock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    if (ref >= gnttab_nr_entries(&rd->gt)) {
        sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
        return *why = "Bad grant reference", GNTST_bad_gntref;
    }
    sim_lock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    st = copy_acquire_locked(x, rd, ref, ldom, ro, allow_trans, g, why);
    sim_unlock(x->locks, LOCK_ACTIVE, rd->domid, ref, LOCK_WRITE);
    sim_unlock(x->locks, LOCK_GT, rd->domid, 0, LOCK_READ);
    return st;
}

/* gnttab_copy_claim_buf(): pin a grant or take the gmfn's page. */
static inline int16_t copy_claim_buf(struct xen *x, const struct gnttab_copy *op,
                                     const struct gnttab_copy_ptr *ptr,
                                     struct copy_buf *b, uint16_t gref_flag,
                                     const char **why)
{
    int16_t st;

    b->read_only = gref_flag == GNTCOPY_source_gref;
    if (op->flags & gref_flag) {
        struct copy_grant g = {.no_ref = false};

        st = copy_acquire(x, b->domain, ptr->u.ref, x->cur->domid, b->read_only, true, &g,
                          why);
        if (st != GNTST_okay)
            return st;
        b->ptr.u.ref = ptr->u.ref;
        b->have_grant = true;
        b->mfn = g.mfn;
        b->page = g.page;
        b->ptr.offset = g.start; /* the whole page unless a sub-page window */
        b->len = g.len;
        b->have_page = !g.no_ref;
    } else {
        st = copy_paged_frame(x, b->domain, ptr->u.gmfn, b->read_only, &b->mfn);
        if (st != GNTST_okay)
            return *why = "source or dest frame invalid", st;
        b->page = b->mfn;
        b->ptr.u.gmfn = ptr->u.gmfn;
        b->ptr.offset = 0;
        b->len = PAGE_SIZE;
        b->have_page = true; /* get_page_type(PGT_writable_page): always on Arm */
    }
    b->mapped = true;
    return GNTST_okay;
}

/* gnttab_copy_buf_valid(): the cached buffer serves @p. */
static bool copy_buf_valid(const struct gnttab_copy_ptr *p, const struct copy_buf *b,
                           bool has_gref)
{
    if (!b->mapped)
        return false;
    if (has_gref)
        return b->have_grant && p->u.ref == b->ptr.u.ref;
    return p->u.gmfn == b->ptr.u.gmfn; /* Xen compares the union as a gmfn */
}

/* gnttab_copy_buf(): bounds, then the bytes through the CPU's view of memory. */
static int16_t copy_bytes(struct xen *x, const struct gnttab_copy *op,
                          const struct copy_buf *dst, const struct copy_buf *src,
                          const char **why)
{
    if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE)
        return *why = "copy beyond page area", GNTST_bad_copy_arg;
    if (op->source.offset < src->ptr.offset ||
        op->source.offset + op->len > src->ptr.offset + src->len)
        return *why = "copy source out of bounds", GNTST_general_error;
    if (op->dest.offset < dst->ptr.offset ||
        op->dest.offset + op->len > dst->ptr.offset + dst->len)
        return *why = "copy dest out of bounds", GNTST_general_error;
    if (!op->len)
        return GNTST_okay;
    if (hw_cpu_copy(x->cache, (dst->mfn << PAGE_SHIFT) + op->dest.offset,
                    (src->mfn << PAGE_SHIFT) + op->source.offset, op->len))
        return *why = "machine memory unreadable",
               GNTST_general_error; /* cannot happen */
    return GNTST_okay;
}

/* gnttab_copy_one(): reuse or claim both buffers, then copy. */
static int16_t copy_one(struct xen *x, const struct gnttab_copy *op, struct copy_buf *dst,
                        struct copy_buf *src, const char **why)
{
    int16_t st;

    if (!op->len && x->prof->copy_len0_ok)
        return GNTST_okay; /* a4a790f432: no field matters when nothing is copied */
    if (!src->domain || op->source.domid != src->ptr.domid || !dst->domain ||
        op->dest.domid != dst->ptr.domid) {
        copy_release_buf(x, src);
        copy_release_buf(x, dst);
        copy_unlock_domains(src, dst);
        st = copy_lock_domains(x, op, src, dst);
        if (st != GNTST_okay)
            return *why = "domain lookup", st;
    }
    if (!copy_buf_valid(&op->source, src, op->flags & GNTCOPY_source_gref)) {
        copy_release_buf(x, src);
        st = copy_claim_buf(x, op, &op->source, src, GNTCOPY_source_gref, why);
        if (st != GNTST_okay)
            return st;
    }
    if (!copy_buf_valid(&op->dest, dst, op->flags & GNTCOPY_dest_gref)) {
        copy_release_buf(x, dst);
        st = copy_claim_buf(x, op, &op->dest, dst, GNTCOPY_dest_gref, why);
        if (st != GNTST_okay)
            return st;
    }
    return copy_bytes(x, op, dst, src, why);
}

long gnttab_copy(struct xen *x, struct gnttab_copy *ops, uint32_t count)
{
    struct copy_buf src = {0}, dst = {0};
    long left = 0;

    for (uint32_t i = 0; i < count; i++) {
        struct gnttab_copy *op = &ops[i];
        const char *why = "";
        int16_t st = copy_one(x, op, &dst, &src, &why);

        if (st == GNTTAB_COPY_ERESTART) { /* no status: the continuation redoes the op */
            TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("copy"),
                  TA_S("ERESTART"), TA_S(why));
            left = count - i;
            break;
        }
        if (st != GNTST_okay) {
            copy_release_buf(x, &src);
            copy_release_buf(x, &dst);
            copy_trace_fail(x, st, why);
        }
        op->status = st;
        TRACE(x->trace, GNTTAB_COPY, TA_U(x->cur->domid), TA_U(op->source.domid),
              TA_U(copy_trace_ptr(op, &op->source, GNTCOPY_source_gref)),
              TA_U(op->source.offset), TA_U(op->dest.domid),
              TA_U(copy_trace_ptr(op, &op->dest, GNTCOPY_dest_gref)),
              TA_U(op->dest.offset), TA_U(op->len), TA_S(gntst_name(st)));
    }
    copy_release_buf(x, &src);
    copy_release_buf(x, &dst);
    copy_unlock_domains(&src, &dst);
    return left;
}
