/* SPDX-License-Identifier: MIT */
/*
 * Simulated vCPUs as coroutines (env/ctx.h) switching at lock acquisitions. One runtime
 * context picks who runs; a vCPU runs until its next acquisition, its end or a wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env/hash.h"
#include "env/par.h"

#if defined(__SANITIZE_ADDRESS__)
#define PAR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAR_ASAN 1
#endif
#endif
#ifdef PAR_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* Big enough for a statement's deepest path (under AddressSanitizer's larger frames);
 * zeroed at each reuse, so no bigger than that. */
#ifdef PAR_ASAN
#define SIM_PAR_STACK (512u * 1024)
#else
#define SIM_PAR_STACK (96u * 1024)
#endif
/* How far below its lowest scheduling point a step may have used the stack (the
 * deepest calls between two points: mapkind, a trace line), zeroed with it. Only the
 * state hash depends on it (stale bytes make equal states look different, never the
 * reverse). Measured 2026-12-06 as the lowest non-zero byte after each run of the
 * parallel files in scenarios/ and tests/: at most 3.2 KiB (gcc RelWithDebInfo) and
 * 5.4 KiB (clang ASan) below the lowest point. */
#ifdef PAR_ASAN
#define SIM_PAR_DIRTY_MARGIN (32u * 1024) /* AddressSanitizer's frames are larger */
#else
#define SIM_PAR_DIRTY_MARGIN (8u * 1024)
#endif

/* AddressSanitizer must know each stack switch (its fake stacks and shadow). */
static void par_asan_leave(void **fake, const void *bottom, size_t size)
{
#ifdef PAR_ASAN
    __sanitizer_start_switch_fiber(fake, bottom, size);
#else
    (void)fake, (void)bottom, (void)size;
#endif
}

static void par_asan_arrive(void *fake, const void **bottom, size_t *size)
{
#ifdef PAR_ASAN
    __sanitizer_finish_switch_fiber(fake, bottom, size);
#else
    (void)fake, (void)bottom, (void)size;
#endif
}

#ifdef PAR_ASAN
/* @n words of a vCPU stack as they are, the redzones AddressSanitizer keeps around the
 * live frames' locals included (the program never writes them: their bytes are as
 * deterministic as the rest). Uninstrumented; volatile, so no memcpy() is made of it. */
__attribute__((no_sanitize("address"))) static void
par_stack_copy(uint64_t *dst, const void *src, size_t n)
{
    const volatile uint64_t *s = src;

    for (size_t i = 0; i < n; i++)
        dst[i] = s[i];
}
#endif

/* A vCPU stack (or NULL) back in use or freed: the frames of an abandoned run (never
 * returned) left AddressSanitizer's redzones poisoned, which a switch without glibc's
 * swapcontext(), intercepted by AddressSanitizer, does not clear. */
static void par_stack_unpoison(unsigned char *stack)
{
#ifdef PAR_ASAN
    if (stack)
        __asan_unpoison_memory_region(stack, SIM_PAR_STACK);
#else
    (void)stack;
#endif
}

/* The live stack [@lo, @hi), @lo aligned up to 8 bytes. */
static uint64_t hash_range(const unsigned char *lo, const unsigned char *hi)
{
    const unsigned char *a = lo + ((8 - (uintptr_t)lo % 8) % 8);
    size_t len = (size_t)(hi - a) & ~(size_t)7;
#ifdef PAR_ASAN
    uint64_t buf[512], h = 0x84222325cbf29ce4ull;

    for (size_t o = 0; o < len; o += sizeof(buf)) {
        size_t n = len - o < sizeof(buf) ? len - o : sizeof(buf);

        par_stack_copy(buf, a + o, n / 8);
        h = sim_hash_words(h, buf, n);
    }
    return h;
#else
    return sim_hash_words(0x84222325cbf29ce4ull, a, len);
#endif
}

/* Switch from the running vCPU back to the runtime. */
static void par_to_main(struct sim_par *p, struct sim_vcpu *v)
{
    par_asan_leave(&v->asan_fake, p->main_bottom, p->main_size);
    sim_ctx_switch(&v->ctx, &p->main);
    par_asan_arrive(v->asan_fake, NULL, NULL);
}

