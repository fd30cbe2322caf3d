/* SPDX-License-Identifier: MIT */
/*
 * Xenstore through the public API only (gntsim_xs_request, gntsim_xs_watch_sink):
 * XS_DIRECTORY_PART's reply bytes (generation, byte offsets, the empty-string
 * terminator, a generation that changes between calls), the generations 4.17's
 * access_node() gives, and the special watch paths @introduceDomain and
 * @releaseDomain (XS_INTRODUCE, XS_RELEASE, domain creation and destruction,
 * their permissions).
 */
#include <stdio.h>
#include <stdlib.h>

#include "world_fixture.h" /* errno.h and stdint.h first: xs_wire.h needs them */

#include <xen/io/xs_wire.h>

#define BIG_KIDS 200

struct rep {
    uint32_t type;
    size_t len;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

/* One request as @dom with @len payload bytes; the reply in *@r. */
static void req(struct gntsim_world *w, gntsim_domid_t dom, uint32_t type, uint32_t tx,
                const void *payload, size_t len, struct rep *r)
{
    uint8_t msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    uint8_t out[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg h = {.type = type, .req_id = 9, .tx_id = tx, .len = (uint32_t)len};
    size_t olen = 0;

    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), payload, len);
    assert_int_equal(
        gntsim_xs_request(w, dom, msg, sizeof(h) + len, out, sizeof(out), &olen), 0);
    memcpy(&h, out, sizeof(h));
    assert_int_equal(olen, sizeof(h) + h.len);
    assert_int_equal(h.req_id, 9);
    r->type = h.type;
    r->len = h.len;
    memcpy(r->body, out + sizeof(h), h.len);
    r->body[h.len] = '\0';
}

/* The request must fail with the error string @err. */
static void req_err(struct gntsim_world *w, gntsim_domid_t dom, uint32_t type,
                    const void *payload, size_t len, const char *err)
{
    struct rep r;

    req(w, dom, type, 0, payload, len, &r);
    assert_int_equal(r.type, XS_ERROR);
    assert_string_equal(r.body, err);
}

/* XS_DIRECTORY_PART of @path at @off as @dom (in @tx). */
static void dirpart(struct gntsim_world *w, gntsim_domid_t dom, uint32_t tx,
                    const char *path, const char *off, struct rep *r)
{
    char p[256];
    size_t a = strlen(path) + 1, b = strlen(off) + 1;

    memcpy(p, path, a);
    memcpy(p + a, off, b);
    req(w, dom, XS_DIRECTORY_PART, tx, p, a + b, r);
    assert_int_equal(r->type, XS_DIRECTORY_PART);
}

/* The generation a DIRECTORY_PART reply starts with. */
static unsigned long long gen_of(struct gntsim_world *w, const char *path)
{
    struct rep r;

    dirpart(w, 0, 0, path, "0", &r);
    return strtoull(r.body, NULL, 10);
}

/* /big with BIG_KIDS children; *@list receives their names as XS_DIRECTORY lists them. */
static size_t make_big(struct gntsim_world *w, char *list)
{
    size_t len = 0;

    for (unsigned i = 0; i < BIG_KIDS; i++) {
        char path[64];

        len += (size_t)sprintf(list + len, "child-%03u-abcdefghijklmnopqrst", i) + 1;
        snprintf(path, sizeof(path), "/big/%s", list + len - 31);
        assert_int_equal(gntsim_xs_write(w, 0, path, "v"), 0);
    }
    return len;
}

