/* SPDX-License-Identifier: MIT */
/*
 * The PV network path inside the kernel models:
 *   netfront.c       drivers/net/xen-netfront.c: rings, start_xmit, tx gc, rx poll
 *   netback_tx.c     drivers/net/xen-netback/netback.c: the TX half (copy+map)
 *   netback_rx.c     drivers/net/xen-netback/rx.c: the RX half (grant copy)
 *   netback_bridge.c the backend's bridge, its stack and the macb xmit/rx
 *   net_frame.c      Ethernet/IPv4/ICMP/TCP frames of the stacks (echo replies)
 *   net_conn.c       the vifs' shared state, notifications, packet records
 *   net_xenbus.c     the xenbus handshake and event channel of both drivers
 *                    (xen-netfront.c netback_changed/xennet_connect/
 *                    talk_to_netback, xen-netback/xenbus.c netback_probe/
 *                    frontend_changed/connect, interface.c xenvif_connect_data)
 * and the world's side (src/board/wire.c: the wire, the peer host, pcap).
 * Everything is in one struct net_world hanging off the world.
 */
#ifndef GNTSIM_LINUX_NET_H
#define GNTSIM_LINUX_NET_H

#include "linux/linux.h"
#include "linux/xenbus.h"
#include "linux/xen_ring.h"
#include "env/pcap.h"

#define NET_MAX_VIFS         8u
#define NETBACK_TX_COPY_LEN  128u /* XEN_NETBACK_TX_COPY_LEN */
#define NETBACK_FATAL_SLOTS  20u  /* FATAL_SKB_SLOTS_DEFAULT */
#define NETBACK_LEGACY_SLOTS 18u  /* XEN_NETBK_LEGACY_SLOTS_MAX */
#define NETBACK_MAX_PENDING  256u /* MAX_PENDING_REQS */
#define NETBACK_MAX_FRAGS    17u  /* MAX_SKB_FRAGS with 4 KiB pages */
#define NET_HDRS_LEN         34u  /* an Ethernet and an IPv4 header without options */
#define NET_MAX_FRAME        65535u
#define NET_ETH_HLEN         14u
#define NET_NIC_RX_BUFS      16u
#define NET_SKB_PAD          64u /* max(32, L1_CACHE_BYTES) on arm64 */
#define NET_IP_ALIGN         2u
#define NET_DEFAULT_OFFSET   (NET_SKB_PAD + NET_IP_ALIGN)
#define NET_MTU              1500u
#define NET_ETH_FCS_LEN      4u
#define NET_ETH_ZLEN         60u /* ETH_ZLEN: a shorter frame is padded by the sender */
#define NET_PEER_MAX_FRAME   (NET_MTU + NET_ETH_HLEN) /* the peer's largest frame */
/*
 * macb's bp->rx_buffer_size: macb_open passes mtu + ETH_HLEN + ETH_FCS_LEN +
 * NET_IP_ALIGN and macb_init_rx_buffer_size rounds a GEM's up to
 * RX_BUFFER_MULTIPLE (64): 1536 at MTU 1500 (macb_main.c).
 */
#define NET_MACB_RX_BUF_SIZE                                                             \
    ((NET_MTU + NET_ETH_HLEN + NET_ETH_FCS_LEN + NET_IP_ALIGN + 63u) / 64u * 64u)
#define NETBACK_NAPI_BUDGET 64u /* xenvif_poll()'s budget: NAPI_POLL_WEIGHT */
#define NETBACK_COPY_BATCH  64u /* rx.c COPY_BATCH_SIZE, also RX_BATCH_SIZE */
_Static_assert(NET_PEER_MAX_FRAME == GNTSIM_NET_PEER_MAX_FRAME, "the peer's link MTU");
_Static_assert(NET_ETH_ZLEN == GNTSIM_NET_PEER_MIN_FRAME, "Ethernet's shortest frame");

/* One frame moving through a stack or a queue (heap bytes). */
struct net_frame {
    uint8_t *data;
    uint32_t len;
};

/* netfront's record of a TX slot in flight (tx_skbs[id] + grant_tx_ref[id]). */
struct nf_tx_slot {
    bool used;
    grant_ref_t gref;
    uint64_t gfn; /* the dedicated page holding the slot's bytes */
};

/* A posted RX buffer (rx_skbs[id] + grant_rx_ref[id]). */
struct nf_rx_buf {
    bool posted;
    grant_ref_t gref;
    uint64_t gfn;
};

