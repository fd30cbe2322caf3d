/* SPDX-License-Identifier: MIT */
#include "env/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *sim_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t n = *cap ? *cap : (first ? first : 1);
    void *p;

    if (need <= *cap && arr)
        return arr;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        return NULL;
    p = realloc(arr, n * size);
    if (p)
        *cap = n;
    return p;
}
