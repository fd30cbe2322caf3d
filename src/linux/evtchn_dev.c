/* SPDX-License-Identifier: MIT */
/*
 * /dev/xen/evtchn (Linux drivers/xen/evtchn.c): event channels for a process. Each
 * bound port belongs to one file; its interrupt (evtchn_interrupt) disables the port
 * (masks it) and queues it on the file's ring, read() returns queued ports, write() of
 * a port re-enables (unmasks) it. A port is queued at most once until re-enabled, so a
 * ring of one entry per port never overflows. RESTRICT_DOMID limits the file to binding
 * interdomain ports of one domain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h> /* before Xen's headers, which are not self-contained */
#include <sys/ioctl.h>

#include <xen/xen.h>
#include <xen/sys/evtchn.h>

#include "linux/devfile.h"
#include "linux/events.h"

#define EVTCHN_UNRESTRICTED 0xffffu /* UNRESTRICTED_DOMID */
#define EVTCHN_RW_MAX       4096u   /* read()/write() move at most a page of ports */

struct linux_evtchn_file {
    uint32_t ring[LINUX_EVTCHN_NR_PORTS];
    uint32_t prod, cons; /* free-running */
    uint16_t restrict_domid;
    uint8_t enabled[LINUX_EVTCHN_NR_PORTS / 8]; /* bound and not disabled by delivery */
};

/* A bound port's user: its file (NULL once the file unbound it or went) and the unmap
 * notifications holding it (evtchn_get()); the port is closed when neither does. */
struct evtchn_port_user {
    struct linux_file *f;
    uint32_t refs;
};

static bool ev_bit(const uint8_t *b, uint32_t p)
{
    return b[p / 8] & (1u << (p % 8));
}

static void ev_set(uint8_t *b, uint32_t p, bool on)
{
    b[p / 8] = (uint8_t)(on ? b[p / 8] | (1u << (p % 8)) : b[p / 8] & ~(1u << (p % 8)));
}

/* evtchn_interrupt(): disable the port and queue it for read(). */
static void evtchn_dev_interrupt(struct linux_kernel *k, uint32_t port, void *ctx)
{
    struct evtchn_port_user *pu = ctx;
    struct linux_evtchn_file *u = pu->f ? pu->f->u.evtchn : NULL;

    if (!u) { /* no file reads it any more: keep it quiet */
        linux_evtchn_mask(k, port);
        return;
    }
    if (!ev_bit(u->enabled, port))
        return; /* already queued: Linux warns "Interrupt for port %u, but apparently
                 * not enabled" and does nothing */
    linux_evtchn_mask(k, port);
    ev_set(u->enabled, port, false);
    u->ring[u->prod++ % LINUX_EVTCHN_NR_PORTS] = port;
}

/* The user of @port bound through an evtchn file, or NULL. */
static struct evtchn_port_user *evtchn_user(struct linux_kernel *k, uint32_t port)
{
    void *ctx = NULL;

    return linux_evtchn_bound_to(k, port, evtchn_dev_interrupt, &ctx) ? ctx : NULL;
}

/* The file that holds @port now, or NULL. */
static struct linux_file *evtchn_owner(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_port_user *pu = evtchn_user(k, port);

    return pu ? pu->f : NULL;
}

/* The file lets go of @port: closed now, or by the last evtchn_put(). */
static void evtchn_detach(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_port_user *pu = evtchn_user(k, port);

    pu->f = NULL;
    if (pu->refs == 0) {
        linux_evtchn_close(k, port);
        free(pu);
    }
}

bool linux_evtchn_file_get(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_port_user *pu = evtchn_user(k, port);

    if (!pu || !pu->f)
        return false;
    pu->refs++;
    return true;
}

void linux_evtchn_file_put(struct linux_kernel *k, uint32_t port)
{
    struct evtchn_port_user *pu = evtchn_user(k, port);

    if (pu && pu->refs && --pu->refs == 0 && !pu->f) {
        linux_evtchn_close(k, port);
        free(pu);
    }
}

/* evtchn_bind_to_user(): the port is this file's, enabled; its value or -errno. */
static long evtchn_bind_to_user(struct linux_file *f, uint32_t port)
{
    struct evtchn_port_user *pu = calloc(1, sizeof(*pu));
    int rc = pu ? 0 : -ENOMEM;

    ev_set(f->u.evtchn->enabled, port, true);
    if (pu) {
        pu->f = f;
        rc = linux_evtchn_bind_handler(f->k, port, evtchn_dev_interrupt, pu);
    }
    if (rc) {
        ev_set(f->u.evtchn->enabled, port, false);
        linux_evtchn_close(f->k, port);
        free(pu);
        return rc;
    }
    return port;
}

static long evtchn_unbind(struct linux_file *f, uint32_t port)
{
    if (port >= LINUX_EVTCHN_NR_PORTS)
        return -EINVAL;
    if (evtchn_owner(f->k, port) != f)
        return -ENOTCONN;
    ev_set(f->u.evtchn->enabled, port, false);
    evtchn_detach(f->k, port);
    return 0;
}

