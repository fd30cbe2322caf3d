/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel's event-channel layer (Linux drivers/xen/events/
 * events_base.c and events_2l.c, reduced): EVTCHNOP_* through the
 * hypercall entry, a handler per port (the irq Linux binds), all ports
 * masked at init (xen_evtchn_mask_all) and unmasked when a handler is bound
 * (startup_dynirq), and the 2-level upcall that scans evtchn_pending_sel
 * and pending & ~mask in the shared_info page through the kernel's own
 * memory, clears each pending bit (ack_dynirq) and calls the handler.
 * State is created on first use.
 */
#ifndef GNTSIM_LINUX_EVENTS_H
#define GNTSIM_LINUX_EVENTS_H

#include <stdint.h>

#include "linux/linux.h"

/* EVTCHN_2L_NR_CHANNELS on a 64-bit kernel: 64 words of 64 ports. */
#define LINUX_EVTCHN_NR_PORTS 4096u

/* A bound port's handler (the irq handler a driver passes to bind_*_to_irqhandler). */
typedef void (*linux_evtchn_handler)(struct linux_kernel *k, uint32_t port, void *ctx);

/*
 * EVTCHNOP_alloc_unbound for @remote (xenbus_alloc_evtchn): *@port receives
 * the new, masked port. Returns 0 or the hypercall's -errno (-ESRCH: no
 * such remote; -ENOSPC: no free port; -EIO: Xen or the domain crashed).
 */
int linux_evtchn_alloc_unbound(struct linux_kernel *k, gntsim_domid_t remote,
                               uint32_t *port);
/*
 * EVTCHNOP_bind_interdomain to @remote's unbound @remote_port
 * (bind_interdomain_evtchn_to_irq): *@local_port receives the masked local
 * port, which Xen leaves pending. Returns 0 or -errno (-EINVAL: the remote
 * port is not unbound for us, -ESRCH, -EIO).
 */
int linux_evtchn_bind_interdomain(struct linux_kernel *k, gntsim_domid_t remote,
                                  uint32_t remote_port, uint32_t *local_port);
/*
 * Attach @fn(@ctx) to @port and unmask it (bind_evtchn_to_irqhandler): a
 * pending event is then delivered by the next upcall. Returns 0, -EINVAL
 * (port out of range), -EBUSY (a handler is already bound) or -ENOMEM.
 */
int linux_evtchn_bind_handler(struct linux_kernel *k, uint32_t port,
                              linux_evtchn_handler fn, void *ctx);
/* notify_remote_via_evtchn(): EVTCHNOP_send. Returns 0 or -errno (-EINVAL: free port). */
int linux_evtchn_notify(struct linux_kernel *k, uint32_t port);
/* Set @port's mask bit in shared_info (mask_evtchn). Returns 0, -EINVAL or -EFAULT. */
int linux_evtchn_mask(struct linux_kernel *k, uint32_t port);
/*
 * unmask_evtchn(): clear the mask bit; when the port is pending, Arm (an HVM
 * guest) asks Xen with EVTCHNOP_unmask so that the upcall is raised again.
 * Returns 0 or -errno.
 */
int linux_evtchn_unmask(struct linux_kernel *k, uint32_t port);
/*
 * unbind_from_irqhandler(): drop the handler, mask, EVTCHNOP_close.
 * Returns 0 or the hypercall's -errno (the handler is dropped anyway).
 */
int linux_evtchn_close(struct linux_kernel *k, uint32_t port);

/*
 * Whether @port's handler is @fn; then *@ctx (if not NULL) receives its context.
 * Cannot fail (false for a port out of range or before any event-channel use).
 */
bool linux_evtchn_bound_to(const struct linux_kernel *k, uint32_t port,
                           linux_evtchn_handler fn, void **ctx);
/* EVTCHNOP_bind_virq of @virq on vCPU 0 (bind_virq_to_irq): *@port, masked; or -errno. */
int linux_evtchn_bind_virq(struct linux_kernel *k, uint32_t virq, uint32_t *port);

/* Free @k's event-channel state (kernel teardown). Cannot fail. */
void linux_events_free(struct linux_kernel *k);

#endif