static void directory_part_offsets(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    static char list[BIG_KIDS * 32], got[BIG_KIDS * 32];
    size_t len = make_big(w, list), off = 0;
    char offs[16], gen[XENSTORE_PAYLOAD_MAX + 1];
    struct rep r;

    (void)state;
    assert_true(len > XENSTORE_PAYLOAD_MAX);
    req_err(w, 0, XS_DIRECTORY, "/big", 5, "E2BIG"); /* what sends libxenstore here */
    for (unsigned part = 0;; part++) {               /* as xs_directory_part() does */
        size_t glen, dlen;

        snprintf(offs, sizeof(offs), "%zu", off);
        dirpart(w, 0, 0, "/big", offs, &r);
        glen = strlen(r.body) + 1;
        if (!part)
            snprintf(gen, sizeof(gen), "%s", r.body);
        assert_string_equal(r.body, gen); /* nothing changed: the same generation */
        dlen = r.len - glen;
        /* whole names only, each part as full as send_directory_part() makes it */
        assert_int_equal(r.body[r.len - 1], '\0');
        assert_true(r.len <= XENSTORE_PAYLOAD_MAX);
        if (r.len >= 2 && r.body[r.len - 2] == '\0' && off + dlen - 1 == len) {
            memcpy(got + off, r.body + glen, dlen - 1); /* the "" terminator: done */
            off += dlen - 1;
            break;
        }
        assert_true(r.len + 31 >
                    XENSTORE_PAYLOAD_MAX - 1); /* the next name did not fit */
        memcpy(got + off, r.body + glen, dlen);
        off += dlen;
        assert_true(part < 3);
    }
    assert_int_equal(off, len);
    assert_memory_equal(got, list, len);
    /* an offset inside a name: from that byte; past the end, or negative: "" alone */
    dirpart(w, 0, 0, "/big", "3", &r);
    assert_memory_equal(r.body + strlen(gen) + 1, list + 3, 28);
    dirpart(w, 0, 0, "/big", "99999", &r);
    assert_int_equal(r.len, strlen(gen) + 2);
    assert_memory_equal(r.body + strlen(gen), "\0\0", 2);
    dirpart(w, 0, 0, "/big", "-1", &r);
    assert_int_equal(r.len, strlen(gen) + 2);
    gntsim_world_destroy(w);
}

static void directory_part_small_and_errors(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    char want[64];
    size_t n;
    struct rep r;

    (void)state;
    assert_int_equal(gntsim_xs_write(w, 1, "data/d/a", "1"), 0);
    assert_int_equal(gntsim_xs_write(w, 1, "data/d/bb", "2"), 0);
    assert_int_equal(gntsim_xs_write(w, 1, "data/e", ""), 0);
    dirpart(w, 1, 0, "data/d", "0", &r); /* relative, as the domain itself */
    n = (size_t)snprintf(want, sizeof(want), "%llu", gen_of(w, "/local/domain/1/data/d"));
    assert_int_equal(r.len, n + 1 + 6);
    assert_memory_equal(r.body, want, n + 1);
    assert_memory_equal(r.body + n + 1, "a\0bb\0\0", 6);
    dirpart(w, 1, 0, "data/e", "0", &r); /* no children: the terminator alone */
    assert_int_equal(r.len, strlen(r.body) + 2);
    dirpart(w, 1, 0, "data/d", "2", &r); /* from byte 2: "bb" and the end */
    assert_memory_equal(r.body + strlen(r.body) + 1, "bb\0\0", 4);
    req_err(w, 1, XS_DIRECTORY_PART, "data/d", 7, "EINVAL"); /* one string */
    req_err(w, 1, XS_DIRECTORY_PART,
            "data/d\0"
            "0\0"
            "1",
            11, "EINVAL"); /* three */
    req_err(w, 1, XS_DIRECTORY_PART,
            "data/x\0"
            "0",
            9, "ENOENT");
    req_err(w, 1, XS_DIRECTORY_PART,
            "/local/domain/0\0"
            "0",
            18, "EACCES");
    req_err(w, 1, XS_DIRECTORY_PART,
            "bad//p\0"
            "0",
            9, "EINVAL");
    gntsim_world_destroy(w);
}

static uint32_t tx_start(struct gntsim_world *w, gntsim_domid_t dom)
{
    struct rep r;

    req(w, dom, XS_TRANSACTION_START, 0, "", 1, &r);
    assert_int_equal(r.type, XS_TRANSACTION_START);
    return (uint32_t)strtoul(r.body, NULL, 10);
}

