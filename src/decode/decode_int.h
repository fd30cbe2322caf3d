/* SPDX-License-Identifier: MIT */
/* Shared by the SMMU fault decoders (decode.c, decode_hint.c, decode_scan.c). */
#ifndef SIM_DECODE_INT_H
#define SIM_DECODE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gntsim/gntsim.h"

/* The text after "(XEN)" and "[...]" timestamps at the start of @s. Cannot fail. */
const char *decode_strip(const char *s);

/* @n bytes at @t into @dst, non-printable bytes as \xHH, cut at 64. Cannot fail. */
void decode_quote(char *dst, size_t dstlen, const char *t, size_t n);

/* Replace the non-printable bytes of @s by '?' (names copied from a log). */
void decode_printable(char *s);

/*
 * The number of @n bytes at @t: hex with or without 0x, or decimal digits
 * if @dec. Returns 0 with *@v, or -EINVAL (empty, a sign, a bad digit,
 * more than @max).
 */
int decode_number(const char *t, size_t n, bool dec, uint64_t max, uint64_t *v);

/*
 * Who printed [@s, @m) (the text before a report's mark): "arm-smmu <dev>: "
 * (Linux) or "smmu: <path>: " (Xen), into @d->source and @d->smmu_path.
 * Cannot fail (neither found: GNTSIM_SMMU_FIELDS, path "").
 */
void decode_source(const char *s, const char *m, struct gntsim_smmu_decoded *d);

/*
 * Decode @line if it is an SMMUv2 global-fault line (decode_global.c): 0 with
 * *@d filled, 1 if it is none (*@d untouched), or -EINVAL with a message in
 * @err for a malformed GFSR line.
 */
int decode_global(const char *line, struct gntsim_smmu_decoded *d, char *err,
                  size_t errlen);

/*
 * Whether the register line @regs completes the header-only report @hdr
 * (same SMMU, same StreamID if the header named one); if so @hdr takes its
 * registers and is decoded again. Cannot fail.
 */
bool decode_global_merge(struct gntsim_smmu_decoded *hdr,
                         const struct gntsim_smmu_decoded *regs);

/* Fill fault_class and hint of an SMMUv2 report from its fields. Cannot fail. */
void decode_hint(struct gntsim_smmu_decoded *d);

/* Decode @d->evt.raw of an SMMUv3 event: fields, fault_class, hint. Cannot fail. */
void decode_v3(struct gntsim_smmu_decoded *d);

#endif
