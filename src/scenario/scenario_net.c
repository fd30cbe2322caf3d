/* SPDX-License-Identifier: MIT */
/*
 * Scenario steps on the PV network path: vif, net-send, net-peer-send, net-run,
 * net-poll, net-packet, net-stats, net-attack.
 */
#include <string.h>

#include "scenario/scenario.h"

#define DOM(key) ((gntsim_domid_t)sc_int(r, s, key, 0))

int sc_exec_vif(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_vif_opts o = {.front = DOM("dom"),
                                .back = DOM("backend"),
                                .nic = sc_str(s, "nic", NULL),
                                .rx_bufs = (unsigned)sc_int(r, s, "rx-bufs", 0),
                                .backend_delay_ns = (uint64_t)sc_int(r, s, "delay", 0),
                                .rxq_max = (unsigned)sc_int(r, s, "rxq", 0)};
    unsigned id = 0;
    int rc;

    if (sc_int(r, s, "rx-bufs", 0) < 0 || sc_int(r, s, "delay", 0) < 0)
        return sc_run_error(r, "rx-bufs and delay must not be negative");
    rc = gntsim_net_vif_create(r->w, &o, &id);
    sc_set_int(r, "rc", rc);
    if (rc && !s->checked)
        return sc_setup_failed(r, rc);
    if (!rc)
        sc_set_int(r, "id", id);
    return rc;
}

int sc_exec_net_send(struct sc_run *r, const struct sc_stmt *s)
{
    const char *to = sc_str(s, "to", "peer");
    struct gntsim_net_send ns = {.size = (uint32_t)sc_int(r, s, "size", 64),
                                 .to = strcmp(to, "dom0") ? GNTSIM_NET_PEER
                                                          : GNTSIM_NET_DOM0,
                                 .icmp = sc_flag(s, "icmp"),
                                 .discard = sc_flag(s, "discard"),
                                 .offset = (uint16_t)sc_int(r, s, "off", 0),
                                 .slot_max = (uint16_t)sc_int(r, s, "slot-max", 0),
                                 .gfn = (uint64_t)sc_int(r, s, "gfn", 0),
                                 .hold = sc_flag(s, "hold")};
    uint32_t pkt = 0;
    int rc;

    if (strcmp(to, "dom0") && strcmp(to, "peer"))
        return sc_run_error(r, "to= is dom0 or peer, not '%s'", to);
    rc = gntsim_net_send(r->w, (unsigned)sc_int(r, s, "vif", 0), &ns, &pkt);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "pkt", pkt);
    return 0;
}

int sc_exec_net_peer_send(struct sc_run *r, const struct sc_stmt *s)
{
    uint32_t size = (uint32_t)sc_int(r, s, "size", 64), pkt = 0;
    uint8_t frame[GNTSIM_NET_PEER_MAX_FRAME];
    int rc = gntsim_net_peer_send(r->w, (unsigned)sc_int(r, s, "vif", 0), size,
                                  size <= sizeof(frame) ? frame : NULL, &pkt);
    sc_set_int(r, "rc", rc);
    if (rc)
        return 0;
    sc_set_int(r, "pkt", pkt);
    sc_set_bytes(r, "frame", frame, size);
    return 0;
}

int sc_exec_net_run(struct sc_run *r, const struct sc_stmt *s)
{
    (void)s;
    sc_set_int(r, "ran", gntsim_net_run(r->w));
    return 0;
}

int sc_exec_net_poll(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc", gntsim_net_poll(r->w, (unsigned)sc_int(r, s, "vif", 0)));
    return 0;
}

int sc_exec_net_packet(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_net_packet p;
    int rc = gntsim_net_packet_info(r->w, (uint32_t)sc_int(r, s, "pkt", 0), &p);

    sc_set_int(r, "rc", rc);
    if (rc)
        return 0;
    sc_set_int(r, "delivered", p.delivered);
    sc_set_int(r, "replied", p.replied);
    sc_set_int(r, "dropped", p.dropped);
    sc_set_str(r, "reason", p.reason);
    sc_set_int(r, "rx_len", p.rx_len);
    sc_set_int(r, "rx_addr", (int64_t)p.rx_addr);
    return 0;
}