static void directory_part_generations(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);
    unsigned long long g0, g1, g2;
    uint32_t t;
    struct rep r;

    (void)state;
    /* create_node(): the node, its new parents, then the existing one, bottom up */
    assert_int_equal(gntsim_xs_write(w, 0, "/g/a/b", "x"), 0);
    g0 = gen_of(w, "/g/a/b");
    assert_true(gen_of(w, "/g/a") == g0 + 1);
    assert_true(gen_of(w, "/g") == g0 + 2);
    assert_true(gen_of(w, "/") == g0 + 3);
    /* a child's value is the child's: the parent's list and count stay */
    g1 = gen_of(w, "/g");
    assert_int_equal(gntsim_xs_write(w, 0, "/g/a", "new"), 0);
    assert_true(gen_of(w, "/g") == g1);
    assert_true(gen_of(w, "/g/a") > g1);
    /* a changed list between two parts: a new generation (xs_directory_part restarts) */
    assert_int_equal(gntsim_xs_write(w, 0, "/g/c", ""), 0);
    g2 = gen_of(w, "/g");
    assert_true(g2 > g1);
    assert_int_equal(gntsim_xs_rm(w, 0, "/g/c"), 0);
    assert_true(gen_of(w, "/g") > g2);
    g2 = gen_of(w, "/g");
    assert_int_equal(gntsim_xs_set_perms(w, 0, "/g", "n0,r1"), 0);
    assert_true(gen_of(w, "/g") > g2);
    /* in a transaction: its own view, committed later */
    g2 = gen_of(w, "/g");
    t = tx_start(w, 0);
    req(w, 0, XS_WRITE, t,
        "/g/t\0"
        "1",
        6, &r);
    dirpart(w, 0, t, "/g", "0", &r);
    assert_memory_equal(r.body + strlen(r.body) + 1, "a\0t\0\0", 5);
    assert_true(strtoull(r.body, NULL, 10) > g2);
    assert_true(gen_of(w, "/g") == g2); /* outside: nothing yet */
    req(w, 0, XS_TRANSACTION_END, t, "T", 2, &r);
    assert_int_equal(r.type, XS_TRANSACTION_END);
    assert_true(gen_of(w, "/g") > g2);
    gntsim_world_destroy(w);
}

struct events {
    unsigned n;
    gntsim_domid_t dom[32];
    char line[32][64]; /* "path token" */
};

static void sink(void *ctx, gntsim_domid_t dom, const char *path, const char *token)
{
    struct events *e = ctx;

    if (e->n < 32) {
        e->dom[e->n] = dom;
        snprintf(e->line[e->n++], sizeof(e->line[0]), "%s %s", path, token);
    }
}

/* The events delivered since the last call: "dN path token;" each. */
static const char *events(struct gntsim_world *w, struct events *e)
{
    static char buf[1024];
    size_t off = 0;

    gntsim_run_pending(w);
    buf[0] = '\0';
    for (unsigned i = 0; i < e->n; i++)
        off += (size_t)snprintf(buf + off, sizeof(buf) - off, "d%u %s;", e->dom[i],
                                e->line[i]);
    e->n = 0;
    return buf;
}

static void watch(struct gntsim_world *w, gntsim_domid_t dom, uint32_t type,
                  const char *path, const char *tok, const char *want)
{
    char p[128];
    size_t a = strlen(path) + 1, b = strlen(tok) + 1;
    struct rep r;

    memcpy(p, path, a);
    memcpy(p + a, tok, b);
    req(w, dom, type, 0, p, a + b, &r);
    assert_string_equal(r.type == XS_ERROR ? r.body : "OK", want);
}

static struct gntsim_world *special_world(struct events *e)
{
    struct gntsim_world *w = fx_world("master", 0);

    assert_int_equal(gntsim_xs_watch_sink(w, 0, sink, e), 0);
    assert_int_equal(gntsim_xs_watch_sink(w, 1, sink, e), 0);
    return w;
}

