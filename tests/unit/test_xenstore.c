/* SPDX-License-Identifier: MIT */
/*
 * The in-world xenstored (src/dom0/xenstored): each request, xenstored's
 * permission rules per domain, transactions (EAGAIN on conflict, atomic
 * commit), watches (initial fire, subtree, rm walk, relative paths, token).
 */
#include <stdio.h>
#include <stdlib.h>

#include "world_fixture.h"

#include "board/world.h"
#include "dom0/xenstored/xenstore.h"

#define FE "/local/domain/1/device/vif/0"
#define BE "/local/domain/0/backend/vif/1/0"

static struct gntsim_world *xs_world(void)
{
    struct gntsim_world *w = fx_world("master", 0);

    assert_int_equal(gntsim_xs_create_vif(w, 1, 0, 0), 0);
    return w;
}

/* One raw request as @dom; returns the xenstored errno (0 = success). */
static int req(struct gntsim_world *w, uint16_t dom, uint32_t type, uint32_t tx,
               const char *payload, size_t len, struct xenstore_reply *rep)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = 7, .tx_id = tx, .len = (uint32_t)len};

    return xenstore_request(world_xenstore(w), dom, &hdr, payload, rep);
}

static void expect(struct gntsim_world *w, uint16_t dom, const char *path, const char *v)
{
    char buf[128];

    assert_int_equal(gntsim_xs_read(w, dom, path, buf, sizeof(buf)), 0);
    assert_string_equal(buf, v);
}

static void toolstack_vif_and_perms(void **state)
{
    struct gntsim_world *w = xs_world();
    struct xenstore_reply rep;
    char buf[64];

    (void)state;
    expect(w, 1, FE "/state", "1");
    expect(w, 1, FE "/backend", BE);
    expect(w, 1, FE "/backend-id", "0");
    expect(w, 0, BE "/frontend", FE);
    expect(w, 0, BE "/online", "1");
    expect(w, 1, BE "/state", "1"); /* the backend dir is readable by the frontend */
    expect(w, 0, FE "/state", "1"); /* and the frontend's by the backend */
    /* but not the backend's parents, nor dom0's other nodes */
    assert_int_equal(gntsim_xs_read(w, 1, "/local/domain/0/backend/vif/1", buf, 64),
                     -EACCES);
    assert_int_equal(gntsim_xs_read(w, 1, "/local/domain/0/nothere/x", buf, 64), -EACCES);
    assert_int_equal(gntsim_xs_read(w, 1, "device/vif/0/nothere", buf, 64), -ENOENT);
    /* writes: not to others' nodes, not even readable ones */
    assert_int_equal(gntsim_xs_write(w, 1, BE "/state", "4"), -EACCES);
    assert_int_equal(gntsim_xs_write(w, 1, "/local/domain/0/x", "1"), -EACCES);
    assert_int_equal(gntsim_xs_write(w, 2, FE "/state", "4"), -EACCES);
    assert_int_equal(gntsim_xs_write(w, 0, FE "/state", "2"), 0); /* dom0: privileged */
    /* the per-node perms as XS_GET_PERMS strings */
    assert_int_equal(req(w, 1, XS_GET_PERMS, 0, FE, sizeof(FE), &rep), 0);
    assert_int_equal(rep.hdr.len, 6);
    assert_memory_equal(rep.body, "n1\0r0\0", 6);
    assert_int_equal(rep.hdr.req_id, 7);
    /* domU creates below its own dir: it owns the new nodes */
    assert_int_equal(gntsim_xs_write(w, 1, "data/a/b", "x"), 0);
    assert_int_equal(req(w, 1, XS_GET_PERMS, 0, "data/a", 7, &rep), 0);
    assert_string_equal(rep.body, "n1");
    /* it may add readers but not give the node away */
    assert_int_equal(gntsim_xs_set_perms(w, 1, "data/a", "n1,r2"), 0);
    expect(w, 2, "/local/domain/1/data/a", "");
    assert_int_equal(gntsim_xs_set_perms(w, 1, "data/a", "n2"), -EPERM);
    assert_int_equal(gntsim_xs_set_perms(w, 2, "/local/domain/1/data/a", "n2"), -EACCES);
    assert_int_equal(gntsim_xs_set_perms(w, 1, "data/a", "x1"), -EINVAL);
    gntsim_world_destroy(w);
}

