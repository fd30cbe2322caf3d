/* SPDX-License-Identifier: MIT */
/*
 * The scenario commands: for each, its positional arguments, its key=value
 * arguments and flags, the fields of its result and its executor. The
 * parser validates against this table; the runner dispatches through it.
 */
#include <string.h>

#include "scenario/scenario.h"

#define END                                                                              \
    {                                                                                    \
        NULL, AK_U32, false                                                              \
    }
#define FEND                                                                             \
    {                                                                                    \
        NULL, FK_INT                                                                     \
    }

static const struct sc_keyspec no_keys[] = {END};

static const struct sc_keyspec world_keys[] = {
    {"iommu", AK_BOOL, false},
    {"strict", AK_BOOL, false},
    {"passthrough", AK_BOOL, false},
    {"ram", AK_STR, false},
    {"gnttab-max-frames", AK_U32, false},
    {"gnttab-max-maptrack-frames", AK_U32, false},
    {"need-iommu-mapping", AK_BOOL, false},
    {"arm-pred", AK_NAME, false},
    {"smmu-flush", AK_NAME, false},
    {"dma-policy", AK_NAME, false},
    {"transitive", AK_BOOL, false},
    /* xsaN=vulnerable|fixed: one knob of gntsim_xsa_knob_at() each (docs/xsa.md) */
    {"xsa218", AK_NAME, false},
    {"xsa224", AK_NAME, false},
    {"xsa228", AK_NAME, false},
    {"xsa230", AK_NAME, false},
    {"xsa232", AK_NAME, false},
    {"xsa236", AK_NAME, false},
    {"xsa255", AK_NAME, false},
    {"xsa268", AK_NAME, false},
    {"xsa284", AK_NAME, false},
    {"xsa316", AK_NAME, false},
    {"xsa318", AK_NAME, false},
    {"xsa379", AK_NAME, false},
    {"xsa384", AK_NAME, false},
    {"xsa394", AK_NAME, false},
    {"xsa411", AK_NAME, false},
    {"xsa486", AK_NAME, false},
    {"xsa500", AK_NAME, false},
    {"xsa501", AK_NAME, false},
    END};
static const struct sc_keyspec domain_pos[] = {{"dom", AK_DOM, true}, END};
static const struct sc_keyspec domain_keys[] = {{"arch", AK_NAME, false},
                                                {"vcpus", AK_U32, false},
                                                {"pages", AK_U64, false},
                                                {"mfn", AK_U64, false},
                                                {"gfn", AK_U64, false},
                                                {"gnttab", AK_U64, false},
                                                {"grant-frames", AK_U32, false},
                                                {"maptrack-frames", AK_U32, false},
                                                {"hwdom", AK_FLAG, false},
                                                {"direct", AK_FLAG, false},
                                                {"iommu", AK_FLAG, false},
                                                {"max-version", AK_U32, false},
                                                {"machine-addr-bits", AK_U32, false},
                                                {"no-swiotlb-xen", AK_FLAG, false},
                                                END};
static const struct sc_keyspec smmu_keys[] = {
    {"path", AK_STR, false}, {"bypass", AK_BOOL, false}, END};
static const struct sc_keyspec device_pos[] = {{"name", AK_NAME, true}, END};
static const struct sc_keyspec device_keys[] = {{"owner", AK_DOM, true},
                                                {"sid", AK_U32, false},
                                                {"dt", AK_STR, false},
                                                {"if", AK_STR, false},
                                                {"coherent", AK_FLAG, false},
                                                {"noncoherent", AK_FLAG, false},
                                                {"nosmmu", AK_FLAG, false},
                                                {"dt-iommu", AK_BOOL, false},
                                                END};

static const struct sc_keyspec dom_addr_data[] = {
    {"dom", AK_DOM, true}, {"addr", AK_U64, true}, {"data", AK_DATA, true}, END};
static const struct sc_keyspec dom_addr_len[] = {
    {"dom", AK_DOM, true}, {"addr", AK_U64, true}, {"len", AK_U32, true}, END};
static const struct sc_keyspec dom_ref[] = {
    {"dom", AK_DOM, true}, {"ref", AK_U32, true}, END};
static const struct sc_keyspec dom_only[] = {{"dom", AK_DOM, true}, END};
static const struct sc_keyspec grant_keys[] = {
    {"to", AK_DOM, true},         {"gfn", AK_U64, false},       {"ro", AK_FLAG, false},
    {"trans-dom", AK_DOM, false}, {"trans-ref", AK_U32, false}, END};
