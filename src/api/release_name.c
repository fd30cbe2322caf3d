/* SPDX-License-Identifier: MIT */
/* Release names as people write them: "4.17", "4.17.0", "RELEASE-4.17.0", "master". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gntsim/gntsim.h"

/* Whether @len bytes of @a equal NUL-terminated @b, ignoring case. */
static bool rel_eq(const char *a, size_t len, const char *b)
{
    return strlen(b) == len && !strncasecmp(a, b, len);
}

/* Whether @name designates release @r exactly (name, tag, or the tag's version). */
static bool rel_exact(const char *name, size_t len, const struct gntsim_release_info *r)
{
    static const char prefix[] = "RELEASE-";
    size_t pl = sizeof(prefix) - 1;

    if (rel_eq(name, len, r->name) || rel_eq(name, len, r->tag))
        return true;
    if (len > pl && !strncasecmp(name, prefix, pl)) {
        name += pl;
        len -= pl;
    }
    return !strncasecmp(r->tag, prefix, pl) && rel_eq(name, len, r->tag + pl);
}

/* Whether @name is a version prefix of @r's name ("4.14" of "4.14.1"). */
static bool rel_prefix(const char *name, size_t len, const struct gntsim_release_info *r)
{
    return strlen(r->name) > len && !strncasecmp(r->name, name, len) &&
           r->name[len] == '.';
}

/* Append every release's name for which @pick holds to @err. */
static void rel_list(char *err, size_t errlen, size_t o, const char *name, size_t len,
                     bool (*pick)(const char *, size_t,
                                  const struct gntsim_release_info *))
{
    struct gntsim_release_info r;

    for (size_t i = 0; i < gntsim_release_count() && o < errlen; i++)
        if (!gntsim_release_get(i, &r) && pick(name, len, &r))
            o += (size_t)snprintf(err + o, errlen - o, " %s", r.name);
}

static bool rel_any(const char *name, size_t len, const struct gntsim_release_info *r)
{
    (void)name;
    (void)len;
    (void)r;
    return true;
}

int gntsim_release_find(const char *name, size_t len, size_t *idx, char *err,
                        size_t errlen)
{
    struct gntsim_release_info r;
    size_t nprefix = 0, o;

    for (size_t i = 0; i < gntsim_release_count(); i++) {
        if (gntsim_release_get(i, &r))
            continue;
        if (rel_exact(name, len, &r)) {
            *idx = i;
            return 0;
        }
        nprefix += rel_prefix(name, len, &r);
    }
    if (!err || !errlen)
        return -EINVAL;
    if (nprefix) {
        o = (size_t)snprintf(err, errlen, "release '%.*s' names a branch; pick one of",
                             (int)len, name);
        rel_list(err, errlen, o < errlen ? o : errlen, name, len, rel_prefix);
    } else {
        o = (size_t)snprintf(err, errlen, "unknown release '%.*s'; valid:", (int)len,
                             name);
        rel_list(err, errlen, o < errlen ? o : errlen, name, len, rel_any);
    }
    return -EINVAL;
}
