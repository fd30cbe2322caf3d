/* SPDX-License-Identifier: MIT */
/*
 * Modelled locks (src/env/lock.h, docs/locking.md): identity, the held-lock set, the
 * order rules, assert_held, and the lock scopes of the grant-table code. A broken rule
 * is a gntsim bug (C1): it aborts, so those tests run the offending code in a child
 * process and look for SIGABRT and the report (as test_mem.c does for C3).
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "world_fixture.h"

#include "board/world.h"
#include "xen/gnttab/gnttab.h"

/* ---- death tests ---- */

/*
 * Run @fn(@arg) in a child process with its stderr captured; require that it aborted
 * and reported C1 with @want and @want2 (NULL: none) in the report.
 */
static void expect_c1(void (*fn)(void *), void *arg, const char *want, const char *want2)
{
    char buf[1024] = {0};
    size_t got = 0;
    ssize_t n;
    int pipefd[2], status;
    pid_t pid;

    assert_int_equal(pipe(pipefd), 0);
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pipefd[1], 2);
        fn(arg);
        _exit(0); /* survived: the parent fails the test */
    }
    close(pipefd[1]);
    while (got < sizeof(buf) - 1 &&
           (n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0)
        got += (size_t)n;
    close(pipefd[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
        fail_msg("no abort; child said: %s", buf);
    if (!strstr(buf, "invariant C1") || !strstr(buf, want) ||
        (want2 && !strstr(buf, want2)))
        fail_msg("expected C1 with '%s' and '%s', got: %s", want, want2 ? want2 : "",
                 buf);
}

/* ---- the rules, on a bare lock set ---- */

/* Every pattern the modelled Xen uses is accepted, and leaves nothing held. */
static void locks_legal_patterns(void **state)
{
    struct sim_locks l = {0};

    (void)state;
    /* map/unmap: granter's table for reading, then one active entry */
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    assert_int_equal(l.held, 2);
    assert_false(l.set[1] & SIM_LOCK_WRITE_BIT); /* modes recorded, oldest first */
    assert_true(l.set[2] & SIM_LOCK_WRITE_BIT);
    assert_int_equal(sim_lock_class_of(l.set[1]), LOCK_GT);
    assert_int_equal(sim_lock_class_of(l.set[2]), LOCK_ACTIVE);
    assert_true(sim_lock_is_held(&l, LOCK_GT, 1, 0, LOCK_READ));
    assert_false(sim_lock_is_held(&l, LOCK_GT, 1, 0, LOCK_WRITE));
    sim_unlock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 1, 0, LOCK_READ);
    /* double_gt_lock: both for writing, lower domid first; released in any order */
    sim_lock(&l, LOCK_GT, 0, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 0, 0, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
    /* swap_grant_ref: two active entries under the table's write lock, a before b */
    sim_lock(&l, LOCK_GT, 2, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 2, 9, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 2, 3, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 2, 3, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 2, 9, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 2, 0, LOCK_WRITE);
    /* get_maptrack_handle: maptrack lock, then (innermost) a free list */
    sim_lock(&l, LOCK_MAPTRACK, 0, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_FREELIST, 0, 1, LOCK_WRITE);
    sim_unlock(&l, LOCK_FREELIST, 0, 1, LOCK_WRITE);
    sim_unlock(&l, LOCK_MAPTRACK, 0, 0, LOCK_WRITE);
    assert_int_equal(l.held, 0);
    assert_int_equal(l.acquisitions[LOCK_GT], 4);
    assert_int_equal(l.acquisitions[LOCK_ACTIVE], 3);
}

static void maptrack_then_gt(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_MAPTRACK, 0, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
}

static void freelist_then_maptrack(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_FREELIST, 0, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_MAPTRACK, 0, 0, LOCK_WRITE);
}

static void gt_higher_domid_first(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_GT, 0, 0, LOCK_WRITE);
}

static void gt_two_readers(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 0, 0, LOCK_READ);
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
}

static void two_active_under_read(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 2, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 1, 3, LOCK_WRITE);
}