static const struct sc_keyspec map_pos[] = {
    {"dom", AK_DOM, true}, {"granter", AK_DOM, true}, {"ref", AK_U32, true}, END};
static const struct sc_keyspec map_keys[] = {{"host", AK_U64, false},
                                             {"vcpu", AK_U32, false},
                                             {"ro", AK_FLAG, false},
                                             {"dev", AK_FLAG, false},
                                             {"nohost", AK_FLAG, false},
                                             {"count", AK_U32, false},
                                             END};
static const struct sc_keyspec unmap_pos[] = {
    {"dom", AK_DOM, true}, {"handle", AK_U32, true}, END};
static const struct sc_keyspec unmap_keys[] = {
    {"host", AK_U64, false}, {"bus", AK_U64, false}, {"vcpu", AK_U32, false}, END};
static const struct sc_keyspec copy_keys[] = {{"src", AK_DOM, true},
                                              {"src-ref", AK_U32, false},
                                              {"src-gfn", AK_U64, false},
                                              {"src-off", AK_U16, false},
                                              {"dst", AK_DOM, true},
                                              {"dst-ref", AK_U32, false},
                                              {"dst-gfn", AK_U64, false},
                                              {"dst-off", AK_U16, false},
                                              {"len", AK_U16, true},
                                              {"vcpu", AK_U32, false},
                                              END};
static const struct sc_keyspec flush_keys[] = {{"ref", AK_U32, false},
                                               {"bus", AK_U64, false},
                                               {"off", AK_U16, false},
                                               {"len", AK_U16, true},
                                               {"clean", AK_FLAG, false},
                                               {"inval", AK_FLAG, false},
                                               END};
static const struct sc_keyspec dom_gfn[] = {
    {"dom", AK_DOM, true}, {"gfn", AK_U64, true}, END};
static const struct sc_keyspec mfn_only[] = {{"mfn", AK_U64, true}, END};
static const struct sc_keyspec physmap_pos[] = {
    {"dom", AK_DOM, true}, {"space", AK_NAME, true}, {"idx", AK_U32, true}, END};
static const struct sc_keyspec physmap_keys[] = {
    {"gfn", AK_U64, true}, {"status", AK_FLAG, false}, {"vcpu", AK_U32, false}, END};
static const struct sc_keyspec dom_mfn[] = {
    {"dom", AK_DOM, true}, {"mfn", AK_U64, true}, END};
static const struct sc_keyspec dom_rd_mfn[] = {
    {"dom", AK_DOM, true}, {"rd", AK_DOM, true}, {"mfn", AK_U64, true}, END};
static const struct sc_keyspec p2m_set_keys[] = {
    {"mfn", AK_U64, true}, {"type", AK_NAME, true}, END};
static const struct sc_keyspec inject_pos[] = {{"what", AK_NAME, true}, END};
static const struct sc_keyspec inject_keys[] = {{"dom", AK_DOM, false},
                                                {"nth", AK_U32, false},
                                                {"times", AK_U32, false},
                                                {"rc", AK_ARG32, false},
                                                END};
static const struct sc_keyspec maptrack_keys[] = {
    {"handle", AK_U32, false}, {"vcpu", AK_U32, false}, END};
static const struct sc_keyspec dev_bus_len[] = {
    {"dev", AK_NAME, true}, {"bus", AK_U64, true}, {"len", AK_U32, true}, END};
static const struct sc_keyspec dev_bus_data[] = {
    {"dev", AK_NAME, true}, {"bus", AK_U64, true}, {"data", AK_DATA, true}, END};
static const struct sc_keyspec lunmap_pos[] = {
    {"dom", AK_DOM, true}, {"map", AK_RESULT, true}, END};
static const struct sc_keyspec dmamap_pos[] = {{"dom", AK_DOM, true},
                                               {"dev", AK_NAME, true},
                                               {"addr", AK_U64, true},
                                               {"len", AK_U64, true},
                                               END};
static const struct sc_keyspec dir_keys[] = {
    {"to-device", AK_FLAG, false},     {"from-device", AK_FLAG, false},
    {"bidirectional", AK_FLAG, false}, {"for-device", AK_FLAG, false},
    {"for-cpu", AK_FLAG, false},       END};

static const struct sc_keyspec dom_version[] = {
    {"dom", AK_DOM, true}, {"version", AK_U32, true}, END};
