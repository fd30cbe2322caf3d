/* SPDX-License-Identifier: MIT */
/*
 * Grant copies through Debian's libxengnttab (xengnttab_grant_copy, unmodified) for
 * tests/userspace/vchan.sh:
 *   gntcopy share PEER   share a page with domain PEER (xengntshr_share_pages), fill it
 *                        with pattern A, print "ref N"; on a line from stdin, check that
 *                        bytes 100..299 hold pattern B and the rest pattern A
 *   gntcopy copy DOM REF copy DOM's grant REF into a local buffer that crosses a page
 *                        (split in two ops) and check pattern A; copy pattern B into
 *                        its bytes 100..299; then a segment crossing the grant's page
 *                        (the ioctl fails: EINVAL) and a ref not granted to us (its
 *                        status: GNTST_bad_gntref, the others GNTST_okay)
 * Exit 0 when everything matched, 1 otherwise, with the reason.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>

#define PAGE 4096

static uint8_t pattern(int which, size_t i)
{
    return (uint8_t)(which == 'A' ? i * 7 + 1 : i * 13 + 5);
}

static int share(int peer)
{
    xengntshr_handle *s = xengntshr_open(NULL, 0);
    uint32_t ref;
    uint8_t *p = s ? xengntshr_share_pages(s, (uint32_t)peer, 1, &ref, 1) : NULL;
    char line[16];

    if (!p)
        return fprintf(stderr, "gntcopy: share failed\n"), 1;
    for (size_t i = 0; i < PAGE; i++)
        p[i] = pattern('A', i);
    printf("ref %u\n", ref);
    fflush(stdout);
    if (!fgets(line, sizeof(line), stdin))
        return fprintf(stderr, "gntcopy: no go-ahead\n"), 1;
    for (size_t i = 0; i < PAGE; i++)
        if (p[i] != (i >= 100 && i < 300 ? pattern('B', i - 100) : pattern('A', i)))
            return fprintf(stderr, "gntcopy: shared byte %zu is %u\n", i, p[i]), 1;
    printf("the shared page holds what the peer copied\n");
    xengntshr_unshare(s, p, 1);
    xengntshr_close(s);
    return 0;
}

static int copy(int dom, uint32_t ref)
{
    xengnttab_handle *g = xengnttab_open(NULL, 0);
    uint8_t *buf =
        mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *in = buf + PAGE - 1000, b[200]; /* crosses into the second page */
    xengnttab_grant_copy_segment_t seg[3] = {0};

    if (!g || buf == MAP_FAILED)
        return fprintf(stderr, "gntcopy: open failed\n"), 1;
    for (size_t i = 0; i < sizeof(b); i++)
        b[i] = pattern('B', i);
    seg[0] = (xengnttab_grant_copy_segment_t){.flags = GNTCOPY_source_gref, .len = PAGE};
    seg[0].source.foreign.ref = ref;
    seg[0].source.foreign.domid = (uint16_t)dom;
    seg[0].dest.virt = in;
    seg[1] =
        (xengnttab_grant_copy_segment_t){.flags = GNTCOPY_dest_gref, .len = sizeof(b)};
    seg[1].source.virt = b;
    seg[1].dest.foreign.ref = ref;
    seg[1].dest.foreign.domid = (uint16_t)dom;
    seg[1].dest.foreign.offset = 100;
    seg[2] = seg[0];
    seg[2].source.foreign.ref = 1000; /* never granted */
    seg[2].len = 16;
    if (xengnttab_grant_copy(g, 3, seg))
        return fprintf(stderr, "gntcopy: grant copy: %s\n", strerror(errno)), 1;
    if (seg[0].status != GNTST_okay || seg[1].status != GNTST_okay ||
        seg[2].status != GNTST_bad_gntref)
        return fprintf(stderr, "gntcopy: statuses %d %d %d\n", seg[0].status,
                       seg[1].status, seg[2].status),
               1;
    for (size_t i = 0; i < PAGE; i++)
        if (in[i] != pattern('A', i))
            return fprintf(stderr, "gntcopy: copied byte %zu is %u\n", i, in[i]), 1;
    seg[0].source.foreign.offset = 4000; /* 4000 + 4096 crosses the grant's page */
    if (!xengnttab_grant_copy(g, 1, seg) || errno != EINVAL)
        return fprintf(stderr,
                       "gntcopy: a copy across the grant's page was not refused\n"),
               1;
    printf("copied a page in, 200 bytes out; statuses 0 0 %d; EINVAL across the page\n",
           GNTST_bad_gntref);
    xengnttab_close(g);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "share"))
        return share(atoi(argv[2]));
    if (argc == 4 && !strcmp(argv[1], "copy"))
        return copy(atoi(argv[2]), (uint32_t)strtoul(argv[3], NULL, 0));
    fprintf(stderr, "usage: see the header of gntcopy.c\n");
    return 2;
}