static void active_of_another_table(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 0, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 1, 2, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 0, 2, LOCK_WRITE);
}

static void active_without_table(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
}

static void active_then_gt(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_lock(&l, LOCK_GT, 2, 0, LOCK_READ);
}

/* Acquisitions out of docs/locking.md's order abort, naming both locks. */
static void locks_order_violations_caught(void **state)
{
    (void)state;
    expect_c1(maptrack_then_gt, NULL, "acquiring GT d1 (read)", "holding MAPTRACK d0");
    expect_c1(freelist_then_maptrack, NULL, "acquiring MAPTRACK d0",
              "holding FREELIST d0 vcpu 0");
    expect_c1(active_then_gt, NULL, "acquiring GT d2", "holding ACTIVE d1 ref 8");
    expect_c1(gt_higher_domid_first, NULL, "lower domid first", "holding GT d1 (write)");
    expect_c1(gt_two_readers, NULL, "both for writing", "acquiring GT d1 (read)");
    expect_c1(two_active_under_read, NULL, "under its write lock",
              "acquiring ACTIVE d1 ref 3");
    expect_c1(active_of_another_table, NULL, "acquiring ACTIVE d0 ref 2",
              "holding ACTIVE d1 ref 2");
    expect_c1(active_without_table, NULL, "without its grant table's lock",
              "ACTIVE d1 ref 8");
}

static void release_unheld(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_unlock(&l, LOCK_GT, 2, 0, LOCK_READ);
}

static void release_other_mode(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_unlock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
}

static void release_twice(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
}

/* A release of a lock not held (or held in the other mode) aborts. */
static void locks_bad_release_caught(void **state)
{
    (void)state;
    expect_c1(release_unheld, NULL, "release of GT d2 (read)", "not held");
    expect_c1(release_other_mode, NULL, "release of GT d1 (write)",
              "held as GT d1 (read)");
    expect_c1(release_twice, NULL, "release of ACTIVE d1 ref 8", "not held");
}

static void acquire_twice(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
}

static void gt_read_then_write(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_WRITE);
}

static void overflow(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    for (uint16_t d = 0; d <= SIM_LOCK_MAX_HELD; d++) /* legal order, one too many */
        sim_lock(&l, LOCK_GT, d, 0, LOCK_WRITE);
}

/* Acquiring a lock already held (in any mode) aborts; so does a full held set. */
static void locks_double_acquisition_caught(void **state)
{
    (void)state;
    expect_c1(acquire_twice, NULL, "double acquisition", "ACTIVE d1 ref 8");
    expect_c1(gt_read_then_write, NULL, "double acquisition", "holding GT d1 (read)");
    expect_c1(overflow, NULL, "held set is full", "GT d8");
}

