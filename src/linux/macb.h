/* SPDX-License-Identifier: MIT */
/*
 * The macb driver's interrupt handler, as far as a DMA bus error goes
 * (drivers/net/ethernet/cadence/macb_main.c macb_interrupt(): ISR bit HRESP
 * -> netdev_err(dev, "DMA bus error: HRESP not OK")). Self-contained: it
 * reaches the device through its registers only.
 */
#ifndef GNTSIM_LINUX_MACB_H
#define GNTSIM_LINUX_MACB_H

#include <stdint.h>

#include "env/log.h"
#include "hw/nic.h"

/*
 * Service @dev's interrupt in domain @domid's kernel: read ISR (clearing it)
 * and log "[dN] macb <dev_name> <ifname>: DMA bus error: HRESP not OK" when
 * HRESP is set. Cannot fail.
 */
void macb_interrupt(struct sim_log *log, uint16_t domid, struct hw_device *dev);

#endif
