/* SPDX-License-Identifier: MIT */
/*
 * Growing arrays: the one doubling realloc behind gntsim's vectors (P2M lists, free
 * lists, watches, statements, ...), with its overflow check in one place.
 */
#ifndef GNTSIM_ENV_GROW_H
#define GNTSIM_ENV_GROW_H

#include <stddef.h>

/*
 * Room for at least @need elements of @size bytes in @arr, whose room is *@cap
 * elements: @arr itself when it has the room, else a realloc to *@cap (@first when
 * *@cap is 0) doubled until it has, *@cap updated. Returns NULL on failure (no memory,
 * or a byte count past SIZE_MAX), leaving @arr valid and *@cap unchanged; @arr may be
 * NULL with *@cap 0.
 */
void *sim_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first);

#endif
