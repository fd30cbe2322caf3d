/* SPDX-License-Identifier: MIT */
/* The NIC's DMA engine and interrupt status (see nic.h). */
#include <errno.h>

#include "env/compiler.h"
#include "hw/nic.h"

int hw_nic_dma(struct hw_device *d, struct hw_smmu *smmu, struct hw_cache *c,
               uint64_t bus, void *buf, size_t len, bool write, unsigned *xfers)
{
    *xfers = 0;
    for (size_t done = 0, n; done < len; done += n) {
        uint64_t at = bus + done, pa = at;
        uint8_t *p = (uint8_t *)buf + done;
        int rc = 0;

        n = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        n = n < len - done ? n : len - done;
        ++*xfers;
        if (smmu && d->behind_smmu)
            rc = hw_smmu_translate(smmu, d->sid, at, write, &pa);
        if (!rc)
            rc = write ? hw_dma_write(c, pa, p, n, d->coherent)
                       : hw_dma_read(c, pa, p, n, d->coherent);
        if (rc) { /* bus error response (SLVERR/DECERR): the DMA stops */
            d->isr |= MACB_ISR_HRESP;
            d->aborts++;
            return -EIO;
        }
        if (write)
            d->bytes_wr += n;
        else
            d->bytes_rd += n;
    }
    return 0;
}

uint32_t hw_nic_read32(struct hw_device *d, uint32_t off)
{
    uint32_t v;

    if (off != MACB_ISR)
        return 0;
    v = d->isr;
    d->isr = 0;
    return v;
}