static void requests_and_errors(void **state)
{
    struct gntsim_world *w = xs_world();
    struct xenstore_reply rep;

    (void)state;
    assert_int_equal(req(w, 1, XS_MKDIR, 0, "data/d", 7, &rep), 0);
    assert_int_equal(rep.hdr.type, XS_MKDIR);
    assert_string_equal(rep.body, "OK");
    assert_int_equal(req(w, 1, XS_MKDIR, 0, "data/d", 7, &rep), 0); /* exists: fine */
    assert_int_equal(gntsim_xs_write(w, 1, "data/d/one", "1"), 0);
    assert_int_equal(gntsim_xs_write(w, 1, "data/d/two", "2"), 0);
    assert_int_equal(req(w, 1, XS_DIRECTORY, 0, "data/d", 7, &rep), 0);
    assert_int_equal(rep.hdr.len, 8);
    assert_memory_equal(rep.body, "one\0two\0", 8);
    assert_int_equal(req(w, 1, XS_READ, 0, "data/nope", 10, &rep), ENOENT);
    assert_int_equal(rep.hdr.type, XS_ERROR);
    assert_string_equal(rep.body, "ENOENT");
    assert_int_equal(req(w, 1, XS_READ, 0, "bad//path", 10, &rep), EINVAL);
    assert_string_equal(rep.body, "EINVAL");
    assert_int_equal(req(w, 1, XS_READ, 0, "data/d", 6, &rep), EINVAL); /* no NUL */
    assert_int_equal(req(w, 1, XS_RM, 0, "data/nope", 10, &rep), 0); /* parent exists */
    assert_int_equal(req(w, 1, XS_RM, 0, "data/x/y", 9, &rep), ENOENT);
    assert_int_equal(req(w, 0, XS_RM, 0, "/", 2, &rep), EINVAL);
    assert_int_equal(gntsim_xs_rm(w, 1, "data/d"), 0);
    assert_int_equal(req(w, 1, XS_READ, 0, "data/d/one", 11, &rep), ENOENT);
    assert_int_equal(req(w, 1, XS_GET_DOMAIN_PATH, 0, "1", 2, &rep), 0);
    assert_string_equal(rep.body, "/local/domain/1");
    assert_int_equal(req(w, 1, XS_TRANSACTION_END, 99, "T", 2, &rep), ENOENT);
    assert_int_equal(req(w, 1, 0x99, 0, "", 0, &rep), ENOSYS); /* unknown operation */
    assert_true(gntsim_trace_count(w, "xs_op") > 0);
    gntsim_world_destroy(w);
}

static uint32_t tx_start(struct gntsim_world *w, uint16_t dom)
{
    struct xenstore_reply rep;

    assert_int_equal(req(w, dom, XS_TRANSACTION_START, 0, "", 1, &rep), 0);
    return (uint32_t)strtoul(rep.body, NULL, 10);
}

static void transactions(void **state)
{
    struct gntsim_world *w = xs_world();
    struct xenstore_reply rep;
    uint32_t t;

    (void)state;
    assert_int_equal(gntsim_xs_write(w, 1, "data/k", "old"), 0);
    /* a node read in the transaction changes outside it: EAGAIN, nothing committed */
    t = tx_start(w, 1);
    assert_int_equal(req(w, 1, XS_READ, t, "data/k", 7, &rep), 0);
    assert_int_equal(req(w, 1, XS_WRITE, t, "data/k2\0mine", 12, &rep), 0);
    assert_int_equal(gntsim_xs_write(w, 1, "data/k", "theirs"), 0);
    assert_int_equal(req(w, 1, XS_TRANSACTION_END, t, "T", 2, &rep), EAGAIN);
    assert_string_equal(rep.body, "EAGAIN");
    expect(w, 1, "data/k", "theirs");
    assert_int_equal(req(w, 1, XS_READ, 0, "data/k2", 8, &rep), ENOENT);
    /* no conflict: invisible until the end, then all at once */
    t = tx_start(w, 1);
    assert_int_equal(req(w, 1, XS_WRITE, t, "data/k\0v1", 9, &rep), 0);
    assert_int_equal(req(w, 1, XS_WRITE, t, "data/k2\0v2", 10, &rep), 0);
    assert_int_equal(req(w, 1, XS_READ, t, "data/k", 7, &rep), 0);
    assert_string_equal(rep.body, "v1");
    expect(w, 1, "data/k", "theirs");
    assert_int_equal(req(w, 1, XS_TRANSACTION_END, t, "T", 2, &rep), 0);
    expect(w, 1, "data/k", "v1");
    expect(w, 1, "data/k2", "v2");
    /* abort: nothing; another domain cannot use our transaction */
    t = tx_start(w, 1);
    assert_int_equal(req(w, 1, XS_WRITE, t, "data/k\0v3", 9, &rep), 0);
    assert_int_equal(req(w, 0, XS_TRANSACTION_END, t, "T", 2, &rep), ENOENT);
    assert_int_equal(req(w, 1, XS_TRANSACTION_END, t, "F", 2, &rep), 0);
    expect(w, 1, "data/k", "v1");
    /* permissions hold inside transactions too */
    t = tx_start(w, 1);
    assert_int_equal(req(w, 1, XS_WRITE, t,
                         BE "/state\0"
                            "4",
                         sizeof(BE "/state") + 1, &rep),
                     EACCES);
    assert_int_equal(req(w, 1, XS_TRANSACTION_END, t, "T", 2, &rep), 0);
    gntsim_world_destroy(w);
}

