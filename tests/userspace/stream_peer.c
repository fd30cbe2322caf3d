/* SPDX-License-Identifier: MIT */
/*
 * The two ends of a byte stream for tests/userspace/xen_utils.sh, around Xen's
 * vchan-socket-proxy pair:
 *   stream_peer echo PATH                   accept one connection on the Unix socket
 *                                           PATH and echo every byte back until EOF
 *   stream_peer listen-tcp PORTFILE -- CMD  listen on 127.0.0.1 (an ephemeral port,
 *                                           written to PORTFILE), then run CMD with
 *                                           each argument "@FD@" replaced by the
 *                                           listening descriptor's number
 *   stream_peer send-tcp PORT BYTES SEED    connect to 127.0.0.1:PORT, send BYTES
 *                                           generated from SEED while reading them
 *                                           back, and check every byte
 * Exit 0 on success, 1 with the reason otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(const char *what)
{
    fprintf(stderr, "stream_peer: %s: %s\n", what, strerror(errno));
    return 1;
}

static int echo(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    char buf[65536];
    int l = socket(AF_UNIX, SOCK_STREAM, 0), c;
    ssize_t n;

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    unlink(path);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1))
        return fail(path);
    c = accept(l, NULL, NULL);
    if (c < 0)
        return fail("accept");
    while ((n = read(c, buf, sizeof(buf))) > 0)
        for (ssize_t off = 0, w; off < n; off += w)
            if ((w = write(c, buf + off, (size_t)(n - off))) <= 0)
                return fail("write");
    return n < 0 ? fail("read") : 0;
}

static int listen_tcp(const char *portfile, char **cmd)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    char fd[16];
    FILE *f;

    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4) ||
        getsockname(l, (struct sockaddr *)&a, &len))
        return fail("tcp listen");
    snprintf(fd, sizeof(fd), "%d", l);
    for (char **p = cmd; *p; p++)
        if (!strcmp(*p, "@FD@"))
            *p = fd;
    f = fopen(portfile, "w");
    if (!f || fprintf(f, "%u\n", ntohs(a.sin_port)) < 0 || fclose(f))
        return fail(portfile);
    execvp(cmd[0], cmd);
    return fail(cmd[0]);
}

/* xorshift64: the byte stream of a seed. */
static uint8_t next_byte(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint8_t)(*s >> 24);
}

static int send_tcp(unsigned port, size_t bytes, uint64_t seed)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    uint64_t tx = seed, rx = seed;
    size_t sent = 0, got = 0, poff = 0, plen = 0;
    uint8_t buf[16384], out[16384];
    int s = socket(AF_INET, SOCK_STREAM, 0);

    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a)))
        return fail("tcp connect");
    while (got < bytes) {
        struct pollfd p = {.fd = s, .events = POLLIN | (sent < bytes ? POLLOUT : 0)};
        ssize_t n;

        if (poll(&p, 1, 20000) <= 0)
            return fprintf(stderr, "stream_peer: stalled at %zu/%zu\n", sent, got), 1;
        if (p.revents & POLLOUT) {
            if (poff == plen) { /* the next chunk of the stream */
                plen = bytes - sent < sizeof(out) ? bytes - sent : sizeof(out);
                for (poff = 0; poff < plen; poff++)
                    out[poff] = next_byte(&tx);
                poff = 0;
            }
            n = write(s, out + poff, plen - poff);
            if (n < 0)
                return fail("write");
            poff += (size_t)n;
            sent += (size_t)n;
        }
        if (p.revents & (POLLIN | POLLHUP)) {
            n = read(s, buf, sizeof(buf));
            if (n <= 0)
                return fprintf(stderr, "stream_peer: closed at %zu/%zu\n", sent, got), 1;
            for (ssize_t i = 0; i < n; i++)
                if (buf[i] != next_byte(&rx))
                    return fprintf(stderr, "stream_peer: byte %zu differs\n", got + i), 1;
            got += (size_t)n;
        }
    }
    printf("stream_peer: %zu bytes through the stream and back, all matched\n", got);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "echo"))
        return echo(argv[2]);
    if (argc > 4 && !strcmp(argv[1], "listen-tcp") && !strcmp(argv[3], "--"))
        return listen_tcp(argv[2], argv + 4);
    if (argc == 5 && !strcmp(argv[1], "send-tcp"))
        return send_tcp((unsigned)atoi(argv[2]), strtoull(argv[3], NULL, 0),
                        strtoull(argv[4], NULL, 0));
    fprintf(stderr, "usage: see the header of stream_peer.c\n");
    return 2;
}
