/* SPDX-License-Identifier: MIT */
/*
 * State hashing for gntsim explore: one mixing step, and the non-zero words of a
 * mostly-zero region (grant, active and maptrack pages; a vCPU's zeroed stack), each
 * with its offset. Not cryptographic; equal inputs give equal hashes.
 */
#ifndef GNTSIM_ENV_HASH_H
#define GNTSIM_ENV_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* @h with @v mixed in. Cannot fail. */
static inline uint64_t sim_hash_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

/*
 * @h with every non-zero 8-byte word of [@p, @p + @len) mixed in with its offset
 * (@len a multiple of 8; zero words skipped 64 bytes at a time). Four chains, word i
 * of each 32 bytes into chain i, joined at the end: sim_hash_mix() is a chain of
 * dependent multiplies, and four run side by side. Cannot fail.
 */
static inline uint64_t sim_hash_words(uint64_t h, const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t c[4] = {h, h ^ 0x243f6a8885a308d3ull, h ^ 0x13198a2e03707344ull,
                     h ^ 0xa4093822299f31d0ull};
    size_t i = 0;

    for (; i + 64 <= len; i += 64) {
        uint64_t w[8];

        memcpy(w, b + i, sizeof(w));
        if (!(w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]))
            continue;
        for (unsigned j = 0; j < 8; j++)
            if (w[j])
                c[j & 3] = sim_hash_mix(c[j & 3], w[j] ^ (uint64_t)(i + 8 * j) << 48);
    }
    for (; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, b + i, 8);
        if (w)
            c[0] = sim_hash_mix(c[0], w ^ (uint64_t)i << 48);
    }
    return sim_hash_mix(sim_hash_mix(sim_hash_mix(c[0], c[1]), c[2]), c[3]);
}

#endif
