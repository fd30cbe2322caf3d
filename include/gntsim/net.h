/* SPDX-License-Identifier: MIT */
/*
 * gntsim: the PV network path (netfront in a domU, netback in a backend
 * domain, a dom0 bridge, the NIC and the wire), its captures and hostile
 * peers. Included by <gntsim/gntsim.h>.
 */
#ifndef GNTSIM_NET_H
#define GNTSIM_NET_H

#include "gntsim/gntsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- PV network (src/linux/netfront.c, netback_*.c; src/board/wire.c) ---- */

/*
 * A vif joins a frontend domain's netfront to a backend domain's netback
 * over two shared rings (<xen/io/netif.h>) in granted frontend pages. The
 * backend's bridge delivers a frame to itself (its own stack, no DMA) or
 * sends it out of its NIC (swiotlb-xen dma map, device DMA through the
 * SMMU) to a peer host on the other side of the wire, which echoes it.
 * Either stack consumes a UDP datagram to its discard port without answer.
 * The peer also sends on its own (gntsim_net_peer_send): the NIC DMA-writes
 * the frame into the backend's receive buffer and netback grant-copies it
 * into a buffer the frontend posted.
 */
struct gntsim_vif_opts {
    gntsim_domid_t front, back; /* both kernels booted */
    const char *nic;            /* backend's physical NIC (device name); NULL: none */
    unsigned rx_bufs;           /* RX buffers netfront keeps posted (0 = 32, <= 256) */
    uint64_t backend_delay_ns;  /* notification -> netback work latency (0 = 1 us) */
    unsigned rxq_max;           /* frames netback queues towards the guest (0 = 64) */
};
/*
 * Create and connect a vif: the toolstack's xenstore nodes, then the
 * xenbus handshake of netback and netfront driven by watches and event
 * channels until both ends are Connected (src/linux/net_xenbus.c; no
 * virtual time passes). *@vif receives its index. Returns 0,
 * -ESRCH (no kernel), -EINVAL (bad options or NIC), -ENOSPC, -ENOMEM, or
 * -EIO (the ring mapping failed: nothing is left behind).
 */
int gntsim_net_vif_create(struct gntsim_world *w, const struct gntsim_vif_opts *o,
                          unsigned *vif);
/*
 * Disconnect @vif: netback unmaps everything it holds, netfront revokes
 * every grant (retrying those still in use) and frees its pages. Returns 0
 * or -EINVAL; -EBUSY if a grant could not be revoked (its page is kept).
 */
int gntsim_net_vif_destroy(struct gntsim_world *w, unsigned vif);

enum gntsim_net_dest { GNTSIM_NET_DOM0, GNTSIM_NET_PEER };
struct gntsim_net_send {
    uint32_t size;           /* Ethernet frame bytes (14 .. 65535) */
    enum gntsim_net_dest to; /* the backend domain itself, or the peer host */
    bool icmp;               /* an ICMP echo request (ping); else TCP-like */
    bool discard;            /* a UDP datagram to the discard port (RFC 863): no answer */
    uint16_t offset;         /* offset of the data in its first page (0 = 0x42) */
    uint16_t slot_max;       /* at most this many bytes per slot (0 = page-limited) */
    uint64_t gfn; /* the first slot's page: a guest frame in the lower half of the
                     frontend's RAM, which its allocator never uses (0 = allocated) */
    bool hold;    /* from this send on, netfront's event stays pending (its vCPU busy
                     elsewhere) until gntsim_net_poll(): the backend's answer waits */
};
/*
 * netfront's start_xmit of one frame with real payload bytes. *@pkt
 * receives the packet's record index. Returns 0, -EBUSY (TX ring full:
 * nothing queued; counted as tx_ring_full), -EINVAL (also: both icmp and
 * discard), -ENOSPC (no grant refs
 * or pages), -EIO (frontend broken), -EINVAL (also: @s->gfn not in the lower half).
 */
int gntsim_net_send(struct gntsim_world *w, unsigned vif, const struct gntsim_net_send *s,
                    uint32_t *pkt);
