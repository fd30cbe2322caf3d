/* SPDX-License-Identifier: MIT */
/* The world: everything one simulation owns (no globals anywhere). */
#ifndef GNTSIM_SIM_WORLD_H
#define GNTSIM_SIM_WORLD_H

#include "gntsim/gntsim.h"
#include "env/lock.h"
#include "env/log.h"
#include "hw/cache.h"
#include "sim/sched.h"
#include "env/trace.h"
#include "hw/mem.h"
#include "xen/xen.h"

#define WORLD_MAX_FINDINGS 256
#define WORLD_MAX_DEVICES  8

struct hw_smmu;
struct hw_device;
struct linux_kernel;
struct xenstore;
struct net_world;

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
    struct xenstore *xs; /* the store (src/xen/xenstore); NULL until first use */
    struct hw_cache cache;
    struct hw_smmu *smmu; /* NULL: no SMMU on this machine */
    struct hw_device *dev[WORLD_MAX_DEVICES];
    unsigned nr_dev;
    struct linux_kernel *kern[XEN_MAX_DOMAINS]; /* by domain slot; NULL: not booted */
    struct net_world *net; /* vifs, NIC rx rings, wire (src/linux/net.h); NULL: unused */
    char error[256];
    size_t nr_findings; /* details kept: the first WORLD_MAX_FINDINGS */
    struct gntsim_finding findings[WORLD_MAX_FINDINGS];
    struct world_seen seen; /* every distinct finding, as a hash (invariants.c) */
    uint64_t guest_writes;  /* guest CPU writes (they change no traced state) */
    uint64_t inv_mark;      /* mutations seen by the last invariant check */
    bool inv_checked;       /* inv_mark is valid */
};

/* Set the world's last-error message and return @rc. */
int world_fail(struct gntsim_world *w, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The world's xenstore, created on first use with a home for every existing
 * domain. NULL (-ENOMEM set) when it cannot be created.
 */
struct xenstore *world_xenstore(struct gntsim_world *w);

/* The domain @dom, or NULL with an error message set. */
struct domain *world_domain(struct gntsim_world *w, gntsim_domid_t dom);

#endif