/*
 * The scheduling point of the running vCPU @v before it acquires @entry: every
 * callee-saved register is spilled into this frame, so while @v waits its whole local
 * state is the stack from here up (sim_par_state() hashes it). Not inlined: the frame
 * must be its own.
 */
static GNTSIM_NOINLINE void par_point(struct sim_par *p, struct sim_vcpu *v,
                                      uint64_t entry)
{
    volatile unsigned char low = 0;

    __builtin_unwind_init();
    v->waits = true;
    v->want = entry;
    v->sp = (const unsigned char *)&low; /* the live stack: [sp, top), this frame on */
    if (!v->low || v->sp < v->low)
        v->low = v->sp;
    par_to_main(p, v);
    v->waits = false;
}

static int par_lock_holder(const struct sim_par *p, unsigned t);

/* Add @e to the footprint of the steps since the previous decision. */
static void par_foot_add(struct sim_par *p, uint64_t e)
{
    struct sim_par_foot *f = &p->foot;

    for (uint32_t i = 0; i < f->n; i++)
        if (f->e[i] == e)
            return;
    if (f->n < SIM_PAR_FOOT_MAX)
        f->e[f->n++] = e;
    else
        f->all = true;
}

/*
 * struct sim_locks' `before` hook: the running vCPU is about to acquire a lock (or
 * reach a declared point, @always). While its step has only acquired, a free lock in
 * the order is taken without a point: the acquisition commutes with whatever the
 * other vCPUs do after it. A lock another vCPU holds is a wait (a point), and whoever
 * releases it changes this step: the footprint keeps it.
 */
static void par_before(void *ctx, uint64_t id, enum sim_lock_mode mode, bool always)
{
    struct sim_par *p = ctx;
    const uint64_t e = sim_lock_entry(id, mode);
    struct sim_vcpu *v;

    if (p->cur < 0)
        return;
    v = &p->v[p->cur];
    v->locked = true;
    if (!always && !p->lock_steps && p->locks->held == v->grow_held) {
        v->want = e;
        par_foot_add(p, e);
        if (par_lock_holder(p, (unsigned)p->cur) < 0) {
            v->grow_held++;
            return;
        }
    }
    par_point(p, v, e);
    v->grow_held = always ? UINT32_MAX : p->locks->held + 1;
}

/* sim_par_run() sets struct sim_locks' `at` so that every acquisition reaches the slow
 * path and its `before` hook; there is nothing to do after one. */
static void par_at(void *ctx, enum sim_lock_class c, uint16_t dom, uint32_t idx,
                   enum sim_lock_mode mode)
{
    (void)ctx, (void)c, (void)dom, (void)idx, (void)mode;
}

/* A vCPU's first code: the one par_switch() just made current. */
static void par_entry(void *arg)
{
    struct sim_par *p = arg;
    unsigned t = (unsigned)p->cur;
    struct sim_vcpu *v = &p->v[t];

    par_asan_arrive(NULL, &p->main_bottom, &p->main_size);
    p->ops->run(p->ctx, t);
    v->done = true;
    par_asan_leave(NULL, p->main_bottom, p->main_size); /* this stack ends here */
    sim_ctx_switch(&v->ctx, &p->main);
}

/* vCPU @t's stack and its first context (entering par_entry). 0 or -ENOMEM. */
static int par_vcpu_init(struct sim_par *p, unsigned t)
{
    struct sim_vcpu *v = &p->v[t];

    if (p->cache && p->cache->s[t]) {
        size_t dirty = p->cache->dirty[t];

        v->stack = p->cache->s[t];
        p->cache->s[t] = NULL;
        par_stack_unpoison(v->stack);
        memset(v->stack + SIM_PAR_STACK - dirty, 0, dirty);
    } else {
        v->stack = calloc(1, SIM_PAR_STACK);
    }
    if (!v->stack || sim_ctx_make(&v->ctx, v->stack, SIM_PAR_STACK, par_entry, p))
        return -ENOMEM;
    return 0;
}