#define GNTSIM_NET_PEER_MIN_FRAME 60u   /* ETH_ZLEN: shorter frames are padded */
#define GNTSIM_NET_PEER_MAX_FRAME 1514u /* the peer's link: MTU 1500, Ethernet header */
/*
 * The peer host sends @vif's frontend a UDP datagram of @size Ethernet bytes to its
 * discard port (RFC 863: netperf's UDP_STREAM receive load), unsolicited: after the
 * wire's latency the backend's NIC DMA-writes it into a receive buffer, the bridge
 * hands it to netback, which grant-copies it into a buffer netfront posted (run
 * gntsim_net_run()); *@pkt (may be NULL) receives its record, and @sent (may be NULL,
 * room for @size bytes) the bytes the peer put on the wire.
 * Returns 0, or -EINVAL (no vif @vif, a vif whose backend has no NIC, or @size outside
 * GNTSIM_NET_PEER_MIN_FRAME .. GNTSIM_NET_PEER_MAX_FRAME), -EBUSY (64 frames already
 * on the wire) or -ENOMEM, with nothing sent.
 */
int gntsim_net_peer_send(struct gntsim_world *w, unsigned vif, uint32_t size,
                         uint8_t *sent, uint32_t *pkt);
/*
 * Run deferred work (notifications, driver work, wire) until quiet. Returns
 * the number of items run, or -ELOOP when the safety valve stopped a
 * livelock.
 */
long gntsim_net_run(struct gntsim_world *w);
/*
 * Run @vif's netfront event handler now, on the calling vCPU (in a scenario's parallel
 * block, beside hypercalls of other domains): the TX responses' grants revoked and
 * pages freed (xennet_tx_buf_gc), RX responses taken, buffers posted; the vif's event
 * is no longer held (gntsim_net_send's hold). Returns 0, or -EINVAL (no vif @vif).
 */
int gntsim_net_poll(struct gntsim_world *w, unsigned vif);

struct gntsim_net_packet {
    bool delivered;   /* reached its destination's stack: dom0's, the peer's, or for a
                         frame of gntsim_net_peer_send() the frontend's */
    bool replied;     /* the echo reply reached the frontend */
    bool dropped;     /* dropped on the way (see reason) */
    uint32_t rx_len;  /* bytes netfront took of the frame's first RX response */
    uint64_t rx_addr; /* where they are: the frontend's guest-physical address of its RX
                         buffer plus the response's offset (0: nothing received) */
    char reason[48];
};
/* Record of packet @pkt. Returns 0 or -EINVAL. */
int gntsim_net_packet_info(struct gntsim_world *w, uint32_t pkt,
                           struct gntsim_net_packet *out);

enum gntsim_net_refusal {
    GNTSIM_NET_BAD_REF,        /* a grant op on a request's ref failed */
    GNTSIM_NET_CROSS_PAGE,     /* offset + size beyond the page (fatal) */
    GNTSIM_NET_TOO_MANY_SLOTS, /* more slots than FATAL_SKB_SLOTS (fatal) */
    GNTSIM_NET_SLOT_SIZE,      /* a slot larger than what remains of the packet */
    GNTSIM_NET_SHORT,          /* first slot shorter than an Ethernet header */
    GNTSIM_NET_ZERO_FRAG,      /* zero-length fragment, answered without a grant op */
    GNTSIM_NET_BAD_ID,         /* response id out of range or not in flight */
    GNTSIM_NET_BAD_RX,         /* RX response: bad status or offset */
    GNTSIM_NET_GRANT_BUSY,     /* end of foreign access refused: grant in use */
    GNTSIM_NET_RING_OVERFLOW,  /* producer index beyond the ring (fatal) */
    GNTSIM_NET_LEGACY_SLOTS,   /* more than XEN_NETBK_LEGACY_SLOTS_MAX slots: dropped */
    GNTSIM_NET_NEED_MORE,      /* a slot chain running past the producer (fatal) */
    GNTSIM_NET_NR_REFUSALS
};
struct gntsim_vif_stats {
    uint64_t tx_ok;                /* frames that reached their destination */
    uint64_t tx_dropped_fault;     /* dropped: the NIC's DMA faulted */
    uint64_t tx_errors;            /* TX responses with an error status */
    uint64_t tx_ring_full;         /* sends refused: no room on the TX ring */
    uint64_t rx_ok;                /* frames netfront received */
    uint64_t rx_dropped;           /* frames netback dropped (no RX buffer, queue full) */
    uint64_t notify_tx, notify_rx; /* notifications sent (both directions) */
    uint64_t copy_ops, map_ops;    /* netback's grant ops */
    uint64_t refused[GNTSIM_NET_NR_REFUSALS];
    bool back_disabled;  /* netback's fatal error: xenvif_carrier_off */
    bool front_broken;   /* netfront stopped trusting its backend */
    uint32_t grants_out; /* frontend grants not yet revoked */
    /* TX skbs netback built with part of the Ethernet and IPv4 headers outside the
     * linear area, in mapped frags (a netback without ad7f402ae4f4, XSA-423) */
    uint64_t tx_head_split;
};
/* Counters of @vif. Returns 0 or -EINVAL. */
int gntsim_net_vif_stats(struct gntsim_world *w, unsigned vif,
                         struct gntsim_vif_stats *out);
