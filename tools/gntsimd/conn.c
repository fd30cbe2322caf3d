/* SPDX-License-Identifier: MIT */
/*
 * gntsimd's connections: framing of xs_wire messages on a stream socket, one request
 * answered at a time, and what a connection holds in the store (watches, transactions)
 * so that its death ends them, as xenstored does when a client goes away
 * (tools/xenstore/xenstored_core.c: talloc destructors of the connection end its
 * transactions and remove its watches).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gntsimd.h"

int gd_conn_add(struct gntsimd *d, int fd, gntsim_domid_t dom)
{
    for (unsigned i = 0; i < GD_MAX_CONNS; i++)
        if (!d->conn[i]) {
            d->conn[i] = calloc(1, sizeof(*d->conn[i]));
            if (!d->conn[i])
                return -ENOMEM;
            d->conn[i]->fd = fd;
            d->conn[i]->dom = dom;
            d->conn_hi = i >= d->conn_hi ? i + 1 : d->conn_hi;
            return 0;
        }
    return -EMFILE;
}

void gd_conn_queue(struct gd_conn *c, const void *b, size_t len)
{
    if (c->out_len + len > GD_OUT_MAX) {
        c->dead = true;
        return;
    }
    if (c->out_len + len > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        uint8_t *n;

        while (cap < c->out_len + len)
            cap *= 2;
        n = realloc(c->out, cap);
        if (!n) {
            c->dead = true;
            return;
        }
        c->out = n;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, b, len);
    c->out_len += len;
}

void gd_conn_flush(struct gd_conn *c)
{
    while (c->out_len && !c->dead) {
        ssize_t n = write(c->fd, c->out, c->out_len);

        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (n <= 0) {
            c->dead = true;
            return;
        }
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
}

/* The two NUL-terminated strings of a WATCH/UNWATCH payload, or false. */
static bool watch_args(const uint8_t *p, size_t len, const char **path,
                       const char **token)
{
    const char *s = (const char *)p;
    const char *nul = memchr(s, '\0', len);

    if (!nul || !memchr(nul + 1, '\0', len - (size_t)(nul + 1 - s)))
        return false;
    *path = s;
    *token = nul + 1;
    return true;
}

static void watch_drop(struct gd_conn *c, unsigned i)
{
    free(c->watch[i].path);
    free(c->watch[i].token);
    c->watch[i] = c->watch[--c->nwatch];
}

/* What a successful request leaves with @c: a watch, a transaction, or their end. */
static void conn_note(struct gd_conn *c, const struct xsd_sockmsg *h, const uint8_t *p,
                      const struct xsd_sockmsg *r, const uint8_t *rp)
{
    const char *path, *token;

    if (r->type == XS_ERROR)
        return;
    if (h->type == XS_WATCH && watch_args(p, h->len, &path, &token) &&
        c->nwatch < GD_MAX_WATCHES) {
        struct gd_watch w = {strdup(path), strdup(token)};

        if (w.path && w.token)
            c->watch[c->nwatch++] = w;
        else
            free(w.path), free(w.token);
    } else if (h->type == XS_UNWATCH && watch_args(p, h->len, &path, &token)) {
        for (unsigned i = 0; i < c->nwatch; i++)
            if (!strcmp(c->watch[i].path, path) && !strcmp(c->watch[i].token, token)) {
                watch_drop(c, i);
                break;
            }
    } else if (h->type == XS_TRANSACTION_START && c->ntx < GD_MAX_TX) {
        c->tx[c->ntx++] = (uint32_t)strtoul((const char *)rp, NULL, 10);
    } else if (h->type == XS_TRANSACTION_END) {
        for (unsigned i = 0; i < c->ntx; i++)
            if (c->tx[i] == h->tx_id) {
                c->tx[i] = c->tx[--c->ntx];
                break;
            }
    }
}

int gd_request(struct gntsimd *d, struct gd_conn *c, gntsim_domid_t dom,
               const uint8_t *msg, size_t len, uint8_t *reply, size_t *reply_len)
{
    uint8_t rep[GD_MSG_MAX];
    size_t rlen = 0;
    struct xsd_sockmsg h, r;
    int rc;

    if (d->log)
        gd_log_hex(d->log, ">", dom, msg, len);
    rc = gntsim_xs_request(d->w, dom, msg, len, rep, sizeof(rep), &rlen);
    d->requests++;
    if (rc)
        return rc;
    memcpy(&h, msg, sizeof(h));
    memcpy(&r, rep, sizeof(r));
    if (d->log)
        gd_log_hex(d->log, "<", dom, rep, rlen);
    if (c) {
        conn_note(c, &h, msg + sizeof(h), &r, rep + sizeof(r));
        gd_conn_queue(c, rep, rlen);
    } else {
        memcpy(reply, rep, rlen);
        *reply_len = rlen;
    }
    return 0;
}

void gd_conn_read(struct gntsimd *d, struct gd_conn *c)
{
    struct xsd_sockmsg h;
    size_t want = sizeof(h);
    ssize_t n;

    if (c->in_len >= sizeof(h)) { /* the header is in: read its payload (checked below) */
        memcpy(&h, c->in, sizeof(h));
        want += h.len;
    }
    n = read(c->fd, c->in + c->in_len, want - c->in_len);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        c->dead = true; /* EOF: the process closed it or died */
        return;
    }
    c->in_len += (size_t)n;
    if (c->in_len < sizeof(h))
        return;
    memcpy(&h, c->in, sizeof(h));
    if (h.len > XENSTORE_PAYLOAD_MAX) { /* xenstored: "Client message too long" */
        fprintf(stderr, "gntsimd: d%u: message of %u bytes: connection closed\n", c->dom,
                h.len);
        c->dead = true;
        return;
    }
    if (c->in_len < sizeof(h) + h.len)
        return;
    if (gd_request(d, c, c->dom, c->in, c->in_len, NULL, NULL))
        c->dead = true;
    c->in_len = 0;
}

/* Send @type with @a (and @b) as @c's domain, for the cleanup of a dead connection. */
static void conn_cleanup_req(struct gntsimd *d, struct gd_conn *c, uint32_t type,
                             uint32_t tx, const char *a, const char *b)
{
    uint8_t msg[GD_MSG_MAX], rep[GD_MSG_MAX];
    size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0, rlen;
    struct xsd_sockmsg h = {.type = type, .tx_id = tx, .len = (uint32_t)(la + lb)};

    if (la + lb > XENSTORE_PAYLOAD_MAX)
        return;
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), a, la);
    if (b)
        memcpy(msg + sizeof(h) + la, b, lb);
    gd_request(d, NULL, c->dom, msg, sizeof(h) + la + lb, rep, &rlen);
}

void gd_conn_close(struct gntsimd *d, struct gd_conn *c)
{
    for (unsigned i = 0; i < d->conn_hi; i++)
        if (d->conn[i] == c)
            d->conn[i] = NULL;
    while (d->conn_hi && !d->conn[d->conn_hi - 1])
        d->conn_hi--;
    while (c->nwatch) {
        conn_cleanup_req(d, c, XS_UNWATCH, 0, c->watch[0].path, c->watch[0].token);
        watch_drop(c, 0);
    }
    for (unsigned i = 0; i < c->ntx; i++) /* abandoned: end without committing */
        conn_cleanup_req(d, c, XS_TRANSACTION_END, c->tx[i], "F", NULL);
    close(c->fd);
    free(c->out);
    free(c);
}