int sim_par_init(struct sim_par *p, unsigned n, struct sim_locks *locks,
                 const struct sim_par_ops *ops, void *ctx, struct sim_par_stacks *cache)
{
    memset(p, 0, sizeof(*p));
    p->cache = cache;
    if (!n || n > SIM_PAR_MAX)
        return -EINVAL;
    p->n = n;
    p->cur = -1;
    p->foot.all = true; /* before the block's first decision: the statements before it */
    p->locks = locks;
    p->ops = ops;
    p->ctx = ctx;
    for (unsigned t = 0; t < n; t++)
        if (par_vcpu_init(p, t)) {
            sim_par_fini(p);
            return -ENOMEM;
        }
    return 0;
}

void sim_par_fini(struct sim_par *p)
{
    for (unsigned t = 0; t < SIM_PAR_MAX; t++) {
        struct sim_vcpu *v = &p->v[t];

        if (p->cache && !p->cache->s[t] && v->stack) {
            size_t used = v->low ? (size_t)(v->stack + SIM_PAR_STACK - v->low) : 0;

            used += SIM_PAR_DIRTY_MARGIN;
            if (used < p->cache->dirty[t]) /* bytes an earlier run left deeper */
                used = p->cache->dirty[t];
            p->cache->s[t] = v->stack;
            p->cache->dirty[t] = used < SIM_PAR_STACK ? used : SIM_PAR_STACK;
            v->stack = NULL;
            continue;
        }
        par_stack_unpoison(v->stack);
        free(v->stack);
        v->stack = NULL;
    }
}

void sim_par_stacks_fini(struct sim_par_stacks *c)
{
    for (unsigned t = 0; t < SIM_PAR_MAX; t++) {
        par_stack_unpoison(c->s[t]);
        free(c->s[t]);
        c->s[t] = NULL;
    }
}

/*
 * The vCPU that keeps vCPU @t from the lock it waits for, or -1: one that holds it when
 * either of them writes, or @t itself holding it at all (a CPU spinning on a lock it
 * holds: only Xen code a knob reverts does that, XSA-411).
 */
static int par_lock_holder(const struct sim_par *p, unsigned t)
{
    const uint64_t want = p->v[t].want;
    const uint64_t id = want & ~SIM_LOCK_WRITE_BIT;

    for (unsigned u = 0; u < p->n; u++) { /* the running vCPU's set is the live one */
        const bool live = (int)u == p->cur;
        const uint32_t held = live ? p->locks->held : p->v[u].held;
        const uint64_t *set = live ? p->locks->set : p->v[u].set;

        for (uint32_t i = 1; i <= held; i++)
            if ((set[i] & ~SIM_LOCK_WRITE_BIT) == id &&
                (u == t || ((set[i] | want) & SIM_LOCK_WRITE_BIT)))
                return (int)u;
    }
    return -1;
}

/* Can vCPU @t take the lock it waits for? */
static bool par_lock_free(const struct sim_par *p, unsigned t)
{
    return par_lock_holder(p, t) < 0;
}

void sim_par_deadlock(const struct sim_par *p, char *buf, size_t len)
{
    size_t at = 0;

    buf[0] = 0;
    for (unsigned t = 0; t < p->n && at < len; t++) {
        const struct sim_vcpu *v = &p->v[t];
        char name[64];
        int n;

        if (v->done || !v->waits)
            continue;
        sim_lock_describe(name, sizeof(name), v->want);
        n = snprintf(buf + at, len - at, "%sv%u waits for %s, held by v%d",
                     at ? "; " : "", t, name, par_lock_holder(p, t));
        at += n > 0 ? (size_t)n : 0;
    }
}

