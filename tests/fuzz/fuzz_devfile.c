/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: what a hostile client of gntsimd's device sockets can ask of a
 * domain's /dev/xen files (gntsim/dev.h). The input is a sequence of 12-byte records
 * [op][domain][slot][kind/cmd][8 bytes of arguments]: open, close, ioctl (one of the
 * drivers' commands or a raw number, the argument from the record's bytes and the
 * next ones), mmap, munmap, read and write, on up to 8 files of d0 (hwdom), d1 and d2
 * with booted kernels. Nothing may crash; every lent descriptor is closed; after every
 * file is closed no frame may still be lent and the world's invariants must hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>

#include "fz_pool.h"
#include "gntsim/dev.h"

#define FZ_FILES 8
#define FZ_REC   12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned long fz_cmds[] = {IOCTL_GNTDEV_MAP_GRANT_REF,
                                        IOCTL_GNTDEV_UNMAP_GRANT_REF,
                                        IOCTL_GNTDEV_SET_UNMAP_NOTIFY,
                                        IOCTL_GNTALLOC_ALLOC_GREF,
                                        IOCTL_GNTALLOC_DEALLOC_GREF,
                                        IOCTL_GNTALLOC_SET_UNMAP_NOTIFY,
                                        IOCTL_EVTCHN_BIND_UNBOUND_PORT,
                                        IOCTL_EVTCHN_BIND_INTERDOMAIN,
                                        IOCTL_EVTCHN_UNBIND,
                                        IOCTL_EVTCHN_NOTIFY,
                                        IOCTL_EVTCHN_RESET,
                                        IOCTL_EVTCHN_RESTRICT_DOMID,
                                        IOCTL_EVTCHN_BIND_VIRQ,
                                        IOCTL_GNTDEV_SET_MAX_GRANTS,
                                        IOCTL_GNTDEV_GRANT_COPY};
#define FZ_NR_CMDS (sizeof(fz_cmds) / sizeof(fz_cmds[0]))

/* One record @r (with @rest bytes after it for an ioctl argument) on the files @f. */
static void fz_op(struct gntsim_world *w, struct gntsim_file **f, const uint8_t *r,
                  const uint8_t *rest, size_t nrest)
{
    struct gntsim_file **s = &f[r[2] % FZ_FILES];
    uint64_t a;
    uint8_t arg[64 + 8 * 8] = {0}; /* room for the arrays a small count needs */
    int fds[16];

    memcpy(&a, r + 4, sizeof(a));
    if (r[0] % 7 == 0) {
        if (!*s && gntsim_file_open(w, r[1] % 3, r[3] % GNTSIM_DEV_NR, s))
            *s = NULL;
        return;
    }
    if (!*s)
        return;
    switch (r[0] % 7) {
    case 1:
        gntsim_file_close(w, *s);
        *s = NULL;
        break;
    case 2: {
        unsigned long cmd = r[3] < 200 ? fz_cmds[r[3] % FZ_NR_CMDS] : (unsigned long)a;

        memcpy(arg, r + 4, 8);
        memcpy(arg + 8, rest, nrest < sizeof(arg) - 8 ? nrest : sizeof(arg) - 8);
        if (cmd == IOCTL_GNTDEV_MAP_GRANT_REF || cmd == IOCTL_GNTALLOC_ALLOC_GREF)
            arg[cmd == IOCTL_GNTDEV_MAP_GRANT_REF ? 0 : 4] &= 7, /* count */
                arg[cmd == IOCTL_GNTDEV_MAP_GRANT_REF ? 1 : 5] = 0;
        gntsim_file_ioctl(w, *s, cmd, arg, sizeof(arg));
        break;
    }
    case 3: {
        uint32_t n = (r[3] & 15) + 1;

        if (!gntsim_file_mmap(w, *s, a & 0xffff, n, r[3] & 16, fds))
            for (uint32_t i = 0; i < n; i++)
                close(fds[i]);
        break;
    }
    case 4:
        gntsim_file_munmap(w, *s, a & 0xffff, (r[3] & 15) + 1);
        break;
    case 5:
        gntsim_file_read(w, *s, arg, r[3] % 64);
        break;
    default:
        gntsim_file_write(w, *s, r + 4, r[3] % 9);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_world *w = fz_world3(true);
    struct gntsim_file *f[FZ_FILES] = {0};
    size_t nr;

    for (size_t off = 0; off + FZ_REC <= size; off += FZ_REC) {
        fz_op(w, f, data + off, data + off + FZ_REC, size - off - FZ_REC);
        gntsim_run_pending(w);
    }
    for (unsigned i = 0; i < FZ_FILES; i++)
        gntsim_file_close(w, f[i]);
    for (gntsim_domid_t i = 0; i < 3; i++)
        gntsim_linux_deferred(w, i);
    gntsim_run_pending(w);
    if (gntsim_file_lent(w) != 0)
        abort(); /* a frame still lent with no file open */
    gntsim_check_invariants(w);
    gntsim_findings(w, &nr);
    if (nr)
        abort();
    gntsim_world_destroy(w);
    return 0;
}