int sc_exec_net_stats(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_vif_stats st;
    uint64_t refused = 0;

    if (gntsim_net_vif_stats(r->w, (unsigned)sc_int(r, s, "vif", 0), &st))
        return sc_run_error(r, "%s", gntsim_world_error(r->w));
    for (unsigned i = 0; i < GNTSIM_NET_NR_REFUSALS; i++)
        refused += st.refused[i];
    sc_set_int(r, "tx_ok", (int64_t)st.tx_ok);
    sc_set_int(r, "tx_dropped", (int64_t)st.tx_dropped_fault);
    sc_set_int(r, "tx_errors", (int64_t)st.tx_errors);
    sc_set_int(r, "ring_full", (int64_t)st.tx_ring_full);
    sc_set_int(r, "rx_ok", (int64_t)st.rx_ok);
    sc_set_int(r, "rx_dropped", (int64_t)st.rx_dropped);
    sc_set_int(r, "notify_tx", (int64_t)st.notify_tx);
    sc_set_int(r, "maps", (int64_t)st.map_ops);
    sc_set_int(r, "refused", (int64_t)refused);
    sc_set_int(r, "grants_out", st.grants_out);
    sc_set_int(r, "copies", (int64_t)st.copy_ops);
    sc_set_int(r, "head_split", (int64_t)st.tx_head_split);
    sc_set_int(r, "broken", st.front_broken);
    return 0;
}

int sc_exec_vif_destroy(struct sc_run *r, const struct sc_stmt *s)
{
    sc_set_int(r, "rc", gntsim_net_vif_destroy(r->w, (unsigned)sc_int(r, s, "vif", 0)));
    return 0;
}

/* The attack net-attack's KIND names (checked at parse time). */
static enum gntsim_net_attack_kind sc_attack_kind(const char *name)
{
    unsigned k = 0;

    while (k + 1 < GNTSIM_ATTACK_NR &&
           strcmp(name, gntsim_net_attack_name((enum gntsim_net_attack_kind)k)))
        k++;
    return (enum gntsim_net_attack_kind)k;
}

/* net-attack's fields: what changed on the vif during the step. */
static void sc_attack_fields(struct sc_run *r, const struct gntsim_vif_stats *a,
                             const struct gntsim_vif_stats *b)
{
    char reasons[200] = "";
    uint64_t refused = 0;

    for (unsigned i = 0; i < GNTSIM_NET_NR_REFUSALS; i++) {
        if (b->refused[i] == a->refused[i])
            continue;
        refused += b->refused[i] - a->refused[i];
        strcat(strcat(reasons, *reasons ? "," : ""),
               gntsim_net_refusal_name((enum gntsim_net_refusal)i));
    }
    sc_set_int(r, "refused", (int64_t)refused);
    sc_set_str(r, "reasons", reasons);
    sc_set_int(r, "disabled", b->back_disabled);
    sc_set_int(r, "broken", b->front_broken);
    sc_set_int(r, "tx_ok", (int64_t)(b->tx_ok - a->tx_ok));
    sc_set_int(r, "tx_errors", (int64_t)(b->tx_errors - a->tx_errors));
    sc_set_int(r, "ops", (int64_t)(b->map_ops + b->copy_ops - a->map_ops - a->copy_ops));
    sc_set_int(r, "grants_out", b->grants_out);
}

int sc_exec_net_attack(struct sc_run *r, const struct sc_stmt *s)
{
    unsigned vif = (unsigned)sc_int(r, s, "vif", 0);
    struct gntsim_net_attack a = {.kind = sc_attack_kind(sc_str(s, "kind", "")),
                                  .size = (uint32_t)sc_int(r, s, "size", 0),
                                  .slots = (unsigned)sc_int(r, s, "slots", 0),
                                  .ref = (uint32_t)sc_int(r, s, "ref", 0),
                                  .id = (uint16_t)sc_int(r, s, "id", 0xffff),
                                  .by = (uint32_t)sc_int(r, s, "by", 0)};
    struct gntsim_vif_stats before, after;
    int rc;

    if (gntsim_net_vif_stats(r->w, vif, &before))
        return sc_run_error(r, "no vif %u", vif);
    rc = gntsim_net_hostile(r->w, vif, &a);
    sc_set_int(r, "rc", rc);
    gntsim_net_vif_stats(r->w, vif, &after);
    sc_attack_fields(r, &before, &after);
    return 0;
}