/* Name of refusal @r ("bad_ref"), "?" when out of range. */
const char *gntsim_net_refusal_name(enum gntsim_net_refusal r);

/* What a hostile peer does (gntsim_net_hostile); "front": a malicious netfront. */
enum gntsim_net_attack_kind {
    GNTSIM_ATTACK_BAD_REF,           /* front: a TX request naming a bad grant ref */
    GNTSIM_ATTACK_SLOTS,             /* front: one packet of `slots` requests */
    GNTSIM_ATTACK_ENDLESS_CHAIN,     /* front: the last slot still says more_data */
    GNTSIM_ATTACK_SIZE_MISMATCH,     /* front: first size smaller than a later slot's */
    GNTSIM_ATTACK_CHANGE_AFTER_POST, /* front: request rewritten once netback read it */
    GNTSIM_ATTACK_ZERO_FRAG,         /* front: a zero-length fragment with a bad ref */
    GNTSIM_ATTACK_CROSS_PAGE,        /* front: offset + size beyond the page */
    GNTSIM_ATTACK_PROD_OVERRUN,      /* front: req_prod `by` requests beyond the ring */
    GNTSIM_ATTACK_REVOKE,            /* front: ends access to a posted grant first */
    GNTSIM_ATTACK_BACK_BAD_ID,       /* back: a TX response with id `id`, never posted */
    GNTSIM_ATTACK_BACK_DOUBLE,       /* back: answers a TX request twice */
    GNTSIM_ATTACK_BACK_KEEPS_GRANT,  /* back: answers TX but never unmaps (XSA-396) */
    GNTSIM_ATTACK_BACK_RELEASE,      /* back: unmaps what it kept, behaves again */
    GNTSIM_ATTACK_RX_BAD_ID,         /* back: an RX response carrying id `id` */
    GNTSIM_ATTACK_RX_BAD_SIZE,       /* back: an RX response beyond its page */
    GNTSIM_ATTACK_NR
};
struct gntsim_net_attack {
    enum gntsim_net_attack_kind kind;
    uint32_t size;  /* frame bytes, 14 .. 4000 (0 = 64; slots: 64 per slot;
                       keeps-grant: 1500, so netback maps a slot) */
    unsigned slots; /* SLOTS, ENDLESS_CHAIN: requests in the chain, 1 .. 64 (0 = 2) */
    uint32_t ref;   /* BAD_REF: the ref named (0 = 0xffff0000, outside any table) */
    uint16_t id;    /* BACK_BAD_ID, RX_BAD_ID: the response's id */
    uint32_t by;    /* PROD_OVERRUN: requests req_prod moves on (0 = 1000) */
};
/*
 * Make one end of @vif misbehave as @a says (frames go to the backend
 * domain, ICMP), then run deferred work until quiet; the effects are in
 * gntsim_net_vif_stats(), grant and page state. Returns 0 when the attack
 * was mounted, -EINVAL (bad vif, kind or field), -EIO (vif not connected,
 * except for BACK_RELEASE; or nothing was answered to replay), -EBUSY (no
 * room on the ring), -ENOSPC (no ids, pages or grant refs) or -ELOOP.
 */
int gntsim_net_hostile(struct gntsim_world *w, unsigned vif,
                       const struct gntsim_net_attack *a);
/* Scenario name of attack @k ("bad-ref"), NULL when out of range. */
const char *gntsim_net_attack_name(enum gntsim_net_attack_kind k);

enum gntsim_net_capture { GNTSIM_CAPTURE_WIRE, GNTSIM_CAPTURE_VIF };
/*
 * Capture every frame at @point into @out as a classic libpcap file
 * (LINKTYPE_ETHERNET, timestamps from virtual time); NULL stops. The
 * header is written at once. Returns 0, -EINVAL or -EIO (write error).
 */
int gntsim_net_pcap(struct gntsim_world *w, enum gntsim_net_capture point, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
