/* SPDX-License-Identifier: MIT */
/* Internals of the in-world xenstored (domain.c, node.c, request.c, store.c,
 * transaction.c, watch.c). */
#ifndef GNTSIM_XEN_XS_PRIVATE_H
#define GNTSIM_XEN_XS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dom0/xenstored/xenstore.h"
#include "env/sched.h"
#include "env/trace.h"

#define XS_PERM_NONE  0u
#define XS_PERM_READ  1u /* xenstored XS_PERM_READ */
#define XS_PERM_WRITE 2u /* xenstored XS_PERM_WRITE */
#define XS_PERM_OWNER 8u /* xenstored XS_PERM_OWNER (never stored) */
#define XS_MAX_DOMS   0x7FF0u

struct xs_perm {
    uint16_t id;
    uint8_t perms; /* XS_PERM_READ | XS_PERM_WRITE */
};

struct xs_node {
    char *name; /* canonical absolute path */
    char *value;
    size_t len;
    struct xs_perm *perms; /* perms[0]: owner and default for the others */
    unsigned nr_perms;
    uint64_t
        gen; /* node->generation: the store's count at its last write (access_node) */
    struct xs_node *parent;
    struct xs_node **child; /* in creation order */
    unsigned nr_child, cap_child;
};

/* One node accessed by a transaction, with its generation then (0: absent). */
struct xs_access {
    char *path;
    uint64_t gen;
};

/* A change made in a transaction, replayed onto the store at commit. */
struct xs_change {
    uint32_t type; /* XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS */
    char *path;
    char *data; /* value, or NUL-separated perms */
    size_t len;
};

struct xs_tx {
    uint32_t id;
    uint16_t domid;
    struct xs_node *root; /* the transaction's view (copied at TRANSACTION_START) */
    struct xs_access *acc;
    size_t nr_acc, cap_acc;
    struct xs_change *chg;
    size_t nr_chg, cap_chg;
};

struct xs_watch {
    uint16_t domid;
    char *path; /* canonical */
    char *token;
    size_t prefix_len; /* relative watch: strip "/local/domain/<id>/" from events */
};

struct xs_event {
    uint16_t domid;
    bool dropped; /* its connection was reset before delivery: not delivered */
    char *path, *token;
};

struct xs_sink {
    uint16_t domid;
    xenstore_event_fn fn;
    void *ctx;
};

/* The special watch paths (xenstored_domain.c: dom_release_perms, dom_introduce_perms).
 */
enum { XS_SPECIAL_RELEASE, XS_SPECIAL_INTRODUCE, XS_NR_SPECIAL };

struct xenstore {
    struct trace *trace; /* the world's, for XS_OP and XS_WATCH_EVENT */
    struct sched *sched; /* watch events are delivered through it */
    struct xs_node *root;
    uint64_t gen; /* xenstored's global generation: ++ at each write access, tx start */
    /* "@releaseDomain", "@introduceDomain": outside the tree, only their permissions */
    struct xs_node *special[XS_NR_SPECIAL];
    uint8_t introduced[XS_MAX_DOMS / 8]; /* domain->introduced, one bit per domid */
    xenstore_domain_fn dom_exists;       /* NULL: every domain exists */
    void *dom_ctx;
    uint32_t next_tx;
    struct xs_tx **tx;
    size_t nr_tx, cap_tx;
    struct xs_watch *watch;
    size_t nr_watch, cap_watch;
    struct xs_event *ev; /* queued, oldest first from ev_head */
    size_t ev_head, nr_ev, cap_ev;
    struct xs_sink *sink;
    size_t nr_sink, cap_sink;
};

/* strdup of @len bytes plus a NUL, or NULL. */
char *xs_memdup(const void *p, size_t len);

/* ---- node.c ---- */
struct xs_node *xs_node_new(const char *name, const struct xs_perm *perms,
                            unsigned nr_perms);
void xs_node_free(struct xs_node *n);
struct xs_node *xs_node_clone(const struct xs_node *n, struct xs_node *parent);
struct xs_node *xs_lookup(struct xs_node *root, const char *path);
/* "/a/b" -> "/a" (root's parent is "/"); @buf at least strlen(path)+1. */
void xs_parent_name(const char *path, char *buf);
/* perm_for_conn(): what @domid may do with @n (XS_PERM_* incl. OWNER). */
unsigned xs_perm_for(uint16_t domid, const struct xs_node *n);
/* get_node_chk_perm + errno_from_parents: 0 with *@out, or ENOENT / EACCES. */
int xs_get_node(struct xs_node *root, uint16_t domid, const char *path, unsigned perm,
                struct xs_node **out);
/* Create @path and missing parents (construct_node) with @value. 0 or ENOMEM/EINVAL. */
int xs_node_create(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                   const char *path, const char *value, size_t len, struct xs_node **out);
int xs_node_set_value(struct xenstore *xs, struct xs_node *n, const char *value,
                      size_t len);
