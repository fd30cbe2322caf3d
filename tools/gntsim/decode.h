/* SPDX-License-Identifier: MIT */
/* `gntsim decode`: printing a decoded SMMU fault report (decode_print.c). */
#ifndef GNTSIM_TOOL_DECODE_H
#define GNTSIM_TOOL_DECODE_H

#include "gntsim/gntsim.h"

/* Explain @d on standard output, field by field. Cannot fail. */
void decode_print(const struct gntsim_smmu_decoded *d);

#endif
