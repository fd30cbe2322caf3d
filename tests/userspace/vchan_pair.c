/* SPDX-License-Identifier: MIT */
/*
 * A libxenvchan server or client (Debian's libxenvchan.so.4.17, unmodified) for
 * tests/userspace/vchan.sh: each side sends BYTES generated from its seed and checks the
 * BYTES it receives against the peer's seed, both directions at once (non-blocking, so
 * that neither waits on a full ring while the other does too).
 *   vchan_pair server|client PEER_DOMID XS_PATH BYTES SEND_SEED RECV_SEED [RING]
 * (RING: the server's minimum ring size in bytes each way; 0 or none: the smallest)
 *   vchan_pair hang PEER_DOMID XS_PATH       (server that waits to be killed)
 *   vchan_pair wait-close PEER_DOMID XS_PATH (client that waits for the server to go)
 * Exit 0 when every byte matched (or the close was seen), 1 otherwise, with the reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxenvchan.h>
#include <xentoollog.h>

/* xorshift64: the byte stream of a seed. */
static uint8_t next_byte(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint8_t)(*s >> 24);
}

static int transfer(struct libxenvchan *c, size_t bytes, uint64_t tx, uint64_t rx)
{
    uint8_t buf[8192];
    size_t sent = 0, got = 0;

    while (sent < bytes || got < bytes) {
        int progress = 0, n;

        if (sent < bytes && (n = libxenvchan_buffer_space(c)) > 0) {
            size_t k = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf);

            k = k < bytes - sent ? k : bytes - sent;
            for (size_t i = 0; i < k; i++)
                buf[i] = next_byte(&tx);
            if (libxenvchan_write(c, buf, k) != (int)k)
                return fprintf(stderr, "vchan_pair: write failed at %zu\n", sent), 1;
            sent += k;
            progress = 1;
        }
        if (got < bytes && (n = libxenvchan_data_ready(c)) > 0) {
            size_t k = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf);
            int r = libxenvchan_read(c, buf, k < bytes - got ? k : bytes - got);

            if (r <= 0)
                return fprintf(stderr, "vchan_pair: read failed at %zu\n", got), 1;
            for (int i = 0; i < r; i++)
                if (buf[i] != next_byte(&rx))
                    return fprintf(stderr, "vchan_pair: byte %zu differs\n", got + i), 1;
            got += (size_t)r;
            progress = 1;
        }
        if (!progress && !libxenvchan_is_open(c))
            return fprintf(stderr, "vchan_pair: peer closed after %zu/%zu\n", sent, got),
                   1;
        if (!progress && libxenvchan_wait(c) < 0)
            return fprintf(stderr, "vchan_pair: wait failed\n"), 1;
    }
    printf("vchan_pair: sent %zu bytes, received %zu bytes, all matched\n", sent, got);
    return 0;
}

static int run(int argc, char **argv, struct xentoollog_logger *log)
{
    struct libxenvchan *c;
    int peer, rc;

    if (argc < 4)
        return fprintf(stderr, "usage: see the header of vchan_pair.c\n"), 2;
    peer = atoi(argv[2]);
    size_t ring = argc > 7 ? strtoull(argv[7], NULL, 0) : 0;

    if (!strcmp(argv[1], "server") || !strcmp(argv[1], "hang"))
        c = libxenvchan_server_init(log, peer, argv[3], ring, ring);
    else
        c = libxenvchan_client_init(log, peer, argv[3]);
    if (!c)
        return fprintf(stderr, "vchan_pair: %s: init failed\n", argv[1]), 1;
    c->blocking = 0;
    if (!strcmp(argv[1], "server") || !strcmp(argv[1], "hang")) {
        printf("vchan_pair: server ready\n"); /* its ring-ref is in the store now */
        fflush(stdout);
    }
    if (!strcmp(argv[1], "hang")) {
        for (;;)
            pause();
    }
    if (!strcmp(argv[1], "wait-close")) {
        while (libxenvchan_is_open(c))
            if (libxenvchan_wait(c) < 0)
                return fprintf(stderr, "vchan_pair: wait failed\n"), 1;
        printf("vchan_pair: the server's end closed\n");
        libxenvchan_close(c);
        return 0;
    }
    if (argc < 7)
        return fprintf(stderr, "usage: see the header of vchan_pair.c\n"), 2;
    if (!strcmp(argv[1], "server")) /* the client connects after the rings exist */
        while (libxenvchan_is_open(c) == 2)
            libxenvchan_wait(c);
    rc = transfer(c, strtoull(argv[4], NULL, 0), strtoull(argv[5], NULL, 0),
                  strtoull(argv[6], NULL, 0));
    libxenvchan_close(c);
    return rc;
}

int main(int argc, char **argv)
{
    struct xentoollog_logger *log =
        (struct xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_DETAIL, 0);
    int rc = run(argc, argv, log);

    xtl_logger_destroy(log);
    return rc;
}