/* Detach @n from its parent (bumping the parent's generation); caller frees it. */
void xs_node_unlink(struct xenstore *xs, struct xs_node *n);
/* Nodes in @n's subtree, @n included. Cannot fail. */
size_t xs_node_count(const struct xs_node *n);
/* Parse NUL-separated "r0" strings; 0 or EINVAL. *@out malloc'd. */
int xs_perms_parse(const char *s, size_t len, struct xs_perm **out, unsigned *nr);
/* Render @n's perms as NUL-terminated strings into @buf; returns bytes. */
size_t xs_perms_render(const struct xs_node *n, char *buf, size_t len);

/* ---- request.c ---- */
/* Canonical absolute path of @path for @domid into @buf; 0 or EINVAL. *@relative set. */
int xs_canonical(uint16_t domid, const char *path, char *buf, size_t len, bool *relative);
/* The privileged mutators shared by requests and commits; positive errno or 0. */
int xs_do_write(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                const char *path, const char *value, size_t len, bool fire);
int xs_do_mkdir(struct xenstore *xs, struct xs_node *root, uint16_t domid,
                const char *path, bool fire);
int xs_do_rm(struct xenstore *xs, struct xs_node *root, const char *path, bool fire);
int xs_do_set_perms(struct xenstore *xs, struct xs_node *root, const char *path,
                    const char *perms, size_t len, bool fire);
/* A reply of @type with @len (at most XENSTORE_PAYLOAD_MAX) bytes of @data,
 * NUL-terminated after them. Cannot fail. */
void xs_reply(struct xenstore_reply *rep, uint32_t type, const void *data, size_t len);
/* A single NUL-terminated argument (onearg()); NULL if malformed. */
const char *xs_onearg(const char *p, size_t len);
/* glibc's atoi(): strtol's value truncated to int; garbage reads as 0. Cannot fail. */
int xs_atoi(const char *s);

/* ---- domain.c ---- */
/* The special nodes with dom0's n0 (set_dom_perms_default); 0 or -ENOMEM. */
int xs_special_create(struct xenstore *xs);
/* domain->introduced of @domid; false for any id beyond the domains. Cannot fail. */
bool xs_introduced(const struct xenstore *xs, uint16_t domid);
/* XS_INTRODUCE, XS_RELEASE, XS_IS_DOMAIN_INTRODUCED (privileged; checked by the
 * caller): 0 with the reply in @rep, or a positive errno. */
int xs_op_domain(struct xenstore *xs, uint32_t type, const char *p, size_t len,
                 struct xenstore_reply *rep);
/* SET_PERMS of a special path (set_perms_special), taking @perms on success: 0,
 * EINVAL (not a special path) or EACCES (not its owner); nothing changes on error. */
int xs_set_perms_special(struct xenstore *xs, uint16_t domid, const char *name,
                         struct xs_perm *perms, unsigned nr);
/* check_perms_special(): may @domid see events of special path @name (false for
 * any other name)? Cannot fail. */
bool xs_special_readable(const struct xenstore *xs, uint16_t domid, const char *name);

/* ---- transaction.c ---- */
struct xs_tx *xs_tx_find(struct xenstore *xs, uint16_t domid, uint32_t id);
int xs_tx_start(struct xenstore *xs, uint16_t domid, uint32_t *id);
/* Record the first access to @path in @t; 0 or ENOMEM. */
int xs_tx_access(struct xs_tx *t, const char *path);
int xs_tx_log(struct xs_tx *t, uint32_t type, const char *path, const char *data,
              size_t len);
/* Commit (EAGAIN on conflict) or abort; @t is freed either way. */
int xs_tx_end(struct xenstore *xs, struct xs_tx *t, bool commit);
/* conn_delete_all_transactions(): @domid's open transactions end uncommitted.
 * Cannot fail. */
void xs_tx_end_all(struct xenstore *xs, uint16_t domid);
void xs_tx_free(struct xs_tx *t);

/* ---- watch.c ---- */
int xs_watch_add(struct xenstore *xs, uint16_t domid, const char *path, const char *token,
                 bool relative);
int xs_watch_del(struct xenstore *xs, uint16_t domid, const char *path,
                 const char *token);
/* fire_watches(): @exact (MATCH_EXACT) or subtree; @n the node (perm check), NULL
 * for a special "@..." event. An event that cannot be allocated is lost. */
void xs_fire(struct xenstore *xs, const char *name, const struct xs_node *n, bool exact);
/* Queue one event for @w (the initial fire, or a match). */
void xs_queue_event(struct xenstore *xs, const struct xs_watch *w, const char *name);
/* conn_delete_all_watches(): @domid's watches and undelivered events go. Cannot
 * fail. */
void xs_watch_del_all(struct xenstore *xs, uint16_t domid);

#endif
