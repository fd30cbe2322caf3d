/* SPDX-License-Identifier: MIT */
/*
 * Machine memory: the bytes behind every machine frame.
 *
 * Hardware only: RAM banks at fixed machine addresses, backed by one memfd
 * (sparse: a frame costs host memory only once written). It knows nothing of
 * owners or reference counts (that is Xen's frame table, src/xen/page.h) and
 * never calls into src/xen, src/linux or the board.
 */
#ifndef GNTSIM_HW_MEM_H
#define GNTSIM_HW_MEM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "env/compiler.h"

#define HW_MEM_MAX_BANKS 4

struct hw_mem_bank {
    uint64_t base_mfn;  /* first machine frame of the bank */
    uint64_t nr_frames; /* frames in the bank */
    uint64_t file_off;  /* byte offset of the bank in the memfd */
};

struct hw_mem_pooled;  /* mem.c: a recyclable memfd and its written-frame record */
struct hw_mem_exports; /* mem_export.c: frames backed by their own memfd */

/*
 * A caller-owned place to park released memfds for reuse (no process-wide
 * state): worlds created with the same pool recycle its memfds. Two, so a
 * scenario's `reset` (the new world made while the old one lives) recycles
 * too. Zero it to initialise; release it with hw_mem_pool_fini() after every
 * memory using it.
 */
#define HW_MEM_POOL_PARKED 2u
struct hw_mem_pool {
    struct hw_mem_pooled *parked[HW_MEM_POOL_PARKED];
};

