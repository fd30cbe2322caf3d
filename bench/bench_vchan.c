/* SPDX-License-Identifier: MIT */
/*
 * bench_vchan: Debian's libxenvchan on gntsimd (through libgntsim-preload.so) against
 * the host's own IPC, measured in the same run:
 *   - throughput of 64 KiB messages (64 MiB, a 256 KiB ring each way) against a
 *     socketpair carrying the same messages (target: at least 1x);
 *   - round-trip latency of a 64-byte message against a pair of pipes (target: at
 *     most 2x), and against the same pipes through a relay process that forwards each
 *     message, as the daemon forwards each event (four process crossings per round
 *     trip where the pipe pair has two: the floor of any design with a process between
 *     the peers);
 *   - xenstore requests per second the daemon sustains with 8 clients (XS_READ through
 *     libxenstore), beside 1 client.
 *   - the daemon's instructions per round trip and per 64 KiB message (callgrind,
 *     the daemon run under it), with its invariants after each request against
 *     --check=stop.
 * Each timed figure is the median of three runs. The program runs its own roles as
 * child processes (argv[1] = "vchan-send", "vchan-recv", "vchan-echo", "vchan-ping",
 * "xs-read"; argv[3]: the messages or round trips, when not the default), attached to
 * the daemon it started.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
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
static int role_ping(struct libxenvchan *c, bool echo, unsigned n)
{
    uint8_t buf[BV_PING] = {0};
    uint64_t t0 = bench_now_ns();

    for (unsigned i = 0; i < n; i++) {
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
    bool ping = !strcmp(argv[1], "vchan-echo") || !strcmp(argv[1], "vchan-ping");
    unsigned n = argc > 3 ? (unsigned)atoi(argv[3]) : ping ? BV_PINGS : BV_MSGS;
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
        rc = role_send(c, n, BV_MSG);
    else if (!strcmp(argv[1], "vchan-recv"))
        rc = role_recv(c, n, BV_MSG);
    else
        rc = role_ping(c, !strcmp(argv[1], "vchan-echo"), n);
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

/* Run role @what (peer @peer, @count messages or round trips: NULL, the default) as
 * domain @dom; its stdout on *@out. The pid or -1. */
static pid_t bv_spawn(const struct bv *b, int dom, const char *what, const char *peer,
                      const char *count, FILE **out)
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
        execl(b->exe, b->exe, what, peer, count, (char *)NULL);
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

/* A server role in d1 and a client role in d2 (@count: as bv_spawn()); the client's
 * printed ns, or 0. */
