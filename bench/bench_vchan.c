/* SPDX-License-Identifier: MIT */
/*
 * bench_vchan: Debian's libxenvchan on gntsimd (through libgntsim-preload.so) against
 * the host's own IPC, measured in the same run:
 *   - throughput of 64 KiB messages (64 MiB, a 256 KiB ring each way) against a
 *     socketpair carrying the same messages (target: at least 1x);
 *   - round-trip latency of a 64-byte message against a pair of pipes (target: at
 *     most 2x);
 *   - xenstore requests per second the daemon sustains with 8 clients (XS_READ through
 *     libxenstore), beside 1 client.
 * Each figure is the median of three runs. The program runs its own roles as
 * child processes (argv[1] = "vchan-send", "vchan-recv", "vchan-echo", "vchan-ping",
 * "xs-read"), attached to the daemon it started.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxenvchan.h>
#include <xenstore.h>

#include "bench_util.h"

#define BV_MSG     65536u
#define BV_RING    262144u /* each way: near a socketpair's default buffer (212992 B) */
#define BV_MSGS    1024u   /* 64 MiB */
#define BV_PING    64u
#define BV_PINGS   5000u
#define BV_XS_NS   500000000ull /* each xenstore client runs 0.5 s */
#define BV_XS_PATH "/local/domain/0/domid"

/* ---- the roles (child processes) ---- */

/* Receive @n messages of @len bytes; print the ns from the first to the last. */
static int role_recv(struct libxenvchan *c, unsigned n, unsigned len)
{
    static uint8_t buf[BV_MSG];
    uint64_t t0 = 0;

    for (unsigned i = 0; i < n; i++) {
        if (libxenvchan_recv(c, buf, len) != (int)len)
            return 1;
        if (i == 0)
            t0 = bench_now_ns();
    }
    printf("%llu\n", (unsigned long long)(bench_now_ns() - t0));
    return 0;
}

static int role_send(struct libxenvchan *c, unsigned n, unsigned len)
{
    static uint8_t buf[BV_MSG];

    memset(buf, 0x5a, sizeof(buf));
    for (unsigned i = 0; i < n; i++)
        if (libxenvchan_send(c, buf, len) != (int)len)
            return 1;
    return 0;
}

/* Echo @n pings back, or send them and time the round trips. */
static int role_ping(struct libxenvchan *c, bool echo)
{
    uint8_t buf[BV_PING] = {0};
    uint64_t t0 = bench_now_ns();

    for (unsigned i = 0; i < BV_PINGS; i++) {
        if (!echo && libxenvchan_send(c, buf, BV_PING) != BV_PING)
            return 1;
        if (libxenvchan_recv(c, buf, BV_PING) != BV_PING)
            return 1;
        if (echo && libxenvchan_send(c, buf, BV_PING) != BV_PING)
            return 1;
    }
    if (!echo)
        printf("%llu\n", (unsigned long long)(bench_now_ns() - t0));
    return 0;
}

static int role_xs(void)
{
    struct xs_handle *h = xs_open(0);
    uint64_t t0 = bench_now_ns();
    unsigned long n = 0;

    if (!h)
        return 1;
    while (bench_now_ns() - t0 < BV_XS_NS) {
        unsigned len;
        char *v = xs_read(h, XBT_NULL, BV_XS_PATH, &len);

        if (!v)
            return 1;
        free(v);
        n++;
    }
    printf("%lu %llu\n", n, (unsigned long long)(bench_now_ns() - t0));
    xs_close(h);
    return 0;
}

static int role(int argc, char **argv)
{
    bool server = !strcmp(argv[1], "vchan-send") || !strcmp(argv[1], "vchan-echo");
    struct libxenvchan *c;
    int rc;

    if (!strcmp(argv[1], "xs-read"))
        return role_xs();
    if (argc < 3)
        return 2;
    c = server
            ? libxenvchan_server_init(NULL, atoi(argv[2]), "data/bench", BV_RING, BV_RING)
            : libxenvchan_client_init(NULL, atoi(argv[2]), "/local/domain/1/data/bench");
    if (!c)
        return 1;
    c->blocking = -1; /* a signed one-bit field: -1 is its "on" */
    if (server) {
        printf("ready\n");
        fflush(stdout);
        while (libxenvchan_is_open(c) == 2)
            libxenvchan_wait(c);
    }
    if (!strcmp(argv[1], "vchan-send"))
        rc = role_send(c, BV_MSGS, BV_MSG);
    else if (!strcmp(argv[1], "vchan-recv"))
        rc = role_recv(c, BV_MSGS, BV_MSG);
    else
        rc = role_ping(c, !strcmp(argv[1], "vchan-echo"));
    libxenvchan_close(c);
    return rc;
}

/* ---- the parent: the daemon, the children, the baselines ---- */

struct bv {
    char dir[64]; /* the daemon's sockets */
    char exe[PATH_MAX];
    char shim[PATH_MAX];
    pid_t daemon;
};

