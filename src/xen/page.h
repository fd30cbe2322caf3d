/* SPDX-License-Identifier: MIT */
/*
 * Xen's frame table: who owns each machine frame and how many references
 * it holds (struct page_info, count_info, PGC_allocated).
 *
 * Models xen/arch/arm/mm.c get_page()/put_page() and the page allocator at
 * the level grant tables need: an allocated frame holds one allocation
 * reference; get_page() takes another only for the expected owner; the
 * frame is freed (owner cleared) when the last reference goes. Sparse:
 * metadata exists only for RAM frames, allocated per 1 GiB chunk.
 */
#ifndef GNTSIM_XEN_PAGE_H
#define GNTSIM_XEN_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/mem.h"

/* Owners that are not guest domains (values of Xen's public xen.h). */
#define PAGE_OWNER_NONE 0x7FF4u /* DOMID_INVALID: free frame */
#define PAGE_OWNER_XEN  0x7FF2u /* DOMID_XEN: xenheap, P2M tables */
#define PAGE_OWNER_IO   0x7FF1u /* DOMID_IO: MMIO, no grant table */

#define PAGE_COUNT_MAX 0x7fffffffu
/* The frame was owned before: its bytes must be cleared for the next owner. */
#define PAGE_F_SCRUB 0x1u
/* A Xen page shared with its owner (share_xen_page_with_guest: grant and status
 * frames, on d->xenpage_list), not one of its RAM pages (d->page_list). */
#define PAGE_F_XENHEAP 0x2u

/*
 * x86 page types (type_info's PGT_type_mask values, xen/arch/x86/include/
 * asm/mm.h): only what grant tables take and what XTF xsa-224 probes.
 */
enum page_type { PGT_NONE = 0, PGT_L1_PAGE_TABLE = 1, PGT_WRITABLE_PAGE = 7 };

struct page_info {
    uint32_t count;      /* references, incl. the allocation one; 0 = free */
    uint16_t owner;      /* domid or PAGE_OWNER_*; meaningless when count == 0 */
    uint16_t flags;      /* PAGE_F_* */
    uint16_t type;       /* enum page_type, meaningful while type_count != 0 */
    uint16_t type_count; /* x86 type references (type_info & PGT_count_mask) */
};

#define FRAMES_CHUNK_SHIFT 12           /* 2^12 frames: one 48 KiB chunk covers 16 MiB */
#define FRAMES_MAX_MFN     (1ull << 28) /* RAM below 1 TiB of machine address space */
#define FRAMES_USED_MAX    64

struct xen_frames {
    struct page_info **chunk;       /* [nr_chunks]; NULL until first frame in chunk */
    uint64_t *owners;               /* [nr_chunks]: bit owner % 64 set once a frame of
                                       the chunk was given to that owner (never cleared:
                                       a filter for frames_next_owned) */
    uint32_t nr_chunks;             /* chunks up to the highest RAM frame */
    uint32_t used[FRAMES_USED_MAX]; /* indices of allocated chunks */
    uint32_t nr_used;               /* > FRAMES_USED_MAX: scan all at fini */
    uint64_t next_free[HW_MEM_MAX_BANKS]; /* bump pointer per bank (mfn) */
    uint64_t nr_allocated;                /* frames with count > 0 */
    const struct hw_mem *mem;
    /* Xen's allocations (domheap pages and xmalloc) so far, and failure injection:
     * the one that makes allocs reach fail_at fails (0: none); fired: it did */
    uint64_t allocs, fail_at, fail_times; /* allocations fail_at .. + fail_times - 1 */
    bool fired;
    struct trace *trace; /* get_page/put_page events while observed; NULL: none */
};

/*
 * The gate every modelled Xen allocation passes (alloc_domheap_page and xmalloc
 * alike): counts it and answers true when injection makes this one fail. Inline: one
 * compare when nothing is armed. Cannot fail.
 */
static inline bool frames_alloc_fails(struct xen_frames *f)
{
    if (likely(++f->allocs - f->fail_at >= f->fail_times)) /* outside the window */
        return false;
    f->fired = true;
    return true;
}

/*
 * Attach the frame table to @mem. On error nothing is allocated and -EINVAL
 * is returned (RAM at or above 1 TiB, the metadata's reach) or -ENOMEM.
 */
int frames_init(struct xen_frames *f, const struct hw_mem *mem);
/* Free all metadata; safe on a zeroed struct. */
void frames_fini(struct xen_frames *f);

/*
 * Metadata of @mfn, or NULL if @mfn is not RAM (mfn_valid() false) or, for
 * frames_page() only, the host cannot allocate the frame's metadata chunk.
 */
struct page_info *frames_page(struct xen_frames *f, uint64_t mfn);
const struct page_info *frames_page_const(const struct xen_frames *f, uint64_t mfn);

