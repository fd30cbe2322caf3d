/* SPDX-License-Identifier: MIT */
/*
 * A fast snprintf for the console's hot paths (an SMMU fault per dropped packet
 * formats several lines), byte for byte the same as the C library's.
 *
 * Formatted directly: literal text, "%%", the conversions d i u x X o c s p, the
 * flags - 0 # + and space, a decimal field width, a decimal precision on integers,
 * %s and %p, the length modifiers hh h l ll z j t on integers. Any other format (a
 * '*' width or precision, floating point, %n, %m, a length modifier on %c, %s or %p
 * such as %lc and %ls, L or q, the ' and I flags, a precision on %c, a positional
 * argument, a width or precision above SIM_FMT_MAX_FIELD, an unknown conversion) is
 * handed whole to vsnprintf().
 */
#ifndef GNTSIM_ENV_FMT_H
#define GNTSIM_ENV_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* The largest field width or precision formatted directly. */
#define SIM_FMT_MAX_FIELD 255

/*
 * vsnprintf(): write at most @size bytes of the output to @buf, NUL included (always
 * NUL-terminated when @size > 0), and return the length the whole output has. Fails as
 * vsnprintf() does: -1 with errno EOVERFLOW when that length exceeds INT_MAX (@buf then
 * holds what fitted).
 */
int sim_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* snprintf() by sim_vfmt(); fails as sim_vfmt() does. */
int sim_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether sim_vfmt() formats @fmt itself rather than calling vsnprintf(). Cannot fail. */
bool sim_fmt_direct(const char *fmt);

#endif