/* The BIND_* requests; -EACCES when RESTRICT_DOMID forbids the remote. */
static long evtchn_bind(struct linux_file *f, unsigned nr, void *arg)
{
    struct linux_evtchn_file *u = f->u.evtchn;
    uint32_t port = 0;
    int rc;

    if (nr == _IOC_NR(IOCTL_EVTCHN_BIND_VIRQ)) {
        if (u->restrict_domid != EVTCHN_UNRESTRICTED)
            return -EACCES;
        rc = linux_evtchn_bind_virq(f->k, ((struct ioctl_evtchn_bind_virq *)arg)->virq,
                                    &port);
    } else if (nr == _IOC_NR(IOCTL_EVTCHN_BIND_UNBOUND_PORT)) {
        struct ioctl_evtchn_bind_unbound_port *b = arg;

        if (u->restrict_domid != EVTCHN_UNRESTRICTED)
            return -EACCES;
        rc = linux_evtchn_alloc_unbound(f->k, (gntsim_domid_t)b->remote_domain, &port);
    } else {
        struct ioctl_evtchn_bind_interdomain *b = arg;

        if (u->restrict_domid != EVTCHN_UNRESTRICTED &&
            u->restrict_domid != b->remote_domain)
            return -EACCES;
        rc = linux_evtchn_bind_interdomain(f->k, (gntsim_domid_t)b->remote_domain,
                                           b->remote_port, &port);
    }
    return rc ? rc : evtchn_bind_to_user(f, port);
}

static long evtchn_restrict(struct linux_file *f,
                            const struct ioctl_evtchn_restrict_domid *r)
{
    if (f->u.evtchn->restrict_domid != EVTCHN_UNRESTRICTED)
        return -EACCES;
    if (r->domid == 0 || r->domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    f->u.evtchn->restrict_domid = r->domid;
    return 0;
}

/* The argument size each command needs, or 0 for an unknown command. */
static size_t evtchn_arg_size(unsigned long cmd)
{
    switch (cmd) {
    case IOCTL_EVTCHN_BIND_VIRQ:
    case IOCTL_EVTCHN_BIND_INTERDOMAIN:
    case IOCTL_EVTCHN_BIND_UNBOUND_PORT:
    case IOCTL_EVTCHN_UNBIND:
    case IOCTL_EVTCHN_NOTIFY:
    case IOCTL_EVTCHN_RESTRICT_DOMID:
        return _IOC_SIZE(cmd);
    case IOCTL_EVTCHN_RESET:
        return 1; /* no argument; 1 marks it known */
    default:
        return 0;
    }
}

long linux_evtchn_file_ioctl(struct linux_file *f, unsigned long cmd, void *arg,
                             size_t len)
{
    size_t need = evtchn_arg_size(cmd);

    if (need == 0)
        return -ENOTTY;
    if (cmd != IOCTL_EVTCHN_RESET && len < need)
        return -EFAULT;
    switch (cmd) {
    case IOCTL_EVTCHN_UNBIND:
        return evtchn_unbind(f, ((struct ioctl_evtchn_unbind *)arg)->port);
    case IOCTL_EVTCHN_NOTIFY: {
        uint32_t port = ((struct ioctl_evtchn_notify *)arg)->port;

        if (port >= LINUX_EVTCHN_NR_PORTS || evtchn_owner(f->k, port) != f)
            return -ENOTCONN;
        return linux_evtchn_notify(f->k, port);
    }
    case IOCTL_EVTCHN_RESET:
        f->u.evtchn->prod = f->u.evtchn->cons = 0;
        return 0;
    case IOCTL_EVTCHN_RESTRICT_DOMID:
        return evtchn_restrict(f, arg);
    default:
        return evtchn_bind(f, _IOC_NR(cmd), arg);
    }
}

long linux_evtchn_file_read(struct linux_file *f, void *buf, size_t len)
{
    struct linux_evtchn_file *u = f->u.evtchn;
    uint32_t *out = buf;
    size_t n = 0, max = (len < EVTCHN_RW_MAX ? len : EVTCHN_RW_MAX) / sizeof(uint32_t);

    if (len == 0)
        return 0;
    if (u->cons == u->prod)
        return -EAGAIN;
    for (; n < max && u->cons != u->prod; n++)
        out[n] = u->ring[u->cons++ % LINUX_EVTCHN_NR_PORTS];
    return (long)(n * sizeof(uint32_t));
}

long linux_evtchn_file_write(struct linux_file *f, const void *buf, size_t len)
{
    const uint32_t *in = buf;
    size_t n = (len < EVTCHN_RW_MAX ? len : EVTCHN_RW_MAX) / sizeof(uint32_t);

    for (size_t i = 0; i < n; i++) {
        uint32_t port = in[i];

        if (port < LINUX_EVTCHN_NR_PORTS && evtchn_owner(f->k, port) == f &&
            !ev_bit(f->u.evtchn->enabled, port)) {
            ev_set(f->u.evtchn->enabled, port, true);
            linux_evtchn_unmask(f->k, port); /* xen_irq_lateeoi() */
        }
    }
    return (long)(n * sizeof(uint32_t));
}

bool linux_evtchn_file_readable(const struct linux_file *f)
{
    return f->u.evtchn->cons != f->u.evtchn->prod;
}

int linux_evtchn_file_open(struct linux_file *f)
{
    f->u.evtchn = calloc(1, sizeof(*f->u.evtchn));
    if (!f->u.evtchn)
        return -ENOMEM;
    f->u.evtchn->restrict_domid = EVTCHN_UNRESTRICTED;
    return 0;
}

void linux_evtchn_file_release(struct linux_file *f)
{
    for (uint32_t port = 0; port < LINUX_EVTCHN_NR_PORTS; port++)
        if (evtchn_owner(f->k, port) == f)
            evtchn_detach(f->k, port);
    free(f->u.evtchn);
    f->u.evtchn = NULL;
}
