/* SPDX-License-Identifier: MIT */
/*
 * Watches (tools/xenstored/watch.c: do_watch with its initial fire,
 * do_unwatch, fire_watches with its special events, is_child,
 * watch_permitted, conn_delete_all_watches). Events are queued
 * in order and each is delivered by one scheduler item to the watching
 * domain's sink (its ring and xenwatch thread). Connections are visited in
 * domid order, each one's watches in registration order.
 */
#include <stdlib.h>
#include <string.h>

#include "env/sched.h"
#include "dom0/xenstored/xs_private.h"
#include "env/grow.h"

/* is_child() with no depth limit: @child is @parent or below it. */
static bool xs_is_child(const char *child, const char *parent)
{
    size_t len = strlen(parent);

    if (strncmp(child, parent, len))
        return false;
    return len == 1 || child[len] == '/' || child[len] == '\0';
}

int xs_watch_add(struct xenstore *xs, uint16_t domid, const char *path, const char *token,
                 bool relative)
{
    struct xs_watch *w;
    char home[32];

    for (size_t i = 0; i < xs->nr_watch; i++)
        if (xs->watch[i].domid == domid && !strcmp(xs->watch[i].path, path) &&
            !strcmp(xs->watch[i].token, token))
            return EEXIST;
    w = sim_grow(xs->watch, &xs->cap_watch, xs->nr_watch + 1, sizeof(*w), 4);
    if (!w)
        return ENOMEM;
    xs->watch = w;
    w += xs->nr_watch;
    *w = (struct xs_watch){
        .domid = domid,
        .path = xs_memdup(path, strlen(path)),
        .token = xs_memdup(token, strlen(token)),
        .prefix_len =
            relative ? (size_t)snprintf(home, sizeof(home), "/local/domain/%u/", domid)
                     : 0};
    if (!w->path || !w->token) {
        free(w->path);
        free(w->token);
        return ENOMEM;
    }
    xs->nr_watch++;
    xs_queue_event(xs, w, path); /* "We fire once up front" */
    return 0;
}

int xs_watch_del(struct xenstore *xs, uint16_t domid, const char *path, const char *token)
{
    for (size_t i = 0; i < xs->nr_watch; i++) {
        struct xs_watch *w = &xs->watch[i];

        if (w->domid == domid && !strcmp(w->path, path) && !strcmp(w->token, token)) {
            free(w->path);
            free(w->token);
            memmove(w, w + 1, (xs->nr_watch - i - 1) * sizeof(*w));
            xs->nr_watch--;
            return 0;
        }
    }
    return ENOENT;
}

/* Hand the oldest queued event to its domain's sink. */
static void xs_deliver(void *ctx, uint64_t arg)
{
    struct xenstore *xs = ctx;
    struct xs_event ev;

    (void)arg;
    if (xs->ev_head == xs->nr_ev)
        return;
    ev = xs->ev[xs->ev_head++];
    if (xs->ev_head == xs->nr_ev)
        xs->ev_head = xs->nr_ev = 0;
    if (!ev.dropped)
        TRACE(xs->trace, XS_WATCH_EVENT, TA_U(ev.domid), TA_S(ev.path), TA_S(ev.token));
    for (size_t i = 0; i < xs->nr_sink && !ev.dropped; i++)
        if (xs->sink[i].domid == ev.domid && xs->sink[i].fn)
            xs->sink[i].fn(xs->sink[i].ctx, ev.domid, ev.path, ev.token);
    free(ev.path);
    free(ev.token);
}

void xs_queue_event(struct xenstore *xs, const struct xs_watch *w, const char *name)
{
    const char *path = strlen(name) >= w->prefix_len ? name + w->prefix_len : name;
    struct xs_event *e;

    e = sim_grow(xs->ev, &xs->cap_ev, xs->nr_ev + 1, sizeof(*e), 4);
    if (!e)
        return; /* out of memory: the event is lost, as xenstored's would be */
    xs->ev = e;
    e += xs->nr_ev;
    *e = (struct xs_event){.domid = w->domid,
                           .path = xs_memdup(path, strlen(path)),
                           .token = xs_memdup(w->token, strlen(w->token))};
    if (!e->path || !e->token || !xs->sched ||
        sched_at(xs->sched, 0, xs_deliver, xs, 0)) {
        free(e->path);
        free(e->token);
        return;
    }
    xs->nr_ev++;
}

/* watch_permitted(): the node or its parent readable by the watcher. */
static bool xs_watch_permitted(uint16_t domid, const struct xs_node *n)
{
    return (xs_perm_for(domid, n) & XS_PERM_READ) ||
           (n->parent && (xs_perm_for(domid, n->parent) & XS_PERM_READ));
}

/* The smallest watching domid above @after (UINT32_MAX: none). */
static uint32_t xs_next_watcher(const struct xenstore *xs, int64_t after)
{
    uint32_t best = UINT32_MAX;

    for (size_t i = 0; i < xs->nr_watch; i++)
        if ((int64_t)xs->watch[i].domid > after && xs->watch[i].domid < best)
            best = xs->watch[i].domid;
    return best;
}

void xs_fire(struct xenstore *xs, const char *name, const struct xs_node *n, bool exact)
{
    for (uint32_t dom = xs_next_watcher(xs, -1); dom != UINT32_MAX;
         dom = xs_next_watcher(xs, dom)) {
        /* check_special_event(): "@..." is seen as its special permissions allow */
        if (name[0] == '@' ? !xs_special_readable(xs, (uint16_t)dom, name)
                           : !xs_watch_permitted((uint16_t)dom, n))
            continue;
        for (size_t i = 0; i < xs->nr_watch; i++) {
            const struct xs_watch *w = &xs->watch[i];

            if (w->domid == dom &&
                (exact ? !strcmp(name, w->path) : xs_is_child(name, w->path)))
                xs_queue_event(xs, w, name);
        }
    }
}

void xs_watch_del_all(struct xenstore *xs, uint16_t domid)
{
    size_t n = 0;

    for (size_t i = 0; i < xs->nr_watch; i++) {
        if (xs->watch[i].domid == domid) {
            free(xs->watch[i].path);
            free(xs->watch[i].token);
        } else {
            xs->watch[n++] = xs->watch[i];
        }
    }
    xs->nr_watch = n;
    /* conn_free_buffered_data(): what was queued for it is never sent; each
     * queued event keeps its scheduler item, so it is marked, not removed */
    for (size_t i = xs->ev_head; i < xs->nr_ev; i++)
        xs->ev[i].dropped |= xs->ev[i].domid == domid;
}
