/* SPDX-License-Identifier: MIT */
/*
 * Xen's frame table (struct page_info per machine frame) and a simple page
 * allocator on top of it.
 *
 * Metadata is sparse: a directory of one pointer per 16 MiB of machine address space
 * up to the highest RAM frame, and one chunk of 2^FRAMES_CHUNK_SHIFT page_info per
 * 16 MiB (small, so a world touching a few regions stays cheap),
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
#include "env/trace.h"

#define FRAMES_CHUNK_FRAMES (1ull << FRAMES_CHUNK_SHIFT)

/* What every frame of a not-yet-touched chunk looks like (immutable). */
static const struct page_info frames_free_page = {.count = 0};

int frames_init(struct xen_frames *f, const struct hw_mem *mem)
{
    uint64_t top = 0; /* highest RAM frame + 1 */

    for (unsigned i = 0; i < mem->nr_banks; i++)
        if (mem->banks[i].base_mfn + mem->banks[i].nr_frames > top)
            top = mem->banks[i].base_mfn + mem->banks[i].nr_frames;
    if (top > FRAMES_MAX_MFN)
        return -EINVAL; /* beyond the metadata's reach */
    memset(f, 0, sizeof(*f));
    f->nr_chunks = (uint32_t)((top + FRAMES_CHUNK_FRAMES - 1) >> FRAMES_CHUNK_SHIFT);
    f->chunk = calloc(f->nr_chunks ? f->nr_chunks : 1, sizeof(*f->chunk));
    f->owners = calloc(f->nr_chunks ? f->nr_chunks : 1, sizeof(*f->owners));
    if (f->chunk == NULL || f->owners == NULL) {
        free(f->chunk);
        free(f->owners);
        return -ENOMEM;
    }
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
        for (unsigned i = 0; i < f->nr_chunks; i++)
            free(f->chunk[i]);
    free(f->chunk);
    free(f->owners);
    memset(f, 0, sizeof(*f));
}

/* Chunk index of @mfn, or -1 if @mfn is not RAM. */
static int frames_chunk_index(const struct xen_frames *f, uint64_t mfn)
{
    if (f->mem == NULL || !hw_mem_is_ram(f->mem, mfn))
        return -1;
    uint64_t idx = mfn >> FRAMES_CHUNK_SHIFT;
    GNTSIM_ASSERT("C3", idx < f->nr_chunks); /* frames_init sized it for every bank */
    return (int)idx;
}

struct page_info *frames_page(struct xen_frames *f, uint64_t mfn)
{
    int idx = frames_chunk_index(f, mfn);
    if (idx < 0)
        return NULL;
    if (f->chunk[idx] == NULL) {
        struct page_info *c = calloc(FRAMES_CHUNK_FRAMES, sizeof(*c));
        if (c == NULL)
            return NULL; /* host out of memory */
        f->chunk[idx] = c;
        if (f->nr_used < FRAMES_USED_MAX)
            f->used[f->nr_used] = (uint32_t)idx;
        f->nr_used++;
    }
    return &f->chunk[idx][mfn & (FRAMES_CHUNK_FRAMES - 1)];
}

const struct page_info *frames_page_const(const struct xen_frames *f, uint64_t mfn)
{
    int idx = frames_chunk_index(f, mfn);
    if (idx < 0)
        return NULL;
    if (f->chunk[idx] == NULL)
        return &frames_free_page;
    return &f->chunk[idx][mfn & (FRAMES_CHUNK_FRAMES - 1)];
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
    frames_note_owner(f, mfn, owner);
    pg->flags = 0;
    pg->type = PGT_NONE;
    pg->type_count = 0;
    f->nr_allocated++;
}

uint64_t frames_next_owned(const struct xen_frames *f, uint16_t owner, uint64_t from)
{
    for (uint64_t c = from >> FRAMES_CHUNK_SHIFT; c < f->nr_chunks; c++) {
        const struct page_info *pg =
            f->owners[c] >> (owner & 63) & 1 ? f->chunk[c] : NULL; /* none of @owner's */
        uint64_t j =
            c == from >> FRAMES_CHUNK_SHIFT ? from & (FRAMES_CHUNK_FRAMES - 1) : 0;

        for (; pg && j < FRAMES_CHUNK_FRAMES; j++)
            if (pg[j].count && pg[j].owner == owner)
                return c << FRAMES_CHUNK_SHIFT | j;
    }
    return INVALID_MFN;
}

uint64_t frames_free_count(const struct xen_frames *f)
{
    uint64_t total = 0;

    for (unsigned b = 0; b < f->mem->nr_banks; b++)
        total += f->mem->banks[b].nr_frames;
    return total > f->nr_allocated ? total - f->nr_allocated : 0;
}

uint64_t frames_alloc(struct xen_frames *f, struct hw_mem *mem, uint16_t owner)
{
    GNTSIM_ASSERT("C3", mem == f->mem && owner != PAGE_OWNER_NONE);
    if (frames_alloc_fails(f))
        return INVALID_MFN; /* injected: out of domheap memory */
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
    if (frames_alloc_fails(f))
        return -ENOMEM; /* injected */
    struct page_info *pg = frames_page(f, mfn);
    if (pg == NULL)
        return -ENOMEM; /* host out of memory */
    if (pg->count != 0)
        return -EBUSY;
    frames_take(f, mem, mfn, pg, owner);
    return 0;
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
void frames_traced_get(struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *pg = frames_find(f, mfn);

    TRACE(f->trace, GET_PAGE, TA_U(mfn), TA_U(pg->owner), TA_U(pg->count));
}

void frames_put_slow(struct xen_frames *f, uint64_t mfn)
{
    struct page_info *pg = frames_find(f, mfn);

    if (unlikely(pg == NULL || pg->count == 0)) {
        if (f->mem == NULL || !hw_mem_is_ram(f->mem, mfn))
            GNTSIM_BUG("C3", "put_page of mfn %#llx: not RAM", (unsigned long long)mfn);
        GNTSIM_BUG("C3", "put_page of free mfn %#llx", (unsigned long long)mfn);
    }
    --pg->count;
    if (f->trace)
        TRACE(f->trace, PUT_PAGE, TA_U(mfn), TA_U(pg->owner), TA_U(pg->count));
    if (pg->count == 0) {
        pg->owner = PAGE_OWNER_NONE;
        pg->flags = PAGE_F_SCRUB;
        GNTSIM_ASSERT("C3", f->nr_allocated > 0);
        f->nr_allocated--;
        frames_lower_bump(f, mfn);
    }
}

uint16_t frames_owner(const struct xen_frames *f, uint64_t mfn)
{
    const struct page_info *pg = frames_find(f, mfn);
    if (pg == NULL || pg->count == 0)
        return PAGE_OWNER_NONE;
    return pg->owner;
}
