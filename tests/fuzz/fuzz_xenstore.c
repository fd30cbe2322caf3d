/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the bytes a client of gntsimd's xenstore sockets (or a guest's
 * xenstore ring) sends. The input is a sequence of records, [domain byte][struct
 * xsd_sockmsg][payload], taken as they come: a header whose len disagrees with the
 * bytes left, or exceeds XENSTORE_PAYLOAD_MAX, must be refused without a reply; every
 * other message gets a reply of its own type or XS_ERROR, NUL-terminated, with a length
 * inside the payload limit. Watch events run after each request, and the world's
 * invariants must hold at the end. Domains d0 (hwdom), d1, d2.
 */
#include <errno.h> /* before xs_wire.h: its error table needs the E* names */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "fz_pool.h"

#define FZ_MSG_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Watch events land here; their contents are the store's business. */
static void fz_event(void *ctx, gntsim_domid_t dom, const char *path, const char *token)
{
    (void)ctx, (void)dom;
    if (!path || !token)
        abort();
}

static struct gntsim_world *fz_world(void)
{
    struct gntsim_world *w = fz_world3(false);

    for (gntsim_domid_t i = 0; i < 3; i++)
        if (gntsim_xs_watch_sink(w, i, fz_event, NULL))
            abort();
    return w;
}

/* One reply: the request's type or XS_ERROR, within limits, NUL-terminated. */
static void fz_check_reply(const struct xsd_sockmsg *q, const uint8_t *rep, size_t len)
{
    struct xsd_sockmsg r;

    memcpy(&r, rep, sizeof(r));
    if (len != sizeof(r) + r.len || r.len > XENSTORE_PAYLOAD_MAX ||
        (r.type != q->type && r.type != XS_ERROR) || r.req_id != q->req_id)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_world *w = fz_world();
    uint8_t *rep = malloc(FZ_MSG_MAX);
    size_t off = 0;

    if (!rep)
        abort();
    while (off + 1 + sizeof(struct xsd_sockmsg) <= size) {
        gntsim_domid_t dom = data[off++] % 3;
        struct xsd_sockmsg q;
        size_t len, rlen = 0;

        memcpy(&q, data + off, sizeof(q));
        len =
            sizeof(q) + (q.len < size - off - sizeof(q) ? q.len : size - off - sizeof(q));
        if (gntsim_xs_request(w, dom, data + off, len, rep, FZ_MSG_MAX, &rlen) == 0)
            fz_check_reply(&q, rep, rlen);
        else if (q.len <= XENSTORE_PAYLOAD_MAX && len == sizeof(q) + q.len)
            abort(); /* a well-formed message must be answered */
        gntsim_run_pending(w);
        off += len;
    }
    if (gntsim_check_invariants(w))
        abort();
    free(rep);
    gntsim_world_destroy(w);
    return 0;
}
