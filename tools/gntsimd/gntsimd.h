/* SPDX-License-Identifier: MIT */
/*
 * gntsimd: one serialized event loop owning a gntsim world, serving outside processes
 * as its domains. This increment serves xenstore: a Unix socket per domain
 * (DIR/d<N>/socket, what libxenstore connects to when XENSTORED_PATH names it) speaking
 * <xen/io/xs_wire.h> (struct xsd_sockmsg + payload), answered by the world's xenstored
 * (src/dom0/xenstored) as that domain. Watch events go to the connection that set the
 * watch; a closed connection's watches and transactions end, as xenstored drops them.
 * Every request and reply is logged (--log) and a log replays (--replay).
 */
#ifndef GNTSIMD_H
#define GNTSIMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <xen/io/xs_wire.h>

#include "devwire.h"
#include "gntsim/dev.h"
#include "gntsim/gntsim.h"

#define GD_MAX_DOMAINS 8   /* domains the daemon creates (d0 .. d7) */
#define GD_MAX_CONNS   64  /* clients at once; more are refused (closed at accept) */
#define GD_MAX_WATCHES 128 /* watches one connection may hold (xenstored's quota) */
#define GD_MAX_TX      16  /* open transactions one connection may hold */
#define GD_MSG_MAX     (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)
#define GD_OUT_MAX     (1u << 20) /* a client that reads nothing is dropped beyond this */
#define GD_MAX_DEVS    128        /* open device files of all clients at once */
#define GD_DEV_EVQ     4096       /* ports read from an evtchn file, not yet sent */
/* the longest message a log line holds: a device request with its largest argument */
#define GD_LOG_MAX (sizeof(struct gd_dev_req) + GD_DEV_PAYLOAD_MAX)

/* A watch a connection set: where its events go. */
struct gd_watch {
    char *path, *token;
};

/* One client: a process attached as domain @dom. */
struct gd_conn {
    int fd;
    gntsim_domid_t dom;
    uint8_t in[GD_MSG_MAX]; /* the request being read */
    size_t in_len;
    uint8_t *out; /* replies and events not yet written */
    size_t out_len, out_cap;
    struct gd_watch watch[GD_MAX_WATCHES];
    unsigned nwatch;
    uint32_t tx[GD_MAX_TX]; /* transactions it started and has not ended */
    unsigned ntx;
    bool dead;          /* to close at the end of this loop turn */
    uint32_t ep_events; /* what the event loop watches on @fd (0: not yet) */
};

/* One open /dev/xen file of a client (devwire.h). */
struct gd_dev {
    unsigned id; /* in the log: the connection's number, from 1 in accept order */
    int fd;      /* the device connection (-1 in a replay) */
    int evfd;    /* evtchn: the daemon's end of the event socket; else -1 */
    int pidfd;   /* the process that opened it (SO_PEERCRED), or -1 */
    gntsim_domid_t dom;
    struct gntsim_file *f; /* NULL until OPEN */
    uint32_t evq[GD_DEV_EVQ];
    unsigned nevq;
    bool dead;
    uint32_t ep_fd, ep_evfd; /* what the event loop watches on @fd, @evfd (0: not yet) */
};

/* --check: the invariants after each request where it acted (each: the step check,
 * gntsim_check_invariants_step()), only at SIGUSR1 and when stopping (stop), or after
 * each request both the step check and the full walk, a finding only the walk makes
 * being a miss of the step check, reported and failing the daemon (verify: a test's). */
enum gd_check { GD_CHECK_EACH, GD_CHECK_STOP, GD_CHECK_VERIFY };

struct gntsimd {
    struct gntsim_world *w;
    unsigned ndom;
    const char *release;
    FILE *log; /* NULL: no log */
    struct gd_conn *conn[GD_MAX_CONNS];
    struct gd_dev *dev[GD_MAX_DEVS];
    unsigned conn_hi, dev_hi; /* every slot in use is below these (loops stop there) */
    uint8_t *events;          /* replay: the event messages of the last request */
    size_t events_len, events_cap;
    bool replaying;
    unsigned dev_next_id;
    uint8_t *dev_got; /* replay: the last device reply (GD_LOG_MAX bytes) */
    size_t dev_got_len;
    enum gd_check check; /* --check: when the invariants run */
    unsigned mem_pages;  /* --memory: each domain's RAM in pages (0: the default) */
    unsigned long requests, findings;
    unsigned long misses; /* --check=verify: findings the step check did not make */
};

/* Create the world: d0 (Arm hwdom, direct-mapped, IOMMU) and d1 .. d@ndom-1 (Arm domUs)
 * under @release. 0, or -EINVAL/-ENOMEM with a message on stderr. */
int gd_world_make(struct gntsimd *d, const char *release, unsigned ndom);

/* A new connection of domain @dom on @fd (non-blocking): 0, or -ENOMEM/-EMFILE (the
 * caller closes @fd). */
