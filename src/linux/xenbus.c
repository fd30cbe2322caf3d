/* SPDX-License-Identifier: MIT */
/*
 * The kernel's xenbus client (see xenbus.h): Linux drivers/xen/xenbus/
 * xenbus_xs.c (xs_talkv, join, xenbus_read/write/printf/scanf/directory,
 * transactions, register_xenbus_watch with a token per watch, xenwatch
 * dispatch), xenbus_client.c (__xenbus_switch_state, xenbus_read_driver_state)
 * and xenbus_probe.c (xenbus_read_otherend_details, watch_otherend).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/xenbus.h"
#include "env/grow.h"

struct linux_xb_watch {
    uint32_t id;
    char path[XENBUS_PATH_MAX];
    xenbus_watch_fn fn;
    void *ctx;
};

struct linux_xenbus {
    struct linux_xb_watch *watch;
    size_t nr_watch, cap_watch;
    uint32_t next_id;
};

/* The xenwatch thread: run the callback of the watch the token names. */
static void xb_event(void *ctx, uint16_t domid, const char *path, const char *token)
{
    struct linux_kernel *k = ctx;
    unsigned long id = strtoul(token, NULL, 16);

    (void)domid;
    for (size_t i = 0; k->xenbus && i < k->xenbus->nr_watch; i++)
        if (k->xenbus->watch[i].id == id) {
            struct linux_xb_watch wt = k->xenbus->watch[i];

            wt.fn(k, path, token, wt.ctx);
            return;
        }
}

/* xenbus_probe(): the watch list and the event ring's sink; false without memory. */
static bool xb_start(struct linux_kernel *k)
{
    if (k->xenbus)
        return true;
    k->xenbus = calloc(1, sizeof(*k->xenbus));
    if (k->xenbus && k->env.ops->xs_set_sink(k->env.board, k->domid, xb_event, k)) {
        free(k->xenbus);
        k->xenbus = NULL;
    }
    return k->xenbus != NULL;
}

void linux_xenbus_free(struct linux_kernel *k)
{
    if (!k->xenbus)
        return;
    k->env.ops->xs_set_sink(k->env.board, k->domid, NULL, NULL);
    free(k->xenbus->watch);
    free(k->xenbus);
    k->xenbus = NULL;
}

/* xs_talkv(): one request of @nr strings (the last @last_len bytes long, no NUL). */
static int xb_talk(struct linux_kernel *k, uint32_t tx, uint32_t type,
                   const char *const *s, unsigned nr, size_t last_len,
                   struct linux_xs_reply *rep)
{
    char payload[XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg hdr = {.type = type, .tx_id = tx};
    size_t off = 0;

    if (!xb_start(k))
        return -ENOMEM;
    for (unsigned i = 0; i < nr; i++) {
        size_t len = i + 1 == nr && last_len != SIZE_MAX ? last_len : strlen(s[i]) + 1;

        if (off + len > sizeof(payload))
            return -E2BIG;
        memcpy(payload + off, s[i], len);
        off += len;
    }
    hdr.len = (uint32_t)off;
    return -k->env.ops->xs_request(k->env.board, k->domid, &hdr, payload, rep);
}

/* join(): "dir/node", or dir alone when node is "". -ENAMETOOLONG if it does not fit. */
static int xb_join(char *buf, const char *dir, const char *node)
{
    int n = !node[0]  ? snprintf(buf, XENBUS_PATH_MAX, "%s", dir)
            : !dir[0] ? snprintf(buf, XENBUS_PATH_MAX, "%s", node)
                      : snprintf(buf, XENBUS_PATH_MAX, "%s/%s", dir, node);

    return n < 0 || n >= XENBUS_PATH_MAX ? -ENAMETOOLONG : 0;
}

/* A request on @dir/@node with an optional value. */
static int xb_path_op(struct linux_kernel *k, struct xenbus_transaction t, uint32_t type,
                      const char *dir, const char *node, const char *value,
                      struct linux_xs_reply *rep)
{
    char path[XENBUS_PATH_MAX];
    const char *s[2] = {path, value};
    int rc = xb_join(path, dir, node);

