/* SPDX-License-Identifier: MIT */
/*
 * Frames of the modelled stacks: the frontend's application sends an ICMP
 * echo request (ping), a TCP-like segment to the echo port, or a UDP datagram
 * to the discard port (RFC 863: the pktgen / UDP_STREAM transmit load), each
 * with a payload pattern. The destination's stack (dom0, or the peer host)
 * answers the first two with the echo: MACs, IPs and ports swapped, ICMP type
 * 0, checksums recomputed (RFC 768/791/792/793), so tcpdump decodes both
 * directions; it consumes a discard datagram without answer. The peer host also sends
 * a frontend UDP datagrams to its discard port on its own. The IPv4 identification
 * carries the packet's record index. Frames shorter than an ICMP echo are raw Ethernet
 * (ethertype 0x88b5, local experimental).
 * Addresses: frontend 00:16:3e:00:00:01 10.0.0.2, dom0 00:16:3e:00:00:00
 * 10.0.0.1, peer 02:00:00:00:00:03 10.0.0.3.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/net.h"

#define ETH_P_IP     0x0800u
#define ETH_P_LOCAL  0x88b5u
#define IP_HLEN      20u
#define ICMP_HLEN    8u
#define TCP_HLEN     20u
#define UDP_HLEN     8u
#define IPPROTO_ICMP 1u
#define IPPROTO_TCP  6u
#define IPPROTO_UDP  17u
#define PORT_ECHO    7u
#define PORT_DISCARD 9u

static const uint8_t mac_front[6] = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x01};
static const uint8_t mac_dom0[6] = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x00};
static const uint8_t mac_peer[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x03};

static void be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint32_t rd16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

/* The payload's period: the 95 printable characters, twice (any start, 95 long). */
static const char frame_pattern[] =
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~"
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~";

#define CSUM_BLOCK 65536u /* lanes take < 2^17 per 16 bytes: a block fits 32 bits */

#if defined(__SSE2__)
#include <emmintrin.h>

/* One 16-byte load's words, biased by -2^15 each (sign bit flipped), summed in pairs
 * into four signed 32-bit lanes by PMADDWD: each lane gains a value in [-2^16, 2^16). */
static inline __m128i csum_madd(const uint8_t *p)
{
    const __m128i flip = _mm_set1_epi16((short)0x8000), one = _mm_set1_epi16(1);

    return _mm_madd_epi16(_mm_xor_si128(_mm_loadu_si128((const __m128i *)p), flip), one);
}

/*
 * Sum of the host-order 16-bit words of [@p, +@len) (< 2^64), 16 bytes a load: each
 * word x enters as x - 2^15, and 2^15 per word summed is added back, so the total is
 * exactly the unsigned sum (a 64-byte step, then 16 bytes at a time).
 */
static uint64_t csum_words(const uint8_t *p, size_t len, size_t *done)
{
    uint64_t sum = 0;
    size_t i = 0;

    while (len - i >= 64) { /* shorter: 8 bytes a load in csum_add() is cheaper */
        size_t start = i, end = len - i > CSUM_BLOCK ? i + CSUM_BLOCK : len;
        __m128i a = _mm_setzero_si128(), b = _mm_setzero_si128();
        int32_t l[4];

        for (; i + 64 <= end; i += 64) {
            a = _mm_add_epi32(a, _mm_add_epi32(csum_madd(p + i), csum_madd(p + i + 16)));
            b = _mm_add_epi32(
                b, _mm_add_epi32(csum_madd(p + i + 32), csum_madd(p + i + 48)));
        }
        for (; i + 16 <= end; i += 16)
            a = _mm_add_epi32(a, csum_madd(p + i));
        /* each load adds < 2^16 in magnitude to a lane: a block (4096 loads) < 2^28 */
        _mm_storeu_si128((__m128i *)l, _mm_add_epi32(a, b));
        sum += (uint64_t)((int64_t)l[0] + l[1] + l[2] + l[3] +
                          (int64_t)((i - start) / 2) * 32768);
    }
    *done = i;
    return sum;
}
#else
/* Four 32-bit lanes (a GCC/Clang vector: NEON on arm64). */
typedef uint32_t csum_v4 __attribute__((vector_size(16)));