struct hw_mem {
    int fd;            /* memfd holding every bank, -1 when not initialised */
    uint8_t *map;      /* MAP_SHARED mapping of the whole memfd */
    uint64_t size;     /* bytes mapped */
    unsigned nr_banks; /* banks in use, sorted by base_mfn, not overlapping */
    struct hw_mem_bank banks[HW_MEM_MAX_BANKS];
    struct hw_mem_pooled *pool; /* hw_mem_init_pooled(): the frames written; else NULL */
    struct hw_mem_pool *home;   /* where hw_mem_fini() parks it */
    struct hw_mem_exports *exp; /* mem_export.c: frames lent to other processes */
    uint64_t exp_gen;           /* frames newly exported so far (never decreases) */
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

/* Frames that may be exported at once (each holds a file descriptor). */
#define HW_MEM_EXPORT_MAX 4096

/*
 * Lend frame @mfn to another process: the frame is moved onto a memfd of its own (same
 * bytes, same host address in @m's mapping, so every modelled access still reaches it)
 * and *@fd receives that memfd, which the caller may pass on (SCM_RIGHTS) but must not
 * close. Exports of one frame are counted. Returns 0, -EINVAL (not RAM), -ENOSPC
 * (HW_MEM_EXPORT_MAX frames exported) or -ENOMEM (memfd or mmap failure; nothing
 * changed).
 */
int hw_mem_export(struct hw_mem *m, uint64_t mfn, int *fd);
/*
 * Drop one export of @mfn; the last one moves the frame's bytes back into @m's memfd and
 * remaps it there, so whoever still maps the old memfd no longer reaches the frame (a
 * revoked mapping). Returns 0, -ENOENT (not exported) or -ENOMEM (the remap failed: the
 * frame stays exported, its count unchanged).
 */
int hw_mem_unexport(struct hw_mem *m, uint64_t mfn);
/* A new descriptor (close-on-exec) of export @fd for another process: read-only (a new
 * open file, so that mmap cannot write) unless @writable. -1 on failure. */
int hw_mem_export_open(int fd, bool writable);
/* Frames exported now. Cannot fail. */
uint32_t hw_mem_exported_frames(const struct hw_mem *m);
/* How many times a frame not exported was exported, since @m was made: while it stays
 * the same, no frame joined the exported ones. Cannot fail. */
uint64_t hw_mem_export_gen(const struct hw_mem *m);
/* Exports of @mfn (0: not exported). Cannot fail. */
uint32_t hw_mem_exported(const struct hw_mem *m, uint64_t mfn);
/* Revoke every export (hw_mem_fini() does it). Cannot fail. */
void hw_mem_unexport_all(struct hw_mem *m);

/*
 * Record that bytes [@off, @off + @len) of the memfd are written (pooled memory only;
 * the inline accessors below call it only when @m is pooled). Cannot fail.
 */
void hw_mem_note_written(const struct hw_mem *m, uint64_t off, uint64_t len);

/*
 * The accessors every modelled load and store goes through are inline: a frame lookup
 * is a compare per bank (at most HW_MEM_MAX_BANKS) and an add.
 */

/* True if @mfn lies in bank @b (unsigned: wraps for mfn < base_mfn). Cannot fail. */
static inline bool hw_mem_bank_has(const struct hw_mem_bank *b, uint64_t mfn)
{
    return mfn - b->base_mfn < b->nr_frames;
}

/*
 * Bank holding @mfn, or NULL if @mfn is not RAM (banks never overlap). Every slot is
 * tested, used or not: an unused slot is empty (mem_set() zeroes it) and holds nothing,
 * so no branch on nr_banks. Cannot fail.
 */
static inline const struct hw_mem_bank *hw_mem_bank_of(const struct hw_mem *m,
                                                       uint64_t mfn)
{
    const struct hw_mem_bank *b = m->banks;

    _Static_assert(HW_MEM_MAX_BANKS == 4, "unrolled for four banks");
    if (hw_mem_bank_has(&b[0], mfn))
        return &b[0];
    if (hw_mem_bank_has(&b[1], mfn))
        return &b[1];
    if (hw_mem_bank_has(&b[2], mfn))
        return &b[2];
    return hw_mem_bank_has(&b[3], mfn) ? &b[3] : NULL;
}

/* Byte offset in the memfd of frame @mfn of bank @b. Cannot fail. */
static inline uint64_t hw_mem_frame_off(const struct hw_mem_bank *b, uint64_t mfn)
{
    return b->file_off + ((mfn - b->base_mfn) << PAGE_SHIFT);
}

/* True if @mfn is RAM in some bank. Cannot fail. */
static inline bool hw_mem_is_ram(const struct hw_mem *m, uint64_t mfn)
{
    return hw_mem_bank_of(m, mfn) != NULL;
}

/*
 * hw_mem_frame() of frame @mfn of bank @b (hw_mem_bank_of() found it), for a caller that
 * looked the bank up already. Cannot fail.
 */
static inline uint8_t *hw_mem_bank_frame(const struct hw_mem *m,
                                         const struct hw_mem_bank *b, uint64_t mfn)
{
    uint64_t off = hw_mem_frame_off(b, mfn);

    if (m->pool != NULL)
        hw_mem_note_written(m, off, PAGE_SIZE);
    return m->map + off;
}

/* Host pointer to the 4 KiB of frame @mfn (the caller may write), or NULL if not RAM. */
static inline uint8_t *hw_mem_frame(const struct hw_mem *m, uint64_t mfn)
{
    const struct hw_mem_bank *b = hw_mem_bank_of(m, mfn);

    return b == NULL ? NULL : hw_mem_bank_frame(m, b, mfn);
}

/*
 * Host pointer to frame @mfn for reading only (not recorded as written, so a pooled
 * memory need not zero it), or NULL if not RAM.
 */
static inline const uint8_t *hw_mem_frame_ro(const struct hw_mem *m, uint64_t mfn)
{
    const struct hw_mem_bank *b = hw_mem_bank_of(m, mfn);

    return b == NULL ? NULL : m->map + hw_mem_frame_off(b, mfn);
}

/*
 * Copy @len bytes at machine address @pa to/from @buf, crossing frames as
 * needed. On error (any byte outside RAM) nothing is copied and -EFAULT is
 * returned.
 */
int hw_mem_read(const struct hw_mem *m, uint64_t pa, void *buf, size_t len);
int hw_mem_write(struct hw_mem *m, uint64_t pa, const void *buf, size_t len);

/* @v converted between host order and little-endian (a no-op on little-endian hosts). */
static inline uint64_t hw_mem_le64(uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

/*
 * 64-bit little-endian load/store of an aligned descriptor at @pa, as a
 * table walker does. Return -EFAULT (and leave *val untouched) if @pa is not
 * RAM or not 8-byte aligned.
 */
static inline int hw_mem_read64(const struct hw_mem *m, uint64_t pa, uint64_t *val)
{
    const struct hw_mem_bank *b = (pa & 7) ? NULL : hw_mem_bank_of(m, pa >> PAGE_SHIFT);
    uint64_t v;

    if (b == NULL)
        return -EFAULT;
    memcpy(&v, m->map + hw_mem_frame_off(b, pa >> PAGE_SHIFT) + (pa & (PAGE_SIZE - 1)),
           sizeof(v));
    *val = hw_mem_le64(v);
    return 0;
}

static inline int hw_mem_write64(struct hw_mem *m, uint64_t pa, uint64_t val)
{
    const struct hw_mem_bank *b = (pa & 7) ? NULL : hw_mem_bank_of(m, pa >> PAGE_SHIFT);
    uint64_t off;

    if (b == NULL)
        return -EFAULT;
    off = hw_mem_frame_off(b, pa >> PAGE_SHIFT) + (pa & (PAGE_SIZE - 1));
    if (m->pool != NULL)
        hw_mem_note_written(m, off, 8);
    val = hw_mem_le64(val);
    memcpy(m->map + off, &val, sizeof(val));
    return 0;
}

#endif