static double bv_pair(const struct bv *b, const char *server, const char *client,
                      const char *count)
{
    FILE *so, *co;
    char line[64];
    unsigned long long ns = 0;
    pid_t s = bv_spawn(b, 1, server, "2", count, &so), c;

    if (s < 0 || !so || !fgets(line, sizeof(line), so))
        return 0;
    c = bv_spawn(b, 2, client, "1", count, &co);
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

/* A child's side of the round trips: BV_PINGS 64-byte messages from @in echoed to @out.
 */
static void bv_echo_loop(int in, int out)
{
    uint8_t buf[BV_PING];

    for (unsigned i = 0; i < BV_PINGS; i++)
        if (read(in, buf, BV_PING) != BV_PING || write(out, buf, BV_PING) != BV_PING)
            _exit(1);
    _exit(0);
}

/* BV_PINGS 64-byte round trips, written to @out and read back from @in: ns in all, 0 on
 * a failure. */
static uint64_t bv_ping_loop(int out, int in)
{
    uint8_t buf[BV_PING] = {0};
    uint64_t t0 = bench_now_ns();

    for (unsigned i = 0; i < BV_PINGS; i++)
        if (write(out, buf, BV_PING) != BV_PING || read(in, buf, BV_PING) != BV_PING)
            return 0;
    return bench_now_ns() - t0;
}

/* BV_PINGS 64-byte round trips over two pipes: ns in all. */
static double bv_pipes(void)
{
    int a[2], z[2];
    uint64_t t;
    pid_t pid;

    if (pipe(a) || pipe(z))
        return 0;
    pid = fork();
    if (pid == 0)
        bv_echo_loop(a[0], z[1]);
    t = bv_ping_loop(a[1], z[0]);
    close(a[1]);
    close(z[0]);
    return bv_reap(pid) && t ? (double)t : 0;
}

/* The relay: forward each 64-byte message from @in[k] to @out[k], whichever is ready. */
static void bv_relay_loop(const int *in, const int *out)
{
    uint8_t buf[BV_PING];
    struct pollfd p[2] = {{.fd = in[0], .events = POLLIN},
                          {.fd = in[1], .events = POLLIN}};

    for (unsigned moved = 0; moved < 2 * BV_PINGS;) {
        if (poll(p, 2, -1) < 0)
            _exit(1);
        for (unsigned k = 0; k < 2; k++)
            if (p[k].revents) {
                if (read(in[k], buf, BV_PING) != BV_PING ||
                    write(out[k], buf, BV_PING) != BV_PING)
                    _exit(1);
                moved++;
            }
    }
    _exit(0);
}

/* BV_PINGS 64-byte round trips over pipes through a relay process (client -> relay ->
 * echo -> relay -> client: four crossings, as an event through the daemon): ns in all. */
static double bv_relay(void)
{
    int a[2], b[2], c[2], z[2];
    uint64_t t;
    pid_t relay, echo;

    if (pipe(a) || pipe(b) || pipe(c) || pipe(z))
        return 0;
    relay = fork();
    if (relay == 0)
        bv_relay_loop((int[]){a[0], c[0]}, (int[]){b[1], z[1]});
    echo = fork();
    if (echo == 0)
        bv_echo_loop(b[0], c[1]);
    t = bv_ping_loop(a[1], z[0]);
    for (unsigned i = 0; i < 2; i++) {
        close(a[i]), close(b[i]), close(c[i]), close(z[i]);
    }
    return bv_reap(relay) && bv_reap(echo) && t ? (double)t : 0;
}

/* @n xenstore clients in d0 at once: requests per second in all, or 0. */
static double bv_xs(const struct bv *b, unsigned n)
{
    FILE *out[8];
    pid_t pid[8];
    double rate = 0;

    for (unsigned i = 0; i < n; i++)
        pid[i] = bv_spawn(b, 0, "xs-read", "0", NULL, &out[i]);
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

/* gntsimd and the shim beside this program; the daemon started (under callgrind when
 * @vg, its counts into @cg_out), its sockets there. 0 or -1. */
static int bv_start(struct bv *b, const char *check, const char *vg, const char *cg_out)
{
    char *slash;
    char daemon[PATH_MAX + 16], probe[128], out[PATH_MAX + 32];
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
    snprintf(out, sizeof(out), "--callgrind-out-file=%s", cg_out ? cg_out : "/dev/null");
    b->daemon = fork();
    if (b->daemon == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            (vg && !freopen("/dev/null", "w", stderr)))
            _exit(127);
        if (vg)
            execlp(vg, vg, "--tool=callgrind", out, daemon, "--dir", b->dir, "--domains",
                   "3", "--memory=2", check, (char *)NULL);
        else
            execl(daemon, daemon, "--dir", b->dir, "--domains", "3", "--memory=2", check,
                  (char *)NULL);
        _exit(127);
    }
    snprintf(probe, sizeof(probe), "%s/d2/dev", b->dir);
    for (int i = 0; i < 1500 && access(probe, F_OK); i++)
        usleep(20000);
    return access(probe, F_OK) ? -1 : 0;
}

/* Stop the daemon and remove its directory; true if it exited 0. */
static bool bv_stop(struct bv *b)
{
    char cmd[128];
    bool ok;

    kill(b->daemon, SIGTERM);
    ok = bv_reap(b->daemon);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", b->dir);
    if (system(cmd)) {
        /* a leftover temporary directory is harmless */
    }
    return ok;
}

/* The median of three runs; 0 if any failed. */
static double bv_med3(double x, double y, double z)
{
    double v[3] = {x, y, z};

    return x > 0 && y > 0 && z > 0 ? bench_median(v, 3) : 0;
}

/* What one daemon gives (--check=@check): the medians, 0 where a run failed; the
 * daemon's instructions per round trip and per 64 KiB message (-1: not counted). */
struct bv_daemon_figs {
    double vc, ping, xs1, xs8;
    double ir_rtt, ir_msg;
};

static int bv_daemon(struct bv *b, const char *check, struct bv_daemon_figs *f)
{
    if (bv_start(b, check, NULL, NULL)) {
        fprintf(stderr, "bench_vchan: cannot start gntsimd beside this program\n");
        return -1;
    }
    f->vc = bv_med3(bv_pair(b, "vchan-send", "vchan-recv", NULL),
                    bv_pair(b, "vchan-send", "vchan-recv", NULL),
                    bv_pair(b, "vchan-send", "vchan-recv", NULL));
    f->ping = bv_med3(bv_pair(b, "vchan-echo", "vchan-ping", NULL),
                      bv_pair(b, "vchan-echo", "vchan-ping", NULL),
                      bv_pair(b, "vchan-echo", "vchan-ping", NULL));
    f->xs1 = bv_med3(bv_xs(b, 1), bv_xs(b, 1), bv_xs(b, 1));
    f->xs8 = bv_med3(bv_xs(b, 8), bv_xs(b, 8), bv_xs(b, 8));
    bv_stop(b);
    return f->vc > 0 && f->ping > 0 && f->xs1 > 0 && f->xs8 > 0 ? 0 : -1;
}

/* The daemon's instructions (callgrind, @vg) for one pair @server/@client moving
 * @count messages or round trips under --check=@check; -1 on failure. */
static double bv_daemon_ir(struct bv *b, const char *vg, const char *check,
                           const char *server, const char *client, unsigned count)
{
    char cg[64], n[16], line[128];
    unsigned long long ir = 0;
    bool ok;
    FILE *f;
    int fd;

    snprintf(cg, sizeof(cg), "/tmp/bench_vchan_cg.XXXXXX");
    snprintf(n, sizeof(n), "%u", count);
    if ((fd = mkstemp(cg)) < 0)
        return -1;
    close(fd);
    ok = !bv_start(b, check, vg, cg) && bv_pair(b, server, client, n) > 0;
    ok = bv_stop(b) && ok;
    f = fopen(cg, "r");
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "totals: %llu", &ir) == 1)
            break;
    if (f)
        fclose(f);
    unlink(cg);
    return ok && ir ? (double)ir : -1;
}