/* Run vCPU @t until its next point or its end, with its held locks in place. */
static void par_switch(struct sim_par *p, unsigned t)
{
    struct sim_vcpu *v = &p->v[t];
    struct sim_locks *l = p->locks;
    void *fake = NULL;

    l->held = v->held;
    memcpy(l->set, v->set, sizeof(l->set));
    for (uint32_t i = 1; i <= v->held; i++) /* what its step may touch */
        par_foot_add(p, v->set[i]);
    if (v->waits)
        par_foot_add(p, v->want);
    p->foot.all |= !v->started && !v->start_known; /* code before its first lock */
    p->ops->switch_in(p->ctx, t);
    p->cur = (int)t;
    v->started = true;
    par_asan_leave(&fake, v->stack, SIM_PAR_STACK);
    sim_ctx_switch(&p->main, &v->ctx);
    par_asan_arrive(fake, NULL, NULL);
    p->foot.all |= !v->locked; /* it ran without a lock: what it touched is unknown */
    p->cur = -1;
    p->ops->switch_out(p->ctx, t);
    v->held = l->held;
    memcpy(v->set, l->set, sizeof(v->set));
}

/* The vCPUs that have not finished (*@live) and those that can run now (returned). */
static uint32_t par_enabled(const struct sim_par *p, uint32_t *live)
{
    uint32_t en = 0;

    *live = 0;
    for (unsigned t = 0; t < p->n; t++) {
        if (p->v[t].done)
            continue;
        *live |= 1u << t;
        if (!p->v[t].waits || par_lock_free(p, t))
            en |= 1u << t;
    }
    return en;
}

/* The scheduling loop: one vCPU at a time until all finished, a deadlock or a cancel. */
static int par_loop(struct sim_par *p)
{
    for (;;) {
        uint32_t live, en = par_enabled(p, &live);
        int t;

        if (p->locks->bound_hit) {
            p->bounded = true;
            return -ECANCELED;
        }
        if (!live)
            return 0;
        if (!en)
            return -EDEADLK;
        t = __builtin_ctz(en);
        if (en & (en - 1)) {
            t = p->ops->choose(p->ctx, p, en);
            if (t < 0 || t >= (int)p->n || !(en >> t & 1))
                return -ECANCELED;
            p->foot.n = 0, p->foot.all = false;
        }
        par_switch(p, (unsigned)t);
    }
}

int sim_par_run(struct sim_par *p)
{
    struct sim_locks *l = p->locks;
    int rc;

    p->saved = *l;
    if (!l->at)
        l->at = par_at; /* every acquisition through the slow path, to `before` */
    l->before = par_before;
    l->before_ctx = p;
    p->hash_stacks = true;
#ifdef PAR_ASAN
    /* locals on AddressSanitizer's fake stacks would escape the stack hash */
    if (__asan_get_current_fake_stack())
        p->hash_stacks = false;
#endif
    rc = par_loop(p);
    l->bound_hit = false;
    l->at = p->saved.at;
    l->before = p->saved.before;
    l->before_ctx = p->saved.before_ctx;
    l->held = p->saved.held;
    memcpy(l->set, p->saved.set, sizeof(l->set));
    return rc;
}

uint64_t sim_par_state(const struct sim_par *p)
{
    uint64_t h = p->n;

    for (unsigned t = 0; t < p->n; t++) {
        const struct sim_vcpu *v = &p->v[t];

        h = sim_hash_mix(h, (uint64_t)v->started | (uint64_t)v->done << 1 |
                                (uint64_t)v->waits << 2);
        if (v->done || !v->started)
            continue;
        h = sim_hash_mix(h, v->want);
        for (uint32_t i = 1; i <= v->held; i++)
            h = sim_hash_mix(h, v->set[i]);
        h = sim_hash_mix(h, hash_range(v->sp, v->stack + SIM_PAR_STACK));
    }
    return h;
}

bool sim_par_foot_conflict(const struct sim_par_foot *a, const struct sim_par_foot *b)
{
    if (a->all || b->all)
        return true;
    for (uint32_t i = 0; i < a->n; i++)
        for (uint32_t j = 0; j < b->n; j++)
            if (!((a->e[i] ^ b->e[j]) & ~SIM_LOCK_WRITE_BIT) &&
                ((a->e[i] | b->e[j]) & SIM_LOCK_WRITE_BIT))
                return true;
    return false;
}