/* Run role @what (peer @peer) as domain @dom; its stdout on *@out. The pid or -1. */
static pid_t bv_spawn(const struct bv *b, int dom, const char *what, const char *peer,
                      FILE **out)
{
    int p[2];
    pid_t pid;

    if (pipe(p))
        return -1;
    pid = fork();
    if (pid == 0) {
        char path[128];

        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        snprintf(path, sizeof(path), "%s/d%d/socket", b->dir, dom);
        setenv("XENSTORED_PATH", path, 1);
        snprintf(path, sizeof(path), "%s/d%d/dev", b->dir, dom);
        setenv("GNTSIM_DEV", path, 1);
        setenv("LD_PRELOAD", b->shim, 1);
        execl(b->exe, b->exe, what, peer, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    *out = fdopen(p[0], "r");
    return pid;
}

/* Wait for @pid; true if it exited 0. */
static bool bv_reap(pid_t pid)
{
    int st;

    return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st);
}

/* A server role in d1 and a client role in d2; the client's printed ns, or 0. */
static double bv_pair(const struct bv *b, const char *server, const char *client)
{
    FILE *so, *co;
    char line[64];
    unsigned long long ns = 0;
    pid_t s = bv_spawn(b, 1, server, "2", &so), c;

    if (s < 0 || !so || !fgets(line, sizeof(line), so))
        return 0;
    c = bv_spawn(b, 2, client, "1", &co);
    if (c < 0 || !co || fscanf(co, "%llu", &ns) != 1)
        ns = 0;
    if (co)
        fclose(co);
    fclose(so);
    return bv_reap(c) && bv_reap(s) ? (double)ns : 0;
}

/* The same 64 MiB over a socketpair: ns from the first to the last message. */
static double bv_socketpair(void)
{
    static uint8_t buf[BV_MSG];
    uint64_t t0 = 0, got = 0;
    int sv[2];
    pid_t pid;

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        return 0;
    pid = fork();
    if (pid == 0) {
        close(sv[0]);
        memset(buf, 0x5a, sizeof(buf));
        for (unsigned i = 0; i < BV_MSGS; i++)
            for (size_t off = 0; off < BV_MSG;) {
                ssize_t n = write(sv[1], buf + off, BV_MSG - off);

                if (n <= 0)
                    _exit(1);
                off += (size_t)n;
            }
        _exit(0);
    }
    close(sv[1]);
    while (got < (uint64_t)BV_MSGS * BV_MSG) {
        ssize_t n = read(sv[0], buf, sizeof(buf));

        if (n <= 0)
            break;
        if (got < BV_MSG && got + (uint64_t)n >= BV_MSG)
            t0 = bench_now_ns(); /* the first whole message, as role_recv */
        got += (uint64_t)n;
    }
    close(sv[0]);
    return bv_reap(pid) && got == (uint64_t)BV_MSGS * BV_MSG
               ? (double)(bench_now_ns() - t0)
               : 0;
}

/* BV_PINGS 64-byte round trips over two pipes: ns in all. */
static double bv_pipes(void)
{
    uint8_t buf[BV_PING] = {0};
    int a[2], z[2];
    uint64_t t0;
    pid_t pid;

    if (pipe(a) || pipe(z))
        return 0;
    pid = fork();
    if (pid == 0) {
        for (unsigned i = 0; i < BV_PINGS; i++)
            if (read(a[0], buf, BV_PING) != BV_PING ||
                write(z[1], buf, BV_PING) != BV_PING)
                _exit(1);
        _exit(0);
    }
    t0 = bench_now_ns();
    for (unsigned i = 0; i < BV_PINGS; i++)
        if (write(a[1], buf, BV_PING) != BV_PING || read(z[0], buf, BV_PING) != BV_PING)
            return 0;
    t0 = bench_now_ns() - t0;
    close(a[1]);
    close(z[0]);
    return bv_reap(pid) ? (double)t0 : 0;
}

/* @n xenstore clients in d0 at once: requests per second in all, or 0. */
static double bv_xs(const struct bv *b, unsigned n)
{
    FILE *out[8];
    pid_t pid[8];
    double rate = 0;

    for (unsigned i = 0; i < n; i++)
        pid[i] = bv_spawn(b, 0, "xs-read", "0", &out[i]);
    for (unsigned i = 0; i < n; i++) {
        unsigned long reqs = 0;
        unsigned long long ns = 0;

        if (pid[i] < 0 || !out[i] || fscanf(out[i], "%lu %llu", &reqs, &ns) != 2 || !ns)
            rate = -1e30;
        else
            rate += (double)reqs * 1e9 / (double)ns;
        if (out[i])
            fclose(out[i]);
        if (!bv_reap(pid[i]))
            rate = -1e30;
    }
    return rate > 0 ? rate : 0;
}

/* gntsimd and the shim beside this program; the daemon started, its sockets there. */
static int bv_start(struct bv *b, const char *check)
{
    char *slash;
    char daemon[PATH_MAX + 16], probe[128];
    ssize_t n = readlink("/proc/self/exe", b->exe, sizeof(b->exe) - 1);

    if (n <= 0)
        return -1;
    b->exe[n] = '\0';
    slash = strrchr(b->exe, '/');
    snprintf(b->shim, sizeof(b->shim), "%.*s/libgntsim-preload.so", (int)(slash - b->exe),
             b->exe);
    snprintf(daemon, sizeof(daemon), "%.*s/gntsimd", (int)(slash - b->exe), b->exe);
    snprintf(b->dir, sizeof(b->dir), "/tmp/bench_vchan.XXXXXX");
    if (!mkdtemp(b->dir) || access(b->shim, R_OK) || access(daemon, X_OK))
        return -1;
    b->daemon = fork();
    if (b->daemon == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(daemon, daemon, "--dir", b->dir, "--domains", "3", "--memory=2", check,
              (char *)NULL);
        _exit(127);
    }
    snprintf(probe, sizeof(probe), "%s/d2/dev", b->dir);
    for (int i = 0; i < 200 && access(probe, F_OK); i++)
        usleep(20000);
    return access(probe, F_OK) ? -1 : 0;
}

/* The median of three runs; 0 if any failed. */
static double bv_med3(double x, double y, double z)
{
    double v[3] = {x, y, z};

    return x > 0 && y > 0 && z > 0 ? bench_median(v, 3) : 0;
}

/* What one daemon gives (--check=@check): the medians, 0 where a run failed. */
struct bv_daemon_figs {
    double vc, ping, xs1, xs8;
};

static int bv_daemon(struct bv *b, const char *check, struct bv_daemon_figs *f)
{
    char cmd[128];

    if (bv_start(b, check)) {
        fprintf(stderr, "bench_vchan: cannot start gntsimd beside this program\n");
        return -1;
    }
    f->vc = bv_med3(bv_pair(b, "vchan-send", "vchan-recv"),
                    bv_pair(b, "vchan-send", "vchan-recv"),
                    bv_pair(b, "vchan-send", "vchan-recv"));
    f->ping = bv_med3(bv_pair(b, "vchan-echo", "vchan-ping"),
                      bv_pair(b, "vchan-echo", "vchan-ping"),
                      bv_pair(b, "vchan-echo", "vchan-ping"));
    f->xs1 = bv_med3(bv_xs(b, 1), bv_xs(b, 1), bv_xs(b, 1));
    f->xs8 = bv_med3(bv_xs(b, 8), bv_xs(b, 8), bv_xs(b, 8));
    kill(b->daemon, SIGTERM);
    bv_reap(b->daemon);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", b->dir);
    if (system(cmd)) {
        /* a leftover temporary directory is harmless */
    }
    return f->vc > 0 && f->ping > 0 && f->xs1 > 0 && f->xs8 > 0 ? 0 : -1;
}

/* The figures of one daemon mode, named with @suffix. */
static void bv_report(struct bench_report *r, const struct bv_daemon_figs *f, double sp,
                      double pipes, const char *suffix)
{
    double vmb = (double)BV_MSGS * BV_MSG / f->vc * 1e3,
           smb = (double)BV_MSGS * BV_MSG / sp * 1e3;
    char name[64];

    snprintf(name, sizeof(name), "vchan_64k_MBps%s", suffix);
    bench_target(bench_add(r, name, vmb, "MB/s", "socketpair_64k_MBps", smb),
                 ">= 1x the socketpair", vmb >= smb);
    snprintf(name, sizeof(name), "vchan_rtt_64B%s", suffix);
    bench_target(
        bench_add(r, name, f->ping / BV_PINGS, "ns", "pipe_rtt_64B", pipes / BV_PINGS),
        "<= 2x a pipe's", f->ping <= 2 * pipes);
    snprintf(name, sizeof(name), "xenstore_reqps_8_clients%s", suffix);
    bench_add(r, name, f->xs8, "1/s", "xenstore_reqps_1_client", f->xs1);
}

int main(int argc, char **argv)
{
    struct bench_report r = {0};
    struct bv b = {0};
    struct bv_daemon_figs each, stop;
    double sp, pipes;

    if (argc > 1)
        return role(argc, argv);
    sp = bv_med3(bv_socketpair(), bv_socketpair(), bv_socketpair());
    pipes = bv_med3(bv_pipes(), bv_pipes(), bv_pipes());
    if (sp <= 0 || pipes <= 0 || bv_daemon(&b, "--check=each", &each) ||
        bv_daemon(&b, "--check=stop", &stop)) {
        fprintf(stderr, "bench_vchan: a measurement failed\n");
        return 1;
    }
    bv_report(&r, &each, sp, pipes, "");
    bv_report(&r, &stop, sp, pipes, "_check_stop");
    bench_note(&r, "vchan: Debian's libxenvchan through libgntsim-preload.so on gntsimd "
                   "(d1 server, d2 client); data moves through the shared grant pages, "
                   "each notification is a round trip to the daemon");
    bench_note(&r, "default: the world's invariants after every request (~96% of the "
                   "daemon's instructions); _check_stop: gntsimd --check=stop, only at "
                   "SIGUSR1 and when it stops");
    bench_print(&r, stdout);
    return 0;
}
