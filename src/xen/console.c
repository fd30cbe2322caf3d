/* SPDX-License-Identifier: MIT */
/* Xen's console (see console.h). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "env/fmt.h"
#include "xen/console.h"
#include "xen/xen.h"

/* console.c printk_ratelimit_ms and printk_ratelimit_burst */
#define RATELIMIT_MS    5000u
#define RATELIMIT_BURST 10u

/*
 * Non-debug build defaults (console.c XENLOG_LOWER/UPPER_THRESHOLD: 2/2 up
 * to 4.14, 3/3 later): XENLOG_ERR is always printed either way.
 */
static void console_init(struct xen_console *c)
{
    if (c->init)
        return;
    *c = (struct xen_console){
        .init = true, .lower = 2, .upper = 2, .toks = RATELIMIT_BURST * RATELIMIT_MS};
}

/* console.c __parse_loglvl(): level name at *s, advancing *s; 2 if unknown. */
static int console_parse_level(const char **s)
{
    static const struct {
        const char *name;
        int lvl;
    } lv[] = {{"none", 0}, {"error", 1}, {"warning", 2},
              {"info", 3}, {"debug", 4}, {"all", 4}};

    for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++)
        if (!strncmp(*s, lv[i].name, strlen(lv[i].name))) {
            *s += strlen(lv[i].name);
            return lv[i].lvl;
        }
    return 2;
}

int xen_console_loglvl(struct xen_console *c, const char *s)
{
    console_init(c);
    c->lower = c->upper = console_parse_level(&s);
    if (*s == '/') {
        s++;
        c->upper = console_parse_level(&s);
    }
    if (c->upper < c->lower)
        c->upper = c->lower;
    return *s ? -EINVAL : 0;
}

/* console.c __printk_ratelimit(): token bucket in ms of NOW(). */
static bool console_ratelimit(struct xen *x)
{
    struct xen_console *c = &x->console;
    uint64_t ms = x->now_ns / 1000000;

    c->toks += ms - c->last_ms;
    c->last_ms = ms;
    if (c->toks > RATELIMIT_BURST * RATELIMIT_MS)
        c->toks = RATELIMIT_BURST * RATELIMIT_MS;
    if (c->toks >= RATELIMIT_MS) {
        uint32_t lost = c->missed;

        c->missed = 0;
        c->toks -= RATELIMIT_MS;
        if (lost)
            sim_log_printf(x->log, "(XEN) printk: %u messages suppressed.", lost);
        return true;
    }
    c->missed++;
    c->suppressed++;
    return false;
}

void xen_printk(struct xen *x, enum xenlog lvl, const char *fmt, ...)
{
    struct xen_console *c = &x->console;
    char buf[400];
    va_list ap;

    console_init(c);
    /* console.c printk_prefix_check() */
    if (!((int)lvl < c->lower || ((int)lvl < c->upper && console_ratelimit(x))))
        return;
    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    sim_log_printf(x->log, "(XEN) %s", buf);
}
