/* SPDX-License-Identifier: MIT */
/*
 * The toolstack's domain requests through Debian's libxenstore, which xenstore-utils
 * has no command for: "introduce DOMID GFN PORT" (xs_introduce_domain, XS_INTRODUCE),
 * "release DOMID" (xs_release_domain, XS_RELEASE), "introduced DOMID"
 * (xs_is_domain_introduced: prints T or F). The daemon is the one XENSTORED_PATH
 * names. Exit 0 with "ok" (or T/F); 1 with the error on stderr; 2 on bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

static int fail(const char *what)
{
    fprintf(stderr, "xs_domain: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    struct xs_handle *h;
    unsigned domid;
    bool ok;

    if (argc < 3 || (!strcmp(argv[1], "introduce") ? argc != 5 : argc != 3) ||
        (strcmp(argv[1], "introduce") && strcmp(argv[1], "release") &&
         strcmp(argv[1], "introduced")))
        return 2;
    domid = (unsigned)strtoul(argv[2], NULL, 10);
    h = xs_open(0);
    if (!h)
        return fail("xs_open");
    if (!strcmp(argv[1], "introduced")) {
        errno = 0;
        ok = xs_is_domain_introduced(h, domid);
        if (!ok && errno) /* false with errno: the request failed */
            return fail(argv[1]);
        puts(ok ? "T" : "F");
    } else {
        ok = !strcmp(argv[1], "release")
                 ? xs_release_domain(h, domid)
                 : xs_introduce_domain(h, domid, strtoul(argv[3], NULL, 10),
                                       (unsigned)strtoul(argv[4], NULL, 10));
        if (!ok)
            return fail(argv[1]);
        puts("ok");
    }
    xs_close(h);
    return 0;
}
