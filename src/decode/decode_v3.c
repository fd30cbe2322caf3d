/* SPDX-License-Identifier: MIT */
/*
 * An SMMUv3 event record decoded. Layout from Linux arm-smmu-v3.h (EVTQ_0_ID
 * [7:0], EVTQ_0_SSV [11], EVTQ_0_SSID [31:12], EVTQ_0_SID [63:32],
 * EVTQ_1_STAG [15:0], EVTQ_1_STALL [31], EVTQ_1_PnU [33], EVTQ_1_InD [34],
 * EVTQ_1_RnW [35], EVTQ_1_S2 [39], EVTQ_1_CLASS [41:40], EVTQ_2_ADDR,
 * EVTQ_3_IPA [51:12]); names from arm-smmu-v3.c event_str and
 * event_class_str.
 */
#include <stdio.h>

#include "decode/decode_int.h"

static const char *decode_v3_name(unsigned id)
{
    static const struct {
        unsigned id;
        const char *name;
    } names[] = {
        {0x02, "C_BAD_STREAMID"},    {0x03, "F_STE_FETCH"},       {0x04, "C_BAD_STE"},
        {0x06, "F_STREAM_DISABLED"}, {0x08, "C_BAD_SUBSTREAMID"}, {0x09, "F_CD_FETCH"},
        {0x0a, "C_BAD_CD"},          {0x10, "F_TRANSLATION"},     {0x11, "F_ADDR_SIZE"},
        {0x12, "F_ACCESS"},          {0x13, "F_PERMISSION"},      {0x25, "F_VMS_FETCH"},
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].id == id)
            return names[i].name;
    return "unknown";
}

static void decode_v3_fields(struct gntsim_smmu_event *e)
{
    uint64_t r0 = e->raw[0], r1 = e->raw[1];

    e->id = (unsigned)(r0 & 0xff);
    e->name = decode_v3_name(e->id);
    e->ssv = (r0 >> 11) & 1;
    e->ssid = (uint32_t)((r0 >> 12) & 0xfffff);
    e->sid = (uint32_t)(r0 >> 32);
    e->stag = (unsigned)(r1 & 0xffff);
    e->stall = (r1 >> 31) & 1;
    e->pnu = (r1 >> 33) & 1;
    e->ind = (r1 >> 34) & 1;
    e->rnw = (r1 >> 35) & 1;
    e->s2 = (r1 >> 39) & 1;
    e->event_class = (unsigned)((r1 >> 40) & 3);
    e->input_addr = e->raw[2];
    e->ipa = e->raw[3] & 0x000ffffffffff000ull;
}

static void decode_v3_hint(struct gntsim_smmu_decoded *d)
{
    const struct gntsim_smmu_event *e = &d->evt;
    const char *rw = e->rnw ? "read" : "write";

    if (e->id == 0x10 && e->s2)
        snprintf(d->hint, sizeof(d->hint),
                 "no stage-2 entry at IPA %#llx (%s by StreamID %#x): if this is a "
                 "foreign frame, the 1:1 grant mapping (gnttab_need_iommu_mapping) is "
                 "missing, see Xen 91d4eca7ad / 04085ec1ac",
                 (unsigned long long)e->ipa, rw, e->sid);
    else if (e->id == 0x10)
        snprintf(d->hint, sizeof(d->hint),
                 "no stage-1 translation for %#llx (%s by StreamID %#x): the address is "
                 "not mapped in the device's domain",
                 (unsigned long long)e->input_addr, rw, e->sid);
    else if (e->id == 0x13)
        snprintf(
            d->hint, sizeof(d->hint),
            "the stage-%d descriptor for %#llx does not allow a %s%s", e->s2 ? 2 : 1,
            (unsigned long long)e->input_addr, rw,
            e->rnw ? ": a read of a page mapped with no read permission"
                   : ": a read-only mapping (a read-only grant?) written by the device");
    else if (e->id == 0x11 || e->id == 0x12)
        snprintf(d->hint, sizeof(d->hint), "%s for %#llx (%s by StreamID %#x)",
                 e->id == 0x11
                     ? "the address is beyond the configured input or output size"
                     : "access flag clear in the descriptor",
                 (unsigned long long)e->input_addr, rw, e->sid);
    else
        snprintf(d->hint, sizeof(d->hint),
                 "event %#x (%s): check the stream table entry and context descriptor of "
                 "StreamID %#x (SMMUv3 architecture, IHI 0070, event records)",
                 e->id, e->name, e->sid);
}

void decode_v3(struct gntsim_smmu_decoded *d)
{
    d->v3 = true;
    decode_v3_fields(&d->evt);
    d->fault_class = d->evt.name;
    d->write = !d->evt.rnw;
    d->iova = d->evt.input_addr;
    d->frame = d->iova >> 12;
    d->offset = d->iova & 0xfff;
    decode_v3_hint(d);
}