static void create_d2(struct gntsim_world *w)
{
    struct gntsim_domain_opts o;

    gntsim_domain_opts_default(&o, 2);
    assert_int_equal(gntsim_domain_create(w, &o), 0);
}

static void introduce_and_release(void **state)
{
    struct events e = {0};
    struct gntsim_world *w = special_world(&e);
    char v[16];
    struct rep r;

    (void)state;
    watch(w, 0, XS_WATCH, "@introduceDomain", "in", "OK");
    watch(w, 0, XS_WATCH, "@releaseDomain", "rel", "OK");
    watch(w, 1, XS_WATCH, "@releaseDomain", "r1", "OK"); /* a domU may watch it */
    assert_string_equal(events(w, &e), "d0 @introduceDomain in;d0 @releaseDomain rel;"
                                       "d1 @releaseDomain r1;");
    /* libxl creates the domain, writes its home, introduces it */
    create_d2(w);
    assert_string_equal(events(w, &e), "d0 @introduceDomain in;");
    assert_int_equal(gntsim_xs_read(w, 0, "/local/domain/2/domid", v, sizeof(v)), 0);
    assert_string_equal(v, "2");
    req(w, 0, XS_IS_DOMAIN_INTRODUCED, 0, "2", 2, &r);
    assert_string_equal(r.body, "T");
    req_err(w, 1, XS_IS_DOMAIN_INTRODUCED, "2", 2, "EACCES"); /* XS_FLAG_PRIV */
    /* XS_RELEASE: its nodes go, dom0 hears it, the domU d1 may not */
    assert_int_equal(gntsim_xs_write(w, 2, "data/x", "1"), 0);
    req(w, 0, XS_RELEASE, 0, "2", 2, &r);
    assert_int_equal(r.type, XS_RELEASE);
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;");
    assert_int_equal(gntsim_xs_read(w, 0, "/local/domain/2/data/x", v, sizeof(v)),
                     -ENOENT);
    assert_int_equal(gntsim_xs_read(w, 0, "/local/domain/2/domid", v, sizeof(v)), 0);
    req(w, 0, XS_IS_DOMAIN_INTRODUCED, 0, "2", 2, &r);
    assert_string_equal(r.body, "F");
    req_err(w, 0, XS_RELEASE, "2", 2, "ENOENT");
    req_err(w, 0, XS_RELEASE, "0", 2, "EINVAL");
    req_err(w, 1, XS_RELEASE, "2", 2, "EACCES");
    /* XS_INTRODUCE "domid\0gfn\0port\0": announced once; a second one is a reset */
    req(w, 0, XS_INTRODUCE, 0,
        "2\0"
        "4660\0"
        "5",
        9, &r);
    assert_int_equal(r.type, XS_INTRODUCE);
    assert_string_equal(events(w, &e), "d0 @introduceDomain in;");
    req(w, 0, XS_INTRODUCE, 0,
        "2\0"
        "4660\0"
        "5",
        9, &r);
    assert_string_equal(events(w, &e), "");
    req_err(w, 0, XS_INTRODUCE,
            "7\0"
            "1\0"
            "5",
            6, "EINVAL"); /* no such domain */
    req_err(w, 0, XS_INTRODUCE,
            "2\0"
            "1\0"
            "0",
            6, "EINVAL"); /* port 0 */
    req_err(w, 0, XS_INTRODUCE,
            "2\0"
            "1",
            4, "EINVAL"); /* two strings */
    req_err(w, 1, XS_INTRODUCE,
            "2\0"
            "1\0"
            "5",
            6, "EACCES");
    /* Xen destroys it: xenstored releases it */
    assert_int_equal(gntsim_domain_destroy(w, 2), 0);
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;");
    gntsim_world_destroy(w);
}