/*
 * Allocate one free frame for @owner with its allocation reference
 * (count = 1) and zeroed bytes, searching banks from the last one down
 * (high memory first, as Xen's domheap does) in ascending mfn order within
 * a bank. Returns the mfn, or INVALID_MFN when memory is exhausted (freed
 * frames are reused stack-like per bank: one freed below a still-allocated
 * frame stays unused until the frames above it are free; see page.c).
 */
uint64_t frames_alloc(struct xen_frames *f, struct hw_mem *mem, uint16_t owner);

/*
 * The lowest allocated frame at or above @from that @owner owns, or INVALID_MFN:
 * a walk of the frame table standing for Xen's d->page_list and d->xenpage_list.
 * Cannot fail.
 */
uint64_t frames_next_owned(const struct xen_frames *f, uint16_t owner, uint64_t from);

/* Note that frame @mfn now belongs to @owner (for frames_next_owned). Cannot fail. */
static inline void frames_note_owner(struct xen_frames *f, uint64_t mfn, uint16_t owner)
{
    if (mfn >> FRAMES_CHUNK_SHIFT < f->nr_chunks)
        f->owners[mfn >> FRAMES_CHUNK_SHIFT] |= 1ull << (owner & 63);
}

/* Frames of RAM not allocated (an upper bound of what frames_alloc() can still give).
 * Cannot fail. */
uint64_t frames_free_count(const struct xen_frames *f);

/*
 * Allocate the specific frame @mfn for @owner (direct-mapped RAM, placed
 * domU memory) with its allocation reference and zeroed bytes. On error
 * nothing changes and -EINVAL (not RAM), -EBUSY (already allocated) or
 * -ENOMEM (host out of memory for metadata) is returned.
 */
int frames_alloc_at(struct xen_frames *f, struct hw_mem *mem, uint64_t mfn,
                    uint16_t owner);

/*
 * Metadata of @mfn for the hot paths: one chunk load, no bank search. NULL if its chunk
 * was never touched (every frame in it free) or lies beyond the table. A frame that is
 * not RAM may share a chunk with RAM frames but is never given a reference
 * (frames_page() refuses it), so its entry stays free: count 0 alone rules it out.
 */
static inline struct page_info *frames_find(const struct xen_frames *f, uint64_t mfn)
{
    struct page_info *c;

    if (mfn >> FRAMES_CHUNK_SHIFT >= f->nr_chunks)
        return NULL;
    c = f->chunk[mfn >> FRAMES_CHUNK_SHIFT];
    return c ? &c[mfn & ((1u << FRAMES_CHUNK_SHIFT) - 1)] : NULL;
}

/*
 * get_page(): take a reference if the frame is allocated to @owner.
 * Returns false (nothing changed) if not RAM, free, owned by someone else,
 * or the count would overflow. Inline (Xen arch/arm/mm.c get_page(): get_page_owner
 * == d and count not saturated).
 */
/* The get_page event of @mfn (frames_get() while observed). Cannot fail. */
void frames_traced_get(struct xen_frames *f, uint64_t mfn);

static inline bool frames_get(struct xen_frames *f, uint64_t mfn, uint16_t owner)
{
    struct page_info *pg = frames_find(f, mfn);

    if (pg == NULL || pg->count == 0 || pg->owner != owner || pg->count >= PAGE_COUNT_MAX)
        return false; /* free (not RAM included), not @owner's, saturated */
    pg->count++;
    if (unlikely(f->trace != NULL))
        frames_traced_get(f, mfn);
    return true;
}

/* frames_put() of a free or non-RAM frame (aborts, C3), of the last reference, or
 * any while observed (the put_page event). */
void frames_put_slow(struct xen_frames *f, uint64_t mfn);

/*
 * put_page(): drop one reference; the last one frees the frame. Dropping a
 * reference of a free frame is a gntsim consistency bug (aborts, C3). Inline: the
 * common case is one decrement.
 */
static inline void frames_put(struct xen_frames *f, uint64_t mfn)
{
    struct page_info *pg = frames_find(f, mfn);

    if (likely(pg != NULL && pg->count > 1 && f->trace == NULL))
        pg->count--;
    else
        frames_put_slow(f, mfn);
}

/*
 * x86 get_page_type(): take a type reference of @type on allocated frame
 * @mfn (xen/arch/x86/mm.c _get_page_type, without validation of page-table
 * contents). Returns false, nothing changed, if the frame is free or not
 * RAM, holds type references of another type, or the count would overflow.
 */
bool frames_get_type(struct xen_frames *f, uint64_t mfn, enum page_type type);

/*
 * x86 put_page_type(): drop one type reference; dropping one that is not
 * held is a gntsim consistency bug (aborts, C3).
 */
void frames_put_type(struct xen_frames *f, uint64_t mfn);

/* Type references held on @mfn (0 when none, free or not RAM). Cannot fail. */
uint32_t frames_type_count(const struct xen_frames *f, uint64_t mfn);

/* Owner of @mfn, or PAGE_OWNER_NONE if free or not RAM. Cannot fail. */
uint16_t frames_owner(const struct xen_frames *f, uint64_t mfn);

#endif
