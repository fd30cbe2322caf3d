/* SPDX-License-Identifier: MIT */
/* The world: everything one simulation owns (no globals anywhere). */
#ifndef GNTSIM_SIM_WORLD_H
#define GNTSIM_SIM_WORLD_H

#include <string.h>

#include "gntsim/gntsim.h"
#include "env/lock.h"
#include "env/log.h"
#include "hw/cache.h"
#include "env/sched.h"
#include "env/trace.h"
#include "hw/mem.h"
#include "xen/xen.h"

#define WORLD_MAX_FINDINGS 256
#define WORLD_MAX_DEVICES  8

struct hw_smmu;
struct hw_device;
struct linux_kernel;
struct xenstore;

/* A watch-event sink of gntsim_xs_watch_sink() for one domain (fn NULL: free). */
struct pv_sink {
    void (*fn)(void *ctx, gntsim_domid_t dom, const char *path, const char *token);
    void *ctx;
    gntsim_domid_t dom;
};
struct net_world;

#define INV_STEP_REFS   128 /* grant entries one step may touch before a full check */
#define INV_STEP_GFNS   128 /* P2M entries (then the domain's whole P2M) */
#define INV_STEP_WRITES 64  /* CPU or device writes */

/*
 * What the operations since the last invariant check touched, recorded from
 * their trace events and memory writes (src/check/invariants_step.c): where
 * gntsim_check_invariants_step() looks. @full: something it cannot localise
 * happened (a domain created or destroyed, a version switch, a list full).
 */
struct inv_step {
    bool on, full;
    unsigned nr_ref, nr_gfn, nr_write, nr_dom, nr_p2m_dom;
    struct {
        uint16_t dom;
        uint32_t ref;
    } ref[INV_STEP_REFS];
    struct {
        uint16_t dom;
        uint64_t gfn;
    } gfn[INV_STEP_GFNS];
    struct {
        uint64_t pa, len;
    } write[INV_STEP_WRITES];
    uint16_t dom[XEN_MAX_DOMAINS]; /* mapping domains touched (S5, S6, S7, S8) */
    /* domains with more P2M entries touched than gfn[] holds (a new domain's RAM):
     * their whole P2M is checked, not the world */
    uint16_t p2m_dom[XEN_MAX_DOMAINS];
    /* every host mapping by (domain, handle), from its map event: its gfn and
     * device frame, where an unmap of the handle (whatever address it names) or
     * the granter's death must leave no entry (S3, S6, S11); open addressing,
     * key 0 = empty */
    struct inv_handle {
        uint64_t key, gfn, dev;
        uint16_t rd;
    } * handle;
    size_t handle_cap, handle_nr;
    bool foreign; /* a foreign P2M entry was made: a death is not localised */
    /* hw_mem_export_gen() when the lent frames were last compared with the grant and
     * status frames, and whether one of them was lent then */
    uint64_t lent_gen;
    bool lent_table;
};

/* A set of 64-bit hashes (open addressing, grown at half full). */
struct world_seen {
    uint64_t *slot; /* 0 = empty (a hash of 0 is stored as 1) */
    size_t cap, nr;
};

struct gntsim_world {
    struct hw_mem mem;
    struct xen xen;
    struct trace trace;
    struct sim_locks locks;
    struct sim_log log;
    struct sched sched;  /* interrupts, driver work, wire deliveries */
    struct xenstore *xs; /* the store (src/dom0/xenstored); NULL until first use */
    struct pv_sink xs_sink[XEN_MAX_DOMAINS]; /* gntsim_xs_watch_sink()'s */
    struct hw_cache cache;
    struct hw_smmu *smmu; /* NULL: no SMMU on this machine */
    struct hw_device *dev[WORLD_MAX_DEVICES];
    int dev_dt_iommu[WORLD_MAX_DEVICES]; /* gntsim_device_opts.dt_iommu of each */
    unsigned nr_dev;
    struct linux_kernel *kern[XEN_MAX_DOMAINS]; /* by domain slot; NULL: not booted */
    struct net_world *net; /* vifs, NIC rx rings, wire (src/linux/net.h); NULL: unused */
    char error[256];
    /* details kept: the first WORLD_MAX_FINDINGS, grown as they come (a world is
     * created for every run of gntsim explore, most with none) */
    size_t nr_findings, cap_findings;
    struct gntsim_finding *findings;
    struct world_seen seen;       /* every distinct finding, as a hash (invariants.c) */
    struct inv_step inv;          /* since the last check (invariants_step.c) */
    struct trace_capture actions; /* gntsim_actions_*(): a step's events */
    enum gntsim_dma_policy dma_policy; /* how dom0 does DMA (board/policy.c) */
    unsigned units_up; /* board units brought up (world.c board_units[]) */
};

