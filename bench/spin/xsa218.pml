/* SPDX-License-Identifier: MIT */
/*
 * XSA-218 part (a) in Promela: the SPIN baseline of bench_explore beside gntsim's
 * scenario of it. dom0 maps one ref with both halves (host and device) under one
 * handle; two of its vCPUs unmap one half each, as xen/common/grant_table.c does in
 * RELEASE-4.11.0: unmap_common() under the granter's read lock and the active entry
 * lock clears its half, then the era A IOMMU step takes double_gt_lock (the mapper's
 * table, then the granter's, both for writing); unmap_common_complete() takes the two
 * locks again. Before b7f6cbb9d4 every second phase that finds the handle without
 * halves frees it, so both can (the double free: a cycle in the free list); with it
 * (-DFIXED) the first phase that removes the last half frees it, under the lock.
 * Each lock acquisition is an atomic test-and-set, as gntsim's points are.
 * Build: spin -a [-DFIXED], then cc -DSAFETY pan.c (bench/bench_explore.c does it).
 */
byte gt1_readers; /* the granter's grant-table rwlock: readers */
bool gt1_writer;  /* ... and its writer */
bool gt0_writer;  /* the mapper's (dom0's) table, taken for writing only here */
bool act_lock;    /* the active entry lock of the ref */
bool fl_lock;     /* the free-list lock of the vCPU that owns the handle */
byte halves = 3;  /* the handle's halves: 1 host, 2 device */
byte frees;       /* times the handle went back on the free list */
byte done;

inline free_handle()
{
    atomic { !fl_lock -> fl_lock = 1 };
    frees++;
    fl_lock = 0
}

proctype unmapper(byte half)
{
    bool put = 0;

    /* phase 1, unmap_common() */
    atomic { !gt1_writer -> gt1_readers++ };
    atomic { !act_lock -> act_lock = 1 };
    assert(halves & half); /* its half is there: the unmap succeeds */
    halves = halves & ~half;
#ifdef FIXED
    put = halves == 0;
#endif
    act_lock = 0;
    gt1_readers--;
    if
    :: put -> free_handle()
    :: else -> skip
    fi;
    /* the era A IOMMU step: mapkind() under double_gt_lock */
    atomic { !gt0_writer -> gt0_writer = 1 };
    atomic { !gt1_writer && gt1_readers == 0 -> gt1_writer = 1 };
    gt1_writer = 0;
    gt0_writer = 0;
    /* phase 2, unmap_common_complete() */
    atomic { !gt1_writer -> gt1_readers++ };
    atomic { !act_lock -> act_lock = 1 };
#ifndef FIXED
    put = halves == 0;
#endif
    act_lock = 0;
    gt1_readers--;
#ifndef FIXED
    if
    :: put -> free_handle()
    :: else -> skip
    fi;
#endif
    done++
}

init
{
    atomic {
        run unmapper(1);
        run unmapper(2)
    };
    done == 2;
    assert(frees == 1) /* freed once; twice is XSA-218's double free */
}