static const struct sc_keyspec target_keys[] = {{"target", AK_DOM, false}, END};
static const struct sc_keyspec list_keys[] = {
    {"target", AK_DOM, false}, {"nr", AK_U32, false}, {"nolist", AK_FLAG, false}, END};
static const struct sc_keyspec swap_pos[] = {
    {"dom", AK_DOM, true}, {"a", AK_U32, true}, {"b", AK_U32, true}, END};
static const struct sc_keyspec transfer_keys[] = {
    {"gfn", AK_U64, true}, {"to", AK_DOM, true}, {"ref", AK_U32, true}, END};
static const struct sc_keyspec replace_keys[] = {
    {"host", AK_U64, true}, {"new", AK_U64, false}, {"vcpu", AK_U32, false}, END};
static const struct sc_keyspec xenver_pos[] = {
    {"dom", AK_DOM, true}, {"cmd", AK_NAME, true}, END};
static const struct sc_keyspec xenver_keys[] = {{"submap", AK_U32, false},
                                                {"vcpu", AK_U32, false},
                                                {"null", AK_FLAG, false},
                                                {"buffer", AK_FLAG, false},
                                                END};
static const struct sc_keyspec hcall_pos[] = {
    {"dom", AK_DOM, true}, {"cmd", AK_U32, true}, END};
static const struct sc_keyspec hcall_keys[] = {
    {"count", AK_ARG32, false}, {"null", AK_FLAG, false}, {"ops", AK_STR, false},
    {"data", AK_DATA, false},   {"at", AK_U32, false},    END};

static const struct sc_keyspec vif_keys[] = {
    {"backend", AK_DOM, true}, {"nic", AK_NAME, false}, {"rx-bufs", AK_U32, false},
    {"delay", AK_U64, false},  {"rxq", AK_U32, false},  END};
static const struct sc_keyspec vif_only[] = {{"vif", AK_U32, true}, END};
static const struct sc_keyspec send_keys[] = {
    {"to", AK_NAME, false},      {"size", AK_U32, false},  {"icmp", AK_FLAG, false},
    {"discard", AK_FLAG, false}, {"off", AK_U16, false},   {"slot-max", AK_U16, false},
    {"gfn", AK_U64, false},      {"hold", AK_FLAG, false}, END};
static const struct sc_keyspec peer_send_keys[] = {{"size", AK_U32, false}, END};
static const struct sc_keyspec attack_pos[] = {
    {"vif", AK_U32, true}, {"kind", AK_NAME, true}, END};
static const struct sc_keyspec attack_keys[] = {
    {"size", AK_U32, false}, {"slots", AK_U32, false}, {"ref", AK_U32, false},
    {"id", AK_U16, false},   {"by", AK_U32, false},    END};
static const struct sc_keyspec pkt_only[] = {{"pkt", AK_U32, true}, END};

static const struct sc_fieldspec f_rc[] = {{"rc", FK_ERRNO}, FEND};
static const struct sc_fieldspec f_device[] = {{"rc", FK_ERRNO}, {"id", FK_INT}, FEND};
static const struct sc_fieldspec f_read[] = {{"rc", FK_ERRNO}, {"bytes", FK_BYTES}, FEND};
static const struct sc_fieldspec f_map[] = {{"rc", FK_ERRNO},   {"status", FK_GNTST},
                                            {"handle", FK_INT}, {"bus", FK_HEX},
                                            {"ok", FK_INT},     FEND};
static const struct sc_fieldspec f_status[] = {
    {"rc", FK_ERRNO}, {"status", FK_GNTST}, FEND};
static const struct sc_fieldspec f_entry[] = {
    {"entry", FK_STR}, {"mfn", FK_HEX}, {"type", FK_STR}, {"perm", FK_STR}, FEND};
static const struct sc_fieldspec f_grant[] = {{"flags", FK_GTF}, {"domid", FK_INT},
                                              {"frame", FK_HEX}, {"pin", FK_HEX},
                                              {"hstw", FK_INT},  {"hstr", FK_INT},
                                              {"devw", FK_INT},  {"devr", FK_INT},
                                              {"mfn", FK_HEX},   FEND};
static const struct sc_fieldspec f_page[] = {
    {"refs", FK_INT}, {"owner", FK_INT}, {"types", FK_INT}, FEND};
static const struct sc_fieldspec f_counters[] = {
    {"node", FK_STR}, {"rd", FK_INT}, {"wr", FK_INT}, FEND};