/* Sum of the host-order 16-bit words of [@p, +@len) (< 2^64), 16 bytes a load. */
static uint64_t csum_words(const uint8_t *p, size_t len, size_t *done)
{
    csum_v4 acc, v, u;
    uint64_t sum = 0;
    size_t i = 0;

    while (len - i >= 16) {
        size_t end = len - i > CSUM_BLOCK ? i + CSUM_BLOCK : len;

        acc = (csum_v4){0, 0, 0, 0};
        for (; i + 32 <= end; i += 32) {
            memcpy(&v, p + i, sizeof(v));
            memcpy(&u, p + i + 16, sizeof(u));
            acc += (v & 0xffffu) + (v >> 16) + (u & 0xffffu) + (u >> 16);
        }
        if (i + 16 <= end) {
            memcpy(&v, p + i, sizeof(v));
            acc += (v & 0xffffu) + (v >> 16);
            i += 16;
        }
        sum += (uint64_t)acc[0] + acc[1] + acc[2] + acc[3];
    }
    *done = i;
    return sum;
}
#endif

/*
 * One's complement sum of big-endian 16-bit words (RFC 1071), returned
 * unfolded (< 2^32) and added to @sum. The range is summed in host order,
 * 16 bytes a load into 32-bit lanes (csum_words(), which leaves @i and its sum @acc
 * here), the tail (or a short range) 8, then 4, 2 bytes a
 * load and the odd byte zero-padded (RFC 1071), then folded (2^16 = 1 in one's complement
 * arithmetic, RFC 1071 2(C)) and byte-swapped once (RFC 1071 2(B): the sum
 * is byte-order independent). A non-zero sum folds to the same member of
 * 1..0xffff whatever the order and width of the additions, so each checksum
 * is bit for bit the one a 16-bit loop gives.
 */
static inline __attribute__((always_inline)) uint32_t
csum_tail(uint32_t sum, uint64_t acc, const uint8_t *p, size_t i, size_t len)
{
    uint64_t x;
    uint32_t y;
    uint16_t h = 0;

    while (len - i >= 8) {
        memcpy(&x, p + i, sizeof(x));
        acc += (x & 0xffffffffu) + (x >> 32);
        i += 8;
    }
    if (len - i >= 4) {
        memcpy(&y, p + i, sizeof(y));
        acc += y;
        i += 4;
    }
    if (len - i >= 2) {
        memcpy(&h, p + i, sizeof(h));
        acc += h;
        i += 2;
    }
    if (i < len) {
        h = 0;
        memcpy(&h, p + i, 1); /* the odd byte, high half of a big-endian word */
        acc += h;
    }
    /* end-around carries, a fixed number of them (no data-dependent loop): < 2^33,
     * <= 0x2fffe, <= 0x10000, <= 0xffff */
    acc = (acc & 0xffffffffu) + (acc >> 32);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    acc = (acc & 0xff) << 8 | acc >> 8;
#endif
    acc += sum; /* < 2^32 + 2^16 */
    return (uint32_t)((acc & 0xffffffffu) + (acc >> 32));
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;
    uint64_t acc = csum_words(p, len, &i);

    return csum_tail(sum, acc, p, i, len);
}

/* csum_add() of a header of constant length @len (< 64 bytes), unrolled in place. */
static inline __attribute__((always_inline)) uint32_t
csum_hdr(uint32_t sum, const uint8_t *p, size_t len)
{
    return csum_tail(sum, 0, p, 0, len);
}

/* The payload pattern from @i on: byte i is 0x20 + (i + pkt) % 95, one period
 * copied from frame_pattern, then copied forward in growing multiples of it. */
static void frame_payload(uint8_t *d, uint32_t i, uint32_t len, uint32_t pkt)
{
    uint32_t n = len - i, have = n < 95u ? n : 95u;

    memcpy(d + i, frame_pattern + (i + pkt) % 95u, have);
    while (have < n) {
        uint32_t chunk = have < n - have ? have : n - have;

        memcpy(d + i + have, d + i, chunk);
        have += chunk;
    }
}

/* Fold @sum to 16 bits by end-around carries (<= 0x1fffe, then <= 0xffff) and
 * complement it. */
static uint16_t csum_fold(uint32_t sum)
{
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/*
 * Store @v most significant byte first at @p in one store: a checksum load that
 * falls inside it is forwarded from the store buffer, where one spanning several
 * narrow stores would wait for them to reach the cache.
 */
static inline void store_be64(uint8_t *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, sizeof(v));
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    memcpy(p, &v, sizeof(v));
}

/* The pseudo-header's addresses (RFC 768/793), as two 4-byte loads (see store_be64). */
static uint32_t csum_addrs(const uint8_t *ip)
{
    uint32_t src, dst;

    memcpy(&src, ip + 12, sizeof(src));
    memcpy(&dst, ip + 16, sizeof(dst));
    return csum_tail(0, (uint64_t)src + dst, ip, 0, 0); /* folded once */
}

