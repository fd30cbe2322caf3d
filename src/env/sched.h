/* SPDX-License-Identifier: MIT */
/*
 * The world's deferred-work queue: interrupts (event-channel upcalls),
 * softirq-like driver work and wire deliveries run as queued callbacks, in
 * FIFO order within a virtual time, earliest time first. Deterministic:
 * ties break by enqueue order. Nothing runs until sched_run() is called
 * (by a scenario step, the API's gntsim_run_pending(), or a driver that
 * waits for completion).
 */
#ifndef GNTSIM_SIM_SCHED_H
#define GNTSIM_SIM_SCHED_H

#include <stddef.h>
#include <stdint.h>

typedef void (*sched_fn)(void *ctx, uint64_t arg);

struct sched_item {
    uint64_t when_ns; /* virtual time at which it runs */
    uint64_t seq;     /* enqueue order, for ties */
    sched_fn fn;
    void *ctx;
    uint64_t arg;
};

struct sched {
    struct sched_item *heap; /* binary min-heap on (when_ns, seq) */
    size_t nr, cap;
    uint64_t seq;
    uint64_t now_ns;  /* advanced to each item's time as it runs */
    uint64_t ran;     /* items run so far */
    uint64_t max_run; /* safety valve: sched_run stops after this many (0 = 1e6) */
};

/* Queue @fn(@ctx, @arg) to run @delay_ns after now. Returns 0 or -ENOMEM (nothing
 * queued). */
int sched_at(struct sched *s, uint64_t delay_ns, sched_fn fn, void *ctx, uint64_t arg);
/*
 * Run queued items (including ones they queue) until the queue is empty or
 * @limit items ran (0 = max_run). Returns the number run; -ELOOP if the
 * limit stopped it with work left (a livelock, reported, never a hang).
 */
long sched_run(struct sched *s, uint64_t limit);
/*
 * Run the items due now (and those they queue for now), leaving later ones
 * queued and the clock where it is: a driver waiting on work that takes no
 * virtual time. Returns as sched_run().
 */
long sched_run_due(struct sched *s, uint64_t limit);
/* Free the queue; safe on a zeroed struct. */
void sched_fini(struct sched *s);

#endif