static void special_permissions(void **state)
{
    struct events e = {0};
    struct gntsim_world *w = special_world(&e);
    struct rep r;

    (void)state;
    watch(w, 0, XS_WATCH, "@releaseDomain", "rel", "OK");
    watch(w, 1, XS_WATCH, "@releaseDomain", "r1", "OK");
    watch(w, 1, XS_WATCH, "@other", "o", "OK"); /* any "@..." is accepted */
    watch(w, 1, XS_WATCH, "@releaseDomain", "r1", "EEXIST");
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;d1 @releaseDomain r1;"
                                       "d1 @other o;");
    /* only the owner (dom0) sets them; then d1 hears releases */
    req_err(w, 1, XS_SET_PERMS, "@releaseDomain\0n0\0r1", 21, "EACCES");
    req_err(w, 0, XS_SET_PERMS, "@other\0n0\0r1", 13, "EINVAL");
    req(w, 0, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r1", 21, &r);
    assert_int_equal(r.type, XS_SET_PERMS);
    req_err(w, 0, XS_GET_PERMS, "@releaseDomain", 15, "EINVAL"); /* not a node */
    req_err(w, 0, XS_READ, "@releaseDomain", 15, "EINVAL");
    create_d2(w);
    assert_string_equal(events(w, &e), "");
    assert_int_equal(gntsim_domain_destroy(w, 2), 0);
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;d1 @releaseDomain r1;");
    /* unwatch; a special path is not canonicalized, a bad one matches nothing */
    watch(w, 1, XS_UNWATCH, "@releaseDomain", "r1", "OK");
    watch(w, 1, XS_UNWATCH, "@releaseDomain", "r1", "ENOENT");
    watch(w, 1, XS_UNWATCH, "bad//path", "r1", "ENOENT");
    /* a domain named in the perms is forgotten when it goes (remove_domid_from_perm) */
    req(w, 0, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r2", 21, &r);
    create_d2(w);
    assert_int_equal(gntsim_domain_destroy(w, 2), 0);
    create_d2(w);
    assert_int_equal(gntsim_xs_watch_sink(w, 2, sink, &e), 0);
    watch(w, 2, XS_WATCH, "@releaseDomain", "r2", "OK");
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;d2 @releaseDomain r2;");
    req(w, 0, XS_RELEASE, 0, "1", 2, &r); /* d1 goes: d2 is not told */
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;");
    gntsim_world_destroy(w);
}

static void released_domain_loses_its_connection(void **state)
{
    struct events e = {0};
    struct gntsim_world *w = special_world(&e);
    struct rep r;
    uint32_t t;

    (void)state;
    watch(w, 0, XS_WATCH, "@releaseDomain", "rel", "OK");
    watch(w, 1, XS_WATCH, "@releaseDomain", "r1", "OK");
    watch(w, 1, XS_WATCH, "/local/domain/1", "home", "OK");
    t = tx_start(w, 1);
    req(w, 1, XS_WRITE, t,
        "data/t\0"
        "1",
        8, &r);
    /* its queued initial events are dropped with the connection */
    req(w, 0, XS_RELEASE, 0, "1", 2, &r);
    assert_string_equal(events(w, &e), "d0 @releaseDomain rel;d0 @releaseDomain rel;");
    /* its watches and transaction are gone; its owned nodes too */
    assert_int_equal(gntsim_xs_write(w, 0, "/local/domain/1/x", "1"), 0);
    assert_string_equal(events(w, &e), "");
    req(w, 1, XS_TRANSACTION_END, t, "T", 2, &r);
    assert_string_equal(r.body, "ENOENT");
    assert_int_equal(gntsim_xs_read(w, 0, "/local/domain/1/data", (char[8]){0}, 8),
                     -ENOENT);
    /* Xen destroying a released domain announces nothing more */
    assert_int_equal(gntsim_domain_destroy(w, 1), 0);
    assert_string_equal(events(w, &e), "");
    gntsim_world_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(directory_part_offsets),
        cmocka_unit_test(directory_part_small_and_errors),
        cmocka_unit_test(directory_part_generations),
        cmocka_unit_test(introduce_and_release),
        cmocka_unit_test(special_permissions),
        cmocka_unit_test(released_domain_loses_its_connection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
