/* SPDX-License-Identifier: MIT */
/*
 * Xen's frame table (struct page_info per machine frame) and a simple page
 * allocator on top of it.
 *
 * Metadata is sparse: one chunk of 2^FRAMES_CHUNK_SHIFT page_info per 16 MiB of RAM,
 * RAM frames numbered densely across banks (hw_mem_ram_index), so a bank at a high
 * machine address costs no more than a low one; a world touching few regions stays cheap;
 * calloc'ed the first time a frame in it is touched through frames_page(); a zeroed entry
 * is a free frame (count 0), so a chunk costs host memory only where it is used.
 *
 * Scrubbing: Xen clears pages before giving them to a domain. Machine
 * memory starts zeroed (a fresh memfd), so only a frame that had an owner
 * before (PAGE_F_SCRUB, set when it is freed) is cleared on allocation.
 * A device DMA into a frame nobody owns is therefore seen by its next owner.
 *
 * Allocation: banks from the last one down (Xen's domheap hands out high
 * memory first, xen/common/page_alloc.c alloc_heap_pages() scans zones from
 * the highest), ascending mfn within a bank through a per-bank bump pointer.
 * Simplification (docs/fidelity.md): freed frames are reused stack-like.
 * When the frame just below a bank's bump pointer is freed, the pointer
 * moves down over every free frame, so undoing the latest allocations
 * (an all-or-nothing table allocation that failed) gives them back exactly;
 * a frame freed below a still-allocated one is not handed out again by
 * frames_alloc() until everything above it is free (frames_alloc_at() can
 * still take it).
 */
#include "xen/page.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env/compiler.h"

#define FRAMES_CHUNK_FRAMES (1ull << FRAMES_CHUNK_SHIFT)

/* What every frame of a not-yet-touched chunk looks like (immutable). */
static const struct page_info frames_free_page = {.count = 0};

int frames_init(struct xen_frames *f, const struct hw_mem *mem)
{
    uint64_t frames = 0;

    for (unsigned i = 0; i < mem->nr_banks; i++)
        frames += mem->banks[i].nr_frames;
    if (frames > (uint64_t)FRAMES_MAX_CHUNKS << FRAMES_CHUNK_SHIFT)
        return -EINVAL; /* more RAM than the metadata can describe */
    memset(f, 0, sizeof(*f));
    for (unsigned i = 0; i < mem->nr_banks; i++)
        f->next_free[i] = mem->banks[i].base_mfn;
    f->mem = mem;
    return 0;
}

void frames_fini(struct xen_frames *f)
{
    if (f->nr_used <= FRAMES_USED_MAX) /* free only what was allocated */
        for (unsigned i = 0; i < f->nr_used; i++)
            free(f->chunk[f->used[i]]);
    else
        for (unsigned i = 0; i < FRAMES_MAX_CHUNKS; i++)
            free(f->chunk[i]);
    memset(f, 0, sizeof(*f));
}

/* @mfn's place among RAM frames (chunk, slot), or UINT64_MAX if not RAM. */
static uint64_t frames_index(const struct xen_frames *f, uint64_t mfn)
{
    uint64_t idx = f->mem ? hw_mem_ram_index(f->mem, mfn) : UINT64_MAX;

    GNTSIM_ASSERT("C3", idx == UINT64_MAX ||
                            idx >> FRAMES_CHUNK_SHIFT < FRAMES_MAX_CHUNKS); /* init */
    return idx;
}

struct page_info *frames_page(struct xen_frames *f, uint64_t mfn)
{
    uint64_t idx = frames_index(f, mfn);
    struct page_info **c;

    if (idx == UINT64_MAX)
        return NULL;
    c = &f->chunk[idx >> FRAMES_CHUNK_SHIFT];
    if (*c == NULL) {
        *c = calloc(FRAMES_CHUNK_FRAMES, sizeof(**c));
        if (*c == NULL)
            return NULL; /* host out of memory */
        if (f->nr_used < FRAMES_USED_MAX)
            f->used[f->nr_used] = (uint16_t)(idx >> FRAMES_CHUNK_SHIFT);
        f->nr_used++;
    }
    return &(*c)[idx & (FRAMES_CHUNK_FRAMES - 1)];
}

const struct page_info *frames_page_const(const struct xen_frames *f, uint64_t mfn)
{
    uint64_t idx = frames_index(f, mfn);

    if (idx == UINT64_MAX)
        return NULL;
    if (f->chunk[idx >> FRAMES_CHUNK_SHIFT] == NULL)
        return &frames_free_page;
    return &f->chunk[idx >> FRAMES_CHUNK_SHIFT][idx & (FRAMES_CHUNK_FRAMES - 1)];
}

