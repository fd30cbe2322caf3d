/* SPDX-License-Identifier: MIT */
/*
 * Frames lent to other processes (gntsimd's clients map them, as a kernel maps a page
 * into a process). One memfd holds all machine memory, and a file descriptor cannot
 * name part of a file: handing it out would give a client every domain's pages. So an
 * exported frame moves onto a one-page memfd of its own, mapped MAP_FIXED over the
 * frame's place in the machine-memory mapping: the model and the client then share those
 * bytes. Revocation moves the bytes back and remaps the big memfd there: a client that
 * kept the small memfd (or its mapping) keeps a copy, never the frame.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "env/grow.h"
#include "hw/mem.h"

struct hw_mem_export_ent {
    uint64_t mfn;
    int fd;
    uint32_t refs;
};

struct hw_mem_exports {
    struct hw_mem_export_ent *e;
    uint32_t nr;
    size_t cap;
};

static struct hw_mem_export_ent *export_find(const struct hw_mem *m, uint64_t mfn)
{
    for (uint32_t i = 0; m->exp != NULL && i < m->exp->nr; i++)
        if (m->exp->e[i].mfn == mfn)
            return &m->exp->e[i];
    return NULL;
}

/* Room for one more entry: 0 or -ENOSPC/-ENOMEM. */
static int export_reserve(struct hw_mem *m)
{
    struct hw_mem_exports *x = m->exp;

    if (x == NULL) {
        x = m->exp = calloc(1, sizeof(*x));
        if (x == NULL)
            return -ENOMEM;
    }
    if (x->nr == HW_MEM_EXPORT_MAX)
        return -ENOSPC;
    if (x->nr == x->cap) {
        struct hw_mem_export_ent *n = sim_grow(x->e, &x->cap, x->nr + 1, sizeof(*n), 16);

        if (n == NULL)
            return -ENOMEM;
        x->e = n;
    }
    return 0;
}

/* A one-page memfd holding @src's bytes, mapped over @src: the fd, or -1. */
static int export_move_out(uint8_t *src)
{
    int fd = memfd_create("gntsim-frame", MFD_CLOEXEC);

    if (fd < 0)
        return -1;
    if (pwrite(fd, src, PAGE_SIZE, 0) != (ssize_t)PAGE_SIZE ||
        mmap(src, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) ==
            MAP_FAILED) {
        close(fd);
        return -1;
    }
    return fd;
}

int hw_mem_export(struct hw_mem *m, uint64_t mfn, int *fd)
{
    const struct hw_mem_bank *b = hw_mem_bank_of(m, mfn);
    struct hw_mem_export_ent *e = export_find(m, mfn);
    uint64_t off;
    int rc;

    if (b == NULL)
        return -EINVAL;
    if (e != NULL) {
        e->refs++;
        *fd = e->fd;
        return 0;
    }
    rc = export_reserve(m);
    if (rc)
        return rc;
    off = hw_mem_frame_off(b, mfn);
    hw_mem_note_written(m, off, PAGE_SIZE); /* a client may write it: zero it if pooled */
    e = &m->exp->e[m->exp->nr];
    e->fd = export_move_out(m->map + off);
    if (e->fd < 0)
        return -ENOMEM;
    e->mfn = mfn;
    e->refs = 1;
    m->exp->nr++;
    m->exp_gen++;
    *fd = e->fd;
    return 0;
}

/* Move @e's frame back into @m's memfd: 0 or -ENOMEM (still exported). */
static int export_move_back(struct hw_mem *m, const struct hw_mem_export_ent *e)
{
    uint64_t off = hw_mem_frame_off(hw_mem_bank_of(m, e->mfn), e->mfn);
    uint8_t *at = m->map + off;

    if (pwrite(m->fd, at, PAGE_SIZE, (off_t)off) != (ssize_t)PAGE_SIZE ||
        mmap(at, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, m->fd,
             (off_t)off) == MAP_FAILED)
        return -ENOMEM;
    close(e->fd);
    return 0;
}

int hw_mem_unexport(struct hw_mem *m, uint64_t mfn)
{
    struct hw_mem_export_ent *e = export_find(m, mfn);

    if (e == NULL)
        return -ENOENT;
    if (e->refs > 1) {
        e->refs--;
        return 0;
    }
    if (export_move_back(m, e))
        return -ENOMEM;
    *e = m->exp->e[--m->exp->nr];
    return 0;
}

uint32_t hw_mem_exported(const struct hw_mem *m, uint64_t mfn)
{
    const struct hw_mem_export_ent *e = export_find(m, mfn);

    return e ? e->refs : 0;
}

void hw_mem_unexport_all(struct hw_mem *m)
{
    if (m->exp == NULL)
        return;
    for (uint32_t i = 0; i < m->exp->nr; i++)
        if (export_move_back(m, &m->exp->e[i]))
            close(
                m->exp->e[i].fd); /* the mapping stays on the small memfd until munmap */
    free(m->exp->e);
    free(m->exp);
    m->exp = NULL;
}

uint64_t hw_mem_export_gen(const struct hw_mem *m)
{
    return m->exp_gen;
}

uint32_t hw_mem_exported_frames(const struct hw_mem *m)
{
    return m->exp ? m->exp->nr : 0;
}

int hw_mem_export_open(int fd, bool writable)
{
    char path[64];

    if (writable)
        return fcntl(fd, F_DUPFD_CLOEXEC, 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    return open(path, O_RDONLY | O_CLOEXEC);
}
