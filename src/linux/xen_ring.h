/* SPDX-License-Identifier: MIT */
/*
 * Debian's <xen/io/ring.h> and <xen/io/netif.h> with the barriers they
 * expect the includer to define (the interface version __XEN_TOOLS__
 * selects leaves xen_mb/rmb/wmb to the OS, as Linux's include/xen/interface
 * headers do). Both ends run in one address space, so a C11 fence is the
 * barrier each side's CPU would issue.
 */
#ifndef GNTSIM_LINUX_XEN_RING_H
#define GNTSIM_LINUX_XEN_RING_H

#include <stdint.h>
#include <string.h>

#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/io/ring.h>
#include <xen/io/netif.h>

/* Linux include/xen/interface/io/netif.h style sizes for one 4 KiB ring page. */
#define NET_TX_RING_SIZE __CONST_RING_SIZE(netif_tx, 4096)
#define NET_RX_RING_SIZE __CONST_RING_SIZE(netif_rx, 4096)

#endif
