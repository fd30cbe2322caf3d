/* SPDX-License-Identifier: MIT */
/*
 * do_grant_table_op() (xen/common/grant_table.c): argument checks common to
 * all commands, then one handler per command. copy is in copy.c,
 * cache_flush in cache_flush.c, swap_grant_ref in swap.c, transfer in
 * transfer.c, set_version/get_version/get_status_frames in version.c.
 */
#include "xen/gnttab/cache_flush.h"
#include "xen/gnttab/gnttab.h"

const char *gntst_name(int16_t st)
{
    static const char *const names[] = {
        "GNTST_okay",         "GNTST_general_error",   "GNTST_bad_domain",
        "GNTST_bad_gntref",   "GNTST_bad_handle",      "GNTST_bad_virt_addr",
        "GNTST_bad_dev_addr", "GNTST_no_device_space", "GNTST_permission_denied",
        "GNTST_bad_page",     "GNTST_bad_copy_arg",    "GNTST_address_too_big",
        "GNTST_eagain",       "GNTST_no_space",
    };

    return st <= 0 && -st < (int)ARRAY_SIZE(names) ? names[-st] : "GNTST_?";
}

static const char *gnttabop_name(uint32_t cmd)
{
    static const char *const names[] = {
        "map_grant_ref",     "unmap_grant_ref",   "setup_table",
        "dump_table",        "transfer",          "copy",
        "query_size",        "unmap_and_replace", "set_version",
        "get_status_frames", "get_version",       "swap_grant_ref",
        "cache_flush",
    };

    return cmd < ARRAY_SIZE(names) ? names[cmd] : "unknown";
}

static long gnttab_map_ops(struct xen *x, struct gnttab_map_grant_ref *ops,
                           uint32_t count)
{
    for (uint32_t i = 0; i < count && !x->crashed; i++) {
        struct gnttab_map_grant_ref *op = &ops[i];

        gnttab_map_one(x, op);
        TRACE(x->trace, GNTTAB_MAP, TA_U(x->cur->domid), TA_U(op->dom), TA_U(op->ref),
              TA_U(op->flags), TA_U(op->host_addr), TA_S(gntst_name(op->status)),
              TA_U(op->status ? 0 : op->handle), TA_U(op->status ? 0 : op->dev_bus_addr));
    }
    return 0;
}

/* Inlined into both dispatchers: the unmap path has no frame of its own between the
 * hypercall entry and the batch. */
static GNTSIM_ALWAYS_INLINE long gnttab_unmap_ops(struct xen *x, void *uop,
                                                  uint32_t count, bool replace)
{
    if (replace)
        gnttab_unmap_and_replace_batch(x, uop, count);
    else
        gnttab_unmap_batch(x, uop, count);
    for (uint32_t i = 0; i < count; i++) {
        /* both structs: host_addr, dev_bus_addr|new_addr, handle, status */
        const struct gnttab_unmap_grant_ref *op =
            (const struct gnttab_unmap_grant_ref *)uop + i;

        TRACE(x->trace, GNTTAB_UNMAP, TA_U(x->cur->domid), TA_U(op->handle),
              TA_U(op->host_addr), TA_U(replace ? 0 : op->dev_bus_addr),
              TA_S(gntst_name(op->status)));
    }
    return 0;
}

/*
 * GNTTABOP_copy and its continuations: gnttab_copy() stops at an op whose transitive
 * entry changed (ERESTART) and returns the ops left; do_grant_table_op() creates a
 * continuation the guest's vCPU re-enters at that op. Before d6f22d5d9e (XSA-318;
 * d353f82b2e 4.11.4, 3536f8dc39 4.12.3, b66ce5058e 4.13.1) it turned the ops left into
 * the ops done before testing for one: stopped at an invocation's first op, the hypercall
 * returned 0 with that op's and every later op's status unwritten. Each continuation
 * needs another vCPU's change to the entry: sequentially there is at most one. In a
 * parallel block two copies can restart each other without end (a livelock Xen's fair
 * CPUs leave): past SIM_PAR_RESTART_BOUND continuations the block is abandoned
 * (sim_locks.bound_hit; gntsim explore counts such runs, docs/explore.md).
 */
