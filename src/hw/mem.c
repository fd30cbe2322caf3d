/* SPDX-License-Identifier: MIT */
/*
 * Machine memory: RAM banks at fixed machine frame numbers, all backed by
 * one memfd mapped once (MAP_SHARED). Bank i occupies bytes
 * [file_off, file_off + nr_frames * 4 KiB) of the memfd, banks packed in
 * ascending base_mfn order. The memfd is sparse: ftruncate() reserves no
 * host memory, a frame costs a host page only once written.
 */
#include "hw/mem.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "env/compiler.h"

/* Highest machine frame + 1 a bank may reach: 52-bit physical addresses. */
#define HW_MEM_MFN_LIMIT (1ull << (52 - PAGE_SHIFT))

static const struct hw_mem_bank *mem_bank(const struct hw_mem *m, uint64_t mfn)
{
    for (unsigned i = 0; i < m->nr_banks; i++) {
        const struct hw_mem_bank *b = &m->banks[i];
        if (mfn >= b->base_mfn && mfn - b->base_mfn < b->nr_frames)
            return b;
    }
    return NULL;
}

/* Copy @nr banks into @out sorted by base_mfn, with file offsets; -EINVAL if unusable. */
static int mem_layout(const struct hw_mem_bank *banks, unsigned nr,
                      struct hw_mem_bank *out, uint64_t *total_frames)
{
    if (nr == 0 || nr > HW_MEM_MAX_BANKS)
        return -EINVAL;
    for (unsigned i = 0; i < nr; i++) {
        const struct hw_mem_bank *b = &banks[i];
        if (b->nr_frames == 0 || b->base_mfn >= HW_MEM_MFN_LIMIT ||
            b->nr_frames > HW_MEM_MFN_LIMIT - b->base_mfn)
            return -EINVAL;
        unsigned j = i; /* insertion sort: at most HW_MEM_MAX_BANKS entries */
        while (j > 0 && out[j - 1].base_mfn > b->base_mfn) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = *b;
    }
    uint64_t frames = 0;
    for (unsigned i = 0; i < nr; i++) {
        if (i > 0 && out[i - 1].base_mfn + out[i - 1].nr_frames > out[i].base_mfn)
            return -EINVAL; /* overlap */
        out[i].file_off = frames << PAGE_SHIFT;
        frames += out[i].nr_frames;
    }
    *total_frames = frames;
    return 0;
}

int hw_mem_init(struct hw_mem *m, const struct hw_mem_bank *banks, unsigned nr)
{
    struct hw_mem_bank sorted[HW_MEM_MAX_BANKS];
    uint64_t frames;
    int rc = mem_layout(banks, nr, sorted, &frames);
    if (rc)
        return rc;
    uint64_t size = frames << PAGE_SHIFT;
    if (size > (uint64_t)INT64_MAX || size > SIZE_MAX)
        return -ENOMEM;

    int fd = memfd_create("gntsim-machine-memory", MFD_CLOEXEC);
    if (fd < 0)
        return -ENOMEM;
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        return -ENOMEM;
    }
    void *map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        close(fd);
        return -ENOMEM;
    }
    memset(m, 0, sizeof(*m));
    m->fd = fd;
    m->map = map;
    m->size = size;
    m->nr_banks = nr;
    memcpy(m->banks, sorted, nr * sizeof(sorted[0]));
    return 0;
}

void hw_mem_fini(struct hw_mem *m)
{
    /* A zeroed struct has fd 0 (stdin) but no mapping: only release what init made. */
    if (m->map != NULL) {
        munmap(m->map, (size_t)m->size);
        close(m->fd);
    }
    memset(m, 0, sizeof(*m));
    m->fd = -1;
}

bool hw_mem_is_ram(const struct hw_mem *m, uint64_t mfn)
{
    return mem_bank(m, mfn) != NULL;
}

uint8_t *hw_mem_frame(const struct hw_mem *m, uint64_t mfn)
{
    const struct hw_mem_bank *b = mem_bank(m, mfn);
    if (b == NULL)
        return NULL;
    return m->map + b->file_off + ((mfn - b->base_mfn) << PAGE_SHIFT);
}

/* Host pointer for machine address @pa and the bytes left in its bank; NULL if a hole. */
static uint8_t *mem_span(const struct hw_mem *m, uint64_t pa, uint64_t *avail)
{
    const struct hw_mem_bank *b = mem_bank(m, pa >> PAGE_SHIFT);
    if (b == NULL)
        return NULL;
    uint64_t off = pa - (b->base_mfn << PAGE_SHIFT);
    *avail = (b->nr_frames << PAGE_SHIFT) - off;
    return m->map + b->file_off + off;
}

/* True if every byte of [pa, pa + len) is RAM (banks may be adjacent). */
static bool mem_range_ok(const struct hw_mem *m, uint64_t pa, size_t len)
{
    if (len > UINT64_MAX - pa)
        return false;
    uint64_t left = len;
    while (left > 0) {
        uint64_t avail = 0;
        if (mem_span(m, pa, &avail) == NULL)
            return false;
        uint64_t n = avail < left ? avail : left;
        pa += n;
        left -= n;
    }
    return true;
}

int hw_mem_read(const struct hw_mem *m, uint64_t pa, void *buf, size_t len)
{
    if (!mem_range_ok(m, pa, len))
        return -EFAULT;
    uint8_t *dst = buf;
    while (len > 0) {
        uint64_t avail = 0;
        const uint8_t *src = mem_span(m, pa, &avail);
        size_t n = avail < len ? (size_t)avail : len;
        memcpy(dst, src, n);
        dst += n;
        pa += n;
        len -= n;
    }
    return 0;
}

int hw_mem_write(struct hw_mem *m, uint64_t pa, const void *buf, size_t len)
{
    if (!mem_range_ok(m, pa, len))
        return -EFAULT;
    const uint8_t *src = buf;
    while (len > 0) {
        uint64_t avail = 0;
        uint8_t *dst = mem_span(m, pa, &avail);
        size_t n = avail < len ? (size_t)avail : len;
        memcpy(dst, src, n);
        src += n;
        pa += n;
        len -= n;
    }
    return 0;
}

/* Little-endian on any host: descriptors are stored as the Arm walker reads them. */
int hw_mem_read64(const struct hw_mem *m, uint64_t pa, uint64_t *val)
{
    uint64_t avail = 0;
    const uint8_t *p = (pa & 7) ? NULL : mem_span(m, pa, &avail);
    if (p == NULL)
        return -EFAULT;
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    *val = v;
    return 0;
}

int hw_mem_write64(struct hw_mem *m, uint64_t pa, uint64_t val)
{
    uint64_t avail = 0;
    uint8_t *p = (pa & 7) ? NULL : mem_span(m, pa, &avail);
    if (p == NULL)
        return -EFAULT;
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(val >> (8 * i));
    return 0;
}
