/* SPDX-License-Identifier: MIT */
/*
 * xenstored's node tree and permission rules (tools/xenstored/core.c:
 * perm_for_conn, ask_parents, errno_from_parents, get_node_chk_perm,
 * construct_node, xenstore_strings_to_perms). Generations as 4.17's
 * access_node() (xenstored_transaction.c) gives them: every write of a node
 * takes ++generation, so a node's count changes whenever its value, its
 * permissions or its list of children does.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "dom0/xenstored/xs_private.h"
#include "env/grow.h"

char *xs_memdup(const void *p, size_t len)
{
    char *s = malloc(len + 1);

    if (s) {
        if (len)
            memcpy(s, p, len);
        s[len] = '\0';
    }
    return s;
}

struct xs_node *xs_node_new(const char *name, const struct xs_perm *perms,
                            unsigned nr_perms)
{
    struct xs_node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->name = xs_memdup(name, strlen(name));
    n->value = xs_memdup("", 0);
    n->perms = malloc(nr_perms * sizeof(*perms));
    if (!n->name || !n->value || !n->perms) {
        xs_node_free(n);
        return NULL;
    }
    memcpy(n->perms, perms, nr_perms * sizeof(*perms));
    n->nr_perms = nr_perms;
    return n;
}

void xs_node_free(struct xs_node *n)
{
    if (!n)
        return;
    for (unsigned i = 0; i < n->nr_child; i++)
        xs_node_free(n->child[i]);
    free(n->child);
    free(n->name);
    free(n->value);
    free(n->perms);
    free(n);
}

/* Append @c to @p's children. 0 or -ENOMEM. */
static int xs_add_child(struct xs_node *p, struct xs_node *c)
{
    size_t cap = p->cap_child;
    struct xs_node **ch = sim_grow(p->child, &cap, p->nr_child + 1u, sizeof(*ch), 4);

    if (!ch)
        return -ENOMEM;
    p->child = ch;
    p->cap_child = (unsigned)cap;
    p->child[p->nr_child++] = c;
    c->parent = p;
    return 0;
}

struct xs_node *xs_node_clone(const struct xs_node *n, struct xs_node *parent)
{
    struct xs_node *c = xs_node_new(n->name, n->perms, n->nr_perms);

    if (!c || xs_node_set_value(NULL, c, n->value, n->len)) {
        xs_node_free(c);
        return NULL;
    }
    c->gen = n->gen;
    c->parent = parent;
    for (unsigned i = 0; i < n->nr_child; i++) {
        struct xs_node *k = xs_node_clone(n->child[i], c);

        if (!k || xs_add_child(c, k)) {
            xs_node_free(k);
            xs_node_free(c);
            return NULL;
        }
    }
    return c;
}

struct xs_node *xs_lookup(struct xs_node *root, const char *path)
{
    struct xs_node *n = root;
    const char *p = path + 1;

    while (n && *p) {
        size_t len = strcspn(p, "/");
        struct xs_node *next = NULL;

        for (unsigned i = 0; i < n->nr_child && !next; i++) {
            const char *base = strrchr(n->child[i]->name, '/') + 1;

            if (strlen(base) == len && !memcmp(base, p, len))
                next = n->child[i];
        }
        n = next;
        p += len + (p[len] == '/');
    }
    return n;
}

void xs_parent_name(const char *path, char *buf)
{
    const char *slash = strrchr(path + 1, '/');
    size_t len = slash ? (size_t)(slash - path) : 1;

    memcpy(buf, path, len);
    buf[len] = '\0';
}

unsigned xs_perm_for(uint16_t domid, const struct xs_node *n)
{
    const unsigned all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

    /* dom0 (the toolstack's connection) and the owner get everything */
    if (domid == 0 || n->perms[0].id == domid)
        return all;
    for (unsigned i = 1; i < n->nr_perms; i++)
        if (n->perms[i].id == domid)
            return n->perms[i].perms;
    return n->perms[0].perms;
}

/* ask_parents(): perms of the nearest existing ancestor of @path. */
static unsigned xs_ask_parents(struct xs_node *root, uint16_t domid, const char *path)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n = NULL;

    snprintf(buf, sizeof(buf), "%s", path);
    while (!n && strcmp(buf, "/")) {
        xs_parent_name(buf, buf);
        n = xs_lookup(root, buf);
    }
    return n ? xs_perm_for(domid, n) : XS_PERM_NONE;
}

int xs_get_node(struct xs_node *root, uint16_t domid, const char *path, unsigned perm,
                struct xs_node **out)
{
    struct xs_node *n = xs_lookup(root, path);
    int err = n ? 0 : ENOENT;

