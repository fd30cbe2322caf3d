/* SPDX-License-Identifier: MIT */
/*
 * xenstored's request handling (tools/xenstored/core.c: process_message with
 * wire_funcs' flags, canonicalize, is_valid_nodename, do_read, do_write,
 * do_mkdir, do_rm, do_get_perms, do_set_perms, send_directory,
 * send_directory_part, send_error with the xsd_errors names; watch.c
 * do_watch, do_unwatch; domain.c get_domain_path). One connection per
 * domain; dom0 is privileged.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0/xenstored/xs_private.h"

#define XS_PATH_BUF (XENSTORE_ABS_PATH_MAX + 1)

static bool xs_valid_chars(const char *p)
{
    for (; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("-/_@", *p))
            return false;
    return true;
}

int xs_canonical(uint16_t domid, const char *path, char *buf, size_t len, bool *relative)
{
    int n;

    /* canonicalize() leaves "/..." and "@..." alone */
    *relative = path[0] != '/' && path[0] != '@';
    n = *relative ? snprintf(buf, len, "/local/domain/%u/%s", domid, path)
                  : snprintf(buf, len, "%s", path);
    if (n < 0 || (size_t)n >= len || buf[0] != '/' || !xs_valid_chars(buf) ||
        strstr(buf, "//") || (n > 1 && buf[n - 1] == '/') || (*relative && !path[0]))
        return EINVAL; /* is_valid_nodename() */
    return 0;
}

int xs_atoi(const char *s)
{
    return (int)strtol(s, NULL, 10); /* glibc: atoi(s) is (int)strtol(s, NULL, 10) */
}

int xs_do_write(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                const char *path, const char *value, size_t len, bool fire)
{
    struct xs_node *n = xs_lookup(root, path);
    int rc = n ? xs_node_set_value(xs, n, value, len)
               : xs_node_create(xs, root, domid, path, value, len, &n);

    if (!rc && fire)
        xs_fire(xs, path, n, false);
    return rc;
}

int xs_do_mkdir(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                const char *path, bool fire)
{
    struct xs_node *n = xs_lookup(root, path);
    int rc;

    if (n)
        return 0; /* "If it already exists, fine." */
    rc = xs_node_create(xs, root, domid, path, "", 0, &n);
    if (!rc && fire)
        xs_fire(xs, path, n, false);
    return rc;
}

/* delnode_sub(): children first, exact matches below the root, subtree at the root. */
static void xs_fire_rm(struct xenstore *xs, const struct xs_node *n, bool top)
{
    for (unsigned i = 0; i < n->nr_child; i++)
        xs_fire_rm(xs, n->child[i], false);
    xs_fire(xs, n->name, n, !top);
}

int xs_do_rm(struct xenstore *xs, struct xs_node *root, const char *path, bool fire)
{
    struct xs_node *n = xs_lookup(root, path);

    if (!n)
        return 0;
    if (fire)
        xs_fire_rm(xs, n, true);
    xs->gen += xs_node_count(n); /* delnode_sub(): access_node(DELETE) on each */
    xs_node_unlink(xs, n);
    xs_node_free(n);
    return 0;
}

int xs_do_set_perms(struct xenstore *xs, struct xs_node *root, const char *path,
                    const char *perms, size_t len, bool fire)
{
    struct xs_node *n = xs_lookup(root, path);
    struct xs_perm *p;
    unsigned nr;
    int rc = n ? xs_perms_parse(perms, len, &p, &nr) : ENOENT;

    if (rc)
        return rc;
    free(n->perms);
    n->perms = p;
    n->nr_perms = nr;
    n->gen = ++xs->gen;
    if (fire)
        xs_fire(xs, path, n, false);
    return 0;
}

void xs_reply(struct xenstore_reply *rep, uint32_t type, const void *data, size_t len)
{
    rep->hdr.type = type;
    rep->hdr.len = (uint32_t)len;
    if (len)
        memcpy(rep->body, data, len);
    rep->body[len] = '\0';
}

static const char *xs_errname(int err)
{
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (xsd_errors[i].errnum == err)
            return xsd_errors[i].errstring;
    return "EINVAL"; /* send_error(): unknown errors go out as EINVAL */
}

