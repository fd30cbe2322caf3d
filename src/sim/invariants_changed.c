/* SPDX-License-Identifier: MIT */
/*
 * Invariant checks skipped when nothing changed: the world's state-changing
 * effects are counted from the trace's per-event counters (always kept),
 * less the events that only report, plus the guest's memory writes.
 */
#include "sim/world.h"

/* Events that change no state the invariants read; every other event may. */
static const enum trace_ev inv_report_only[] = {
    TEV_HYPERCALL,  TEV_HYPERCALL_RET, TEV_GNTTAB_FAIL,  TEV_IOMMU_DECISION,
    TEV_SMMU_FAULT, TEV_SMMU_GFAULT,   TEV_SMMU_BYPASS,  TEV_IOTLB_HIT,
    TEV_IOTLB_MISS, TEV_IOTLB_FLUSH,   TEV_LOCK,         TEV_FINDING,
    TEV_LOG,        TEV_NOTE,          TEV_XEN_FEATURES, TEV_P2M_REMOVE_REFUSED,
    TEV_STEP_BEGIN, TEV_STEP_END,      TEV_EXPECT,
};

/* State-changing effects so far. */
static uint64_t inv_mutations(const struct gntsim_world *w)
{
    uint64_t n = w->guest_writes;

    for (unsigned e = 0; e < TEV_NR; e++)
        n += w->trace.count[e];
    for (size_t i = 0; i < sizeof(inv_report_only) / sizeof(inv_report_only[0]); i++)
        n -= w->trace.count[inv_report_only[i]];
    return n;
}

unsigned gntsim_check_invariants_changed(struct gntsim_world *w)
{
    unsigned found;

    if (w->inv_checked && inv_mutations(w) == w->inv_mark)
        return 0;
    found = gntsim_check_invariants(w);
    w->inv_mark = inv_mutations(w);
    w->inv_checked = true;
    return found;
}
