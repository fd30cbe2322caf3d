/* SPDX-License-Identifier: MIT */
/*
 * gntsim: the PV path's xenstore and event channels (src/dom0/xenstored,
 * src/xen/evtchn.c). Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_PV_H
#define GNTSIM_PV_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- PV path: xenstore and event channels (src/dom0/xenstored, src/xen/evtchn.c) ----
 */

/*
 * Read @path (absolute, or relative to /local/domain/<@as>) as domain @as
 * would, with xenstored's permission checks. @buf receives the value,
 * NUL-terminated. Returns 0, -ENOENT, -EACCES, -EINVAL (bad path), -ERANGE
 * (@len too small) or -ENOMEM.
 */
int gntsim_xs_read(struct gntsim_world *w, gntsim_domid_t as, const char *path, char *buf,
                   size_t len);
/* Write @path = @value as domain @as (parents created). 0, -EACCES, -EINVAL, -ENOMEM. */
int gntsim_xs_write(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                    const char *value);
/* Remove @path and its subtree as domain @as. 0, -ENOENT, -EACCES, -EINVAL, -ENOMEM. */
int gntsim_xs_rm(struct gntsim_world *w, gntsim_domid_t as, const char *path);
/*
 * Set @path's permissions as domain @as from a comma-separated list in
 * XS_SET_PERMS syntax ("n1,r0": owner d1 with default none, d0 may read).
 * Returns 0, -EACCES, -EPERM (changing the owner), -ENOENT, -EINVAL, -ENOMEM.
 */
int gntsim_xs_set_perms(struct gntsim_world *w, gntsim_domid_t as, const char *path,
                        const char *perms);
/*
 * One xenstore request on the wire as domain @as would send it through its ring or a
 * xenstored socket: @msg is a struct xsd_sockmsg (<xen/io/xs_wire.h>) and its hdr.len
 * payload bytes, @len in all. On 0, @reply (at least sizeof(struct xsd_sockmsg) +
 * XENSTORE_PAYLOAD_MAX bytes, @cap) holds the reply header and payload, *@reply_len
 * bytes: the request's type, or XS_ERROR with "EACCES", "ENOENT", ... as xenstored
 * sends it (docs/gntsimd.md lists the types; others are ENOSYS). Returns 0, -EINVAL
 * (no reply: a short message, a length that disagrees with hdr.len or beyond
 * XENSTORE_PAYLOAD_MAX, @cap too small) or -ENOMEM.
 */
int gntsim_xs_request(struct gntsim_world *w, gntsim_domid_t as, const void *msg,
                      size_t len, void *reply, size_t cap, size_t *reply_len);
/*
 * Where domain @dom's watch events go (XS_WATCH_EVENT: the path that fired and the
 * watch's token), delivered as the world runs its deferred work
 * (gntsim_run_pending()); @fn NULL drops the sink. A domain whose kernel gntsim boots
 * has that kernel's sink; this one replaces it. Returns 0, -ESRCH (no domain @dom) or
 * -ENOMEM.
 */
int gntsim_xs_watch_sink(struct gntsim_world *w, gntsim_domid_t dom,
                         void (*fn)(void *ctx, gntsim_domid_t dom, const char *path,
                                    const char *token),
                         void *ctx);
/*
 * Toolstack (libxl) view of a vif: the domains' homes, the frontend
 * /local/domain/<frontend>/device/vif/<devid> {backend, backend-id, state=1,
 * handle, mac} owned by the frontend and readable by the backend, and the
 * backend /local/domain/<backend>/backend/vif/<frontend>/<devid> {frontend,
 * frontend-id, online=1, state=1, handle, mac, type, script} owned by the
 * backend and readable by the frontend. Returns 0, -ESRCH (no such domain)
 * or -ENOMEM.
 */
int gntsim_xs_create_vif(struct gntsim_world *w, gntsim_domid_t frontend,
                         gntsim_domid_t backend, unsigned devid);
/*
 * HYPERVISOR_event_channel_op(@cmd, @arg) issued by @dom (EVTCHNOP_* with
 * the ABI structs of <xen/event_channel.h>). Returns what Xen returns;
 * -ESRCH: no such domain; -EIO: Xen or the domain crashed.
 */
long gntsim_evtchn_op(struct gntsim_world *w, gntsim_domid_t dom, int cmd, void *arg);
/*
 * Run the world's deferred work (event-channel upcalls, watch events, driver
 * work) until none is left. Returns the number of items run, or -ELOOP
 * when the safety limit stopped a livelock.
 */
long gntsim_run_pending(struct gntsim_world *w);

#ifdef __cplusplus
}
#endif
#endif
