/* SPDX-License-Identifier: MIT */
/* The explorer's private parts: the set of visited states (state_set.c). */
#ifndef GNTSIM_EXPLORE_INT_H
#define GNTSIM_EXPLORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gntsim/explore.h"

/*
 * The visited states: an open-addressing map from a 64-bit state hash (never 0: the
 * caller maps 0 away) to the sleep set it was explored with.
 */
struct ex_set {
    uint64_t *slot;
    uint8_t *sleep;
    size_t cap, nr; /* cap a power of two, nr < cap * 3/4 */
};

/*
 * Look @h up: NULL with -ENOMEM in *@rc when it is new and the map cannot grow; else
 * its sleep set (*@rc 1: new, stored as @sleep; 0: there before).
 */
uint8_t *ex_set_find(struct ex_set *s, uint64_t h, uint8_t sleep, int *rc);
/* Bytes the set holds. Cannot fail. */
size_t ex_set_bytes(const struct ex_set *s);
/* Free the set; safe on a zeroed one. */
void ex_set_fini(struct ex_set *s);

#endif
