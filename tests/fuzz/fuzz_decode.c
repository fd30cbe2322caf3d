/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary text given to `gntsim decode` (a whole log, a
 * fault line, its fields, SMMUv2 global faults, SMMUv3 event dumps). The
 * scanner must decode or
 * refuse each report with a message, never crash, read past the input or
 * put a raw control byte in a message; the single-line decoder likewise.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gntsim/gntsim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_check(void *ctx, size_t line, const struct gntsim_smmu_decoded *d,
                      const char *err)
{
    size_t *lines = ctx;

    if (line == 0 || line > *lines || (!d && !err) || (d && err))
        abort();
    for (const char *p = err ? err : d->smmu_path; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
            abort();
    if (d && (!d->fault_class || !d->hint[0]))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gntsim_smmu_decoded d;
    char err[256];
    char *copy = malloc(size ? size : 1), *line = malloc(size + 1);
    size_t lines = 1;

    if (!copy || !line)
        goto out;
    memcpy(copy, data, size); /* exactly @size bytes: ASan sees any over-read */
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (gntsim_smmu_scan(copy, size, fuzz_check, &lines) < 0)
        abort();
    memcpy(line, data, size);
    line[size] = '\0'; /* the single-line API takes a C string */
    gntsim_smmu_decode(line, &d, err, sizeof(err));
out:
    free(copy);
    free(line);
    return 0;
}