/* A request in flight: who, which transaction, the canonical path. */
struct xs_req {
    uint16_t domid;
    struct xs_tx *tx;
    struct xs_node *root; /* the store, or the transaction's view */
    char path[XS_PATH_BUF];
    bool relative;
};

/* Record what a transaction touches: @path and, with @up, its ancestors up to an
 * existing one (their child lists change). 0 or ENOMEM. */
static int xs_touch(struct xs_req *r, const char *path, bool up)
{
    char buf[XS_PATH_BUF];
    int rc;

    if (!r->tx)
        return 0;
    rc = xs_tx_access(r->tx, path);
    snprintf(buf, sizeof(buf), "%s", path);
    while (!rc && up && strcmp(buf, "/")) {
        xs_parent_name(buf, buf);
        rc = xs_tx_access(r->tx, buf);
        up = !xs_lookup(r->root, buf);
    }
    return rc;
}

const char *xs_onearg(const char *p, size_t len)
{
    return len && memchr(p, '\0', len) == p + len - 1 ? p : NULL;
}

static int xs_op_read(struct xs_req *r, struct xenstore_reply *rep, uint32_t type)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    struct xs_node *n;
    size_t len = 0;
    int rc = xs_touch(r, r->path, false);

    if (!rc)
        rc = xs_get_node(r->root, r->domid, r->path, XS_PERM_READ, &n);
    if (rc)
        return rc;
    if (type == XS_READ) {
        xs_reply(rep, type, n->value, n->len < sizeof(buf) ? n->len : sizeof(buf));
        return 0;
    }
    if (type == XS_GET_PERMS) {
        len = xs_perms_render(n, buf, sizeof(buf));
    } else { /* XS_DIRECTORY: each child's name, NUL-terminated */
        for (unsigned i = 0; i < n->nr_child; i++) {
            const char *base = strrchr(n->child[i]->name, '/') + 1;
            size_t bl = strlen(base) + 1;

            if (len + bl > sizeof(buf))
                return E2BIG;
            memcpy(buf + len, base, bl);
            len += bl;
        }
    }
    xs_reply(rep, type, buf, len);
    return 0;
}

/* After a change in a transaction: log it for the commit. */
static int xs_log(struct xs_req *r, uint32_t type, const char *data, size_t len)
{
    return r->tx ? xs_tx_log(r->tx, type, r->path, data, len) : 0;
}

static int xs_op_write(struct xenstore *xs, struct xs_req *r, uint32_t type,
                       const char *value, size_t len)
{
    struct xs_node *n;
    int rc = xs_get_node(r->root, r->domid, r->path, XS_PERM_WRITE, &n);

    if (rc && rc != ENOENT)
        return rc; /* no permission, or told nothing */
    if (type == XS_MKDIR && !rc)
        return 0;
    rc = xs_touch(r, r->path, true);
    if (!rc)
        rc = type == XS_WRITE
                 ? xs_do_write(xs, r->root, r->domid, r->path, value, len, !r->tx)
                 : xs_do_mkdir(xs, r->root, r->domid, r->path, !r->tx);
    return rc ? rc : xs_log(r, type, value, len);
}

static int xs_op_rm(struct xenstore *xs, struct xs_req *r)
{
    char parent[XS_PATH_BUF];
    struct xs_node *n;
    int rc = xs_get_node(r->root, r->domid, r->path, XS_PERM_WRITE, &n);

    xs_parent_name(r->path, parent);
    if (rc == ENOENT) /* "Didn't exist already? Fine, if parent exists." */
        return xs_lookup(r->root, parent) ? 0 : ENOENT;
    if (rc)
        return rc;
    if (!strcmp(r->path, "/"))
        return EINVAL;
    rc = xs_touch(r, r->path, false);
    if (!rc)
        rc = xs_touch(r, parent, false);
    if (!rc)
        rc = xs_do_rm(xs, r->root, r->path, !r->tx);
    return rc ? rc : xs_log(r, XS_RM, NULL, 0);
}

