/* SPDX-License-Identifier: MIT */
/*
 * xenstored's domains (tools/xenstore/xenstored_domain.c, 4.17): which
 * domains are introduced (domain->introduced), XS_INTRODUCE (do_introduce,
 * introduce_domain, domain_conn_reset), XS_RELEASE (do_release, whose freed
 * connection runs destroy_domain), XS_IS_DOMAIN_INTRODUCED, the nodes a
 * dead domain owned (domain_tree_remove), and the special watch paths
 * @introduceDomain and @releaseDomain: their permissions (dom_introduce_perms,
 * dom_release_perms: n0 at start, set_perms_special, check_perms_special,
 * remove_domid_from_perm) and their events.
 *
 * Not modelled: the ring page XS_INTRODUCE maps and the event channel it
 * binds (the model asks only whether the domain exists), the shutdown and
 * crash @releaseDomain of check_domains() (gntsim has no domain shutdown),
 * and the permissions of other nodes naming a dead domain
 * (domain_adjust_node_perms' XS_PERM_IGNORE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0/xenstored/xs_private.h"

#define XS_DOMID_SELF 0x7FF0u /* DOMID_SELF (xen.h) */

static const char *const xs_special_name[XS_NR_SPECIAL] = {
    [XS_SPECIAL_RELEASE] = "@releaseDomain",
    [XS_SPECIAL_INTRODUCE] = "@introduceDomain",
};

bool xs_introduced(const struct xenstore *xs, uint16_t domid)
{
    return domid < XS_MAX_DOMS && (xs->introduced[domid / 8] >> (domid % 8)) & 1u;
}

static void xs_set_introduced(struct xenstore *xs, uint16_t domid, bool on)
{
    uint8_t bit = (uint8_t)(1u << (domid % 8));

    if (domid < XS_MAX_DOMS)
        xs->introduced[domid / 8] = (uint8_t)(on ? xs->introduced[domid / 8] | bit
                                                 : xs->introduced[domid / 8] & ~bit);
}

/* get_perms_special(): the special node named @name, or NULL. */
static struct xs_node *xs_special(const struct xenstore *xs, const char *name)
{
    for (unsigned i = 0; i < XS_NR_SPECIAL; i++)
        if (!strcmp(name, xs_special_name[i]))
            return xs->special[i];
    return NULL;
}

int xs_special_create(struct xenstore *xs)
{
    static const struct xs_perm n0 = {.id = 0, .perms = XS_PERM_NONE};

    /* set_dom_perms_default(): owned by dom0, nobody else may read */
    for (unsigned i = 0; i < XS_NR_SPECIAL; i++) {
        xs->special[i] = xs_node_new(xs_special_name[i], &n0, 1);
        if (!xs->special[i])
            return -ENOMEM;
    }
    return 0;
}

int xs_set_perms_special(struct xenstore *xs, uint16_t domid, const char *name,
                         struct xs_perm *perms, unsigned nr)
{
    struct xs_node *sp = xs_special(xs, name);
    const unsigned need = XS_PERM_WRITE | XS_PERM_OWNER;

    if (!sp)
        return EINVAL;
    if ((xs_perm_for(domid, sp) & need) != need)
        return EACCES;
    free(sp->perms);
    sp->perms = perms;
    sp->nr_perms = nr;
    return 0;
}

bool xs_special_readable(const struct xenstore *xs, uint16_t domid, const char *name)
{
    const struct xs_node *sp = xs_special(xs, name);

    return sp && (xs_perm_for(domid, sp) & XS_PERM_READ);
}

/* remove_domid_from_perm(): a dead domain owns nothing special and is named nowhere. */
static void xs_special_forget(struct xs_node *sp, uint16_t domid)
{
    unsigned n = 1;

    if (sp->perms[0].id == domid)
        sp->perms[0].id = 0; /* priv_domid */
    for (unsigned i = 1; i < sp->nr_perms; i++)
        if (sp->perms[i].id != domid)
            sp->perms[n++] = sp->perms[i];
    sp->nr_perms = n;
}

/* The connection of @domid goes or starts afresh (domain_conn_reset, or its
 * talloc_free): its watches, open transactions and unsent events are gone. */
static void xs_conn_reset(struct xenstore *xs, uint16_t domid)
{
    xs_watch_del_all(xs, domid);
    xs_tx_end_all(xs, domid);
}