static const struct sc_fieldspec f_mapkind[] = {{"kind", FK_STR}, FEND};
static const struct sc_fieldspec f_maptrack[] = {
    {"limit", FK_INT}, {"live", FK_INT}, {"free", FK_STR},
    {"nfree", FK_INT}, {"ref", FK_INT},  {"flags", FK_HEX},
    {"domid", FK_INT}, {"vcpu", FK_INT}, FEND};
static const struct sc_fieldspec f_check[] = {
    {"findings", FK_INT}, {"first", FK_STR}, FEND};
static const struct sc_fieldspec f_fault[] = {{"fault", FK_STR},
                                              {"fsr", FK_HEX},
                                              {"far", FK_HEX},
                                              {"fsynr", FK_HEX},
                                              {"cb", FK_INT},
                                              {"sid", FK_HEX},
                                              FEND};
static const struct sc_fieldspec f_boot[] = {
    {"rc", FK_ERRNO}, {"swiotlb", FK_INT}, {"cflush", FK_INT}, FEND};
static const struct sc_keyspec boot_keys[] = {{"swiotlb", AK_BOOL, false},
                                              {"cflush", AK_BOOL, false},
                                              {"policy-aware", AK_BOOL, false},
                                              /* xsaN=: gntsim_linux_xsa_knob_at() */
                                              {"xsa155", AK_NAME, false},
                                              {"xsa362", AK_NAME, false},
                                              {"xsa396", AK_NAME, false},
                                              {"xsa403", AK_NAME, false},
                                              {"xsa423", AK_NAME, false},
                                              {"xsa432", AK_NAME, false},
                                              END};
static const struct sc_fieldspec f_lgrant[] = {{"rc", FK_ERRNO}, {"ref", FK_INT}, FEND};
static const struct sc_fieldspec f_lmap[] = {
    {"rc", FK_ERRNO}, {"status", FK_GNTST}, {"handle", FK_INT},
    {"bus", FK_HEX},  {"pfn", FK_HEX},      {"granter", FK_INT},
    {"ref", FK_INT},  {"ro", FK_INT},       FEND};
static const struct sc_fieldspec f_version[] = {
    {"rc", FK_ERRNO}, {"version", FK_INT}, FEND};
static const struct sc_fieldspec f_frames[] = {{"rc", FK_ERRNO},  {"status", FK_GNTST},
                                               {"gfn", FK_HEX},   {"last", FK_HEX},
                                               {"count", FK_INT}, FEND};
static const struct sc_fieldspec f_qsize[] = {
    {"rc", FK_ERRNO}, {"status", FK_GNTST}, {"nr", FK_INT}, {"max", FK_INT}, FEND};
static const struct sc_fieldspec f_xenver[] = {
    {"rc", FK_ERRNO}, {"submap", FK_HEX}, {"major", FK_INT}, {"minor", FK_INT}, FEND};
static const struct sc_fieldspec f_hcall[] = {
    {"rc", FK_ERRNO},  {"status", FK_GNTST}, {"last", FK_GNTST},
    {"ok", FK_INT},    {"handle", FK_INT},   {"bus", FK_HEX},
    {"frame", FK_HEX}, {"out", FK_BYTES},    FEND};
static const struct sc_fieldspec f_crashed[] = {
    {"xen", FK_INT}, {"domain", FK_INT}, {"kernel", FK_INT}, FEND};
static const struct sc_fieldspec f_send[] = {{"rc", FK_ERRNO}, {"pkt", FK_INT}, FEND};
static const struct sc_fieldspec f_peer_send[] = {
    {"rc", FK_ERRNO}, {"pkt", FK_INT}, {"frame", FK_BYTES}, FEND};
static const struct sc_fieldspec f_run[] = {{"ran", FK_INT}, FEND};
static const struct sc_fieldspec f_pkt[] = {
    {"rc", FK_ERRNO},   {"delivered", FK_INT}, {"replied", FK_INT}, {"dropped", FK_INT},
    {"reason", FK_STR}, {"rx_len", FK_INT},    {"rx_addr", FK_HEX}, FEND};
static const struct sc_fieldspec f_nstats[] = {
    {"tx_ok", FK_INT},     {"tx_dropped", FK_INT},
    {"tx_errors", FK_INT}, {"ring_full", FK_INT},
    {"rx_ok", FK_INT},     {"rx_dropped", FK_INT},
    {"notify_tx", FK_INT}, {"maps", FK_INT},
    {"refused", FK_INT},   {"grants_out", FK_INT},
    {"copies", FK_INT},    {"head_split", FK_INT},
    {"broken", FK_INT},    FEND};
