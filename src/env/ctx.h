/* SPDX-License-Identifier: MIT */
/*
 * Coroutine context switches for the simulated vCPUs (src/env/par.c): on x86-64 a
 * switch of the callee-saved registers and the stack pointer, without the signal mask
 * (glibc's swapcontext() makes a rt_sigprocmask system call at each switch, a tenth of
 * gntsim explore's time); elsewhere ucontext.
 */
#ifndef GNTSIM_ENV_CTX_H
#define GNTSIM_ENV_CTX_H

#include <stddef.h>

#if defined(__x86_64__) &&                                                               \
    !defined(GNTSIM_CTX_UCONTEXT) /* -D...: the fallback, to test it */
#define SIM_CTX_ASM 1
struct sim_ctx {
    void *sp; /* where its callee-saved registers were pushed */
};
#else
#include <ucontext.h>
struct sim_ctx {
    ucontext_t uc;
};
#endif

/* @c starts @fn(@arg) on [@stack, @stack + @size) at its first switch; @fn must never
 * return (it switches away for the last time). 0, or -1 (ucontext: getcontext()). */
int sim_ctx_make(struct sim_ctx *c, void *stack, size_t size, void (*fn)(void *),
                 void *arg);
/* Save the running context into @from and continue @to. Cannot fail. */
void sim_ctx_switch(struct sim_ctx *from, const struct sim_ctx *to);

#endif