static void unordered_twice(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_lock_unordered(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
}

/*
 * Xen's own order break (XSA-411 before 6e3aab858e: release_grant_for_copy() of the
 * other table under an active entry) passes sim_lock_unordered(), counted, and the set
 * unwinds; a double acquisition through it still aborts.
 */
static void locks_unordered_counted(void **state)
{
    struct sim_locks l = {0};

    (void)state;
    sim_lock(&l, LOCK_GT, 2, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 2, 9, LOCK_WRITE);
    sim_lock_unordered(&l, LOCK_GT, 1, 0, LOCK_READ);      /* GT under ACTIVE */
    sim_lock_unordered(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE); /* two tables' entries */
    assert_int_equal(l.held, 4);
    assert_int_equal(l.unordered, 2);
    assert_true(sim_lock_is_held(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE));
    sim_lock_assert_held(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_unlock(&l, LOCK_ACTIVE, 2, 9, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 2, 0, LOCK_READ);
    assert_int_equal(l.held, 0);
    assert_int_equal(l.acquisitions[LOCK_ACTIVE], 2);
    expect_c1(unordered_twice, NULL, "double acquisition", "ACTIVE d1 ref 8");
}

static void assert_unheld(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock_assert_held(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
}

static void assert_write_held_read(void *arg)
{
    struct sim_locks l = {0};

    (void)arg;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock_assert_held(&l, LOCK_GT, 1, 0, LOCK_READ); /* either mode: passes */
    sim_lock_assert_held(&l, LOCK_GT, 1, 0, LOCK_WRITE);
}

/* sim_lock_assert_held() aborts when the lock is missing or held only for reading. */
static void locks_assert_held_caught(void **state)
{
    (void)state;
    expect_c1(assert_unheld, NULL, "ACTIVE d1 ref 8 (write) needed", "not held");
    expect_c1(assert_write_held_read, NULL, "GT d1 (write) needed",
              "held as GT d1 (read)");
}

static void active_accessor_unlocked(void *arg)
{
    struct gntsim_world *w = fx_world("master", 0);
    struct domain *d1 = xen_domain(&w->xen, FX_DOMU);

    (void)arg;
    sim_lock(&w->locks, LOCK_GT, FX_DOMU, 0, LOCK_READ);
    gnttab_active_locked(&w->xen, d1, FX_REF)->pin++; /* a pin change without its lock */
}

static void grow_unlocked(void *arg)
{
    struct gntsim_world *w = fx_world("master", 0);

    (void)arg;
    sim_lock(&w->locks, LOCK_GT, FX_DOMU, 0, LOCK_READ); /* growth needs the write lock */
    gnttab_populate_status(&w->xen, xen_domain(&w->xen, FX_DOMU), 1);
}

/* The grant-table accessors assert the lock they need. */
static void locks_accessor_asserts_caught(void **state)
{
    struct gntsim_world *w = fx_world("master", 0);

    (void)state;
    sim_lock(&w->locks, LOCK_GT, FX_DOMU, 0, LOCK_READ);
    sim_lock(&w->locks, LOCK_ACTIVE, FX_DOMU, FX_REF, LOCK_WRITE);
    assert_int_equal(
        gnttab_active_locked(&w->xen, xen_domain(&w->xen, FX_DOMU), FX_REF)->pin, 0);
    sim_unlock(&w->locks, LOCK_ACTIVE, FX_DOMU, FX_REF, LOCK_WRITE);
    sim_unlock(&w->locks, LOCK_GT, FX_DOMU, 0, LOCK_READ);
    gntsim_world_destroy(w);
    expect_c1(active_accessor_unlocked, NULL, "ACTIVE d1 ref 8 (write) needed",
              "not held");
    expect_c1(grow_unlocked, NULL, "GT d1 (write) needed", "held as GT d1 (read)");
}

/* What the hook saw: the held count at each call, and the calls in order. */
struct hook_log {
    unsigned n;
    uint32_t held[8];
    enum sim_lock_mode mode[8];
    const struct sim_locks *l;
};

static void log_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                     enum sim_lock_mode mode)
{
    struct hook_log *h = ctx;

    (void)c;
    (void)dom;
    (void)idx;
    if (h->n < 8) {
        h->held[h->n] = h->l->held;
        h->mode[h->n++] = mode;
    }
}

/* The hook runs once the lock is in the set (acquire) or out of it (release). */
static void locks_hook_sees_set(void **state)
{
    struct sim_locks l = {0};
    struct hook_log h = {.l = &l};

    (void)state;
    l.at = log_hook;
    l.ctx = &h;
    sim_lock(&l, LOCK_GT, 1, 0, LOCK_READ);
    sim_lock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_ACTIVE, 1, 8, LOCK_WRITE);
    sim_unlock(&l, LOCK_GT, 1, 0, LOCK_READ);
    assert_false(sim_lock_sequential(&l));
    assert_int_equal(h.n, 4);
    assert_int_equal(h.held[0], 1);
    assert_int_equal(h.held[1], 2);
    assert_int_equal(h.held[2], 1);
    assert_int_equal(h.held[3], 0);
    assert_int_equal(h.mode[0], LOCK_READ);
    assert_int_equal(h.mode[2], LOCK_RELEASE_WRITE);
    assert_int_equal(h.mode[3], LOCK_RELEASE_READ);
}

/* ---- lock scopes of the grant-table code ---- */

/* The pins of d1's FX_REF as a lock hook saw them at each release of its active lock. */
struct pin_watch {
    struct gntsim_world *w;
    unsigned n;
    uint32_t pin[8];
    bool table[8]; /* d1's table lock still held */
};

static void pin_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                     enum sim_lock_mode mode)
{
    struct pin_watch *p = ctx;
    struct domain *d1 = xen_domain(&p->w->xen, FX_DOMU);

    if (c != LOCK_ACTIVE || dom != FX_DOMU || idx != FX_REF ||
        mode != LOCK_RELEASE_WRITE || p->n == 8)
        return;
    p->table[p->n] = sim_lock_is_held(&p->w->locks, LOCK_GT, FX_DOMU, 0, LOCK_READ);
    p->pin[p->n++] = gnttab_active(&d1->gt, FX_REF)->pin;
}