void xenstore_introduce(struct xenstore *xs, uint16_t domid)
{
    bool fresh = !xs_introduced(xs, domid);

    /* do_introduce() resets the connection after introduce_domain() fired; a new
     * domain's connection is new, so resetting first keeps it out of its own event */
    xs_conn_reset(xs, domid);
    xs_set_introduced(xs, domid, true);
    if (fresh && domid != 0) /* not the master domain (dom0_init) */
        xs_fire(xs, xs_special_name[XS_SPECIAL_INTRODUCE], NULL, true);
}

/* The first node, in walk_node_tree()'s order, that @domid owns (never "/"). */
static struct xs_node *xs_owned(struct xs_node *n, uint16_t domid)
{
    struct xs_node *m = NULL;

    if (n->parent && n->perms[0].id == domid)
        return n;
    for (unsigned i = 0; i < n->nr_child && !m; i++)
        m = xs_owned(n->child[i], domid);
    return m;
}

/* domain_tree_remove(): each node @domid owns goes, with its subtree (rm_node). */
static void xs_remove_owned(struct xenstore *xs, uint16_t domid)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n;

    while ((n = xs_owned(xs->root, domid))) {
        snprintf(path, sizeof(path), "%s", n->name);
        xs_do_rm(xs, xs->root, path, true);
    }
}

void xenstore_release(struct xenstore *xs, uint16_t domid)
{
    bool was = xs_introduced(xs, domid);

    if (domid == 0)
        return; /* the master domain: its death ends xenstored, not modelled */
    if (was)    /* destroy_conn() first: the domain hears nothing more */
        xs_conn_reset(xs, domid);
    xs_set_introduced(xs, domid, false);
    xs_remove_owned(xs, domid);
    for (unsigned i = 0; i < XS_NR_SPECIAL; i++)
        xs_special_forget(xs->special[i], domid);
    if (was) /* destroy_domain(): only an introduced domain is announced */
        xs_fire(xs, xs_special_name[XS_SPECIAL_RELEASE], NULL, true);
}

/* XS_INTRODUCE "domid\0gfn\0port\0" (do_introduce). */
static int xs_op_introduce(struct xenstore *xs, const char *p, size_t len)
{
    const char *vec[3];
    unsigned nr = 0;
    unsigned domid;

    for (size_t off = 0;
         off < len && memchr(p + off, '\0', len - off);) { /* get_strings */
        if (nr < 3)
            vec[nr] = p + off;
        nr++;
        off += strlen(p + off) + 1;
    }
    if (nr < 3)
        return EINVAL;
    domid = (unsigned)xs_atoi(vec[0]); /* the gfn is ignored, as xenstored does */
    if ((unsigned)xs_atoi(vec[2]) == 0)
        return EINVAL; /* "Sanity check args.": port <= 0, an evtchn_port_t */
    /* map_interface() of a domain Xen does not have fails: gntdev's mmap, EINVAL */
    if (domid >= XS_MAX_DOMS ||
        (xs->dom_exists && !xs->dom_exists(xs->dom_ctx, (uint16_t)domid)))
        return EINVAL;
    xenstore_introduce(xs, (uint16_t)domid);
    return 0;
}

int xs_op_domain(struct xenstore *xs, uint32_t type, const char *p, size_t len,
                 struct xenstore_reply *rep)
{
    unsigned domid;

    if (type == XS_INTRODUCE)
        return xs_op_introduce(xs, p, len);
    if (!xs_onearg(p, len))
        return EINVAL;
    domid = (unsigned)xs_atoi(p);
    if (type == XS_IS_DOMAIN_INTRODUCED) { /* do_is_domain_introduced() */
        bool yes = domid == XS_DOMID_SELF ||
                   (domid < XS_MAX_DOMS && xs_introduced(xs, (uint16_t)domid));

        xs_reply(rep, type, yes ? "T" : "F", 2);
        return 0;
    }
    if (!domid) /* onearg_domain() */
        return EINVAL;
    if (domid >= XS_MAX_DOMS || !xs_introduced(xs, (uint16_t)domid))
        return ENOENT; /* find_connected_domain() */
    xenstore_release(xs, (uint16_t)domid);
    return 0;
}
