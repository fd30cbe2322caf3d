/* SPDX-License-Identifier: MIT */
/* macb interrupt handler, HRESP path (see macb.h). */
#include "linux/macb.h"

void macb_interrupt(struct sim_log *log, uint16_t domid, struct hw_device *dev)
{
    uint32_t isr = hw_nic_read32(dev, MACB_ISR);

    /* netdev_err() prints "<driver> <dev_name> <netdev name>: <message>" */
    if (isr & MACB_ISR_HRESP)
        sim_log_printf(log, "[d%u] macb %s %s: DMA bus error: HRESP not OK", domid,
                       dev->dt_name, dev->ifname);
}
