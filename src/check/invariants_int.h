/* SPDX-License-Identifier: MIT */
/*
 * The invariant checks of docs/invariants.md, one item at a time: the full
 * check (invariants.c) runs them everywhere, the step check
 * (invariants_step.c) where the last operations touched.
 */
#ifndef GNTSIM_SIM_INVARIANTS_INT_H
#define GNTSIM_SIM_INVARIANTS_INT_H

#include "board/world.h"
#include "xen/gnttab/gnttab.h"

/* Live mapping counts of one grant entry (host/device x write/read). */
struct pin_count {
    uint16_t hstw, hstr, devw, devr; /* Xen's pin fields hold 8 bits each */
};

/* Mapping counts of one domain by mfn, and where its P2M checks report. */
struct inv_p2m_ctx {
    struct gntsim_world *w;
    struct domain *d;
    struct mt_radix *all, *host;
    unsigned found;
    uint32_t entries; /* valid leaves seen (C6) */
};

/* The live or dying domain @domid, found by the checker's own scan, or NULL. */
struct domain *inv_domain(const struct gntsim_world *w, uint16_t domid);
/* Record a finding once; returns 1 if it is new, else 0. Aborts (C7) without memory. */
unsigned inv_finding(struct gntsim_world *w, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add the live mapping @m (of granter @rd's ref) to @pc. Cannot fail. */
void inv_pin_count_add(struct pin_count *pc, const struct grant_mapping *m);
/* S1, S2 for @rd's entry @ref given its live mappings @pc; returns the findings. */
unsigned inv_pin_check(struct gntsim_world *w, struct domain *rd, uint32_t ref,
                       const struct pin_count *pc);

/* Live mappings of @ld by mfn into @all, host halves into @host (C7 on no memory);
 * @foreign_only skips @ld's mappings of its own grants. */
void inv_count_by_mfn(struct gntsim_world *w, const struct domain *ld,
                      struct mt_radix *all, struct mt_radix *host, bool foreign_only);
/* S3, S6, S11 on @ctx's domain's P2M entry @e at @gfn (a p2m_for_each visitor); 0. */
int inv_p2m_entry_check(void *ctx, uint64_t gfn, const struct p2m_entry *e);
/* True when @d must have a 1:1 IOMMU entry per foreign mapping (S7's domains). */
bool inv_needs_one_to_one(const struct gntsim_world *w, const struct domain *d);

/* S3, S6, S11 over every entry of @ld's P2M (and C6). Returns the findings. */
unsigned inv_check_p2m(struct gntsim_world *w, struct domain *ld);
/* S7 for @ld; S5 for @ld; S8 for @d. Each returns its findings. */
unsigned inv_check_one_to_one(struct gntsim_world *w, struct domain *ld);
unsigned inv_check_counters(struct gntsim_world *w, struct domain *ld);
unsigned inv_check_freelists(struct gntsim_world *w, struct domain *d);
/* S9, S10, C9 and C10 over the world; returns the findings. */
unsigned inv_check_world(struct gntsim_world *w);

/* Forget what the step recorder saw: everything has just been checked. */
void inv_step_reset(struct inv_step *s);
/* Free the recorder's memory. Cannot fail. */
void inv_step_fini(struct inv_step *s);

#endif
