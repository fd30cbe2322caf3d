/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel's xenbus client (Linux drivers/xen/xenbus/
 * xenbus_xs.c, xenbus_client.c, xenbus_probe.c, reduced): requests to the
 * in-world xenstore as struct xsd_sockmsg + payload, transactions, watches
 * whose events arrive through the world scheduler (the xenwatch thread),
 * and the device state machine helpers netfront and netback use.
 * Paths: @dir "/" @node (either may be "" as in Linux's join()); relative
 * paths resolve against /local/domain/<domid>. State is created on first
 * use.
 */
#ifndef GNTSIM_LINUX_XENBUS_H
#define GNTSIM_LINUX_XENBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xenbus.h>

#include "linux/linux.h"

#define XENBUS_PATH_MAX 256 /* paths gntsim's drivers build (xenstored allows 3072) */

/* include/xen/xenbus.h struct xenbus_transaction; XBT_NIL = no transaction. */
struct xenbus_transaction {
    uint32_t id;
};
#define XBT_NIL ((struct xenbus_transaction){0})

/* The parts of Linux's struct xenbus_device the PV drivers use. */
struct xenbus_device {
    char
        nodename[XENBUS_PATH_MAX]; /* "device/vif/0" or "backend/vif/1/0" (or absolute) */
    char otherend[XENBUS_PATH_MAX]; /* absolute path of the other end */
    gntsim_domid_t otherend_id;
    enum xenbus_state state; /* last state this end switched to */
};

/* A watch callback (struct xenbus_watch .callback): @path is the node that fired. */
typedef void (*xenbus_watch_fn)(struct linux_kernel *k, const char *path,
                                const char *token, void *ctx);

/* Read @dir/@node into @buf (NUL-terminated). 0, -ENOENT, -EACCES, -ERANGE (too long). */
int xenbus_read(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                const char *node, char *buf, size_t len);
/* Write @string at @dir/@node. Returns 0 or -errno (-EACCES, -EINVAL, -ENOMEM). */
int xenbus_write(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node, const char *string);
/* xenbus_write() of a formatted value. Returns 0 or -errno (-E2BIG: value too long). */
int xenbus_printf(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                  const char *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* sscanf() the value of @dir/@node: items matched (>= 0), or the read's -errno. */
int xenbus_scanf(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node, const char *fmt, ...)
    __attribute__((format(scanf, 5, 6)));
/* Create @dir/@node (exists: fine). Returns 0 or -errno. */
int xenbus_mkdir(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node);
/* Remove @dir/@node and everything below it (absent with a parent: fine). 0 or -errno. */
int xenbus_rm(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
              const char *node);
/* Whether @dir/@node exists and is readable (xenbus_exists). Cannot fail. */
bool xenbus_exists(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                   const char *node);
/*
 * Children of @dir/@node as NUL-separated names in @buf, *@num of them.
 * Returns 0, -ENOENT, -EACCES or -ERANGE (@buf too small).
 */
int xenbus_directory(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                     const char *node, char *buf, size_t len, unsigned *num);
/* XS_TRANSACTION_START: *@t receives the id. Returns 0 or -errno. */
int xenbus_transaction_start(struct linux_kernel *k, struct xenbus_transaction *t);
/*
 * XS_TRANSACTION_END, committing unless @abort. Returns 0, -EAGAIN (a
 * conflict: nothing was committed, the caller retries the whole
 * transaction, as Linux drivers do) or another -errno.
 */
int xenbus_transaction_end(struct linux_kernel *k, struct xenbus_transaction t,
                           bool abort);

/*
 * Register a watch on @path (register_xenbus_watch / xenbus_watch_path):
 * fires once right away, then on every change at or below @path, each time
 * calling @fn from the scheduler. *@id (may be NULL) receives a handle for
 * xenbus_unregister_watch(). Returns 0, -EEXIST, -ENOMEM or -errno.
 */
int xenbus_watch_path(struct linux_kernel *k, const char *path, xenbus_watch_fn fn,
                      void *ctx, uint32_t *id);
/* Remove watch @id; its queued events are dropped. Returns 0 or -ENOENT. */
int xenbus_unregister_watch(struct linux_kernel *k, uint32_t id);

/* Fill @dev for @nodename, state Initialising (xenbus_probe_node). 0 or -ENAMETOOLONG. */
int xenbus_device_init(struct xenbus_device *dev, const char *nodename);
/*
 * xenbus_read_otherend_details(): read @dev->nodename/@id_node (domid) and
 * @path_node (path) into dev->otherend_id/otherend; the path must exist.
 * Returns 0, -ENOENT ("missing other end") or the read's -errno.
 */
int xenbus_read_otherend_details(struct linux_kernel *k, struct xenbus_device *dev,
                                 const char *id_node, const char *path_node);
/*
 * Watch "<otherend>/state" (watch_otherend in xenbus_probe.c). Returns as
 * xenbus_watch_path().
 */
int xenbus_watch_otherend(struct linux_kernel *k, const struct xenbus_device *dev,
                          xenbus_watch_fn fn, void *ctx, uint32_t *id);
/* xenbus_read_driver_state(): "<path>/state", or XenbusStateUnknown when unreadable. */
enum xenbus_state xenbus_read_driver_state(struct linux_kernel *k, const char *path);
/*
 * xenbus_switch_state(): write "<nodename>/state" = @state in a transaction
 * (retried on EAGAIN) unless dev->state already is @state; a missing state
 * node (device gone) is not an error. dev->state is updated on success.
 * Returns 0 or -errno.
 */
int xenbus_switch_state(struct linux_kernel *k, struct xenbus_device *dev,
                        enum xenbus_state state);

/* Free @k's xenbus state and unregister its event sink. Cannot fail. */
void linux_xenbus_free(struct linux_kernel *k);

#endif