struct events {
    unsigned n;
    char path[16][96];
    char token[16][16];
    uint16_t dom[16];
};

static void sink(void *ctx, uint16_t domid, const char *path, const char *token)
{
    struct events *e = ctx;

    snprintf(e->path[e->n], sizeof(e->path[0]), "%s", path);
    snprintf(e->token[e->n], sizeof(e->token[0]), "%s", token);
    e->dom[e->n++] = domid;
}

static void watch(struct gntsim_world *w, uint16_t dom, const char *path, const char *tok,
                  int err)
{
    char p[128];
    size_t a = strlen(path) + 1, b = strlen(tok) + 1;
    struct xenstore_reply rep;

    memcpy(p, path, a);
    memcpy(p + a, tok, b);
    assert_int_equal(req(w, dom, XS_WATCH, 0, p, a + b, &rep), err);
}

static void watches(void **state)
{
    struct gntsim_world *w = xs_world();
    struct events e = {0};
    uint32_t t;
    struct xenstore_reply rep;

    (void)state;
    xenstore_set_sink(world_xenstore(w), 1, sink, &e);
    xenstore_set_sink(world_xenstore(w), 0, sink, &e);
    assert_int_equal(gntsim_xs_write(w, 1, "data/y/z", "1"), 0);
    watch(w, 1, "data", "tok", 0); /* relative: events come relative */
    watch(w, 1, "data", "tok", EEXIST);
    watch(w, 1, "/local/domain/1/data/y/z", "deep", 0);
    watch(w, 0, BE, "be", 0);
    assert_int_equal(e.n, 0); /* nothing before the scheduler runs */
    assert_int_equal(gntsim_run_pending(w), 3);
    assert_string_equal(e.path[0], "data"); /* the initial fires */
    assert_string_equal(e.token[0], "tok");
    assert_string_equal(e.path[1], "/local/domain/1/data/y/z");
    assert_string_equal(e.path[2], BE);
    assert_int_equal(e.dom[2], 0);
    e.n = 0;
    /* a child change fires the subtree watch; dom0 sees nothing */
    assert_int_equal(gntsim_xs_write(w, 1, "data/q", "1"), 0);
    assert_int_equal(gntsim_run_pending(w), 1);
    assert_string_equal(e.path[0], "data/q");
    /* rm: the deleted descendants (exact), then the removed node (subtree) */
    e.n = 0;
    assert_int_equal(gntsim_xs_rm(w, 1, "data"), 0);
    assert_int_equal(gntsim_run_pending(w), 2);
    assert_string_equal(e.path[0], "/local/domain/1/data/y/z");
    assert_string_equal(e.token[0], "deep");
    assert_string_equal(e.path[1], "data");
    /* the frontend cannot see the backend's watch fire on a node it cannot read:
     * the backend gets its change from the frontend writing its own dir */
    e.n = 0;
    assert_int_equal(gntsim_xs_write(w, 0, BE "/state", "2"), 0);
    assert_int_equal(gntsim_run_pending(w), 1);
    assert_int_equal(e.dom[0], 0);
    /* in a transaction: fired at commit, not before */
    e.n = 0;
    t = tx_start(w, 0);
    assert_int_equal(req(w, 0, XS_WRITE, t,
                         BE "/x\0"
                            "1",
                         sizeof(BE "/x") + 1, &rep),
                     0);
    assert_int_equal(gntsim_run_pending(w), 0);
    assert_int_equal(req(w, 0, XS_TRANSACTION_END, t, "T", 2, &rep), 0);
    assert_int_equal(gntsim_run_pending(w), 1);
    assert_string_equal(e.path[0], BE "/x");
    /* unwatch */
    assert_int_equal(req(w, 0, XS_UNWATCH, 0, BE "\0be", sizeof(BE) + 3, &rep), 0);
    assert_int_equal(req(w, 0, XS_UNWATCH, 0, BE "\0be", sizeof(BE) + 3, &rep), ENOENT);
    assert_int_equal(gntsim_xs_write(w, 0, BE "/x", "2"), 0);
    assert_int_equal(gntsim_run_pending(w), 0);
    assert_int_equal(gntsim_trace_count(w, "xs_watch_event"), 8);
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(toolstack_vif_and_perms),
        cmocka_unit_test(requests_and_errors),
        cmocka_unit_test(transactions),
        cmocka_unit_test(watches),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
