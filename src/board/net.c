/* SPDX-License-Identifier: MIT */
/*
 * The PV network's board side (linux/net.h struct net_board_ops): which kernel
 * drives each NIC, the NIC's DMA, the wire (board/wire.c), and dom0 user
 * space: the toolstack's vif nodes and the hotplug script's xenstore writes.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "board/world.h"
#include "hw/nic.h"
#include "linux/net.h"

static struct linux_kernel *bnet_nic_driver(void *board, unsigned nic)
{
    struct gntsim_world *w = board;

    if (nic >= w->nr_dev || !w->dev[nic]) {
        world_fail(w, -ENODEV, "no device %u", nic);
        return NULL;
    }
    return world_kernel(w, w->dev[nic]->owner);
}

static int bnet_nic_dma(void *board, unsigned nic, uint64_t bus, void *buf, size_t len,
                        bool write)
{
    return write ? gntsim_dma_write(board, nic, bus, buf, len)
                 : gntsim_dma_read(board, nic, bus, buf, len);
}

static void bnet_wire_tx(void *board, unsigned nic, struct net_frame *f)
{
    wire_tx(board, nic, f);
}

static void bnet_vif_capture(void *board, const uint8_t *data, uint32_t len)
{
    wire_vif_capture(board, data, len);
}

static int bnet_vif_create(void *board, gntsim_domid_t front, gntsim_domid_t back,
                           unsigned devid)
{
    return gntsim_xs_create_vif(board, front, back, devid);
}

static int bnet_xs_write(void *board, gntsim_domid_t as, const char *path,
                         const char *value)
{
    return gntsim_xs_write(board, as, path, value);
}

static int bnet_xs_rm(void *board, gntsim_domid_t as, const char *path)
{
    return gntsim_xs_rm(board, as, path);
}

static const struct net_board_ops bnet_ops = {
    .fail = world_fail_msg,
    .nic_driver = bnet_nic_driver,
    .nic_dma = bnet_nic_dma,
    .wire_tx = bnet_wire_tx,
    .vif_capture = bnet_vif_capture,
    .vif_create = bnet_vif_create,
    .xs_write = bnet_xs_write,
    .xs_rm = bnet_xs_rm,
};

struct net_world *world_net(struct gntsim_world *w)
{
    if (!w->net) {
        w->net = calloc(1, sizeof(*w->net));
        if (!w->net) {
            world_fail(w, -ENOMEM, "out of memory");
            return NULL;
        }
        net_world_init(w->net, &bnet_ops, w, &w->sched, &w->trace);
    }
    return w->net;
}

void world_net_free(struct gntsim_world *w)
{
    if (!w->net)
        return;
    net_world_fini(w->net);
    free(w->net);
    w->net = NULL;
}