/* Offset of the L4 checksum field of IP protocol @proto. */
static unsigned l4_csum_at(uint8_t proto)
{
    return proto == IPPROTO_TCP ? 16 : proto == IPPROTO_UDP ? 6 : 2;
}

/* IPv4 header and L4 checksum of a frame built or echoed here (both fields 0). */
static void frame_checksums(uint8_t *d, uint32_t len)
{
    uint8_t *ip = d + NET_ETH_HLEN, *l4 = ip + IP_HLEN;
    uint32_t l4len = len - NET_ETH_HLEN - IP_HLEN, sum;
    unsigned at = l4_csum_at(ip[9]);

    be16(ip + 10, csum_fold(csum_hdr(0, ip, IP_HLEN)));
    if (ip[9] == IPPROTO_ICMP) {
        be16(l4 + at, csum_fold(csum_add(0, l4, l4len)));
        return;
    }
    sum = csum_addrs(ip) + ip[9] + l4len; /* pseudo-header, then the segment */
    sum = csum_fold(csum_add(sum, l4, l4len));
    be16(l4 + at, sum || ip[9] != IPPROTO_UDP ? sum : 0xffff); /* RFC 768: 0 is "none" */
}

/* Minimum frame length with @proto's headers: shorter frames are raw Ethernet. */
static uint32_t frame_hdr_len(enum net_proto proto)
{
    static const uint32_t l4[] = {[NET_PROTO_TCP] = TCP_HLEN,
                                  [NET_PROTO_ICMP] = ICMP_HLEN,
                                  [NET_PROTO_UDP_DISCARD] = UDP_HLEN};

    return NET_ETH_HLEN + IP_HLEN + l4[proto];
}

/* The L4 header of a request of @proto in a frame of @len bytes, checksum 0. */
static void frame_l4(uint8_t *l4, uint32_t len, enum net_proto proto, uint32_t pkt)
{
    uint64_t ports = (uint64_t)40000 << 48;

    switch (proto) {
    case NET_PROTO_ICMP: /* type 8 (echo request), code, checksum, identifier, sequence */
        store_be64(l4, (uint64_t)8 << 56 | 0x6773u << 16 | (pkt & 0xffff));
        return;
    case NET_PROTO_UDP_DISCARD: /* ports, length, checksum */
        store_be64(l4, ports | (uint64_t)PORT_DISCARD << 32 |
                           (uint64_t)(len - NET_ETH_HLEN - IP_HLEN) << 16);
        return;
    case NET_PROTO_TCP: /* ports, seq 0; ack 0, offset 5, PSH|ACK, window; csum, urg */
        store_be64(l4, ports | (uint64_t)PORT_ECHO << 32);
        store_be64(l4 + 8, 0x5018u << 16 | 65535u);
        store_be32(l4 + 16, 0);
        return;
    }
}

/* Ethernet type, IPv4 header (checksum 0) and L4 header, in whole-word stores. */
static void frame_ip(uint8_t *d, uint32_t len, enum net_proto proto, bool to_dom0,
                     uint32_t pkt)
{
    static const uint8_t ipproto[] = {[NET_PROTO_TCP] = IPPROTO_TCP,
                                      [NET_PROTO_ICMP] = IPPROTO_ICMP,
                                      [NET_PROTO_UDP_DISCARD] = IPPROTO_UDP};
    uint8_t *ip = d + NET_ETH_HLEN;

    be16(d + 12, ETH_P_IP);
    /* version 4, IHL 5, TOS 0, total length, identification, no fragment */
    store_be64(ip, (uint64_t)0x4500 << 48 | (uint64_t)(len - NET_ETH_HLEN) << 32 |
                       (uint64_t)(pkt & 0xffff) << 16);
    /* TTL 64, protocol, checksum 0, source 10.0.0.2; destination 10.0.0.1 or .3 */
    store_be64(ip + 8, (uint64_t)64 << 56 | (uint64_t)ipproto[proto] << 48 | 0x0a000002u);
    store_be32(ip + 16, 0x0a000000u | (to_dom0 ? 1u : 3u));
    frame_l4(ip + IP_HLEN, len, proto, pkt);
}