static void pin_watch_start(struct pin_watch *p, struct gntsim_world *w)
{
    *p = (struct pin_watch){.w = w};
    w->locks.at = pin_hook;
    w->locks.ctx = p;
}

/*
 * unmap_common_complete() drops the pins under the active entry's lock: the last
 * release of that lock during an unmap already sees them dropped (before the fix the
 * pins changed under the table's read lock only, after the lock's last release).
 */
static void unmap_pins_under_active(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;
    struct pin_watch p;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_okay);
    pin_watch_start(&p, w);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    w->locks.at = NULL;
    assert_int_equal(p.n, 2);        /* unmap_common, unmap_common_complete */
    assert_int_equal(p.pin[0], 0x1); /* phase 1 leaves the pins */
    assert_int_equal(p.pin[1], 0);   /* phase 2 drops them inside the lock */
    assert_true(p.table[0] && p.table[1]);
    assert_int_equal(w->locks.held, 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

/* map_grant_ref()'s undo_out likewise, after a late failure (a flag Arm refuses). */
static void map_undo_pins_under_active(const char *rel)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct gnttab_map_grant_ref op;
    struct pin_watch p;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    pin_watch_start(&p, w);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map | (1u << 16));
    w->locks.at = NULL;
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(p.n, 2);        /* the pin, the undo */
    assert_int_equal(p.pin[0], 0x1); /* pinned */
    assert_int_equal(p.pin[1], 0);   /* undone inside the lock */
    assert_true(p.table[1]);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void locks_pin_changes_under_active(void **state)
{
    static const char *const rel[] = {"4.11", "4.14.1", "4.15.0", "master"};

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
        unmap_pins_under_active(rel[i]);
        map_undo_pins_under_active(rel[i]);
    }
}

/* What a lock hook saw at the first release of a table write lock during a map. */
struct publish_watch {
    struct gntsim_world *w;
    unsigned releases;
    bool published; /* dom0's maptrack entry 0 already live */
    bool both;      /* the other table's write lock still held */
};

static void publish_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                         enum sim_lock_mode mode)
{
    struct publish_watch *p = ctx;
    struct domain *d0 = xen_domain(&p->w->xen, 0);

    (void)idx;
    if (c != LOCK_GT || mode != LOCK_RELEASE_WRITE || p->releases++)
        return;
    p->published = maptrack_entry(&d0->gt, 0)->flags != 0;
    p->both =
        sim_lock_is_held(&p->w->locks, LOCK_GT, dom == 0 ? FX_DOMU : 0, 0, LOCK_WRITE);
}

/*
 * Eras A and B keep double_gt_lock across the maptrack entry's publication (Xen's
 * comment on the race with a concurrent mapkind()): when the first table write lock is
 * released, the entry is live and the other table is still write-locked. Era C releases
 * the mapper's write lock first and publishes after.
 */
