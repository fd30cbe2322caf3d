/* SPDX-License-Identifier: MIT */
/*
 * The device wire between libgntsim-preload.so (in a client process) and gntsimd: one
 * SOCK_SEQPACKET connection to DIR/dN/dev per open() of a /dev/xen device, one request
 * message and one reply per call. The connection's end is the file's last close (the
 * daemon releases it as the kernel would). Replies carry descriptors (SCM_RIGHTS): an
 * evtchn file's event socket at OPEN (4-byte packets: pending ports to read, ports to
 * unmask written back), the lent frames at MMAP (one per page, in order, in as many
 * messages as GD_DEV_FDS_PER_MSG allows; only the first carries the header's rc).
 */
#ifndef GNTSIMD_DEVWIRE_H
#define GNTSIMD_DEVWIRE_H

#include <stdint.h>

#define GD_DEV_MAGIC       0x67647631u  /* "gdv1" */
#define GD_DEV_PAYLOAD_MAX (64u * 1024) /* ioctl argument bytes (8190 grant refs) */
#define GD_DEV_FDS_PER_MSG 200u         /* below the kernel's SCM_MAX_FD (253) */
#define GD_DEV_MMAP_MAX    4096u        /* pages of one mmap */

enum gd_dev_op {
    GD_DEV_OPEN = 1, /* kind: enum gntsim_dev_kind */
    GD_DEV_IOCTL,    /* cmd, payload: the argument; reply payload: it, updated */
    GD_DEV_MMAP,     /* pgoff, npages, writable; reply: npages descriptors */
    GD_DEV_MUNMAP,   /* pgoff, npages */
};

struct gd_dev_req {
    uint32_t magic;
    uint32_t op;
    uint64_t cmd; /* OPEN: the kind; IOCTL: the command */
    uint64_t pgoff;
    uint32_t npages;
    uint32_t writable;
    uint32_t len;   /* payload bytes after this header */
    uint32_t flags; /* GD_DEV_F_* */
};

/* IOCTL: send no reply (the shim's EVTCHN_NOTIFY on a port this file bound: Linux's
 * notify cannot fail then, and a round trip per event is what a vchan waits on). */
#define GD_DEV_F_NOREPLY 1u

struct gd_dev_rep {
    int64_t rc;    /* the call's value, or -errno */
    uint32_t len;  /* payload bytes after this header */
    uint32_t nfds; /* descriptors the reply carries in all */
};

#endif
