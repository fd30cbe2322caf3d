/* SPDX-License-Identifier: MIT */
/*
 * Caches and the point of coherency, as devices see them.
 *
 * The memfd (src/hw/mem.h) always holds what the CPUs see: CPUs are
 * coherent with one another, so Xen and guests read and write it directly.
 * This model tracks the 64-byte lines a CPU touched through
 * hw_cpu_read/hw_cpu_write and, for each line whose DRAM content differs
 * from the CPU view, the DRAM bytes. A coherent device snoops (sees the CPU
 * view); a non-coherent device sees DRAM, so a write not cleaned to the
 * point of coherency is invisible to it, and a line the CPU still caches
 * hides what a device wrote until it is invalidated.
 *
 * States of a tracked line:
 *   CLEAN  cached by a CPU, DRAM == CPU view
 *   DIRTY  written by a CPU, DRAM holds the older bytes
 *   STALE  cached clean, then a non-coherent device wrote DRAM behind it
 * Transitions: cpu write -> DIRTY; cpu read of untracked -> CLEAN;
 * clean: DIRTY -> CLEAN (DRAM := CPU view); invalidate: DIRTY/STALE ->
 * untracked with the CPU view := DRAM, CLEAN -> untracked;
 * non-coherent device write: untracked -> written to memory directly,
 * CLEAN -> STALE, DIRTY/STALE -> DRAM bytes updated.
 */
#ifndef GNTSIM_HW_CACHE_H
#define GNTSIM_HW_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/mem.h"

#define HW_CACHE_LINE 64u

enum hw_cache_op {
    HW_CACHE_CLEAN = 1,       /* write dirty lines back to DRAM (DC CVAC) */
    HW_CACHE_INVAL = 2,       /* discard lines (DC IVAC) */
    HW_CACHE_CLEAN_INVAL = 3, /* both (DC CIVAC) */
};

/* State of one line (see above); UNTRACKED: no CPU holds it. */
enum hw_cache_state {
    HW_LINE_UNTRACKED = 0,
    HW_LINE_CLEAN,
    HW_LINE_DIRTY,
    HW_LINE_STALE,
};

struct hw_cache_page; /* private to cache.c */

struct hw_cache {
    struct hw_mem *mem;
    struct hw_cache_page *slots;   /* open-addressing table keyed by frame (private) */
    uint64_t nr_slots, nr_pages;   /* private */
    unsigned slot_shift;           /* private: 64 - log2(nr_slots) */
    void *spare;                   /* private: recycled DRAM shadow pages */
    uint64_t nr_spare;             /* private */
    uint64_t nr_lines;             /* lines tracked (not UNTRACKED) */
    uint64_t cleaned, invalidated; /* lines written back / dropped so far */
    uint64_t maint_ops;            /* hw_cache_maint() calls of a non-empty range */
    /* Optional observer of every change to what CPUs see (CPU and device writes,
     * invalidations), told the range before the change; NULL: none. The invariant
     * checker's step recorder (src/check/invariants_step.c). */
    void (*watch)(void *ctx, uint64_t pa, size_t len);
    void *watch_ctx;
};

/* Tell the observer that [@pa, @pa + @len) may change (out of line: callers test
 * c->watch first, so the common path makes no call). Cannot fail. */
void hw_cache_watch(const struct hw_cache *c, uint64_t pa, size_t len);

/* Attach to @mem. Returns 0 (no allocation until first use). Cannot fail otherwise. */
int hw_cache_init(struct hw_cache *c, struct hw_mem *mem);
/* Free the line table; safe on a zeroed struct. */
void hw_cache_fini(struct hw_cache *c);

/* CPU access at machine address @pa; -EFAULT (nothing done) outside RAM, -ENOMEM. */
int hw_cpu_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len);
int hw_cpu_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len);
/*
 * A CPU copy (memmove) of @len bytes from @src to @dst: exactly
 * hw_cpu_read(@src) then hw_cpu_write(@dst) of the same bytes, with one
 * data move when neither range crosses a frame. Errors as hw_cpu_write().
 */
int hw_cpu_copy(struct hw_cache *c, uint64_t dst, uint64_t src, size_t len);

/* Device (bus master) access after translation; @coherent: snoops the caches. Errors as
 * above. */
int hw_dma_read(struct hw_cache *c, uint64_t pa, void *buf, size_t len, bool coherent);
int hw_dma_write(struct hw_cache *c, uint64_t pa, const void *buf, size_t len,
                 bool coherent);

/* Cache maintenance by machine address range (to the point of coherency). Cannot fail. */
void hw_cache_maint(struct hw_cache *c, uint64_t pa, size_t len, enum hw_cache_op op);

/* State of the line holding machine address @pa (inspection and tests). Cannot fail. */
enum hw_cache_state hw_cache_line_state(const struct hw_cache *c, uint64_t pa);

#endif
