/* SPDX-License-Identifier: MIT */
/*
 * A DMA-capable NIC in the manner of Cadence GEM (macb, ZynqMP ff0e0000):
 * it masters reads and writes at bus addresses, through its SMMU stream when
 * it sits behind one, and reports a terminated transaction in its interrupt
 * status register (ISR bit HRESP, "DMA HRESP not OK", macb.h MACB_HRESP_OFFSET
 * 11). Coherent devices snoop the CPU caches; others see DRAM (hw/cache.h).
 */
#ifndef GNTSIM_HW_NIC_H
#define GNTSIM_HW_NIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/cache.h"
#include "hw/smmu/smmu.h"

#define MACB_ISR       0x24 /* interrupt status, clear on read */
#define MACB_ISR_HRESP (1u << 11)

struct hw_device {
    char name[32];    /* scenario name ("nic0") */
    char dt_name[48]; /* dev_name() in the owner's kernel ("ff0e0000.ethernet") */
    char ifname[16];  /* netdev name ("eth0") */
    uint32_t sid;     /* SMMU stream ID */
    uint16_t owner;   /* board wiring: whose kernel services its interrupt */
    bool coherent;    /* snoops the CPU caches */
    bool behind_smmu; /* its transactions go through the SMMU */
    uint32_t isr;     /* MACB_ISR */
    uint64_t bytes_rd, bytes_wr, aborts;
};

/*
 * DMA @len bytes at bus address @bus (read into or write from @buf), one
 * page-bounded transaction at a time through @smmu (NULL or !behind_smmu:
 * bus address = machine address) and the cache model. Returns 0, or -EIO at
 * the first terminated transaction (SMMU abort or no memory at the address):
 * earlier transactions stay done, nothing further is transferred and ISR.HRESP
 * is set. *@xfers receives the number of transactions issued.
 */
int hw_nic_dma(struct hw_device *d, struct hw_smmu *smmu, struct hw_cache *c,
               uint64_t bus, void *buf, size_t len, bool write, unsigned *xfers);

/* Register read at @off; MACB_ISR clears on read; other offsets read 0. */
uint32_t hw_nic_read32(struct hw_device *d, uint32_t off);

#endif
