/* SPDX-License-Identifier: MIT */
/* The console log (see log.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env/log.h"

void sim_log_printf(struct sim_log *l, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    char *copy;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    TRACE(l->trace, LOG, TA_S(buf));
    if (l->nr == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **n = realloc(l->lines, cap * sizeof(*n));

        if (!n)
            return;
        l->lines = n;
        l->cap = cap;
    }
    copy = malloc(strlen(buf) + 1);
    if (!copy)
        return;
    memcpy(copy, buf, strlen(buf) + 1);
    l->lines[l->nr++] = copy;
}

void sim_log_fini(struct sim_log *l)
{
    for (size_t i = 0; i < l->nr; i++)
        free(l->lines[i]);
    free(l->lines);
    l->lines = NULL;
    l->nr = l->cap = 0;
}