/* Instructions per unit: (Ir(2K) - Ir(K)) / K, which drops the daemon's start and stop.
 */
static double bv_daemon_ir_per(struct bv *b, const char *vg, const char *check,
                               const char *server, const char *client, unsigned k)
{
    double i1 = bv_daemon_ir(b, vg, check, server, client, k);
    double i2 = bv_daemon_ir(b, vg, check, server, client, 2 * k);

    return i1 > 0 && i2 > 0 ? (i2 - i1) / k : -1;
}

/* The figures of one daemon mode, named with @suffix. */
static void bv_report(struct bench_report *r, const struct bv_daemon_figs *f, double sp,
                      double pipes, double relay, const char *suffix)
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
    snprintf(name, sizeof(name), "vchan_rtt_64B_vs_relay%s", suffix);
    bench_add(r, name, f->ping / BV_PINGS, "ns", "pipe_relay_rtt_64B", relay / BV_PINGS);
    snprintf(name, sizeof(name), "xenstore_reqps_8_clients%s", suffix);
    bench_add(r, name, f->xs8, "1/s", "xenstore_reqps_1_client", f->xs1);
}

/* The daemon's instructions per round trip and per 64 KiB message, with its invariants
 * after each request against --check=stop (callgrind; skipped without valgrind). */
static void bv_report_ir(struct bench_report *r, struct bv *b)
{
    const char *vg = bench_valgrind(r, "gntsimd instructions");
    double each_rtt, stop_rtt, each_msg, stop_msg;

    if (!vg)
        return;
    each_rtt = bv_daemon_ir_per(b, vg, "--check=each", "vchan-echo", "vchan-ping", 1000);
    stop_rtt = bv_daemon_ir_per(b, vg, "--check=stop", "vchan-echo", "vchan-ping", 1000);
    each_msg = bv_daemon_ir_per(b, vg, "--check=each", "vchan-send", "vchan-recv", 512);
    stop_msg = bv_daemon_ir_per(b, vg, "--check=stop", "vchan-send", "vchan-recv", 512);
    if (each_rtt > 0 && stop_rtt > 0)
        bench_add(r, "gntsimd_Ir_per_rtt_64B", each_rtt, "Ir",
                  "gntsimd_Ir_per_rtt_check_stop", stop_rtt);
    if (each_msg > 0 && stop_msg > 0)
        bench_add(r, "gntsimd_Ir_per_64k_msg", each_msg, "Ir",
                  "gntsimd_Ir_per_64k_msg_check_stop", stop_msg);
    bench_note(r,
               "gntsimd_Ir_*: callgrind's count of the daemon's instructions, (Ir(2K) - "
               "Ir(K)) / K for K = 1000 round trips or 512 messages; how many events a "
               "message takes depends on timing, so the per-message count varies");
}

int main(int argc, char **argv)
{
    struct bench_report r = {0};
    struct bv b = {0};
    struct bv_daemon_figs each, stop;
    double sp, pipes, relay;

    if (argc > 1)
        return role(argc, argv);
    sp = bv_med3(bv_socketpair(), bv_socketpair(), bv_socketpair());
    pipes = bv_med3(bv_pipes(), bv_pipes(), bv_pipes());
    relay = bv_med3(bv_relay(), bv_relay(), bv_relay());
    if (sp <= 0 || pipes <= 0 || relay <= 0 || bv_daemon(&b, "--check=each", &each) ||
        bv_daemon(&b, "--check=stop", &stop)) {
        fprintf(stderr, "bench_vchan: a measurement failed\n");
        return 1;
    }
    bv_report(&r, &each, sp, pipes, relay, "");
    bv_report(&r, &stop, sp, pipes, relay, "_check_stop");
    bv_report_ir(&r, &b);
    bench_note(&r, "vchan: Debian's libxenvchan through libgntsim-preload.so on gntsimd "
                   "(d1 server, d2 client); data moves through the shared grant pages, "
                   "each notification is a round trip to the daemon");
    bench_note(&r, "default: the world's invariants after every request where it acted "
                   "(gntsim_check_invariants_step()); _check_stop: gntsimd --check=stop, "
                   "only at SIGUSR1 and when it stops");
    bench_note(&r,
               "pipe_relay_rtt_64B: the pipe pair's round trip through a relay process "
               "(four process crossings, as an event through the daemon: the floor of "
               "this design); a 2x-a-pipe target is then met only if the relay costs "
               "nothing");
    bench_note(&r,
               "timings depend on where the processes run: a wake-up on another CPU can "
               "cost ten times one on the same CPU (a VM's idle vCPU); for figures that "
               "compare runs, pin them: taskset -c 1 build-bench/bench_vchan");
    bench_print(&r, stdout);
    return 0;
}