static const struct sc_fieldspec f_attack[] = {
    {"rc", FK_ERRNO},       {"refused", FK_INT},
    {"reasons", FK_STR},    {"disabled", FK_INT},
    {"broken", FK_INT},     {"tx_ok", FK_INT},
    {"tx_errors", FK_INT},  {"ops", FK_INT},
    {"grants_out", FK_INT}, FEND};
static const struct sc_fieldspec f_dmamap[] = {{"rc", FK_ERRNO}, {"addr", FK_HEX}, FEND};

#define SETUP SC_SETUP

static const struct sc_keyspec par_keys[] = {
    {"schedule", AK_STR, false}, {"lock-steps", AK_FLAG, false}, END};

static const struct sc_cmd cmds[] = {
    {"world", no_keys, world_keys, NULL, NULL, 0, sc_check_world},
    {"reset", no_keys, world_keys, NULL, sc_exec_reset, SETUP | SC_RESET, sc_check_world},
    {"domain", domain_pos, domain_keys, f_rc, sc_exec_domain, SETUP, sc_check_domain},
    {"smmu", no_keys, smmu_keys, f_rc, sc_exec_smmu, SETUP, NULL},
    {"device", device_pos, device_keys, f_device, sc_exec_device, SETUP, NULL},
    {"write", dom_addr_data, no_keys, f_rc, sc_exec_write, 0, NULL},
    {"read", dom_addr_len, no_keys, f_read, sc_exec_read, 0, NULL},
    {"grant", dom_ref, grant_keys, f_rc, sc_exec_grant, SC_PAR | SC_GUEST,
     sc_check_grant},
    {"end-access", dom_ref, no_keys, f_rc, sc_exec_end_access, SC_PAR | SC_GUEST, NULL},
    {"map", map_pos, map_keys, f_map, sc_exec_map, SC_PAR, NULL},
    {"unmap", unmap_pos, unmap_keys, f_status, sc_exec_unmap, SC_PAR, NULL},
    {"copy", dom_only, copy_keys, f_status, sc_exec_copy, SC_PAR, NULL},
    {"cache-flush", dom_only, flush_keys, f_rc, sc_exec_cache_flush, SC_PAR, NULL},
    {"set-version", dom_version, no_keys, f_version, sc_exec_set_version, SC_PAR, NULL},
    {"get-version", dom_only, target_keys, f_version, sc_exec_get_version, SC_PAR, NULL},
    {"status-frames", dom_only, list_keys, f_frames, sc_exec_status_frames, SC_PAR, NULL},
    {"setup-table", dom_only, list_keys, f_frames, sc_exec_setup_table, SC_PAR, NULL},
    {"query-size", dom_only, target_keys, f_qsize, sc_exec_query_size, SC_PAR, NULL},
    {"unmap-replace", unmap_pos, replace_keys, f_status, sc_exec_unmap_replace, SC_PAR,
     NULL},
    {"swap", swap_pos, no_keys, f_status, sc_exec_swap, SC_PAR, NULL},
    {"transfer", dom_only, transfer_keys, f_status, sc_exec_transfer, SC_PAR, NULL},
    {"hypercall", hcall_pos, hcall_keys, f_hcall, sc_exec_hypercall, SC_PAR,
     sc_check_hypercall},
    {"parallel", no_keys, par_keys, NULL, sc_exec_parallel, SC_PAR_BLOCK, NULL},
    {"xenver", xenver_pos, xenver_keys, f_xenver, sc_exec_xenver, 0, sc_check_xenver},
    {"domain-destroy", dom_only, no_keys, f_rc, sc_exec_domain_destroy, 0, NULL},
    {"crashed", dom_only, no_keys, f_crashed, sc_exec_crashed, 0, NULL},
    {"inject", inject_pos, inject_keys, f_rc, sc_exec_inject, 0, sc_check_inject},
    {"p2m", dom_gfn, no_keys, f_entry, sc_exec_p2m, 0, NULL},
    {"p2m-set", dom_gfn, p2m_set_keys, f_rc, sc_exec_p2m_set, 0, sc_check_p2m_set},
    {"p2m-remove", dom_gfn, no_keys, f_rc, sc_exec_p2m_remove, SC_PAR, NULL},
    {"decrease-reservation", dom_gfn, no_keys, f_rc, sc_exec_decrease_reservation, SC_PAR,
     NULL},
    {"add-to-physmap", physmap_pos, physmap_keys, f_rc, sc_exec_add_to_physmap, SC_PAR,
     sc_check_add_to_physmap},
    {"iomem", mfn_only, no_keys, f_rc, sc_exec_iomem, 0, NULL},
    {"iommu", dom_gfn, no_keys, f_entry, sc_exec_iommu, 0, NULL},
    {"grant-info", dom_ref, no_keys, f_grant, sc_exec_grant_info, 0, NULL},
    {"page", mfn_only, no_keys, f_page, sc_exec_page, 0, NULL},
    {"counters", dom_mfn, no_keys, f_counters, sc_exec_counters, 0, NULL},
    {"mapkind", dom_rd_mfn, no_keys, f_mapkind, sc_exec_mapkind, 0, NULL},
    {"maptrack", dom_only, maptrack_keys, f_maptrack, sc_exec_maptrack, 0, NULL},
    {"check", no_keys, no_keys, f_check, sc_exec_check, 0, NULL},
    {"dma-read", dev_bus_len, no_keys, f_read, sc_exec_dma_read, 0, NULL},
    {"dma-write", dev_bus_data, no_keys, f_rc, sc_exec_dma_write, 0, NULL},
    {"fault", no_keys, no_keys, f_fault, sc_exec_fault, 0, NULL},
    {"linux-boot", dom_only, boot_keys, f_boot, sc_exec_linux_boot, SETUP,
     sc_check_linux_boot},
    {"linux-grant", dom_only, grant_keys, f_lgrant, sc_exec_linux_grant, 0, NULL},
    {"linux-end-access", dom_ref, no_keys, f_rc, sc_exec_linux_end_access, 0, NULL},
    {"linux-map", map_pos, map_keys, f_lmap, sc_exec_linux_map, 0, NULL},
    {"linux-unmap", lunmap_pos, no_keys, f_status, sc_exec_linux_unmap, 0, NULL},
    {"dma-map", dmamap_pos, dir_keys, f_dmamap, sc_exec_dma_map, 0, NULL},
    {"dma-unmap", dmamap_pos, dir_keys, f_rc, sc_exec_dma_unmap, 0, NULL},
    {"dma-sync", dmamap_pos, dir_keys, f_rc, sc_exec_dma_sync, 0, NULL},
    {"vif", dom_only, vif_keys, f_device, sc_exec_vif, SETUP, NULL},
    {"vif-destroy", vif_only, no_keys, f_rc, sc_exec_vif_destroy, 0, NULL},
    {"net-send", vif_only, send_keys, f_send, sc_exec_net_send, 0, NULL},
    {"net-peer-send", vif_only, peer_send_keys, f_peer_send, sc_exec_net_peer_send, 0,
     NULL},
    {"net-run", no_keys, no_keys, f_run, sc_exec_net_run, 0, NULL},
    {"net-poll", vif_only, no_keys, f_rc, sc_exec_net_poll, SC_PAR | SC_GUEST, NULL},
    {"net-packet", pkt_only, no_keys, f_pkt, sc_exec_net_packet, 0, NULL},
    {"net-stats", vif_only, no_keys, f_nstats, sc_exec_net_stats, 0, NULL},
    {"net-attack", attack_pos, attack_keys, f_attack, sc_exec_net_attack, 0,
     sc_check_net_attack},
};

const struct sc_cmd *sc_cmd_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strlen(cmds[i].name) == len && !memcmp(cmds[i].name, name, len))
            return &cmds[i];
    return NULL;
}

const struct sc_cmd *sc_cmd_at(size_t i)
{
    return i < sizeof(cmds) / sizeof(cmds[0]) ? &cmds[i] : NULL;
}

const struct sc_cmd *sc_cmd_world(void)
{
    return &cmds[0];
}

bool sc_cmd_has_key(const struct sc_cmd *c, const char *name)
{
    for (const struct sc_keyspec *k = c->keys; k->name; k++)
        if (!strcmp(k->name, name))
            return true;
    return false;
}

int sc_field_index(const struct sc_cmd *c, const char *name, size_t len)
{
    for (int i = 0; c->fields && c->fields[i].name; i++)
        if (strlen(c->fields[i].name) == len && !memcmp(c->fields[i].name, name, len))
            return i;
    return -1;
}
