/* SPDX-License-Identifier: MIT */
/* The classic libpcap writer (pcap.h). */
#include <errno.h>

#include "env/pcap.h"

static void put32(uint8_t *b, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

int sim_pcap_open(struct sim_pcap *p, FILE *out)
{
    uint8_t h[24] = {0};

    p->out = out;
    p->frames = 0;
    p->error = 0;
    if (!out)
        return 0;
    put32(h, 0xa1b2c3d4u); /* microsecond timestamps */
    put16(h + 4, 2);
    put16(h + 6, 4);
    /* thiszone, sigfigs: 0 */
    put32(h + 16, PCAP_SNAPLEN);
    put32(h + 20, PCAP_LINKTYPE_ETHER);
    if (fwrite(h, sizeof(h), 1, out) != 1 || fflush(out))
        p->error = -EIO;
    return p->error;
}

void sim_pcap_frame(struct sim_pcap *p, uint64_t now_ns, const void *frame, size_t len)
{
    uint8_t h[16];
    uint64_t us = now_ns / 1000u;
    size_t cap = len < PCAP_SNAPLEN ? len : PCAP_SNAPLEN;

    if (!p->out || p->error)
        return;
    put32(h, (uint32_t)(us / 1000000u));
    put32(h + 4, (uint32_t)(us % 1000000u));
    put32(h + 8, (uint32_t)cap);
    put32(h + 12, (uint32_t)len);
    if (fwrite(h, sizeof(h), 1, p->out) != 1 || fwrite(frame, 1, cap, p->out) != cap)
        p->error = -EIO;
    p->frames++;
}