static int xs_op_set_perms(struct xenstore *xs, struct xs_req *r, const char *perms,
                           size_t len)
{
    struct xs_perm *p;
    struct xs_node *n;
    unsigned nr;
    int rc = xs_perms_parse(perms, len, &p, &nr);

    if (rc)
        return rc;
    rc = xs_get_node(r->root, r->domid, r->path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
    /* "Unprivileged domains may not change the owner." */
    if (!rc && r->domid != 0 && p[0].id != n->perms[0].id)
        rc = EPERM;
    free(p);
    if (!rc)
        rc = xs_touch(r, r->path, false);
    if (!rc)
        rc = xs_do_set_perms(xs, r->root, r->path, perms, len, !r->tx);
    return rc ? rc : xs_log(r, XS_SET_PERMS, perms, len);
}

static int xs_op_watch(struct xenstore *xs, struct xs_req *r, uint32_t type,
                       const char *p, size_t len)
{
    const char *token = p + strnlen(p, len) + 1;
    bool rel = false;
    int rc = 0;

    /* exactly two strings: path, token */
    if (!len || p[len - 1] || token > p + len - 1 ||
        memchr(token, '\0', len) != p + len - 1)
        return EINVAL;
    if (p[0] != '@')
        rc = xs_canonical(r->domid, p, r->path, sizeof(r->path), &rel);
    else if (strlen(p) > XENSTORE_REL_PATH_MAX) /* check_watch_path(): taken as it is */
        rc = EINVAL;
    else
        snprintf(r->path, sizeof(r->path), "%s", p);
    /* do_unwatch() only canonicalizes: a path no watch can have matches none */
    if (type == XS_UNWATCH)
        return rc ? ENOENT : xs_watch_del(xs, r->domid, r->path, token);
    return rc ? rc : xs_watch_add(xs, r->domid, r->path, token, rel);
}

static int xs_op_tx(struct xenstore *xs, struct xs_req *r, uint32_t type, const char *p,
                    size_t len, struct xenstore_reply *rep)
{
    char buf[16];
    uint32_t id;
    int rc;

    if (type == XS_TRANSACTION_START) {
        if (r->tx)
            return EBUSY; /* no nested transactions */
        rc = xs_tx_start(xs, r->domid, &id);
        if (!rc)
            xs_reply(rep, type, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
        return rc;
    }
    if (!r->tx)
        return ENOENT;
    if (!xs_onearg(p, len) || (strcmp(p, "T") && strcmp(p, "F")))
        return EINVAL;
    return xs_tx_end(xs, r->tx, !strcmp(p, "T"));
}

/* @n's list of children as xenstored stores it (node->children): each name
 * NUL-terminated, in creation order. malloc'd, *@len bytes; NULL: no memory. */
static char *xs_children(const struct xs_node *n, size_t *len)
{
    size_t total = 0, off = 0;
    char *kids;

    for (unsigned i = 0; i < n->nr_child; i++)
        total += strlen(strrchr(n->child[i]->name, '/') + 1) + 1;
    kids = malloc(total ? total : 1);
    for (unsigned i = 0; kids && i < n->nr_child; i++) {
        const char *base = strrchr(n->child[i]->name, '/') + 1;

        memcpy(kids + off, base, strlen(base) + 1);
        off += strlen(base) + 1;
    }
    *len = total;
    return kids;
}

/* send_directory_part()'s reply: "<generation>\0", the children from byte @off
 * as many as fit, and an empty string when the list is complete. */
static void xs_dirpart_reply(const struct xs_node *n, const char *kids, size_t childlen,
                             unsigned off, struct xenstore_reply *rep)
{
    char data[XENSTORE_PAYLOAD_MAX];
    size_t genlen = (size_t)snprintf(data, 24, "%" PRIu64, n->gen) + 1, len = 0;
    size_t maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
    const char *child = kids + off;

    /* "Offset behind list: just return a list with an empty string." */
    if (off >= childlen) {
        data[genlen] = '\0';
        xs_reply(rep, XS_DIRECTORY_PART, data, genlen + 1);
        return;
    }
    while (len + strlen(child) < maxlen) {
        len += strlen(child) + 1;
        child += strlen(child) + 1;
        if (off + len == childlen)
            break;
    }
    memcpy(data + genlen, kids + off, len);
    if (off + len == childlen)
        data[genlen + len++] = '\0';
    xs_reply(rep, XS_DIRECTORY_PART, data, genlen + len);
}

/* XS_DIRECTORY_PART "path\0offset\0" (send_directory_part, xenstored_core.c 4.17). */
static int xs_op_dirpart(struct xs_req *r, const char *p, size_t len,
                         struct xenstore_reply *rep)
{
    struct xs_node *n;
    size_t nuls = 0, childlen;
    char *kids;
    int rc;

    for (size_t i = 0; i < len; i++) /* xs_count_strings() */
        nuls += p[i] == '\0';
    if (nuls != 2)
        return EINVAL;
    rc = xs_canonical(r->domid, p, r->path, sizeof(r->path), &r->relative);
    if (!rc)
        rc = xs_touch(r, r->path, false);
    if (!rc)
        rc = xs_get_node(r->root, r->domid, r->path, XS_PERM_READ, &n);
    if (rc)
        return rc;
    kids = xs_children(n, &childlen);
    if (!kids)
        return ENOMEM;
    /* "Second arg is childlist offset." (atoi, into an unsigned int) */
    xs_dirpart_reply(n, kids, childlen, (unsigned)xs_atoi(p + strlen(p) + 1), rep);
    free(kids);
    return 0;
}

/* SET_PERMS of "@...": do_set_perms() parses the list, then set_perms_special(). */
static int xs_op_set_perms_special(struct xenstore *xs, struct xs_req *r, const char *p,
                                   const char *perms, size_t len)
{
    struct xs_perm *pp;
    unsigned nr;
    int rc = xs_perms_parse(perms, len, &pp, &nr);

    if (rc)
        return rc;
    snprintf(r->path, sizeof(r->path), "%s", p);
    rc = xs_set_perms_special(xs, r->domid, p, pp, nr); /* takes @pp on success */
    if (rc)
        free(pp);
    return rc;
}

/* Requests on one path: read, write, mkdir, rm, directory, perms. */
static int xs_op_path(struct xenstore *xs, struct xs_req *r, uint32_t type, const char *p,
                      size_t len, struct xenstore_reply *rep)
{
    size_t plen = strnlen(p, len);
    int rc;

    if (plen == len || (type != XS_WRITE && type != XS_SET_PERMS && plen + 1 != len))
        return EINVAL;
    if (type == XS_SET_PERMS && p[0] == '@')
        return xs_op_set_perms_special(xs, r, p, p + plen + 1, len - plen - 1);
    rc = xs_canonical(r->domid, p, r->path, sizeof(r->path), &r->relative);
    if (rc)
        return rc;
    switch (type) {
    case XS_READ:
    case XS_DIRECTORY:
    case XS_GET_PERMS:
        return xs_op_read(r, rep, type);
    case XS_WRITE:
    case XS_MKDIR:
        return xs_op_write(xs, r, type, p + plen + 1, len - plen - 1);
    case XS_RM:
        return xs_op_rm(xs, r);
    default:
        return xs_op_set_perms(xs, r, p + plen + 1, len - plen - 1);
    }
}

static int xs_dispatch(struct xenstore *xs, struct xs_req *r, uint32_t type,
                       const char *p, size_t len, struct xenstore_reply *rep)
{
    char buf[48];
    unsigned long dom;
    char *end;

    switch (type) {
    case XS_DIRECTORY_PART:
        return xs_op_dirpart(r, p, len, rep);
    case XS_WATCH:
    case XS_UNWATCH:
        return xs_op_watch(xs, r, type, p, len);
    case XS_TRANSACTION_START:
    case XS_TRANSACTION_END:
        return xs_op_tx(xs, r, type, p, len, rep);
    case XS_INTRODUCE:
    case XS_RELEASE:
    case XS_IS_DOMAIN_INTRODUCED:
        return xs_op_domain(xs, type, p, len, rep);
    case XS_GET_DOMAIN_PATH:
        if (!xs_onearg(p, len))
            return EINVAL;
        dom = strtoul(p, &end, 10);
        if (*end || end == p || dom >= XS_MAX_DOMS)
            return EINVAL;
        xs_reply(rep, type, buf,
                 (size_t)snprintf(buf, sizeof(buf), "/local/domain/%lu", dom) + 1);
        return 0;
    default: /* read, directory, get_perms, write, mkdir, rm, set_perms */
        return xs_op_path(xs, r, type, p, len, rep);
    }
}

#define XS_F_PRIV  1u /* XS_FLAG_PRIV: privileged domains only */
#define XS_F_NOTID 2u /* XS_FLAG_NOTID: the transaction id is ignored */

/* wire_funcs[] (xenstored_core.c) for the types modelled: a name, the flags. */
static const struct xs_wire {
    const char *name;
    unsigned flags;
} xs_wire[XS_TYPE_COUNT] = {
    [XS_DIRECTORY] = {"directory", 0},
    [XS_READ] = {"read", 0},
    [XS_GET_PERMS] = {"get_perms", 0},
    [XS_WATCH] = {"watch", XS_F_NOTID},
    [XS_UNWATCH] = {"unwatch", XS_F_NOTID},
    [XS_TRANSACTION_START] = {"transaction_start", 0},
    [XS_TRANSACTION_END] = {"transaction_end", 0},
    [XS_INTRODUCE] = {"introduce", XS_F_PRIV},
    [XS_RELEASE] = {"release", XS_F_PRIV},
    [XS_GET_DOMAIN_PATH] = {"get_domain_path", 0},
    [XS_WRITE] = {"write", 0},
    [XS_MKDIR] = {"mkdir", 0},
    [XS_RM] = {"rm", 0},
    [XS_SET_PERMS] = {"set_perms", 0},
    [XS_IS_DOMAIN_INTRODUCED] = {"is_domain_introduced", XS_F_PRIV},
    [XS_DIRECTORY_PART] = {"directory_part", 0},
};

/* process_message()'s checks before the handler: 0, or the errno to send. */
static int xs_admit(struct xenstore *xs, struct xs_req *r, const struct xsd_sockmsg *hdr,
                    const void *payload)
{
    const struct xs_wire *wf = hdr->type < XS_TYPE_COUNT ? &xs_wire[hdr->type] : NULL;

    if (hdr->len > XENSTORE_PAYLOAD_MAX || (hdr->len && !payload))
        return EINVAL;
    if (!wf || !wf->name)
        return ENOSYS; /* "Client unknown operation" (or one not modelled) */
    if ((wf->flags & XS_F_PRIV) && r->domid != 0)
        return EACCES; /* domain_is_unprivileged() */
    if (hdr->tx_id && !(wf->flags & XS_F_NOTID)) {
        r->tx = xs_tx_find(xs, r->domid, hdr->tx_id);
        if (!r->tx)
            return ENOENT; /* transaction_lookup() */
    }
    return 0;
}

int xenstore_request(struct xenstore *xs, uint16_t domid, const struct xsd_sockmsg *hdr,
                     const void *payload, struct xenstore_reply *rep)
{
    struct xs_req r = {.domid = domid};
    const char *what;
    int rc;

    rep->hdr = *hdr;
    rc = xs_admit(xs, &r, hdr, payload);
    r.root = r.tx ? r.tx->root : xs->root;
    if (!rc) {
        xs_reply(rep, hdr->type, "OK", 3); /* send_ack() unless the op replies */
        rc = xs_dispatch(xs, &r, hdr->type, hdr->len ? payload : "", hdr->len, rep);
    }
    if (rc)
        xs_reply(rep, XS_ERROR, xs_errname(rc), strlen(xs_errname(rc)) + 1);
    /* the path it names, else its payload if that is a string */
    what =
        r.path[0] ? r.path
        : payload && hdr->len <= XENSTORE_PAYLOAD_MAX && memchr(payload, '\0', hdr->len)
            ? payload
            : "";
    TRACE(xs->trace, XS_OP, TA_U(domid),
          TA_S(hdr->type < XS_TYPE_COUNT && xs_wire[hdr->type].name
                   ? xs_wire[hdr->type].name
                   : "unknown"),
          TA_S(what), TA_U(hdr->tx_id), TA_S(rc ? xs_errname(rc) : "OK"));
    return rc;
}
