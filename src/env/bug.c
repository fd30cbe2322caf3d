/* SPDX-License-Identifier: MIT */
/* gntsim's own consistency failures: report the invariant and abort. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "env/compiler.h"

void gntsim_bug(const char *id, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "gntsim: internal invariant %s broken at %s:%d: ", id, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(
        stderr,
        "\n(this is a bug in gntsim, not a finding about Xen; see docs/invariants.md)\n");
    abort();
}