    return rc ? rc
              : xb_talk(k, t.id, type, s, value ? 2 : 1, value ? strlen(value) : SIZE_MAX,
                        rep);
}

int xenbus_read(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                const char *node, char *buf, size_t len)
{
    struct linux_xs_reply rep;
    int rc = xb_path_op(k, t, XS_READ, dir, node, NULL, &rep);

    if (rc)
        return rc;
    if (rep.hdr.len >= len)
        return -ERANGE;
    memcpy(buf, rep.body, rep.hdr.len + 1);
    return 0;
}

int xenbus_write(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node, const char *string)
{
    struct linux_xs_reply rep;

    return xb_path_op(k, t, XS_WRITE, dir, node, string, &rep);
}

int xenbus_printf(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                  const char *node, const char *fmt, ...)
{
    char val[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(val))
        return -E2BIG;
    return xenbus_write(k, t, dir, node, val);
}

int xenbus_scanf(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node, const char *fmt, ...)
{
    char val[512];
    va_list ap;
    int rc = xenbus_read(k, t, dir, node, val, sizeof(val));

    if (rc)
        return rc;
    va_start(ap, fmt);
    rc = vsscanf(val, fmt, ap);
    va_end(ap);
    return rc < 0 ? -ERANGE : rc; /* Linux: "-ERANGE" when nothing matched */
}

int xenbus_mkdir(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                 const char *node)
{
    struct linux_xs_reply rep;

    return xb_path_op(k, t, XS_MKDIR, dir, node, NULL, &rep);
}

int xenbus_rm(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
              const char *node)
{
    struct linux_xs_reply rep;

    return xb_path_op(k, t, XS_RM, dir, node, NULL, &rep);
}

bool xenbus_exists(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                   const char *node)
{
    struct linux_xs_reply rep;

    /* Linux's xenbus_exists() lists the node as a directory */
    return !xb_path_op(k, t, XS_DIRECTORY, dir, node, NULL, &rep);
}

int xenbus_directory(struct linux_kernel *k, struct xenbus_transaction t, const char *dir,
                     const char *node, char *buf, size_t len, unsigned *num)
{
    struct linux_xs_reply rep;
    int rc = xb_path_op(k, t, XS_DIRECTORY, dir, node, NULL, &rep);

    if (rc)
        return rc;
    if (rep.hdr.len > len)
        return -ERANGE;
    memcpy(buf, rep.body, rep.hdr.len);
    *num = 0;
    for (uint32_t i = 0; i < rep.hdr.len; i++)
        *num += rep.body[i] == '\0';
    return 0;
}

int xenbus_transaction_start(struct linux_kernel *k, struct xenbus_transaction *t)
{
    const char *s[1] = {""};
    struct linux_xs_reply rep;
    int rc = xb_talk(k, 0, XS_TRANSACTION_START, s, 1, SIZE_MAX, &rep);

    if (!rc)
        t->id = (uint32_t)strtoul(rep.body, NULL, 10);
    return rc;
}

int xenbus_transaction_end(struct linux_kernel *k, struct xenbus_transaction t,
                           bool abort)
{
    const char *s[1] = {abort ? "F" : "T"};
    struct linux_xs_reply rep;

    return xb_talk(k, t.id, XS_TRANSACTION_END, s, 1, SIZE_MAX, &rep);
}

int xenbus_watch_path(struct linux_kernel *k, const char *path, xenbus_watch_fn fn,
                      void *ctx, uint32_t *id)
{
    char token[16];
    const char *s[2] = {path, token};
    struct linux_xs_reply rep;
    struct linux_xenbus *xb;
    int rc;

    if (!fn)
        return -EINVAL;
    if (strlen(path) >= XENBUS_PATH_MAX)
        return -ENAMETOOLONG;
    if (!xb_start(k))
        return -ENOMEM;
    xb = k->xenbus;
    if (xb->nr_watch == xb->cap_watch) {
        struct linux_xb_watch *n =
            sim_grow(xb->watch, &xb->cap_watch, xb->nr_watch + 1, sizeof(*n), 8);

        if (!n)
            return -ENOMEM;
        xb->watch = n;
    }
    /* register_xenbus_watch(): the token names the watch ("%lX" of its address) */
    xb->watch[xb->nr_watch] =
        (struct linux_xb_watch){.id = ++xb->next_id, .fn = fn, .ctx = ctx};
    memcpy(xb->watch[xb->nr_watch].path, path, strlen(path) + 1);
    snprintf(token, sizeof(token), "%X", xb->next_id);
    rc = xb_talk(k, 0, XS_WATCH, s, 2, SIZE_MAX, &rep);
    if (rc)
        return rc;
    if (id)
        *id = xb->watch[xb->nr_watch].id;
    xb->nr_watch++;
    return 0;
}

int xenbus_unregister_watch(struct linux_kernel *k, uint32_t id)
{
    struct linux_xenbus *xb = k->xenbus;
    char token[16];
    const char *s[2] = {NULL, token};
    struct linux_xs_reply rep;

    for (size_t i = 0; xb && i < xb->nr_watch; i++) {
        if (xb->watch[i].id != id)
            continue;
        snprintf(token, sizeof(token), "%X", id);
        s[0] = xb->watch[i].path;
        xb_talk(k, 0, XS_UNWATCH, s, 2, SIZE_MAX, &rep);
        memmove(&xb->watch[i], &xb->watch[i + 1],
                (xb->nr_watch - i - 1) * sizeof(xb->watch[0]));
        xb->nr_watch--;
        return 0; /* queued events for it are dropped by xb_event (Linux purges them) */
    }
    return -ENOENT;
}

int xenbus_device_init(struct xenbus_device *dev, const char *nodename)
{
    if (strlen(nodename) >= sizeof(dev->nodename))
        return -ENAMETOOLONG;
    *dev = (struct xenbus_device){.state = XenbusStateInitialising};
    memcpy(dev->nodename, nodename, strlen(nodename) + 1);
    return 0;
}

int xenbus_read_otherend_details(struct linux_kernel *k, struct xenbus_device *dev,
                                 const char *id_node, const char *path_node)
{
    char path[XENBUS_PATH_MAX];
    int id, rc = xenbus_scanf(k, XBT_NIL, dev->nodename, id_node, "%i", &id);

    if (rc == 1)
        rc = xenbus_read(k, XBT_NIL, dev->nodename, path_node, path, sizeof(path));
    else if (rc >= 0)
        rc = -ERANGE;
    if (rc) {
        linux_log(k, "reading other end details from %s", dev->nodename);
        return rc;
    }
    if (!path[0] || !xenbus_exists(k, XBT_NIL, path, "")) {
        linux_log(k, "missing other end from %s", dev->nodename);
        return -ENOENT;
    }
    dev->otherend_id = (gntsim_domid_t)id;
    memcpy(dev->otherend, path, strlen(path) + 1);
    return 0;
}

int xenbus_watch_otherend(struct linux_kernel *k, const struct xenbus_device *dev,
                          xenbus_watch_fn fn, void *ctx, uint32_t *id)
{
    char path[XENBUS_PATH_MAX];
    int rc = xb_join(path, dev->otherend, "state");

    return rc ? rc : xenbus_watch_path(k, path, fn, ctx, id);
}

enum xenbus_state xenbus_read_driver_state(struct linux_kernel *k, const char *path)
{
    int state;

