/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI (xen/common/event_channel.c, event_2l.c):
 * per-domain ports (NR_EVENT_CHANNELS = 64 * 64 on 64-bit guests), pending
 * and mask bits in the domain's shared_info page (the Arm layout of
 * <xen/foreign/arm64.h> struct shared_info_arm64, in a Xen page mapped into
 * the guest), the vCPU's evtchn_upcall_pending / evtchn_pending_sel, and an
 * upcall queued on the world scheduler when an unmasked event becomes
 * pending.
 */
#ifndef GNTSIM_XEN_EVTCHN_H
#define GNTSIM_XEN_EVTCHN_H

#include <stdint.h>

#include "xen/xen.h"

struct sched;

/*
 * Where the shared_info page appears in every guest's P2M: Arm guests pick
 * the gfn with XENMAPSPACE_shared_info; gntsim picks it for them, above the
 * grant frames (GUEST_GNTTAB_BASE) and below RAM (GUEST_RAM0_BASE).
 */
#define EVTCHN_SHARED_INFO_GFN 0x39000ull
#define EVTCHN_NR_PORTS        4096u /* 2-level on a 64-bit guest: 64 * 64 */

/* The guest's upcall: called (from the scheduler) when @d has events pending. */
typedef void (*evtchn_upcall_fn)(void *ctx, uint16_t domid);

/*
 * Create @d's event-channel state and its shared_info page (mapped at
 * @shared_info_gfn in its P2M). Returns 0 or -ENOMEM with nothing left.
 */
int evtchn_domain_init(struct xen *x, struct domain *d, uint64_t shared_info_gfn);
/* Free it. Safe on a domain that never had one. */
void evtchn_domain_fini(struct xen *x, struct domain *d);

/* Register @d's upcall handler (what HYPERVISOR_callback_op / the vGIC PPI do). */
void evtchn_set_upcall(struct xen *x, struct domain *d, evtchn_upcall_fn fn, void *ctx);

/*
 * HYPERVISOR_event_channel_op(@cmd, @arg) from @d: EVTCHNOP_alloc_unbound,
 * bind_interdomain, send, close, status, unmask with the ABI structs of
 * <xen/event_channel.h>. Returns 0 or Xen's -errno; others -ENOSYS.
 */
long evtchn_hypercall(struct xen *x, struct domain *d, int cmd, void *arg);

#endif
