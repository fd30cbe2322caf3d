/* SPDX-License-Identifier: MIT */
/*
 * The fast formatter (see fmt.h). One cheap pass over the format decides whether every
 * conversion is one formatted here; if not, vsnprintf() gets the whole format and a
 * va_copy() of the arguments taken before any was read. Otherwise a second pass
 * formats. Where C leaves a flag's meaning open (+ or space on %p, 0 on %c and %s),
 * glibc's behaviour is the one followed: tests/unit/test_fmt.c compares the two.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "env/fmt.h"

enum fmt_flag { FMT_LEFT = 1, FMT_ZERO = 2, FMT_ALT = 4, FMT_PLUS = 8, FMT_SPACE = 16 };
enum fmt_len { FMT_INT, FMT_HH, FMT_H, FMT_L, FMT_LL, FMT_Z, FMT_J, FMT_T };

/* One conversion specification. */
struct fmt_spec {
    const char *at;      /* its '%' (recorded by fmt_scan()) */
    const char *next;    /* the character after it (recorded by fmt_scan()) */
    int width;           /* 0: none */
    int prec;            /* -1: none */
    unsigned char flags; /* enum fmt_flag */
    unsigned char len;   /* enum fmt_len */
    char conv;           /* conversion character */
};

/* Conversions fmt_scan() records for the formatting pass; later ones are parsed again. */
#define FMT_PLAN_MAX 16

/* What fmt_scan() found: the first FMT_PLAN_MAX conversions of a format. */
struct fmt_plan {
    unsigned nr;
    struct fmt_spec sp[FMT_PLAN_MAX];
};

/* The output: what fits in the buffer is stored, all of it is counted. */
struct fmt_out {
    char *buf;
    size_t cap; /* bytes of output @buf takes: its size less the NUL, or 0 */
    size_t len; /* bytes of output so far, stored or not */
};

/* What a conversion prints: @lpad spaces, @n bytes at @s, @rpad spaces. */
struct fmt_piece {
    const char *s;
    size_t n, lpad, rpad;
};

/* Room for a formatted integer: its field (zeros, spaces), prefix and digits. */
#define FMT_TMP (SIM_FMT_MAX_FIELD + 3 * sizeof(uintmax_t) + 8)

/* A decimal field at *@p, advancing *@p; -1 if above SIM_FMT_MAX_FIELD. */
static int fmt_field(const char **p)
{
    int v = 0;

    for (; **p >= '0' && **p <= '9'; (*p)++) {
        v = v * 10 + (**p - '0');
        if (v > SIM_FMT_MAX_FIELD)
            return -1;
    }
    return v;
}

/* The flags at @p into *@flags; the first character that is not one. */
static const char *fmt_flags(const char *p, unsigned char *flags)
{
    for (;; p++) {
        switch (*p) {
        case '-':
            *flags |= FMT_LEFT;
            break;
        case '0':
            *flags |= FMT_ZERO;
            break;
        case '#':
            *flags |= FMT_ALT;
            break;
        case '+':
            *flags |= FMT_PLUS;
            break;
        case ' ':
            *flags |= FMT_SPACE;
            break;
        default:
            return p;
        }
    }
}

/* The length modifier at @p (if any) into *@len; the character after it. */
static const char *fmt_length(const char *p, unsigned char *len)
{
    switch (*p) {
    case 'h':
        *len = p[1] == 'h' ? FMT_HH : FMT_H;
        return p[1] == 'h' ? p + 2 : p + 1;
    case 'l':
        *len = p[1] == 'l' ? FMT_LL : FMT_L;
        return p[1] == 'l' ? p + 2 : p + 1;
    case 'z':
        *len = FMT_Z;
        return p + 1;
    case 'j':
        *len = FMT_J;
        return p + 1;
    case 't':
        *len = FMT_T;
        return p + 1;
    default:
        *len = FMT_INT;
        return p;
    }
}

