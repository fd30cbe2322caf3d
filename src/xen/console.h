/* SPDX-License-Identifier: MIT */
/*
 * Xen's console (xen/drivers/char/console.c): printk with log levels, the
 * loglvl= thresholds and printk_ratelimit(). Every line gets the "(XEN) "
 * prefix here, and only here, before it reaches the world's log.
 *
 * Time is NOW() = x->now_ns, virtual: the world advances it (1 us per DMA
 * transaction, gntsim_time_advance()); see docs/fidelity.md.
 */
#ifndef GNTSIM_XEN_CONSOLE_H
#define GNTSIM_XEN_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

/* XENLOG_* levels (xen/include/xen/config.h: "<0>" .. "<3>"). */
enum xenlog { XENLOG_ERR = 0, XENLOG_WARNING, XENLOG_INFO, XENLOG_DEBUG };

struct xen_console {
    bool init;           /* lazily set to the defaults below */
    int lower, upper;    /* L < lower: printed; lower <= L < upper: rate-limited */
    uint64_t toks;       /* __printk_ratelimit() token bucket, in ms */
    uint64_t last_ms;    /* NOW() in ms at the last check */
    uint32_t missed;     /* messages suppressed since the last printed one */
    uint64_t suppressed; /* total suppressed (inspection) */
};

struct xen;

/*
 * Parse Xen's loglvl= value ("<always>[/<ratelimited>]", levels none, error,
 * warning, info, debug, all) into the thresholds. Returns 0, or -EINVAL for
 * trailing garbage (the thresholds are still set, as Xen does).
 */
int xen_console_loglvl(struct xen_console *c, const char *s);

/*
 * printk(@lvl, ...): apply the thresholds and the rate limit (10 messages of
 * burst, then one per 5 s), print "(XEN) printk: N messages suppressed." before
 * the next printed line after a suppression, then "(XEN) <line>". Cannot fail.
 */
void xen_printk(struct xen *x, enum xenlog lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
