/* SPDX-License-Identifier: MIT */
/*
 * Small compiler and consistency helpers shared by every layer.
 *
 * GNTSIM_BUG() is for breaks of gntsim's *own* consistency (its structures
 * disagree with one another): those are bugs in gntsim, so it prints the
 * numbered invariant from docs/invariants.md and aborts. Breaks of the
 * modelled Xen's safety properties are findings, never aborts (see
 * src/check/invariants.c).
 */
#ifndef GNTSIM_ENV_COMPILER_H
#define GNTSIM_ENV_COMPILER_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)
#define GNTSIM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GNTSIM_NORETURN     __attribute__((noreturn))
/* Keep a cold path out of a hot function (its frame and registers stay small). */
#define GNTSIM_NOINLINE __attribute__((noinline))
/* Code only a reverted fix runs: out of line, off the hot path's layout. */
#define GNTSIM_COLD __attribute__((cold, noinline))
/* Inline whatever the inliner's budget says: a hot step with no frame of its own. */
#define GNTSIM_ALWAYS_INLINE inline __attribute__((always_inline))

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1u << PAGE_SHIFT)
#define INVALID_MFN UINT64_MAX
#define INVALID_GFN UINT64_MAX

/* Abort naming the gntsim consistency invariant @id (docs/invariants.md, list C). Never
 * returns. */
GNTSIM_NORETURN void gntsim_bug(const char *id, const char *file, int line,
                                const char *fmt, ...) GNTSIM_PRINTF(4, 5);

#define GNTSIM_BUG(id, ...) gntsim_bug(id, __FILE__, __LINE__, __VA_ARGS__)
#define GNTSIM_ASSERT(id, cond)                                                          \
    do {                                                                                 \
        if (unlikely(!(cond)))                                                           \
            GNTSIM_BUG(id, "%s", #cond);                                                 \
    } while (0)

#endif
