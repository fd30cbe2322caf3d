/* SPDX-License-Identifier: MIT */
/* The console log (see log.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "env/fmt.h"
#include "env/log.h"
#include "env/grow.h"

/* Room for one more line: grow the array, or give up the oldest line once full. */
static char **log_slot(struct sim_log *l)
{
    if (l->nr == SIM_LOG_MAX_LINES) { /* a ring: the oldest line is overwritten */
        char **slot = &l->lines[l->head];

        free(*slot);
        *slot = NULL;
        l->head = (l->head + 1) % SIM_LOG_MAX_LINES;
        l->nr--;
        l->lost++;
        return slot;
    }
    if (l->nr == l->cap) { /* head is 0 until the ring is full */
        char **n = sim_grow(l->lines, &l->cap, l->nr + 1, sizeof(*n), 16);

        if (!n)
            return NULL;
        l->lines = n;
    }
    return &l->lines[l->nr];
}

void sim_log_printf(struct sim_log *l, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    char **slot;
    size_t len;

    va_start(ap, fmt);
    sim_vfmt(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    TRACE(l->trace, LOG, TA_S(buf));
    len = strlen(buf) + 1;
    slot = log_slot(l);
    if (!slot)
        return;
    *slot = malloc(len); /* NULL (host out of memory): the line reads as "" */
    if (*slot)
        memcpy(*slot, buf, len);
    l->nr++;
}

const char *sim_log_line(const struct sim_log *l, size_t i)
{
    const char *line;

    if (i >= l->nr)
        return NULL;
    line = l->lines[(l->head + i) % SIM_LOG_MAX_LINES]; /* head is 0 until full */
    return line ? line : "";
}

void sim_log_fini(struct sim_log *l)
{
    for (size_t i = 0; i < l->nr; i++) /* full: nr == cap, every slot */
        free(l->lines[i]);
    free(l->lines);
    *l = (struct sim_log){.trace = l->trace};
}
