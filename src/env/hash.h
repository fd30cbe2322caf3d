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

/* The 8 bytes at @p, as a word (any alignment). */
static inline uint64_t sim_hash_load(const uint8_t *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof(w));
    return w;
}

/*
 * @h with the 8-byte words of [@p, @p + @len) mixed in with their offsets (@len a
 * multiple of 8); 64-byte blocks all zero are skipped. In a block, each pair of words
 * (16 bytes) is one multiply of the two, each keyed by its offset, added into one of
 * four sums: products are independent, where a chain of sim_hash_mix() is not (a
 * maptrack page hashes several times faster). A pair whose first keyed word is 0 loses
 * its second: that needs a word equal to a 64-bit key, as unlikely as any collision of a
 * 64-bit hash. Equal inputs give equal hashes. Cannot fail.
 */
static inline uint64_t sim_hash_words(uint64_t h, const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0; /* in registers: no array */
    size_t i = 0;

    for (; i + 64 <= len; i += 64) {
        const uint8_t *q = b + i;
        uint64_t w0 = sim_hash_load(q), w1 = sim_hash_load(q + 8),
                 w2 = sim_hash_load(q + 16), w3 = sim_hash_load(q + 24),
                 w4 = sim_hash_load(q + 32), w5 = sim_hash_load(q + 40),
                 w6 = sim_hash_load(q + 48), w7 = sim_hash_load(q + 56);
        uint64_t at = (uint64_t)i << 32;

        if (!(w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7))
            continue;
        c0 += sim_hash_mum(w0 ^ 0xa0761d6478bd642full ^ at, w1 ^ 0xe7037ed1a0b428dbull);
        c1 += sim_hash_mum(w2 ^ 0x8ebc6af09c88c6e3ull ^ at, w3 ^ 0x589965cc75374cc3ull);
        c2 += sim_hash_mum(w4 ^ 0x1d8e4e27c47d124full ^ at, w5 ^ 0x243f6a8885a308d3ull);
        c3 += sim_hash_mum(w6 ^ 0x13198a2e03707344ull ^ at, w7 ^ 0xa4093822299f31d0ull);
    }
    for (; i + 8 <= len; i += 8) {
        uint64_t w = sim_hash_load(b + i);

        if (w)
            c0 = sim_hash_mix(c0, w ^ (uint64_t)i << 48);
    }
    return sim_hash_mix(
        sim_hash_mix(sim_hash_mix(sim_hash_mix(sim_hash_mix(h, len), c0), c1), c2), c3);
}

#endif
