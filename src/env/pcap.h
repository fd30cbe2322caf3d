/* SPDX-License-Identifier: MIT */
/*
 * A classic libpcap file writer (the format of pcap-savefile(5)): a 24-byte
 * global header (magic 0xa1b2c3d4, version 2.4, snaplen 65535,
 * LINKTYPE_ETHERNET) and one 16-byte record header per frame. Fields are
 * written little-endian byte by byte, so the file is the same on every
 * host; timestamps come from the world's virtual time (microseconds), so
 * two runs of one scenario give identical files.
 */
#ifndef GNTSIM_SIM_PCAP_H
#define GNTSIM_SIM_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAP_SNAPLEN        65535u
#define PCAP_LINKTYPE_ETHER 1u

struct sim_pcap {
    FILE *out; /* NULL: capture off */
    uint64_t frames;
    int error; /* first write error (-EIO), sticky */
};

/* Start capturing into @out (NULL: stop). Writes the global header. Returns 0 or -EIO. */
int sim_pcap_open(struct sim_pcap *p, FILE *out);
/* Append one frame seen at virtual time @now_ns. Cannot fail (errors are sticky). */
void sim_pcap_frame(struct sim_pcap *p, uint64_t now_ns, const void *frame, size_t len);

#endif