static void map_publish_scope(const char *rel, bool held_across)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct publish_watch p = {.w = w};
    struct gnttab_map_grant_ref op;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    w->locks.at = publish_hook;
    w->locks.ctx = &p;
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    w->locks.at = NULL;
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(op.handle, 0);
    assert_int_equal(p.releases, held_across ? 2 : 1); /* the IOMMU step's */
    assert_true(p.published == held_across);
    assert_true(p.both == held_across);
    assert_int_equal(w->locks.held, 0);
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void locks_map_publish_scope(void **state)
{
    (void)state;
    map_publish_scope("4.11", true);    /* era A (need_iommu) */
    map_publish_scope("4.13.3", true);  /* era B */
    map_publish_scope("4.15.0", true);  /* era B */
    map_publish_scope("4.16.0", false); /* era C */
    map_publish_scope("master", false); /* era C */
}

/* A lock hook playing a racing unmap: it rewrites the maptrack entry @handle of dom0 at
 * the acquisition of d1's active entry FX_REF. */
struct race {
    struct gntsim_world *w;
    uint32_t handle;
    int what; /* 0: flags cleared, 1: another ref, 2: another granter */
    unsigned fired;
    struct grant_mapping saved;
};

static void race_hook(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                      enum sim_lock_mode mode)
{
    struct race *r = ctx;
    struct grant_mapping *m = maptrack_entry(&xen_domain(&r->w->xen, 0)->gt, r->handle);

    if (c != LOCK_ACTIVE || dom != FX_DOMU || idx != FX_REF || mode != LOCK_WRITE ||
        r->fired++)
        return;
    r->saved = *m;
    if (r->what == 0)
        m->flags = 0;
    else if (r->what == 1)
        m->ref = FX_REF + 1;
    else
        m->domid = 0;
}

/*
 * unmap_common() reads the maptrack entry, takes the granter's locks, and reads it again
 * under the active entry's lock: an entry that changed in between ("Unstable handle") is
 * refused with GNTST_bad_handle and nothing is unmapped.
 */
static void unstable_handle(const char *rel, int what)
{
    struct gntsim_world *w = fx_world(rel, 0);
    struct race r = {.w = w, .what = what};
    struct gnttab_map_grant_ref op;
    struct grant_mapping *m;

    assert_int_equal(gntsim_guest_grant(w, FX_DOMU, FX_REF, 0, FX_DOMU_GFN, false), 0);
    op = fx_map(w, FX_HOST_GFN, FX_REF, GNTMAP_host_map);
    assert_int_equal(op.status, GNTST_okay);
    r.handle = op.handle;
    w->locks.at = race_hook;
    w->locks.ctx = &r;
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_bad_handle);
    w->locks.at = NULL;
    assert_int_equal(r.fired, 1);
    assert_int_equal(w->locks.held, 0);
    assert_int_equal(fx_pin(w, FX_REF), 0x1); /* nothing unmapped */
    assert_string_equal(fx_p2m_type(w, 0, FX_HOST_GFN), "p2m_grant_map_rw");
    m = maptrack_entry(&xen_domain(&w->xen, 0)->gt, op.handle);
    *m = r.saved; /* the race is over: the entry as it was */
    assert_int_equal(fx_unmap(w, FX_HOST_GFN, 0, op.handle), GNTST_okay);
    assert_int_equal(fx_pin(w, FX_REF), 0);
    assert_int_equal(gntsim_check_invariants(w), 0);
    gntsim_world_destroy(w);
}

static void locks_unstable_handle(void **state)
{
    (void)state;
    for (int what = 0; what < 3; what++) {
        unstable_handle("4.11", what);
        unstable_handle("4.14.1", what);
        unstable_handle("master", what);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locks_legal_patterns),
        cmocka_unit_test(locks_order_violations_caught),
        cmocka_unit_test(locks_bad_release_caught),
        cmocka_unit_test(locks_double_acquisition_caught),
        cmocka_unit_test(locks_unordered_counted),
        cmocka_unit_test(locks_assert_held_caught),
        cmocka_unit_test(locks_accessor_asserts_caught),
        cmocka_unit_test(locks_hook_sees_set),
        cmocka_unit_test(locks_pin_changes_under_active),
        cmocka_unit_test(locks_map_publish_scope),
        cmocka_unit_test(locks_unstable_handle),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
