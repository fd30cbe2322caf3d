/* SPDX-License-Identifier: MIT */
/*
 * The era A IOMMU bookkeeping race space in Promela: the SPIN baseline of
 * bench_explore (issue 17). N dom0 vCPUs map one ref of a domU, vCPU 0 writable,
 * the others read-only, as xen/common/grant_table.c map_grant_ref does in era A
 * (RELEASE-4.11.0 .. 4.13.0): the maptrack handle from the vCPU's own free list,
 * the pin under the granter's read lock and the active entry lock, then
 * double_gt_lock (the mapper's table, then the granter's, both for writing),
 * mapkind() over the published maptrack entries, the era A decision from the pin
 * transition this vCPU saw, and the entry published under the lock. Each lock
 * acquisition is an atomic test-and-set, as gntsim's scheduling points are; the
 * rest is abstracted to the counters the decision reads. Build: spin -a, then
 * cc -DSAFETY pan.c (bench/bench_explore.c does it, with N from -DN=...).
 */
#ifndef N
#define N 2
#endif

byte gt1_readers;   /* the granter's grant-table rwlock: readers */
bool gt1_writer;    /* ... and its writer */
bool gt0_writer;    /* the mapper's (dom0's) table, taken for writing only here */
bool act_lock;      /* the active entry lock of the ref */
bool freelist[N];   /* each vCPU's maptrack free-list lock */
byte pin_r, pin_w;  /* the ref's host read / write pins */
bool pub[N];        /* maptrack entry of vCPU i published */
bool pubw[N];       /* ... and writable */
byte iommu;         /* the 1:1 IOMMU entry: 0 none, 1 r, 2 rw */
byte done;

proctype mapper(byte id; bool wr)
{
    byte old_r, old_w, kind, i;

    atomic { !freelist[id] -> freelist[id] = 1 };
    freelist[id] = 0;
    atomic { !gt1_writer -> gt1_readers++ };
    atomic { !act_lock -> act_lock = 1 };
    old_r = pin_r;
    old_w = pin_w;
    if
    :: wr -> pin_w++
    :: else -> pin_r++
    fi;
    act_lock = 0;
    gt1_readers--;
    atomic { !gt0_writer -> gt0_writer = 1 };
    atomic { !gt1_writer && gt1_readers == 0 -> gt1_writer = 1 };
    kind = 0;
    i = 0;
    do
    :: i < N ->
        if
        :: pub[i] && pubw[i] -> kind = kind | 2
        :: pub[i] && !pubw[i] -> kind = kind | 1
        :: else -> skip
        fi;
        i++
    :: else -> break
    od;
    if
    :: wr && old_w == 0 -> /* its first writable pin */
        if
        :: !(kind & 2) -> iommu = 2
        :: else -> skip
        fi
    :: !(wr && old_w == 0) && old_r + old_w == 0 -> /* the entry's first pin */
        if
        :: kind == 0 -> iommu = 1
        :: else -> skip
        fi
    :: else -> skip
    fi;
    pub[id] = 1;
    pubw[id] = wr;
    gt1_writer = 0;
    gt0_writer = 0;
    done++
}

init
{
    byte k = 1;

    atomic {
        run mapper(0, 1);
        do
        :: k < N -> run mapper(k, 0); k++
        :: else -> break
        od
    };
    done == N;
    assert(iommu == 2) /* the writable mapping has its read-write entry */
}
