/* SPDX-License-Identifier: MIT */
/* Coroutine context switches (env/ctx.h). */
#include "env/ctx.h"

#include <stdint.h>

#ifdef SIM_CTX_ASM
/*
 * sim_ctx_switch(from, to): push the System V callee-saved registers on the running
 * stack, keep the stack pointer in from->sp, take to->sp and pop its registers; the
 * return goes where @to switched away (or, the first time, into sim_ctx_start).
 * The x87 control word and MXCSR are callee-saved too; no code of gntsim changes them.
 */
__asm__(".text\n"
        ".globl sim_ctx_switch\n"
        ".hidden sim_ctx_switch\n"
        ".type sim_ctx_switch, @function\n"
        "sim_ctx_switch:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    movq %rsp, (%rdi)\n"
        "    movq (%rsi), %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size sim_ctx_switch, .-sim_ctx_switch\n"
        /* a new context's first return lands here: fn in rbx, arg in r12 */
        ".globl sim_ctx_start\n" /* global: LTO may put its user in another unit */
        ".hidden sim_ctx_start\n"
        ".type sim_ctx_start, @function\n"
        "sim_ctx_start:\n"
        "    movq %r12, %rdi\n"
        "    callq *%rbx\n"
        "    ud2\n" /* fn returned: a bug of the caller */
        ".size sim_ctx_start, .-sim_ctx_start\n");

void sim_ctx_start(void);

int sim_ctx_make(struct sim_ctx *c, void *stack, size_t size, void (*fn)(void *),
                 void *arg)
{
    /* From the 16-aligned top: two empty words (sim_ctx_start's call then leaves a
     * 16-aligned stack, as the ABI wants at a call), the return into sim_ctx_start,
     * then rbp, rbx = fn, r12 = arg, r13, r14, r15 as sim_ctx_switch pops them. */
    uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
    uint64_t *sp = (uint64_t *)top - 9;

    sp[8] = 0;
    sp[7] = 0;
    sp[6] = (uint64_t)(uintptr_t)sim_ctx_start;
    sp[5] = 0;                        /* rbp */
    sp[4] = (uint64_t)(uintptr_t)fn;  /* rbx */
    sp[3] = (uint64_t)(uintptr_t)arg; /* r12 */
    sp[2] = sp[1] = sp[0] = 0;        /* r13, r14, r15 */
    c->sp = sp;
    return 0;
}
#else
#include <string.h>

/* makecontext()'s entry takes ints: the function and its argument arrive in halves. */
static void sim_ctx_entry(unsigned fhi, unsigned flo, unsigned ahi, unsigned alo)
{
    void (*fn)(void *) = (void (*)(void *))(((uintptr_t)fhi << 32) | flo);

    fn((void *)(((uintptr_t)ahi << 32) | alo));
}

int sim_ctx_make(struct sim_ctx *c, void *stack, size_t size, void (*fn)(void *),
                 void *arg)
{
    uint64_t f = (uint64_t)(uintptr_t)fn, a = (uint64_t)(uintptr_t)arg;

    if (getcontext(&c->uc))
        return -1;
    c->uc.uc_stack.ss_sp = stack;
    c->uc.uc_stack.ss_size = size;
    c->uc.uc_link = NULL;
    makecontext(&c->uc, (void (*)(void))sim_ctx_entry, 4, (unsigned)(f >> 32),
                (unsigned)f, (unsigned)(a >> 32), (unsigned)a);
    return 0;
}

void sim_ctx_switch(struct sim_ctx *from, const struct sim_ctx *to)
{
    swapcontext(&from->uc, &to->uc);
}
#endif
