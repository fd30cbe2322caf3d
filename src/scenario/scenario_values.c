/* SPDX-License-Identifier: MIT */
/* Symbolic constants of scenario files and the rendering of result values. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "scenario/scenario.h"

struct sc_const {
    const char *name;
    int64_t v;
    enum sc_fk kind;
};

static const struct sc_const consts[] = {
    {"GNTST_okay", GNTST_okay, FK_GNTST},
    {"GNTST_general_error", GNTST_general_error, FK_GNTST},
    {"GNTST_bad_domain", GNTST_bad_domain, FK_GNTST},
    {"GNTST_bad_gntref", GNTST_bad_gntref, FK_GNTST},
    {"GNTST_bad_handle", GNTST_bad_handle, FK_GNTST},
    {"GNTST_bad_virt_addr", GNTST_bad_virt_addr, FK_GNTST},
    {"GNTST_bad_dev_addr", GNTST_bad_dev_addr, FK_GNTST},
    {"GNTST_no_device_space", GNTST_no_device_space, FK_GNTST},
    {"GNTST_permission_denied", GNTST_permission_denied, FK_GNTST},
    {"GNTST_bad_page", GNTST_bad_page, FK_GNTST},
    {"GNTST_bad_copy_arg", GNTST_bad_copy_arg, FK_GNTST},
    {"GNTST_address_too_big", GNTST_address_too_big, FK_GNTST},
    {"GNTST_eagain", GNTST_eagain, FK_GNTST},
    {"GNTST_no_space", GNTST_no_space, FK_GNTST},
    {"GTF_permit_access", GTF_permit_access, FK_GTF},
    {"GTF_accept_transfer", GTF_accept_transfer, FK_GTF},
    {"GTF_transfer_committed", GTF_transfer_committed, FK_GTF},
    {"GTF_transfer_completed", GTF_transfer_completed, FK_GTF},
    {"GTF_readonly", GTF_readonly, FK_GTF},
    {"GTF_reading", GTF_reading, FK_GTF},
    {"GTF_writing", GTF_writing, FK_GTF},
    {"GTF_PWT", GTF_PWT, FK_GTF},
    {"GTF_PCD", GTF_PCD, FK_GTF},
    {"GTF_PAT", GTF_PAT, FK_GTF},
    {"-EPERM", -EPERM, FK_ERRNO},
    {"-ENOENT", -ENOENT, FK_ERRNO},
    {"-ESRCH", -ESRCH, FK_ERRNO},
    {"-EIO", -EIO, FK_ERRNO},
    {"-EAGAIN", -EAGAIN, FK_ERRNO},
    {"-ENOMEM", -ENOMEM, FK_ERRNO},
    {"-EACCES", -EACCES, FK_ERRNO},
    {"-EFAULT", -EFAULT, FK_ERRNO},
    {"-EBUSY", -EBUSY, FK_ERRNO},
    {"-EEXIST", -EEXIST, FK_ERRNO},
    {"-EINVAL", -EINVAL, FK_ERRNO},
    {"-ENOSPC", -ENOSPC, FK_ERRNO},
    {"-ENOSYS", -ENOSYS, FK_ERRNO},
    {"-EOPNOTSUPP", -EOPNOTSUPP, FK_ERRNO},
    {"-EILSEQ", -EILSEQ, FK_ERRNO},
    {"-ERANGE", -ERANGE, FK_ERRNO},
    {"-ENODEV", -ENODEV, FK_ERRNO},
};

#define NCONSTS (sizeof(consts) / sizeof(consts[0]))

static bool one_const(const char *w, size_t len, int64_t *out)
{
    for (size_t i = 0; i < NCONSTS; i++)
        if (strlen(consts[i].name) == len && !memcmp(consts[i].name, w, len)) {
            *out = consts[i].v;
            return true;
        }
    return false;
}

bool sc_const_lookup(const char *word, size_t len, int64_t *out)
{
    int64_t acc = 0, v;
    const char *end = word + len;

    if (!memchr(word, '|', len))
        return one_const(word, len, out);
    while (word < end) { /* GTF_a|GTF_b */
        const char *bar = memchr(word, '|', (size_t)(end - word));
        size_t n = bar ? (size_t)(bar - word) : (size_t)(end - word);

        if (!one_const(word, n, &v) || v < 0)
            return false;
        acc |= v;
        word += n + (bar ? 1 : 0);
    }
    *out = acc;
    return true;
}

static const char *const_name(enum sc_fk k, int64_t v)
{
    for (size_t i = 0; i < NCONSTS; i++)
        if (consts[i].kind == k && consts[i].v == v)
            return consts[i].name;
    return NULL;
}

/*
 * Bits 2 and 3 mean GTF_readonly / GTF_reading in a GTF_permit_access (or
 * transitive) entry and GTF_transfer_committed / GTF_transfer_completed in a
 * GTF_accept_transfer one (xen/include/public/grant_table.h): name each by the
 * entry's type.
 */
static bool gtf_name_applies(const char *name, int64_t bit, int64_t flags)
{
    bool transfer = (flags & GTF_type_mask) == GTF_accept_transfer;

    if (!strncmp(name, "GTF_transfer_", 13))
        return transfer;
    return !transfer || (bit & GTF_type_mask) == bit;
}

static void render_gtf(int64_t v, char *buf, size_t len)
{
    const int64_t flags = v; /* v loses the bits already named */
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < NCONSTS && o < len; i++)
        if (consts[i].kind == FK_GTF && (v & consts[i].v) == consts[i].v &&
            gtf_name_applies(consts[i].name, consts[i].v, flags)) {
            o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "|" : "", consts[i].name);
            v &= ~consts[i].v;
        }
    if (o < len && (v || !o))
        snprintf(buf + o, len - o, "%s%#" PRIx64, o ? "|" : "", (uint64_t)v);
}

void sc_render_int(enum sc_fk k, int64_t v, char *buf, size_t len)
{
    const char *n = const_name(k, v);

    if (k == FK_GTF)
        render_gtf(v, buf, len);
    else if (n)
        snprintf(buf, len, "%s", n);
    else if (k == FK_HEX)
        snprintf(buf, len, "%#" PRIx64, (uint64_t)v);
    else
        snprintf(buf, len, "%" PRId64, v);
}

const char *sc_const_name(size_t i)
{
    return i < sizeof(consts) / sizeof(consts[0]) ? consts[i].name : NULL;
}
