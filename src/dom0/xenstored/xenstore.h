/* SPDX-License-Identifier: MIT */
/*
 * The xenstore daemon, modelled in-world (tools/xenstored: core.c,
 * transaction.c, watch.c). In a real system it is a dom0 process reached
 * over a shared ring plus an event channel; here a domain's kernel hands it
 * one request at a time (struct xsd_sockmsg + payload of <xen/io/xs_wire.h>)
 * and gets the reply back synchronously. Watch events are queued per
 * domain and delivered in order through the world scheduler to the sink
 * the domain's kernel registered (its xenbus "xenwatch" thread).
 *
 * Semantics kept from xenstored: canonical paths (relative ones resolve
 * against /local/domain/<domid>), permissions (perm_for_conn: dom0 and the
 * owner get everything, then a per-domain entry, else the first entry's
 * default), errno hiding through the parents (errno_from_parents),
 * implicit parent creation with inherited permissions (construct_node),
 * transactions that fail with EAGAIN at TRANSACTION_END when a node they
 * accessed changed behind them (generation counts), watches with their
 * initial fire, subtree matching and the rm walk (delnode_sub), directory
 * listings in parts with the node's generation (send_directory_part), and
 * the special watch paths @introduceDomain and @releaseDomain with their
 * own permissions (xenstored_domain.c).
 */
#ifndef GNTSIM_XEN_XENSTORE_H
#define GNTSIM_XEN_XENSTORE_H

#include <errno.h> /* before xs_wire.h: its xsd_errors table needs the E* names */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

struct trace;
struct sched;
struct xenstore;

/* Reply as xenstored sends it: header (type, req_id, tx_id echoed, len) + body. */
struct xenstore_reply {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* always NUL-terminated after hdr.len bytes */
};

/* A domain's watch-event sink: XS_WATCH_EVENT (path, token), called from the scheduler.
 */
typedef void (*xenstore_event_fn)(void *ctx, uint16_t domid, const char *path,
                                  const char *token);
/* Does domain @domid exist (and is not dying)? What XS_INTRODUCE asks of Xen. */
typedef bool (*xenstore_domain_fn)(void *ctx, uint16_t domid);

/* Create an empty store ("/" and "/local", owned by dom0). Returns 0 or -ENOMEM. */
int xenstore_create(struct trace *trace, struct sched *sched, struct xenstore **out);
/* Free the store, its transactions, watches and undelivered events; NULL accepted. */
void xenstore_destroy(struct xenstore *xs);

/*
 * Handle one request from @domid: @hdr->type one of XS_READ, XS_WRITE,
 * XS_MKDIR, XS_RM, XS_DIRECTORY, XS_DIRECTORY_PART, XS_GET_PERMS,
 * XS_SET_PERMS, XS_TRANSACTION_START/END, XS_WATCH, XS_UNWATCH,
 * XS_GET_DOMAIN_PATH, and from dom0 XS_INTRODUCE, XS_RELEASE,
 * XS_IS_DOMAIN_INTRODUCED, with @hdr->len bytes at @payload. *@rep receives
 * the reply (XS_ERROR with "EACCES", "ENOENT", ... as xenstored sends it).
 * Returns 0 when a reply of the request's type was produced, else the
 * positive errno also sent as XS_ERROR (ENOSYS for other types, EINVAL for
 * malformed payloads).
 */
int xenstore_request(struct xenstore *xs, uint16_t domid, const struct xsd_sockmsg *hdr,
                     const void *payload, struct xenstore_reply *rep);

/* Register (fn != NULL) or drop @domid's watch-event sink. Cannot fail. */
void xenstore_set_sink(struct xenstore *xs, uint16_t domid, xenstore_event_fn fn,
                       void *ctx);

/* ---- toolstack role (privileged, like libxl in dom0) ---- */

/* Tell the store which domains exist (@fn NULL: all of them). Cannot fail. */
void xenstore_set_domains(struct xenstore *xs, xenstore_domain_fn fn, void *ctx);
/*
 * libxl__domain_make's home of @domid: /local/domain/<id> {n0, r<id>},
 * its "domid" node, and device/ and data/ owned by <id>. Idempotent.
 * Returns 0 or -ENOMEM.
 */
int xenstore_domain_home(struct xenstore *xs, uint16_t domid);
/*
 * introduce_domain() as XS_INTRODUCE runs it (libxl__build_post's
 * xs_introduce_domain): @domid gets a fresh connection (its watches and
 * transactions end) and, unless it is dom0 or already introduced,
 * @introduceDomain fires. Cannot fail.
 */
void xenstore_introduce(struct xenstore *xs, uint16_t domid);
/*
 * destroy_domain() (XS_RELEASE, or xenstored seeing the domain die): the
 * nodes @domid owns are removed (domain_tree_remove), it leaves the special
 * paths' permissions, and if it was introduced its connection ends and
 * @releaseDomain fires. Cannot fail.
 */
void xenstore_release(struct xenstore *xs, uint16_t domid);
/*
 * Write @path = @value as dom0, then, if @perms is not NULL, set its
 * permissions from the comma-separated list ("n1,r0"). Returns 0,
 * -EINVAL (bad path or perms) or -ENOMEM.
 */
int xenstore_seed(struct xenstore *xs, const char *path, const char *value,
                  const char *perms);

#endif