/* fmt_parse() past a flag, width, precision or length modifier at @p. */
static const char *fmt_parse_full(const char *p, struct fmt_spec *sp)
{
    p = fmt_flags(p, &sp->flags);
    sp->width = fmt_field(&p);
    if (sp->width < 0)
        return NULL;
    if (*p == '.') {
        p++;
        sp->prec = fmt_field(&p);
        if (sp->prec < 0)
            return NULL;
    }
    p = fmt_length(p, &sp->len);
    sp->conv = *p;
    switch (*p) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        return p + 1;
    case 'c': /* %lc is a wide character; C gives no meaning to a precision */
        return sp->len == FMT_INT && sp->prec < 0 ? p + 1 : NULL;
    case 's': /* %ls is a wide string */
    case 'p':
        return sp->len == FMT_INT ? p + 1 : NULL;
    default: /* '*', '$', floating point, %n, %m, an unknown one or the end */
        return NULL;
    }
}

/*
 * The conversion specification after a '%' at @p into *@sp (but its at and next): the
 * character after it, or NULL if it is not one formatted here.
 */
static const char *fmt_parse(const char *p, struct fmt_spec *sp)
{
    sp->width = 0;
    sp->prec = -1;
    sp->flags = 0;
    sp->len = FMT_INT;
    sp->conv = *p;
    switch (*p) {
    case '%':
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c':
    case 's':
    case 'p':
        return p + 1; /* the common case: a bare conversion */
    default:
        return fmt_parse_full(p, sp);
    }
}

/*
 * Whether every conversion of @fmt is one formatted here; the first FMT_PLAN_MAX go to
 * @plan (all of them when it returns true and plan->nr < FMT_PLAN_MAX).
 */
static bool fmt_scan(const char *fmt, struct fmt_plan *plan)
{
    struct fmt_spec extra;

    plan->nr = 0;
    for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
        struct fmt_spec *sp = plan->nr < FMT_PLAN_MAX ? &plan->sp[plan->nr++] : &extra;

        sp->at = p;
        p = fmt_parse(p + 1, sp);
        if (!p)
            return false;
        sp->next = p;
    }
    return true;
}

bool sim_fmt_direct(const char *fmt)
{
    struct fmt_plan plan;

    return fmt_scan(fmt, &plan);
}