/* A grant whose revocation failed: retried later, page never reused meanwhile. */
struct nf_deferred {
    grant_ref_t gref;
    uint64_t gfn;
};

/* netback's pending slot (pending_tx_info + the page it maps into). */
struct nb_pending {
    bool used;
    bool mapped;
    netif_tx_request_t req; /* the snapshot (RING_COPY_REQUEST) */
    struct gntsim_linux_map map;
    uint64_t pfn; /* this slot's mmap page (unpopulated), 0 until first use */
};

/* A packet inside the backend: a local linear page and mapped frags (an skb). */
struct nb_skb {
    uint64_t lin_pfn;
    uint32_t lin_len;
    unsigned nr_frags;
    struct {
        uint16_t pend;
        uint16_t off, len;
    } frag[NETBACK_FATAL_SLOTS];
    unsigned nr_pend; /* mapped slots, answered when the skb is freed (dealloc) */
    uint16_t pend[NETBACK_FATAL_SLOTS];
    uint32_t len;
};

/*
 * One NAPI poll's TX work (xenvif_tx_build_gops): the skbs built (tx_queue),
 * the copy and map ops of all of them (tx_copy_ops[2 * MAX_PENDING_REQS],
 * tx_map_ops[MAX_PENDING_REQS]) issued in one hypercall each, and the
 * mapped pending slots whose skb was freed (the dealloc ring), unmapped in
 * one batch before they are answered (xenvif_tx_dealloc_action). Slots only
 * copied are answered by xenvif_tx_check_gop, before the skb is submitted.
 */
struct nb_tx_batch {
    struct gnttab_copy cop[2 * NETBACK_MAX_PENDING];
    uint16_t cop_pend[2 * NETBACK_MAX_PENDING]; /* the pending slot each copy serves */
    struct gntsim_linux_map map[NETBACK_MAX_PENDING];
    uint16_t map_pend[NETBACK_MAX_PENDING];
    unsigned nr_cop, nr_map;
    struct nb_skb skb[NETBACK_NAPI_BUDGET];
    uint16_t skb_cop[NETBACK_NAPI_BUDGET], skb_map[NETBACK_NAPI_BUDGET]; /* first ops */
    unsigned nr_skb;
    uint16_t dealloc[NETBACK_MAX_PENDING];
    unsigned nr_dealloc;
    struct gntsim_linux_map unmap[NETBACK_MAX_PENDING]; /* tx_unmap_ops */
};

/* The RX copy batch (xenvif_rx_copy_*): ops, the responses they fill, skb pages. */
struct nb_rx_batch {
    struct gnttab_copy op[NETBACK_COPY_BATCH];
    RING_IDX rsp[NETBACK_COPY_BATCH];   /* the response whose status an op sets */
    uint64_t stage[NETBACK_COPY_BATCH]; /* dom0 pages holding the slots' bytes */
    unsigned num;
};

struct net_vif {
    struct net_world *nw; /* the PV network it belongs to */
    unsigned id;
    gntsim_domid_t front, back;
    struct linux_kernel *kf,
        *kb; /* its kernels: freed only after the vifs, with the world */
    int nic; /* backend's device index, -1 = none */
    bool connected;
    uint64_t delay_ns;
    unsigned rxq_max, rx_bufs;
    struct gntsim_vif_stats st;
    /* ---- xenbus and event channel (net_xenbus.c) ---- */
    unsigned devid;            /* the vif's index in the frontend domain */
    int conn_err;              /* why the handshake stopped; 0 = it did not */
    struct xenbus_device fdev; /* netfront's "device/vif/<devid>" */
    struct xenbus_device bdev; /* netback's "backend/vif/<front>/<devid>" */
    enum xenbus_state
        be_state;          /* backend_info.state: ahead of bdev.state until hotplug */
    uint32_t fport, bport; /* netfront's unbound port, netback's bound one; 0 = none */
    uint32_t fwatch, bwatch, hpwatch; /* otherend watches, hotplug-status; 0 = none */
    /* ---- frontend ---- */
    uint64_t tx_ring_gfn, rx_ring_gfn;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    netif_tx_front_ring_t ftx;
    netif_rx_front_ring_t frx;
    struct nf_tx_slot tx[NET_TX_RING_SIZE];
    uint16_t tx_free[NET_TX_RING_SIZE];
    unsigned tx_nr_free;
    struct nf_rx_buf rx[NET_RX_RING_SIZE];
    struct nf_deferred deferred[NET_TX_RING_SIZE + NET_RX_RING_SIZE];
    unsigned nr_deferred;
    bool front_work_queued;
    /* netfront's vCPU is busy elsewhere (net-send hold): its event stays pending, the
     * handler runs at netfront_poll() */
    bool front_held;
    /* ---- backend ---- */
    struct gntsim_linux_map ring_map[2]; /* tx, rx ring pages mapped RW */
    netif_tx_back_ring_t btx;
    netif_rx_back_ring_t brx;
    struct nb_pending pend[NETBACK_MAX_PENDING];
    unsigned pend_lo; /* every pend[] below this index is in use (nb_pend_get's start) */
    struct net_frame *rxq; /* frames for the guest, FIFO */
    unsigned rxq_head, rxq_nr;
    bool back_work_queued;
    struct nb_tx_batch txb;
    struct nb_rx_batch rxb; /* rxb.stage[0] is allocated at connect */
    /* ---- test hooks (hostile peers) ---- */
    void (*after_fetch)(void *ctx, struct net_vif *v, RING_IDX idx); /* XSA-155 */
    void *hook_ctx;
    RING_IDX hook_idx;      /* net_hostile.c: the request its after_fetch rewrites */
    bool back_never_unmaps; /* a backend that answers but keeps its TX mappings */
};

