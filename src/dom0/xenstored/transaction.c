/* SPDX-License-Identifier: MIT */
/*
 * Transactions (tools/xenstored/transaction.c): every node a transaction
 * reads or changes is recorded with its generation; TRANSACTION_END fails
 * with EAGAIN, committing nothing, if any of them changed in the store
 * since; otherwise the changes are applied in order and their watches fire
 * then. Simplification: the transaction's view is copied at START
 * (xenstored copies each node at its first access), so a node changed
 * between START and the first access conflicts here but not in xenstored.
 * Generations: START takes one (do_transaction_start), a change in the
 * transaction one per node written, as outside; the commit replays the
 * changes, so the nodes it writes get new counts, though not the very
 * numbers finalize_transaction() would give (one per modified node).
 */
#include <stdlib.h>
#include <string.h>

#include "dom0/xenstored/xs_private.h"
#include "env/grow.h"

struct xs_tx *xs_tx_find(struct xenstore *xs, uint16_t domid, uint32_t id)
{
    for (size_t i = 0; i < xs->nr_tx; i++)
        if (xs->tx[i]->id == id && xs->tx[i]->domid == domid)
            return xs->tx[i];
    return NULL;
}

void xs_tx_free(struct xs_tx *t)
{
    if (!t)
        return;
    xs_node_free(t->root);
    for (size_t i = 0; i < t->nr_acc; i++)
        free(t->acc[i].path);
    for (size_t i = 0; i < t->nr_chg; i++) {
        free(t->chg[i].path);
        free(t->chg[i].data);
    }
    free(t->acc);
    free(t->chg);
    free(t);
}

int xs_tx_start(struct xenstore *xs, uint16_t domid, uint32_t *id)
{
    struct xs_tx *t = calloc(1, sizeof(*t));
    struct xs_tx **tx = sim_grow(xs->tx, &xs->cap_tx, xs->nr_tx + 1, sizeof(*tx), 4);

    if (tx)
        xs->tx = tx;
    if (!t || !tx || !(t->root = xs_node_clone(xs->root, NULL))) {
        xs_tx_free(t);
        return ENOMEM;
    }
    t->id = ++xs->next_tx; /* never 0: that means "no transaction" */
    ++xs->gen;             /* do_transaction_start(): trans->generation = ++generation */
    t->domid = domid;
    xs->tx[xs->nr_tx++] = t;
    *id = t->id;
    return 0;
}

int xs_tx_access(struct xs_tx *t, const char *path)
{
    const struct xs_node *n;
    struct xs_access *acc;

    for (size_t i = 0; i < t->nr_acc; i++)
        if (!strcmp(t->acc[i].path, path))
            return 0;
    acc = sim_grow(t->acc, &t->cap_acc, t->nr_acc + 1, sizeof(*acc), 4);
    if (!acc)
        return ENOMEM;
    t->acc = acc;
    n = xs_lookup(t->root, path);
    t->acc[t->nr_acc].path = xs_memdup(path, strlen(path));
    if (!t->acc[t->nr_acc].path)
        return ENOMEM;
    t->acc[t->nr_acc++].gen = n ? n->gen : 0;
    return 0;
}

int xs_tx_log(struct xs_tx *t, uint32_t type, const char *path, const char *data,
              size_t len)
{
    struct xs_change *c;

    c = sim_grow(t->chg, &t->cap_chg, t->nr_chg + 1, sizeof(*c), 4);
    if (!c)
        return ENOMEM;
    t->chg = c;
    c += t->nr_chg;
    *c = (struct xs_change){.type = type,
                            .path = xs_memdup(path, strlen(path)),
                            .data = xs_memdup(data ? data : "", len),
                            .len = len};
    if (!c->path || !c->data) {
        free(c->path);
        free(c->data);
        return ENOMEM;
    }
    t->nr_chg++;
    return 0;
}

/* Anything the transaction accessed changed behind it? */
static bool xs_tx_conflict(struct xenstore *xs, const struct xs_tx *t)
{
    for (size_t i = 0; i < t->nr_acc; i++) {
        const struct xs_node *n = xs_lookup(xs->root, t->acc[i].path);

        if ((n ? n->gen : 0) != t->acc[i].gen)
            return true;
    }
    return false;
}

static int xs_tx_apply(struct xenstore *xs, const struct xs_tx *t)
{
    int rc = 0;

    for (size_t i = 0; !rc && i < t->nr_chg; i++) {
        const struct xs_change *c = &t->chg[i];

        switch (c->type) {
        case XS_WRITE:
            rc = xs_do_write(xs, xs->root, t->domid, c->path, c->data, c->len, true);
            break;
        case XS_MKDIR:
            rc = xs_do_mkdir(xs, xs->root, t->domid, c->path, true);
            break;
        case XS_RM:
            rc = xs_do_rm(xs, xs->root, c->path, true);
            break;
        default:
            rc = xs_do_set_perms(xs, xs->root, c->path, c->data, c->len, true);
            break;
        }
    }
    return rc;
}

int xs_tx_end(struct xenstore *xs, struct xs_tx *t, bool commit)
{
    int rc = 0;

    for (size_t i = 0; i < xs->nr_tx; i++)
        if (xs->tx[i] == t) {
            xs->tx[i] = xs->tx[--xs->nr_tx];
            break;
        }
    if (commit && xs_tx_conflict(xs, t))
        rc = EAGAIN;
    else if (commit)
        rc = xs_tx_apply(xs, t); /* only ENOMEM can fail here */
    xs_tx_free(t);
    return rc;
}

void xs_tx_end_all(struct xenstore *xs, uint16_t domid)
{
    size_t i = 0;

    while (i < xs->nr_tx) /* xs_tx_end() moves the last one into slot i */
        if (xs->tx[i]->domid == domid)
            xs_tx_end(xs, xs->tx[i], false);
        else
            i++;
}