int net_frame_write(uint8_t *d, uint32_t len, enum net_proto proto, bool to_dom0,
                    uint32_t pkt)
{
    uint32_t hdr;

    if (len < NET_ETH_HLEN || len > NET_MAX_FRAME ||
        (unsigned)proto > NET_PROTO_UDP_DISCARD)
        return -EINVAL;
    hdr = frame_hdr_len(proto);
    memcpy(d, to_dom0 ? mac_dom0 : mac_peer, 6);
    memcpy(d + 6, mac_front, 6);
    /* printable payload: byte i is 0x20 + (i + pkt) % 95 */
    if (hdr < len)
        frame_payload(d, hdr, len, pkt);
    if (len < hdr || len - NET_ETH_HLEN > 0xffff) { /* raw: zero headers */
        memset(d + NET_ETH_HLEN, 0, (hdr < len ? hdr : len) - NET_ETH_HLEN);
        be16(d + 12, ETH_P_LOCAL);
        if (len >= NET_ETH_HLEN + 2)
            be16(d + NET_ETH_HLEN, pkt & 0xffff);
        return 0;
    }
    frame_ip(d, len, proto, to_dom0, pkt);
    frame_checksums(d, len);
    return 0;
}

int net_frame_write_peer(uint8_t *d, uint32_t len, uint32_t pkt)
{
    uint8_t *ip = d + NET_ETH_HLEN;
    int rc = len < frame_hdr_len(NET_PROTO_UDP_DISCARD) || len > NET_ETH_HLEN + 0xffff
                 ? -EINVAL
                 : net_frame_write(d, len, NET_PROTO_UDP_DISCARD, false, pkt);

    if (rc)
        return rc;
    memcpy(d, mac_front, 6);
    memcpy(d + 6, mac_peer, 6);
    store_be32(ip + 12, 0x0a000003u); /* from the peer, 10.0.0.3, port 40000 */
    store_be32(ip + 16, 0x0a000002u); /* to the frontend, 10.0.0.2, discard port */
    be16(ip + 10, 0);
    be16(ip + IP_HLEN + l4_csum_at(IPPROTO_UDP), 0);
    frame_checksums(d, len);
    return 0;
}

int net_frame_build(struct net_frame *f, uint32_t len, enum net_proto proto, bool to_dom0,
                    uint32_t pkt)
{
    if (len < NET_ETH_HLEN || len > NET_MAX_FRAME)
        return -EINVAL;
    f->data = malloc(len);
    if (!f->data)
        return -ENOMEM;
    f->len = len;
    return net_frame_write(f->data, len, proto, to_dom0, pkt);
}

bool net_frame_echo(struct net_frame *f)
{
    uint8_t *d = f->data, t[6];
    uint8_t *ip = d + NET_ETH_HLEN;
    bool ip_ok = f->len >= NET_ETH_HLEN + IP_HLEN + UDP_HLEN && rd16(d + 12) == ETH_P_IP;

    if (ip_ok && ip[9] == IPPROTO_UDP && rd16(ip + IP_HLEN + 2) == PORT_DISCARD)
        return false;
    memcpy(t, d, 6);
    memcpy(d, d + 6, 6);
    memcpy(d + 6, t, 6);
    if (!ip_ok)
        return true;
    memcpy(t, ip + 12, 4);
    memcpy(ip + 12, ip + 16, 4);
    memcpy(ip + 16, t, 4);
    if (ip[9] == IPPROTO_ICMP)
        ip[IP_HLEN] = 0; /* echo reply */
    else if (f->len >= NET_ETH_HLEN + IP_HLEN + TCP_HLEN || ip[9] == IPPROTO_UDP) {
        memcpy(t, ip + IP_HLEN, 2);
        memcpy(ip + IP_HLEN, ip + IP_HLEN + 2, 2);
        memcpy(ip + IP_HLEN + 2, t, 2);
    } else
        return true;
    be16(ip + 10, 0);
    be16(ip + IP_HLEN + l4_csum_at(ip[9]), 0);
    frame_checksums(d, f->len);
    return true;
}

uint32_t net_frame_pkt(const uint8_t *d, uint32_t len)
{
    if (len >= NET_ETH_HLEN + IP_HLEN && rd16(d + 12) == ETH_P_IP)
        return rd16(d + NET_ETH_HLEN + 4);
    if (len >= NET_ETH_HLEN + 2 && rd16(d + 12) == ETH_P_LOCAL)
        return rd16(d + NET_ETH_HLEN);
    return UINT32_MAX;
}

bool net_frame_to_dom0(const uint8_t *d, uint32_t len)
{
    return len >= 6 && !memcmp(d, mac_dom0, 6);
}

bool net_frame_to_front(const uint8_t *d, uint32_t len)
{
    return len >= 6 && !memcmp(d, mac_front, 6);
}
