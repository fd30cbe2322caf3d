/* SPDX-License-Identifier: MIT */
/*
 * A small strict JSON parser for the trace checker (RFC 8259: no trailing
 * commas, no raw control bytes or invalid UTF-8 in strings, \u escapes with
 * surrogate pairs decoded to UTF-8).
 */
#ifndef GNTSIM_TESTS_JSON_H
#define GNTSIM_TESTS_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json {
    enum json_type type;
    double num;        /* JSON_NUM; JSON_BOOL: 0 or 1 */
    char *str;         /* JSON_STR: decoded, NUL-terminated (may hold NULs) */
    size_t len;        /* JSON_STR: bytes */
    struct json *kids; /* JSON_ARR, JSON_OBJ: the values */
    char **keys;       /* JSON_OBJ: the member names */
    size_t n;          /* JSON_ARR, JSON_OBJ: element count */
};

/*
 * Parse the whole of @text (@len bytes) into *@out. Returns 0, or -1 with a
 * message and the byte offset of the error in @err (*@out then holds nothing
 * to free).
 */
int json_parse(const char *text, size_t len, struct json *out, char *err, size_t errlen);
/* Free what json_parse() allocated in @v. Cannot fail. */
void json_free(struct json *v);
/* Member @key of object @v, or NULL (also when @v is not an object). */
const struct json *json_get(const struct json *v, const char *key);
/* String member @key of @v, or NULL when absent or not a string. */
const char *json_str(const struct json *v, const char *key);

#endif