/* Record of one sent packet (gntsim_net_packet plus what the wire needs). */
struct net_pkt {
    struct gntsim_net_packet info;
    unsigned vif;
    bool from_peer; /* the peer host sent it to the vif's frontend */
};

/* A dom0 NIC receive buffer (macb's rx ring entry). */
struct nic_rx_buf {
    uint64_t pfn, dma;
    bool mapped;
};

/*
 * Frame buffers (gntsim's own heap bytes, not modelled memory): a frame of at
 * most NET_FRAME_BUF bytes lives in a buffer of that size, kept on a free
 * stack when released and reused, so the per-packet path does not malloc.
 */
#define NET_FRAME_BUF  2048u
#define NET_FRAME_KEEP 256u /* spare buffers kept; more are freed */

/*
 * What the PV network reaches outside the kernels, the board's side
 * (src/board/net.c): the NIC's owner and DMA, the wire beyond it, the
 * capture, and dom0 user space (the toolstack and the hotplug script).
 */
struct net_board_ops {
    int (*fail)(void *board, int rc, const char *msg); /* the last error; returns @rc */
    /* the kernel whose driver services NIC @nic (its interrupt's target); NULL (the
     * error reported) when that kernel is not booted */
    struct linux_kernel *(*nic_driver)(void *board, unsigned nic);
    /* the NIC's bus-master access at @bus (through the SMMU when behind one) */
    int (*nic_dma)(void *board, unsigned nic, uint64_t bus, void *buf, size_t len,
                   bool write);
    void (*wire_tx)(void *board, unsigned nic, struct net_frame *f); /* taken over */
    void (*vif_capture)(void *board, const uint8_t *data, uint32_t len);
    /* libxl's vif nodes; the hotplug script's and the toolstack's xenstore writes */
    int (*vif_create)(void *board, gntsim_domid_t front, gntsim_domid_t back,
                      unsigned devid);
    int (*xs_write)(void *board, gntsim_domid_t as, const char *path, const char *value);
    int (*xs_rm)(void *board, gntsim_domid_t as, const char *path);
};

struct net_world {
    const struct net_board_ops *ops;
    void *board;
    struct sched *sched; /* driver work, interrupts */
    struct trace *trace;
    struct net_vif *vif[NET_MAX_VIFS];
    uint8_t *frame_spare[NET_FRAME_KEEP];
    unsigned nr_frame_spare;
    uint8_t *send_buf; /* NET_MAX_FRAME bytes: the frame gntsim_net_send builds */
    unsigned nr_vif;
    struct net_pkt *pkt;
    uint32_t nr_pkt, cap_pkt;
    struct sim_pcap pcap_wire, pcap_vif;
    struct nic_rx_buf nic_rx[LINUX_MAX_DEVICES][NET_NIC_RX_BUFS];
    unsigned nic_rx_next[LINUX_MAX_DEVICES];
    uint64_t wire_delay_ns;
    struct net_frame wireq[64]; /* frames on the wire towards a NIC, FIFO */
    unsigned wq_head, wq_nr;
};

/* ---- net_conn.c ---- */

/* Set up @nw (zeroed) for the board @board with @ops. Cannot fail. */
void net_world_init(struct net_world *nw, const struct net_board_ops *ops, void *board,
                    struct sched *sched, struct trace *trace);