    /* "If we don't have permission, we don't have node." */
    if (n && (xs_perm_for(domid, n) & perm) != perm)
        err = EACCES;
    /* errno_from_parents(): they learn ENOENT only if the parent lets them */
    if (err && !(xs_ask_parents(root, domid, path) & perm))
        err = EACCES;
    *out = err ? NULL : n;
    return err;
}

int xs_node_set_value(struct xenstore *xs, struct xs_node *n, const char *value,
                      size_t len)
{
    char *v = xs_memdup(value, len);

    if (!v)
        return ENOMEM;
    free(n->value);
    n->value = v;
    n->len = len;
    if (xs)
        n->gen = ++xs->gen;
    return 0;
}

/* construct_node(): one missing level below @parent, perms inherited. */
static struct xs_node *xs_construct(struct xs_node *parent, uint16_t domid,
                                    const char *name)
{
    struct xs_node *n = xs_node_new(name, parent->perms, parent->nr_perms);

    if (!n)
        return NULL;
    if (domid != 0)
        n->perms[0].id = domid; /* "unpriv domains own what they create" */
    if (xs_add_child(parent, n)) {
        xs_node_free(n);
        return NULL;
    }
    return n; /* generations: xs_node_create, once the path is built */
}

int xs_node_create(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                   const char *path, const char *value, size_t len, struct xs_node **out)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n = root, *existing = root;
    int rc = 0;

    for (const char *p = path + 1; *p && !rc; p += *p == '/') {
        size_t seg = strcspn(p, "/"), plen = (size_t)(p - path) + seg;
        struct xs_node *next;

        if (plen > XENSTORE_ABS_PATH_MAX) {
            rc = EINVAL;
            break;
        }
        memcpy(buf, path, plen);
        buf[plen] = '\0';
        next = xs_lookup(root, buf);
        if (next)
            existing = next;
        else
            next = xs_construct(n, domid, buf);
        rc = next ? 0 : ENOMEM;
        n = next ? next : n;
        p += seg;
    }
    if (!rc)
        rc = xs_node_set_value(NULL, n, value, len);
    /* create_node(): written bottom up, the new nodes then the existing parent
     * (each write_node() takes ++generation in access_node()) */
    for (struct xs_node *m = !rc || n != existing ? n : NULL; m;
         m = m == existing ? NULL : m->parent)
        m->gen = ++xs->gen;
    *out = n;
    return rc;
}

void xs_node_unlink(struct xenstore *xs, struct xs_node *n)
{
    struct xs_node *p = n->parent;

    for (unsigned i = 0; p && i < p->nr_child; i++)
        if (p->child[i] == n) {
            memmove(&p->child[i], &p->child[i + 1],
                    (p->nr_child - i - 1) * sizeof(*p->child));
            p->nr_child--;
            p->gen = ++xs->gen;
            break;
        }
    n->parent = NULL;
}

size_t xs_node_count(const struct xs_node *n)
{
    size_t nr = 1;

    for (unsigned i = 0; i < n->nr_child; i++)
        nr += xs_node_count(n->child[i]);
    return nr;
}

/* One "r0" string (xenstore_strings_to_perms). 0 or EINVAL. */
static int xs_perm_parse1(const char *s, struct xs_perm *p)
{
    static const char kinds[] = "nrwb"; /* none, read, write, both */
    const char *k = *s ? strchr(kinds, s[0]) : NULL;
    char *end;
    unsigned long id;

    if (!k || !s[1])
        return EINVAL;
    id = strtoul(s + 1, &end, 10);
    if (*end || id >= XS_MAX_DOMS)
        return EINVAL;
    p->id = (uint16_t)id;
    p->perms = (uint8_t)(k - kinds);
    return 0;
}

int xs_perms_parse(const char *s, size_t len, struct xs_perm **out, unsigned *nr)
{
    unsigned n = 0;
    struct xs_perm *p;

    for (size_t i = 0; i < len; i++)
        n += s[i] == '\0';
    if (!n || s[len - 1] != '\0')
        return EINVAL;
    p = calloc(n, sizeof(*p));
    if (!p)
        return ENOMEM;
    for (unsigned i = 0; i < n; i++, s += strlen(s) + 1)
        if (xs_perm_parse1(s, &p[i])) {
            free(p);
            return EINVAL;
        }
    *out = p;
    *nr = n;
    return 0;
}

size_t xs_perms_render(const struct xs_node *n, char *buf, size_t len)
{
    static const char kinds[] = "nrwb";
    size_t off = 0;

    for (unsigned i = 0; i < n->nr_perms && off < len; i++) {
        int w = snprintf(buf + off, len - off, "%c%u", kinds[n->perms[i].perms & 3],
                         n->perms[i].id);

        off += (size_t)w + 1; /* keep the NUL */
    }
    return off < len ? off : len;
}