    if (xenbus_scanf(k, XBT_NIL, path, "state", "%d", &state) != 1)
        return XenbusStateUnknown;
    return (enum xenbus_state)state;
}

/* One attempt of __xenbus_switch_state(); *@abort tells whether it gave up. */
static int xb_switch_once(struct linux_kernel *k, struct xenbus_device *dev,
                          enum xenbus_state state, bool *abort)
{
    struct xenbus_transaction t;
    int cur, rc = xenbus_transaction_start(k, &t);

    *abort = true;
    if (rc)
        return rc;
    /* the state node vanished: the device is going away, nothing to write */
    if (xenbus_scanf(k, t, dev->nodename, "state", "%d", &cur) == 1) {
        rc = xenbus_printf(k, t, dev->nodename, "state", "%d", (int)state);
        *abort = rc != 0;
    }
    if (!rc)
        rc = xenbus_transaction_end(k, t, *abort);
    else
        xenbus_transaction_end(k, t, true);
    return rc;
}

int xenbus_switch_state(struct linux_kernel *k, struct xenbus_device *dev,
                        enum xenbus_state state)
{
    bool abort;
    int rc;

    if (state == dev->state)
        return 0;
    do
        rc = xb_switch_once(k, dev, state, &abort);
    while (rc == -EAGAIN && !abort);
    if (rc) {
        linux_log(k, "%s: writing new state %d failed (%d)", dev->nodename, (int)state,
                  rc);
        return rc;
    }
    dev->state = state;
    return 0;
}