/* Free everything @nw holds (teardown: no grant op is issued), not @nw itself. */
void net_world_fini(struct net_world *nw);
/* Report an error to the board; returns @rc. */
int net_fail(struct net_world *nw, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The vif @id, or NULL with -EINVAL set. */
struct net_vif *net_vif(struct net_world *nw, unsigned id);
/* Count and trace refusal @r on @v with @why. Cannot fail. */
void net_refuse(struct net_vif *v, enum gntsim_net_refusal r, const char *why);
/* Queue driver work @fn for @v after its latency, once while queued (an irq handler). */
void net_kick(struct net_vif *v, sched_fn fn);
/* Packet record @pkt, or NULL. */
struct net_pkt *net_pkt(struct net_world *nw, uint32_t pkt);
/* Mark packet @pkt (none: nothing) dropped because of @why. Cannot fail. */
void net_pkt_drop(struct net_world *nw, uint32_t pkt, const char *why);
/* A new packet record for @vif: its id (wraps at 65536), or UINT32_MAX (no memory). */
uint32_t net_pkt_new(struct net_world *nw, unsigned vif);
/* Give @f a buffer for @len bytes (f->len = @len). 0, or -ENOMEM (f->data NULL). */
int net_frame_alloc(struct net_world *nw, struct net_frame *f, uint32_t len);
/* Release @f's buffer (from net_frame_alloc; NULL is fine); f->data becomes NULL. */
void net_frame_release(struct net_world *nw, struct net_frame *f);

/* ---- net_xenbus.c ---- */

/*
 * Toolstack, hotplug script and both drivers' probes for @v, then run the
 * handshake's watches and events until both ends are Connected. 0, or the
 * -errno that stopped it (-EIO: the handshake did not complete).
 */
int net_vif_connect(struct net_vif *v);
/*
 * The close walk (xennet_remove): netfront Closing, netback disconnects,
 * both Closed, then netfront closes its port and revokes. 0, -ESRCH or
 * -EBUSY (a grant still in use: a repeated call retries).
 */
int net_vif_disconnect(struct net_vif *v);
/* Undo a failed connect: watches, ports, mappings, grants and nodes. Cannot fail. */
void net_vif_abandon(struct net_vif *v);
/* Notify the other end of @v over its event channel (to the backend if @to_back). */
void net_notify(struct net_vif *v, bool to_back);

/* ---- pages (linux/pages.c) ---- */

/* A free page of @k's RAM (zeroed): its pfn, or 0 when none is left. */
uint64_t linux_page_alloc(struct linux_kernel *k);
/* alloc_page() without __GFP_ZERO (an skb's data): old bytes stay. 0 when none left. */
uint64_t linux_page_alloc_raw(struct linux_kernel *k);
/*
 * A page (alloc_page() without __GFP_ZERO) into which the CPU writes @len bytes of @b
 * at @off, as the stack writes a frame into skb data: the rest keeps its old bytes and
 * cache lines. 0 when none is left or on error.
 */
uint64_t linux_page_alloc_fill(struct linux_kernel *k, uint32_t off, const uint8_t *b,
                               uint32_t len);
/* Return @pfn to @k's allocator (a page of the lower half, the scenario's own, is not
 * the allocator's and stays out of it). Cannot fail. */
void linux_page_free(struct linux_kernel *k, uint64_t pfn);
/*
 * The CPU writes @len bytes of @b at @off of @pfn, a page of the lower half of @k's RAM
 * that the allocator never hands out (the page a scenario chooses for a frame): 0, or
 * -EINVAL when @pfn is not such a page or the bytes cross it, -EFAULT.
 */
int linux_page_fill_own(struct linux_kernel *k, uint64_t pfn, uint32_t off,
                        const uint8_t *b, uint32_t len);
/* Host pointer to the machine frame behind @k's @pfn, or NULL when unmapped. */
uint8_t *linux_page_ptr(const struct linux_kernel *k, uint64_t pfn);

/* ---- net_frame.c ---- */

/* What a frontend's frame carries (net_frame.c builds the headers). */
enum net_proto {
    NET_PROTO_TCP,         /* a TCP-like segment to the echo port: answered */
    NET_PROTO_ICMP,        /* an ICMP echo request: answered */
    NET_PROTO_UDP_DISCARD, /* UDP to the discard port (RFC 863): not answered */
};
/* Build a frame of @len bytes from a frontend, id @pkt. 0, -EINVAL, -ENOMEM. */
int net_frame_build(struct net_frame *f, uint32_t len, enum net_proto proto, bool to_dom0,
                    uint32_t pkt);
/* net_frame_build() into @d (room for @len bytes). 0, or -EINVAL (bad length, proto). */
int net_frame_write(uint8_t *d, uint32_t len, enum net_proto proto, bool to_dom0,
                    uint32_t pkt);
/*
 * The peer host's own frame of @len bytes for a frontend, id @pkt: a UDP datagram
 * from 10.0.0.3 to the frontend's discard port. 0, or -EINVAL (@len shorter than its
 * headers, 42 bytes, or beyond an IPv4 datagram).
 */
int net_frame_write_peer(uint8_t *d, uint32_t len, uint32_t pkt);
/*
 * Turn @f into the reply its destination's stack sends (swap, ICMP type 0).
 * Returns false, leaving @f as it was, when the stack answers nothing (discard).
 */
bool net_frame_echo(struct net_frame *f);
/* The packet id a frame carries (IP identification), or UINT32_MAX. */
uint32_t net_frame_pkt(const uint8_t *data, uint32_t len);
/* Whether @data is addressed to the backend domain's own MAC. */
bool net_frame_to_dom0(const uint8_t *data, uint32_t len);
/* Whether @data is addressed to a frontend's MAC. */
bool net_frame_to_front(const uint8_t *data, uint32_t len);

/* ---- netfront.c ---- */

/* setup_netfront(): ring pages granted, rings initialised, RX buffers posted. */
int netfront_connect(struct net_vif *v);
/* xennet_start_xmit() of @len bytes of @frame, the first slot's bytes in page @gfn (0:
 * one the allocator gives). 0, -EBUSY (ring full), -ENOSPC, -EIO, -EINVAL (@gfn not a
 * page of the scenario's lower half). */
int netfront_xmit(struct net_vif *v, const uint8_t *frame, uint32_t len, uint16_t offset,
                  uint16_t slot_max, uint64_t gfn);
/* xennet_alloc_rx_buffers() once connected: post the first RX buffers. */
void netfront_start(struct net_vif *v);
/* The frontend's interrupt: TX gc and RX poll (scheduled callback). */
void netfront_interrupt(void *ctx, uint64_t arg);
/* Run netfront's pending event handler for @v now, on the caller's (vCPU) stack, and
 * stop holding it (front_held). Cannot fail (a spurious poll does nothing). */
void netfront_poll(struct net_vif *v);
/* Revoke every grant and free every page; -EBUSY if some revoke is still refused, -EIO
 * if the kernel reached BUG() (it does nothing more). */
int netfront_disconnect(struct net_vif *v);

/* ---- netback_tx.c / netback_rx.c ---- */

/* Map the frontend's ring pages @tx and @rx, initialise the back rings. 0, -ESRCH (no
 * backend kernel) or -EIO (a map, a page or memory failed; nothing left mapped). */
int netback_connect(struct net_vif *v, grant_ref_t tx, grant_ref_t rx);
/* The backend's interrupt: TX action, then RX action (scheduled callback). */
void netback_interrupt(void *ctx, uint64_t arg);
/* Free skb @s: unmap its frags, answer its slots (xenvif_zerocopy_callback). */
void netback_skb_free(struct net_vif *v, struct nb_skb *s);
/* Queue @f (taken over) for the guest and kick the RX action. */
void netback_rx_queue(struct net_vif *v, struct net_frame *f);
/* xenvif_rx_action(): fill posted RX buffers by grant copy. */
void netback_rx_action(struct net_vif *v);
/* Unmap everything, drop queues and the ring mappings. Cannot fail. */
void netback_disconnect(struct net_vif *v);

/* ---- netback_bridge.c ---- */

/* The bridge takes a TX skb from @v: dom0's stack or the NIC. Frees the skb. */
void bridge_tx(struct net_vif *v, struct nb_skb *s);
/* macb_rx(): NIC @nic DMA-writes @f into a receive buffer, the driver reads it back. */
int nic_receive(struct net_world *nw, unsigned nic, struct net_frame *f);
/* A frame arrived on NIC @nic (peer reply): to the vif it is addressed to. */
void bridge_from_nic(struct net_world *nw, unsigned nic, struct net_frame *f);

/* ---- net_hostile.c ---- */

/* gntsim_net_hostile() on @v after its checks: 0, -EINVAL, -EIO, -EBUSY, -ENOSPC. */
int net_hostile(struct net_vif *v, const struct gntsim_net_attack *a);

#endif