static long gnttab_copy_op(struct xen *x, struct gnttab_copy *ops, uint32_t count)
{
    for (unsigned n = 0;; n++) {
        long left = gnttab_copy(x, ops, count);
        uint32_t done = count - (uint32_t)left;

        if (left <= 0)
            return 0;
        if (!done && !x->prof->copy_restart_continues) {
            TRACE(x->trace, GNTTAB_FAIL, TA_U(x->cur->domid), TA_S("copy"),
                  TA_S("no continuation"),
                  TA_S("ERESTART at the first op: statuses unwritten"));
            return 0;
        }
        GNTSIM_ASSERT("C2", !n || x->locks->before); /* sequentially: one at most */
        if (n >= SIM_PAR_RESTART_BOUND)
            x->locks->bound_hit = true; /* abandoned at the next scheduling point */
        TRACE(x->trace, GNTTAB_CONTINUATION, TA_U(x->cur->domid), TA_U(done), TA_U(left));
        ops += done;
        count = (uint32_t)left;
    }
}

/* The commands other than map and unmap: out of line, so that the two a device's I/O
 * path issues are not slowed by the frame of every other one. */
static GNTSIM_NOINLINE long gnttab_dispatch_other(struct xen *x, uint32_t cmd, void *uop,
                                                  uint32_t count, uint32_t opaque)
{
    switch (cmd) {
    case GNTTABOP_cache_flush: /* resumes at the ref the opaque bits carry */
        return gnttab_cache_flush(x, uop, count, &opaque);
    case GNTTABOP_unmap_and_replace:
        return gnttab_unmap_ops(x, uop, count, true);
    case GNTTABOP_copy:
        return gnttab_copy_op(x, uop, count);
    case GNTTABOP_swap_grant_ref:
        return gnttab_swap(x, uop, count);
    case GNTTABOP_transfer:
        return gnttab_transfer(x, uop, count);
    case GNTTABOP_setup_table:
        return count != 1 ? -EINVAL : gnttab_setup_table(x, uop);
    case GNTTABOP_query_size:
        if (count != 1)
            return -EINVAL;
        gnttab_query_size(x, uop);
        return 0;
    case GNTTABOP_set_version: /* count is not looked at: one struct */
        return gnttab_set_version(x, uop);
    case GNTTABOP_get_version:
        return gnttab_get_version(x, uop);
    case GNTTABOP_get_status_frames:
        return count != 1 ? -EINVAL : gnttab_get_status_frames(x, uop);
    default:
        return -ENOSYS; /* dump_table (never implemented) and the not-yet-modelled ops */
    }
}

static long gnttab_dispatch(struct xen *x, uint32_t cmd, void *uop, uint32_t count,
                            uint32_t opaque)
{
    if (cmd == GNTTABOP_map_grant_ref)
        return gnttab_map_ops(x, uop, count);
    if (cmd == GNTTABOP_unmap_grant_ref)
        return gnttab_unmap_ops(x, uop, count, false);
    return gnttab_dispatch_other(x, cmd, uop, count, opaque);
}

long gnttab_hypercall(struct xen *x, struct domain *caller, uint32_t vcpu, uint32_t cmd,
                      void *uop, uint32_t count)
{
    uint32_t op = cmd & GNTTABOP_CMD_MASK;
    long rc;

    TRACE(x->trace, HYPERCALL, TA_U(caller->domid), TA_U(vcpu), TA_S(gnttabop_name(op)),
          TA_U(count));
    if ((int32_t)count < 0)
        rc = -EINVAL;
    else if (op != GNTTABOP_cache_flush && (cmd >> GNTTABOP_CONTINUATION_ARG_SHIFT))
        rc = -EINVAL; /* opaque continuation bits only for cache_flush */
    else if (op == GNTTABOP_cache_flush && x->prof->cache_flush_needs_has &&
             !caller->ops->grant_cache_flush)
        rc = -ENOSYS; /* compiled out (do_grant_table_op, 5642a6055c): the default case */
    else if (count && !uop)
        rc = -EFAULT; /* copy_from_guest() of an unreadable array */
    else {
        x->cur = caller;
        x->cur_vcpu = vcpu;
        rc = gnttab_dispatch(x, op, uop, count, cmd >> GNTTABOP_CONTINUATION_ARG_SHIFT);
        x->cur = NULL;
    }
    TRACE(x->trace, HYPERCALL_RET, TA_U(caller->domid), TA_S(gnttabop_name(op)),
          TA_D(rc));
    return rc;
}