/* Give free frame @mfn (metadata @pg) to @owner: allocation reference, bytes zeroed. */
static void frames_take(struct xen_frames *f, struct hw_mem *mem, uint64_t mfn,
                        struct page_info *pg, uint16_t owner)
{
    GNTSIM_ASSERT("C3", pg->count == 0);
    if (pg->flags & PAGE_F_SCRUB) { /* Xen clears pages given to domains and P2M tables */
        uint8_t *bytes = hw_mem_frame(mem, mfn);

        GNTSIM_ASSERT("C3", bytes != NULL);
        memset(bytes, 0, PAGE_SIZE);
    }
    pg->count = 1; /* PGC_allocated */
    pg->owner = owner;
    pg->flags = 0;
    pg->type = PGT_NONE;
    pg->type_count = 0;
    f->nr_allocated++;
}

uint64_t frames_alloc(struct xen_frames *f, struct hw_mem *mem, uint16_t owner)
{
    GNTSIM_ASSERT("C3", mem == f->mem && owner != PAGE_OWNER_NONE);
    for (unsigned b = mem->nr_banks; b-- > 0;) {
        uint64_t end = mem->banks[b].base_mfn + mem->banks[b].nr_frames;
        while (f->next_free[b] < end) {
            uint64_t mfn = f->next_free[b];
            struct page_info *pg = frames_page(f, mfn);
            if (pg == NULL)
                return INVALID_MFN; /* host out of memory: nothing changed */
            f->next_free[b]++;
            if (pg->count != 0)
                continue; /* taken by frames_alloc_at() */
            frames_take(f, mem, mfn, pg, owner);
            return mfn;
        }
    }
    return INVALID_MFN;
}

int frames_alloc_at(struct xen_frames *f, struct hw_mem *mem, uint64_t mfn,
                    uint16_t owner)
{
    GNTSIM_ASSERT("C3", mem == f->mem && owner != PAGE_OWNER_NONE);
    if (!hw_mem_is_ram(mem, mfn))
        return -EINVAL;
    struct page_info *pg = frames_page(f, mfn);
    if (pg == NULL)
        return -ENOMEM; /* host out of memory */
    if (pg->count != 0)
        return -EBUSY;
    frames_take(f, mem, mfn, pg, owner);
    return 0;
}

/* Xen arch/arm/mm.c get_page(): get_page_owner == d and count not saturated. */
bool frames_get(struct xen_frames *f, uint64_t mfn, uint16_t owner)
{
    const struct page_info *cpg = frames_page_const(f, mfn);
    if (cpg == NULL || cpg->count == 0 || cpg->owner != owner ||
        cpg->count >= PAGE_COUNT_MAX)
        return false;
    struct page_info *pg = frames_page(f, mfn); /* chunk exists: count != 0 */
    pg->count++;
    return true;
}

/* x86 _get_page_type(): a frame holds type references of one type at a time. */
bool frames_get_type(struct xen_frames *f, uint64_t mfn, enum page_type type)
{
    const struct page_info *cpg = frames_page_const(f, mfn);

    if (cpg == NULL || cpg->count == 0 || cpg->type_count == UINT16_MAX ||
        (cpg->type_count && cpg->type != type))
        return false;
    struct page_info *pg = frames_page(f, mfn); /* chunk exists: count != 0 */
    pg->type = (uint16_t)type;
    pg->type_count++;
    return true;
}

void frames_put_type(struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *cpg = frames_page_const(f, mfn);

    if (cpg == NULL || cpg->count == 0 || cpg->type_count == 0)
        GNTSIM_BUG("C3", "put_page_type of mfn %#llx without a type reference",
                   (unsigned long long)mfn);
    frames_page(f, mfn)->type_count--;
}

uint32_t frames_type_count(const struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *pg = frames_page_const(f, mfn);

    return pg && pg->count ? pg->type_count : 0;
}

/* Move @mfn's bank bump pointer down over the free frames at its top. */
static void frames_lower_bump(struct xen_frames *f, uint64_t mfn)
{
    const struct hw_mem *mem = f->mem;
    for (unsigned b = 0; b < mem->nr_banks; b++) {
        uint64_t base = mem->banks[b].base_mfn;
        if (mfn < base || mfn - base >= mem->banks[b].nr_frames)
            continue;
        while (f->next_free[b] > base &&
               frames_page_const(f, f->next_free[b] - 1)->count == 0)
            f->next_free[b]--;
        return;
    }
}

/* Xen put_page(): the last reference frees the page (free_domheap_page). */
void frames_put(struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *cpg = frames_page_const(f, mfn);
    if (cpg == NULL)
        GNTSIM_BUG("C3", "put_page of mfn %#llx: not RAM", (unsigned long long)mfn);
    if (cpg->count == 0)
        GNTSIM_BUG("C3", "put_page of free mfn %#llx", (unsigned long long)mfn);
    struct page_info *pg = frames_page(f, mfn);
    if (--pg->count == 0) {
        pg->owner = PAGE_OWNER_NONE;
        pg->flags = PAGE_F_SCRUB;
        GNTSIM_ASSERT("C3", f->nr_allocated > 0);
        f->nr_allocated--;
        frames_lower_bump(f, mfn);
    }
}

uint16_t frames_owner(const struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *pg = frames_page_const(f, mfn);
    if (pg == NULL || pg->count == 0)
        return PAGE_OWNER_NONE;
    return pg->owner;
}