/*
 * What a simulated vCPU keeps in the world while its operation runs: Xen's "current"
 * (who issues the hypercall) and the world's last-error message. A `parallel` block
 * saves and restores it when it switches vCPUs (src/env/par.h).
 */
struct world_vcpu_ctx {
    struct domain *cur;
    uint32_t cur_vcpu;
    char error[256];
};

/* Save @w's per-vCPU context into @c. Cannot fail. */
static inline void world_vcpu_save(const struct gntsim_world *w, struct world_vcpu_ctx *c)
{
    c->cur = w->xen.cur;
    c->cur_vcpu = w->xen.cur_vcpu;
    memcpy(c->error, w->error, sizeof(c->error));
}

/* Restore @w's per-vCPU context from @c. Cannot fail. */
static inline void world_vcpu_load(struct gntsim_world *w, const struct world_vcpu_ctx *c)
{
    w->xen.cur = c->cur;
    w->xen.cur_vcpu = c->cur_vcpu;
    memcpy(w->error, c->error, sizeof(w->error));
}

struct sim_par_stacks;
/* The vCPU stacks @p keeps for parallel blocks across runs (NULL for a NULL @p). Cannot
 * fail. */
struct sim_par_stacks *world_pool_stacks(struct gntsim_pool *p);

/* Set the world's last-error message and return @rc. */
int world_fail(struct gntsim_world *w, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* world_fail() with a finished message, for the kernels' and the PV network's
 * environments (@w is the world). Returns @rc. */
int world_fail_msg(void *w, int rc, const char *msg);

/*
 * The world's xenstore, created on first use with a home for every existing
 * domain. NULL (-ENOMEM set) when it cannot be created.
 */
struct xenstore *world_xenstore(struct gntsim_world *w);

/* The booted kernel of @dom, or NULL with an error set (-ESRCH) (board/kernels.c). */
struct linux_kernel *world_kernel_lookup(struct gntsim_world *w, gntsim_domid_t dom);
/*
 * world_kernel_lookup(), inline for the common case: slot @dom holds domain @dom
 * (domids are unique, as xen_domain()) and its kernel is booted.
 */
static inline struct linux_kernel *world_kernel(struct gntsim_world *w,
                                                gntsim_domid_t dom)
{
    if (dom < XEN_MAX_DOMAINS && w->kern[dom] && w->xen.dom[dom] &&
        w->xen.dom[dom]->domid == dom)
        return w->kern[dom];
    return world_kernel_lookup(w, dom);
}
/* The PV network (board/net.c), created on first use; NULL (-ENOMEM set) on failure. */
struct net_world *world_net(struct gntsim_world *w);
/* Free the PV network (world teardown, before the kernels). Cannot fail. */
void world_net_free(struct gntsim_world *w);
struct net_frame;
/* NIC @nic put @f on the wire (taken over): capture, the peer answers later (wire.c). */
void wire_tx(struct gntsim_world *w, unsigned nic, struct net_frame *f);
/* The peer sends @f (taken over on success) towards NIC @nic, which gets it after the
 * wire latency. 0, or -EBUSY (64 frames on the wire already; @f is the caller's). */
int wire_peer_send(struct gntsim_world *w, unsigned nic, struct net_frame *f);
/* A frame seen on a vif (either direction), for the capture. Cannot fail. */
void wire_vif_capture(struct gntsim_world *w, const uint8_t *data, uint32_t len);
/* Free every kernel (world teardown; the PV network's drivers first). Cannot fail. */
void world_kernels_free(struct gntsim_world *w);

/* The domain @dom, or NULL with an error message set. */
struct domain *world_domain(struct gntsim_world *w, gntsim_domid_t dom);

#endif
