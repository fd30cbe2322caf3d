/* SPDX-License-Identifier: MIT */
/*
 * Machine memory: the bytes behind every machine frame.
 *
 * Hardware only: RAM banks at fixed machine addresses, backed by one memfd
 * (sparse: a frame costs host memory only once written). It knows nothing of
 * owners or reference counts (that is Xen's frame table, src/xen/page.h) and
 * never calls into src/xen, src/linux or src/sim.
 */
#ifndef GNTSIM_HW_MEM_H
#define GNTSIM_HW_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HW_MEM_MAX_BANKS 4

struct hw_mem_bank {
    uint64_t base_mfn;  /* first machine frame of the bank */
    uint64_t nr_frames; /* frames in the bank */
    uint64_t file_off;  /* byte offset of the bank in the memfd */
};

struct hw_mem_pooled; /* mem.c: a recyclable memfd and its written-frame record */

/*
 * A caller-owned place to park one released memfd for reuse (no process-wide
 * state): worlds created with the same pool recycle its memfd. Zero it to
 * initialise; release it with hw_mem_pool_fini() after every memory using it.
 */
struct hw_mem_pool {
    struct hw_mem_pooled *parked;
};

struct hw_mem {
    int fd;            /* memfd holding every bank, -1 when not initialised */
    uint8_t *map;      /* MAP_SHARED mapping of the whole memfd */
    uint64_t size;     /* bytes mapped */
    unsigned nr_banks; /* banks in use, sorted by base_mfn, not overlapping */
    struct hw_mem_bank banks[HW_MEM_MAX_BANKS];
    struct hw_mem_pooled *pool; /* hw_mem_init_pooled(): the frames written; else NULL */
    struct hw_mem_pool *home;   /* where hw_mem_fini() parks it */
};

/*
 * Create machine memory with @nr banks (base_mfn, nr_frames; file_off is
 * computed). On error nothing is allocated and -EINVAL (overlap, empty, too
 * many banks) or -ENOMEM (memfd/mmap failure) is returned.
 */
int hw_mem_init(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr);

/*
 * hw_mem_init(), but the memfd and mapping may be those of an earlier
 * pooled memory of the same total size parked in @pool by hw_mem_fini(). Every frame that
 * memory wrote was zeroed on release, so the contents are the same as a fresh memfd's
 * (all zeroes); only host residency differs: frames the earlier user touched keep their
 * (zeroed) host pages and mappings, so the next user does not fault them in again. To
 * know what to zero, writes (hw_mem_write*, hw_mem_frame) record the frame they touch.
 * Same error contract as hw_mem_init().
 */
int hw_mem_init_pooled(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr,
                       struct hw_mem_pool *pool);

/* Release the parked memfd, if any; safe on a zeroed pool. */
void hw_mem_pool_fini(struct hw_mem_pool *pool);

/*
 * Release the memfd and mapping; safe on a zeroed or already-released
 * struct. Pooled memory that wrote at most HW_MEM_POOL_DIRTY_MAX frames is
 * zeroed and kept for the next hw_mem_init_pooled() instead.
 */
void hw_mem_fini(struct hw_mem *m);

/* Frames (4 MiB) a pooled memory may have written and still be recycled. */
#define HW_MEM_POOL_DIRTY_MAX 1024

/* True if @mfn is RAM in some bank. Cannot fail. */
bool hw_mem_is_ram(const struct hw_mem *m, uint64_t mfn);

/* Host pointer to the 4 KiB of frame @mfn, or NULL if @mfn is not RAM. */
uint8_t *hw_mem_frame(const struct hw_mem *m, uint64_t mfn);

/*
 * Copy @len bytes at machine address @pa to/from @buf, crossing frames as
 * needed. On error (any byte outside RAM) nothing is copied and -EFAULT is
 * returned.
 */
int hw_mem_read(const struct hw_mem *m, uint64_t pa, void *buf, size_t len);
int hw_mem_write(struct hw_mem *m, uint64_t pa, const void *buf, size_t len);

/*
 * 64-bit little-endian load/store of an aligned descriptor at @pa, as a
 * table walker does. Return -EFAULT (and leave *val untouched) if @pa is not
 * RAM or not 8-byte aligned.
 */
int hw_mem_read64(const struct hw_mem *m, uint64_t pa, uint64_t *val);
int hw_mem_write64(struct hw_mem *m, uint64_t pa, uint64_t val);

#endif
