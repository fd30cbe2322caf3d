/* SPDX-License-Identifier: MIT */
/*
 * A hostile xenstore client: connects to the socket named by argv[1], sends a header
 * announcing a payload beyond XENSTORE_PAYLOAD_MAX and some garbage, and says whether
 * the daemon closed the connection ("closed", exit 0) or answered ("answered", exit 1)
 * within two seconds; exit 2 on a connection error.
 */
#include <errno.h> /* before xs_wire.h: its error table needs the E* names */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

int main(int argc, char **argv)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    struct xsd_sockmsg h = {.type = XS_WRITE, .req_id = 1, .len = 1u << 20};
    char junk[64], buf[16];
    struct pollfd p;
    ssize_t n;
    int fd;

    if (argc != 2 || strlen(argv[1]) >= sizeof(a.sun_path))
        return 2;
    strcpy(a.sun_path, argv[1]);
    memset(junk, 'x', sizeof(junk));
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
        send(fd, &h, sizeof(h), MSG_NOSIGNAL) != (ssize_t)sizeof(h))
        return 2;
    /* the daemon may already have closed it after the header: EPIPE is fine */
    (void)!send(fd, junk, sizeof(junk), MSG_NOSIGNAL);
    p = (struct pollfd){.fd = fd, .events = POLLIN};
    /* closed: EOF, or ECONNRESET when our garbage was still unread (Linux AF_UNIX) */
    n = poll(&p, 1, 2000) == 1 ? read(fd, buf, sizeof(buf)) : 1;
    if (n == 0 || (n < 0 && errno == ECONNRESET)) {
        puts("closed");
        return 0;
    }
    puts("answered");
    return 1;
}
