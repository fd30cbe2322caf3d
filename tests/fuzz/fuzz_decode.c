/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary text given to `gntsim decode` (an SMMU fault
 * line as Xen prints it, or its fields). It must decode or refuse with a
 * message, never crash or read past the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/gntsim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_smmu_decoded d;
    char err[256];
    char *line = malloc(size + 1);

    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0'; /* the command line gives a C string */
    gntsim_smmu_decode(line, &d, err, sizeof(err));
    free(line);
    return 0;
}