int gd_conn_add(struct gntsimd *d, int fd, gntsim_domid_t dom);
/* Read what @c sent and answer every complete request. Marks @c dead on EOF, a read
 * error or a malformed message (xenstored closes such a connection). Cannot fail. */
void gd_conn_read(struct gntsimd *d, struct gd_conn *c);
/* Queue @len bytes for @c; a client that lets GD_OUT_MAX pile up (or out of memory) is
 * marked dead. Cannot fail. */
void gd_conn_queue(struct gd_conn *c, const void *b, size_t len);
/* Write what is queued for @c; marks it dead on a write error. Cannot fail. */
void gd_conn_flush(struct gd_conn *c);
/* End @c's watches and transactions in the store, close its fd, free it. */
void gd_conn_close(struct gntsimd *d, struct gd_conn *c);

/* Answer one wire message of @len bytes from domain @dom; the reply goes to @c (NULL in
 * replay: into *@reply, *@reply_len). 0, or -EINVAL (malformed: no reply). */
int gd_request(struct gntsimd *d, struct gd_conn *c, gntsim_domid_t dom,
               const uint8_t *msg, size_t len, uint8_t *reply, size_t *reply_len);

/* Make gntsimd's sink every domain's watch-event sink: 0 or -ENOMEM. */
int gd_sinks(struct gntsimd *d);
/* Run deferred work (watch events, pending ports) and the invariants as --check says;
 * report new findings on stderr, each with the number of the request after which it
 * was found. Cannot fail. */
void gd_settle(struct gntsimd *d);
/* Report the world's findings not reported yet on stderr. Cannot fail. */
void gd_findings(struct gntsimd *d);
/* Check every invariant, then print one line per domain of what it holds (grants,
 * pins, handles, ports) and one of the lent frames, open files and findings on stdout:
 * the state a test compares after its clients are gone (SIGUSR1). Cannot fail. */
void gd_state(struct gntsimd *d);
/* Serve the world on sockets under @dir until SIGINT or SIGTERM: 0, or 1 when a socket
 * cannot be made (reported) or the event loop fails, or (--check=verify) a finding
 * escaped the step check. */
int gd_serve(struct gntsimd *d, const char *dir);

/* A new device connection of domain @dom on @fd: 0, or -ENOMEM/-EMFILE (the caller
 * closes @fd). */
int gd_dev_add(struct gntsimd *d, int fd, gntsim_domid_t dom);
/* Answer the request waiting on @c; marks it dead on EOF or a malformed message. Cannot
 * fail. */
void gd_dev_read(struct gntsimd *d, struct gd_dev *c);
/* Ports the process wrote on @c's event socket: unmask them. Cannot fail. */
void gd_dev_event_in(struct gntsimd *d, struct gd_dev *c);
/* Send every evtchn file's pending ports to its event socket. Cannot fail. */
void gd_dev_pump(struct gntsimd *d);
/* SIGKILL the process that opened @c (the daemon is stopping: its domain is gone, as
 * when Xen destroys a domain; it would otherwise spin on an event channel whose
 * kernel vanished). Cannot fail. */
void gd_dev_kill(const struct gd_dev *c);
/* Open device files now. Cannot fail. */
unsigned gd_dev_count(const struct gntsimd *d);
/* Release @c's file (as the last close does), close its sockets, free it. */
void gd_dev_close(struct gntsimd *d, struct gd_dev *c);

/* Log line "@kind dN #ID HEX" of device connection @c (no HEX when @len is 0). */
void gd_log_dev(struct gntsimd *d, char kind, const struct gd_dev *c, const void *b,
                size_t len);
/* Replay: keep @len bytes of an event (a watch event, a port sent to an event socket)
 * to compare with the log's. Cannot fail (an event that does not fit is dropped, and
 * the comparison then reports it). */
void gd_event_note(struct gntsimd *d, const void *b, size_t len);
/* Replay: the device connection numbered @id of domain @dom, created on first use; NULL
 * when out of memory or full. */
struct gd_dev *gd_dev_replay(struct gntsimd *d, unsigned id, gntsim_domid_t dom);
/* Serve one device request message of @len bytes on @c (the live path's and the
 * replay's). Marks @c dead when malformed. */
void gd_dev_message(struct gntsimd *d, struct gd_dev *c, uint8_t *msg, size_t len);

/* Replay the log @path: every request (xenstore and device) again, the world settled
 * where the daemon settled it, every reply and event compared. 0 when all match, 1 on
 * a difference (reported), 2 on a bad log. */
int gd_replay(const char *path);

/* Write @len bytes of @b as hex after @prefix and a newline to @f. Cannot fail. */
void gd_log_hex(FILE *f, const char *prefix, gntsim_domid_t dom, const uint8_t *b,
                size_t len);

#endif