/* Copy @n bytes from @s to @d: the short ones (most) without calling memcpy(). */
static inline __attribute__((always_inline)) void fmt_copy(char *d, const char *s,
                                                           size_t n)
{
    if (n > 16) {
        memcpy(d, s, n);
    } else if (n >= 8) { /* two 8-byte moves, overlapping in the middle */
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n) { /* 1 to 3 bytes: [0], [n / 2], [n - 1] cover them */
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* Append @n bytes of @s. */
static inline __attribute__((always_inline)) void fmt_put(struct fmt_out *o,
                                                          const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;

        fmt_copy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

/* Append @n spaces. */
static void fmt_spaces(struct fmt_out *o, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;

        memset(o->buf + o->len, ' ', n < room ? n : room);
    }
    o->len += n;
}

/* Append piece @pc. */
static inline __attribute__((always_inline)) void fmt_emit(struct fmt_out *o,
                                                           const struct fmt_piece *pc)
{
    if (pc->lpad)
        fmt_spaces(o, pc->lpad);
    fmt_put(o, pc->s, pc->n);
    if (pc->rpad)
        fmt_spaces(o, pc->rpad);
}

/* @n bytes at @s in the field of @sp, padded with spaces (glibc ignores the 0 flag). */
static struct fmt_piece fmt_text(const struct fmt_spec *sp, const char *s, size_t n)
{
    struct fmt_piece pc = {.s = s, .n = n};

    if ((size_t)sp->width > n) {
        if (sp->flags & FMT_LEFT)
            pc.rpad = (size_t)sp->width - n;
        else
            pc.lpad = (size_t)sp->width - n;
    }
    return pc;
}

/* The digits of @v in the base of @conv, ending at @end (no leading zero); the first. */
static char *fmt_digits(char *end, uintmax_t v, char conv)
{
    const char *hex = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    uint32_t w;

    if (conv == 'x' || conv == 'X' || conv == 'p') {
        do {
            *--p = hex[v & 15];
            v >>= 4;
        } while (v);
    } else if (conv == 'o') {
        do {
            *--p = (char)('0' + (v & 7));
            v >>= 3;
        } while (v);
    } else {
        for (; v > UINT32_MAX; v /= 10)
            *--p = (char)('0' + v % 10);
        w = (uint32_t)v; /* the rest in 32 bits: cheaper divisions */
        do {
            *--p = (char)('0' + w % 10);
            w /= 10;
        } while (w);
    }
    return p;
}

/*
 * Integer magnitude @v with sign character @sign (0: none) under @sp, built backwards
 * from @end (FMT_TMP bytes before it are free): C's rules for d i u x X o, glibc's for
 * %p (as %#lx, the + and space flags kept).
 */
static struct fmt_piece fmt_number(char *end, const struct fmt_spec *sp, uintmax_t v,
                                   char sign)
{
    struct fmt_piece pc = {0};
    size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec, n, pad = 0;
    bool alt = sp->flags & FMT_ALT;
    bool x = v && (sp->conv == 'p' || (alt && (sp->conv == 'x' || sp->conv == 'X')));
    size_t npre = (sign ? 1u : 0u) + (x ? 2u : 0u);
    char *p = end;

    if (v || prec) /* a zero with precision 0 has no digits */
        p = fmt_digits(end, v, sp->conv);
    if (alt && sp->conv == 'o' && (p == end || *p != '0'))
        *--p = '0'; /* %#o: the first digit is a 0 */
    n = (size_t)(end - p) < prec ? prec : (size_t)(end - p); /* digits and zeros */
    if ((size_t)sp->width > n + npre)
        pad = (size_t)sp->width - (n + npre);
    if (!(sp->flags & FMT_LEFT) && (sp->flags & FMT_ZERO) && sp->prec < 0) {
        n += pad; /* 0 pads after the sign and 0x; it is ignored with a precision */
        pad = 0;
    }
    while ((size_t)(end - p) < n)
        *--p = '0';
    if (x) {
        *--p = sp->conv == 'X' ? 'X' : 'x';
        *--p = '0';
    }
    if (sign)
        *--p = sign;
    if (sp->flags & FMT_LEFT)
        pc.rpad = pad;
    else
        pc.lpad = pad;
    pc.s = p;
    pc.n = (size_t)(end - p);
    return pc;
}

/* The sign flag's character for a non-negative value under @sp; 0 if none. */
static char fmt_sign(const struct fmt_spec *sp)
{
    if (sp->flags & FMT_PLUS)
        return '+';
    return sp->flags & FMT_SPACE ? ' ' : 0;
}

/* The argument of a signed conversion of length @len. */
static intmax_t fmt_arg_signed(unsigned char len, va_list *ap)
{
    switch (len) {
    case FMT_HH:
        return (signed char)va_arg(*ap, int);
    case FMT_H:
        return (short)va_arg(*ap, int);
    case FMT_L:
        return va_arg(*ap, long);
    case FMT_LL:
        return va_arg(*ap, long long);
    case FMT_Z: /* the signed type of size_t's width */
        return (ptrdiff_t)va_arg(*ap, size_t);
    case FMT_J:
        return va_arg(*ap, intmax_t);
    case FMT_T:
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, int);
    }
}

/* The argument of an unsigned conversion of length @len. */
static uintmax_t fmt_arg_unsigned(unsigned char len, va_list *ap)
{
    switch (len) {
    case FMT_HH:
        return (unsigned char)va_arg(*ap, int); /* promoted to int */
    case FMT_H:
        return (unsigned short)va_arg(*ap, int);
    case FMT_L:
        return va_arg(*ap, unsigned long);
    case FMT_LL:
        return va_arg(*ap, unsigned long long);
    case FMT_Z:
        return va_arg(*ap, size_t);
    case FMT_J:
        return va_arg(*ap, uintmax_t);
    case FMT_T: /* the unsigned type of ptrdiff_t's width */
        return (size_t)va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* %s: at most the precision's bytes of @s; glibc's "(null)" (or nothing) for NULL. */
static struct fmt_piece fmt_string(const struct fmt_spec *sp, const char *s)
{
    const char *nul;

    if (!s) /* glibc: "(null)" unless a precision below 6 would cut it */
        s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
    if (sp->prec < 0)
        return fmt_text(sp, s, strlen(s));
    nul = memchr(s, '\0', (size_t)sp->prec); /* reads no byte past the precision */
    return fmt_text(sp, s, nul ? (size_t)(nul - s) : (size_t)sp->prec);
}

/* Integer conversion d i u x X o of @sp from @ap, built backwards from @end. */
static struct fmt_piece fmt_integer(char *end, const struct fmt_spec *sp, va_list *ap)
{
    uintmax_t u;
    intmax_t v;
    char sign = 0, *p;

    if (sp->conv == 'd' || sp->conv == 'i') {
        v = fmt_arg_signed(sp->len, ap);
        u = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v; /* INTMAX_MIN too */
        sign = v < 0 ? '-' : fmt_sign(sp);
    } else { /* u x X o: the + and space flags are for signed conversions only */
        u = fmt_arg_unsigned(sp->len, ap);
    }
    if (sp->flags || sp->width || sp->prec >= 0)
        return fmt_number(end, sp, u, sign);
    p = fmt_digits(end, u, sp->conv); /* a bare conversion, the common case */
    if (sign)
        *--p = sign;
    return (struct fmt_piece){.s = p, .n = (size_t)(end - p)};
}

/* One conversion from @ap; @tmp (FMT_TMP bytes) may hold what it prints. */
static struct fmt_piece fmt_conv(char *tmp, const struct fmt_spec *sp, va_list *ap)
{
    void *ptr;

    switch (sp->conv) {
    case '%':
        return (struct fmt_piece){.s = "%", .n = 1};
    case 'c':
        tmp[0] = (char)(unsigned char)va_arg(*ap, int);
        return fmt_text(sp, tmp, 1);
    case 's':
        return fmt_string(sp, va_arg(*ap, char *));
    case 'p': /* glibc: "(nil)" whatever the precision, else %#lx */
        ptr = va_arg(*ap, void *);
        if (!ptr)
            return fmt_text(sp, "(nil)", 5);
        return fmt_number(tmp + FMT_TMP, sp, (uintptr_t)ptr, fmt_sign(sp));
    default:
        return fmt_integer(tmp + FMT_TMP, sp, ap);
    }
}

/*
 * Conversion @i of @plan, or (past the plan's FMT_PLAN_MAX) the next one after @p
 * parsed again into @extra; NULL after the last.
 */
static const struct fmt_spec *fmt_next(const struct fmt_plan *plan, unsigned i,
                                       const char *p, struct fmt_spec *extra)
{
    if (i < plan->nr)
        return &plan->sp[i];
    if (plan->nr < FMT_PLAN_MAX || !(extra->at = strchr(p, '%')))
        return NULL;
    extra->next = fmt_parse(extra->at + 1, extra); /* not NULL: fmt_scan() said so */
    return extra;
}

/* The formatting pass over @fmt, whose scan gave @plan, into @o. */
static void fmt_run(struct fmt_out *o, const char *fmt, const struct fmt_plan *plan,
                    va_list *ap)
{
    char tmp[FMT_TMP];
    const struct fmt_spec *sp;
    struct fmt_spec extra;
    struct fmt_piece pc;
    const char *p = fmt;

    for (unsigned i = 0; (sp = fmt_next(plan, i, p, &extra)); i++) {
        fmt_put(o, p, (size_t)(sp->at - p));
        pc = fmt_conv(tmp, sp, ap);
        fmt_emit(o, &pc);
        p = sp->next;
    }
    fmt_put(o, p, strlen(p));
}

int sim_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = {.buf = buf, .cap = size ? size - 1 : 0};
    struct fmt_plan plan;
    va_list cp; /* taken before any argument is read: vsnprintf() may need them all */
    int rc;

    va_copy(cp, ap);
    if (!fmt_scan(fmt, &plan)) {
        rc = vsnprintf(buf, size, fmt, cp);
        va_end(cp);
        return rc;
    }
    fmt_run(&o, fmt, &plan, &cp);
    va_end(cp);
    if (size)
        buf[o.len < o.cap ? o.len : o.cap] = '\0';
    if (o.len > INT_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (int)o.len;
}

int sim_fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = sim_vfmt(buf, size, fmt, ap);
    va_end(ap);
    return rc;
}
