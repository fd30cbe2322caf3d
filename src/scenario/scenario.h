/* SPDX-License-Identifier: MIT */
/*
 * Scenario internals shared by the lexer, the parser, the command table and
 * the runner. The language is described in docs/scenario-language.md.
 */
#ifndef GNTSIM_SIM_SCENARIO_H
#define GNTSIM_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gntsim/scenario.h"

#define SC_MAX_ARGS   12
#define SC_MAX_FIELDS 13 /* result fields a command has, at most (net-stats) */
#define SC_MAX_RELS   64
#define SC_MAX_GROUPS 16
#define SC_MAX_DATA   4096
#define SC_MAX_ERRORS 20 /* syntax errors reported per file before giving up */

/* ---- lexer ---- */

enum sc_tok {
    TK_END,
    TK_WORD,
    TK_STRING,
    TK_EQ,
    TK_OP, /* == != < <= > >= */
    TK_LBRACK,
    TK_RBRACK,
    TK_COMMA,
    TK_AMP,    /* & (a bit mask on a term) */
    TK_LBRACE, /* { (a set) */
    TK_RBRACE,
};

struct sc_token {
    enum sc_tok kind;
    unsigned col;     /* 1-based */
    const char *text; /* into the line (TK_WORD, TK_OP) */
    size_t len;
    char *str; /* TK_STRING: decoded bytes (heap, NUL-terminated) */
    size_t slen;
};

struct sc_lexline {
    struct sc_token *tok;
    size_t nr, cap;
};

/* Split @line (@len bytes, no newline) into tokens. On error returns -EINVAL with
 * *@col and @msg set. */
int sc_lex_line(const char *line, size_t len, struct sc_lexline *out, unsigned *col,
                char *msg, size_t msglen);
/* The value of hex digit @c (0-9, a-f, A-F), or -1. */
int sc_hex_digit(char c);
/* Free the decoded strings of @l (keeps the array for reuse). */
void sc_lex_clear(struct sc_lexline *l);

/* ---- values and the command table ---- */

enum sc_fk { /* how a result field is compared and printed */
             FK_INT,
             FK_HEX,
             FK_ERRNO,
             FK_GNTST,
             FK_GTF,
             FK_STR,
             FK_BYTES
};

enum sc_ak {         /* what an argument accepts */
             AK_DOM, /* a domid: 0..0xffff (d0, d1, ... or a number) */
             AK_U16, /* integers in the range of the C type the API takes */
             AK_U32,
             AK_U64,
             AK_ARG32, /* a 32-bit hypercall argument: -2^31..2^32-1 */
             AK_DATA,
             AK_NAME,
             AK_STR,
             AK_BOOL,
             AK_FLAG,
             AK_RESULT
};

struct sc_keyspec {
    const char *name;
    enum sc_ak kind;
    bool required;
};

struct sc_fieldspec {
    const char *name;
    enum sc_fk kind;
};

struct sc_run;
struct sc_stmt;
struct sc_parser;

struct sc_cmd {
    const char *name;
    const struct sc_keyspec *pos;      /* positional, NULL-name terminated */
    const struct sc_keyspec *keys;     /* key=value and bare flags */
    const struct sc_fieldspec *fields; /* result fields; NULL: no result */
    int (*exec)(struct sc_run *r, const struct sc_stmt *s);
    unsigned flags; /* SC_SETUP */
    /* Checks across arguments at parse time (NULL: none); 0, or -1 after sc_perr(). */
    int (*check)(struct sc_parser *p, const struct sc_stmt *s);
};

/* A setup step: when it fails without an expectation of its own, the release stops. */
#define SC_SETUP 1u
/* `reset`: a fresh world; results named before it are out of reach. */
#define SC_RESET 2u
/* May run on a simulated vCPU of a `parallel` block (a hypercall or a guest's own
 * grant-table write). */
#define SC_PAR 4u
/* A guest's own memory write (grant, end-access), not a hypercall: in a parallel block
 * it stands for another CPU of the guest and takes none of its vCPUs. */
#define SC_GUEST 8u
/* `parallel`: the statements up to the matching `}` run concurrently (scenario_par.c). */
#define SC_PAR_BLOCK 8u

/* Whether @v fits integer kind @k (@negative: it was written with a minus sign). */
bool sc_int_fits(enum sc_ak k, int64_t v, bool negative);
/* The range of integer kind @k, as text ("0..65535"). */
const char *sc_int_range(enum sc_ak k);

/* The command called @name (@len bytes), or NULL. */
const struct sc_cmd *sc_cmd_find(const char *name, size_t len);
/* Whether @c takes key @name (vcpu=: it runs as a hypercall of a vCPU). Cannot fail. */
bool sc_cmd_has_key(const struct sc_cmd *c, const char *name);
/* Index of field @name in @c's result, or -1. */
int sc_field_index(const struct sc_cmd *c, const char *name, size_t len);
/* Command @i of the table (the fuzzers' dictionary), or NULL past its end. */
const struct sc_cmd *sc_cmd_at(size_t i);
/* Name of symbolic constant @i (GNTST_okay, -EIO, ...), or NULL past the end. */
const char *sc_const_name(size_t i);
/* The `world` command (options applied at world creation). */
const struct sc_cmd *sc_cmd_world(void);

enum sc_vk { SV_NONE, SV_INT, SV_BYTES, SV_WORD, SV_REF };

struct sc_value {
    enum sc_vk kind;
    int64_t i;
    char *s; /* SV_BYTES, SV_WORD: heap, NUL-terminated */
    size_t len;
    int ref_stmt;  /* SV_REF: statement whose result is named */
    int ref_field; /* SV_REF: field index, -1 = the whole result */
};

struct sc_arg {
    const struct sc_keyspec *spec;
    struct sc_value v;
    unsigned col;
};

enum sc_cmp {
    CMP_EQ,
    CMP_NE,
    CMP_CONTAINS,
    CMP_NCONTAINS,
    CMP_LT,
    CMP_LE,
    CMP_GT,
    CMP_GE,
    CMP_IN,     /* one of a set */
    CMP_NIN,    /* none of a set */
    CMP_BEFORE, /* actions.KIND before KIND: the first of one precedes the first of the
                   other */
};

#define SC_MAX_SET 16 /* values in one "in {...}" */

struct sc_expect {
    uint64_t rels; /* bit i: release profile i */
    int stmt;      /* result owner; -1: the console log */
    int field;
    enum sc_cmp cmp;
    struct sc_value want; /* CMP_IN/CMP_NIN: set[0] */
    struct sc_value *set; /* CMP_IN/CMP_NIN: the values (heap) */
    unsigned nset;
    bool masked; /* TERM & mask: the integer term's bits under @mask */
    uint64_t mask;
    /* `actions` (SC_ACT_LINES: the step's actions, like `log`) or `actions.KIND`
     * (SC_ACT_COUNT: how many of that kind) of step @stmt */
    enum { SC_ACT_NONE, SC_ACT_LINES, SC_ACT_COUNT } actions;
    char akind[32];
    char bkind[32]; /* CMP_BEFORE: the later kind */
    bool list;      /* actions[.KIND] == {L, ...}: exactly these lines, in order (set) */
    unsigned line, col;
};

struct sc_stmt {
    const struct sc_cmd *cmd; /* NULL: a standalone expectation line */
    unsigned line, col;
    struct sc_arg args[SC_MAX_ARGS];
    unsigned nargs;
    char name[32]; /* "as NAME"; "" = unnamed */
    char *text;    /* source text, first to last token (heap; NULL: no memory) */
    struct sc_expect *exp;
    size_t nexp, capexp;
    bool checked;       /* an expectation (inline, on a later line, or by $name) reads its
                           result */
    bool wants_actions; /* an expectation reads its actions: record them */
    /* `parallel`: its member statements follow it (par_n of them) and its schedule=,
     * the vCPU (member index) chosen at each point where more than one can run */
    unsigned par_n;
    uint8_t *sched; /* heap */
    unsigned nsched;
    bool par_member; /* run by the `parallel` statement before it, not by itself */
};

struct gntsim_scenario {
    char *file;
    struct sc_stmt *stmts;
    size_t nr, cap;
    uint64_t rels;  /* releases the body runs under */
    uint64_t races; /* `races`: releases gntsim explore must find a race in */
    bool has_races; /* a `races` line was given (gntsim explore checks) */
    const struct sc_stmt *world; /* the `world` line, or NULL */
};

/* ---- runtime ---- */

struct sc_field {
    bool set;
    int64_t i;
    char s[80]; /* FK_STR */
    uint8_t *b; /* FK_BYTES: heap */
    size_t blen;
};

struct sc_result {
    bool ran;
    struct sc_field f[SC_MAX_FIELDS];
    char *why; /* a failed step: "rc -EFAULT: d1: write of ... not mapped" (heap) */
};

struct sc_run {
    const struct gntsim_scenario *sc;
    const struct gntsim_scenario_opts *o;
    struct gntsim_world *w;
    const char *release;
    unsigned rel_index;
    struct sc_result *res; /* one per statement */
    const struct sc_stmt *cur;
    int actions_stmt; /* the step whose actions gntsim_actions_*() hold, or -1 */
    /* the worlds a `reset` replaced: their distinct findings and allocations */
    unsigned findings_before;
    uint64_t allocs_before;
    bool alloc_failed;
    unsigned failures;
    struct gntsim_scenario_stats stats;
};

struct gntsim_scenario_run {
    struct sc_run r;
};

/* Release profile index of @name (@len bytes), or -1. */
int sc_release_index(const char *name, size_t len);

/* The runtime field a $ref value designates, or NULL (its step did not run or set it). */
const struct sc_field *sc_ref_field(struct sc_run *r, const struct sc_value *v);
/* Keep why step @i failed (its rc and the world's message) for later readers. Cannot
 * fail (no memory: no message). */
void sc_note_failure(struct sc_run *r, size_t i, const char *msg);
/* Report a failed API call @rc of the current step (the world's message). Returns -1. */
int sc_setup_failed(struct sc_run *r, int rc);
/* Integer of @v, resolving a $ref (a missing value is a run error, read as 0). */
int64_t sc_value_int(struct sc_run *r, const struct sc_value *v);
/* The operator's text ("==", "<=", "in", ...). Cannot fail. */
const char *sc_cmp_name(enum sc_cmp c);
/* Why the step owning result @res has no value: "read at line 4 failed: ..." into @buf.
 */
void sc_no_value(const struct sc_run *r, const struct sc_result *res, char *buf,
                 size_t len);
/* Check expectation @e if it applies to the run's release. Cannot fail. */
void sc_check_expect(struct sc_run *r, const struct sc_expect *e);

/* Mark the beginning (@begin) or end of step @s in a Chrome trace. Cannot fail. */
void sc_trace_step(struct sc_run *r, const struct sc_stmt *s, bool begin);
/* Whether the run's trace records steps and expectations (a Chrome trace). */
bool sc_trace_on(const struct sc_run *r);
/* Record expectation @e's result in a Chrome trace (@got NULL: "(holds)").
 * Cannot fail. */
void sc_trace_expect(struct sc_run *r, const struct sc_expect *e, const char *term,
                     const char *want, const char *got, bool pass);

/* Argument @key of @s, or NULL when absent. */
const struct sc_arg *sc_arg(const struct sc_stmt *s, const char *key);
/* Integer value of argument @key (resolving $refs) or @dflt when absent. */
int64_t sc_int(struct sc_run *r, const struct sc_stmt *s, const char *key, int64_t dflt);
/* Bytes of data argument @key; *@len receives the length. NULL when absent. */
const uint8_t *sc_data(struct sc_run *r, const struct sc_stmt *s, const char *key,
                       size_t *len);
/* String of argument @key, or @dflt. */
const char *sc_str(const struct sc_stmt *s, const char *key, const char *dflt);
/* Whether bare flag @key is present. */
bool sc_flag(const struct sc_stmt *s, const char *key);
/* Statement whose whole result argument @key names, or NULL. */
const struct sc_result *sc_result_arg(struct sc_run *r, const struct sc_stmt *s,
                                      const char *key);

/* Set result field @name of the current statement. Cannot fail (unknown: ignored). */
void sc_set_int(struct sc_run *r, const char *name, int64_t v);
void sc_set_str(struct sc_run *r, const char *name, const char *v);
void sc_set_bytes(struct sc_run *r, const char *name, const void *b, size_t len);
/* Integer field @name of @res (for whole-result arguments), or @dflt. */
int64_t sc_result_int(const struct sc_stmt *owner, const struct sc_result *res,
                      const char *name, int64_t dflt);

/* Report a run error of the current statement ("file:line: release: msg"); returns -1.
 */
int sc_run_error(struct sc_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parse-time resolution of symbolic constants (GNTST_*, -E*, GTF_*|...). */
bool sc_const_lookup(const char *word, size_t len, int64_t *out);
/* Render @v of kind @k into @buf (always NUL-terminated). */
void sc_render_int(enum sc_fk k, int64_t v, char *buf, size_t len);

/* Executors by layer (scenario_ops.c, scenario_hw.c, scenario_linux.c). */
int sc_exec_domain(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_reset(struct sc_run *r, const struct sc_stmt *s);
/* Parse-time argument checks (scenario_check.c); 0, or -1 after reporting. */
int sc_check_domain(struct sc_parser *p, const struct sc_stmt *s);
/* net-attack's KIND: one of the attacks; -1 (reported) when not. */
int sc_check_net_attack(struct sc_parser *p, const struct sc_stmt *s);
int sc_check_inject(struct sc_parser *p, const struct sc_stmt *s);
/* p2m-set: type= is one of the P2M types a scenario may place (file:line:col if not). */
int sc_check_p2m_set(struct sc_parser *p, const struct sc_stmt *s);
int sc_check_add_to_physmap(struct sc_parser *p, const struct sc_stmt *s);
/* grant: gfn= or trans-dom= with trans-ref= (not ro). 0, or -1 after sc_perr(). */
int sc_check_grant(struct sc_parser *p, const struct sc_stmt *s);
/* p2m-set, p2m-remove, iomem (scenario_p2m.c): rc as the API returns it. */
int sc_exec_p2m_set(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_p2m_remove(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_decrease_reservation(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_add_to_physmap(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_iomem(struct sc_run *r, const struct sc_stmt *s);
/* The @i-th type name p2m-set takes ("p2m_map_foreign_rw"), or NULL past the last. */
const char *sc_p2m_set_type_name(size_t i);
/* world: dma-policy= names a policy of gntsim_dma_policy_find(). */
int sc_check_world(struct sc_parser *p, const struct sc_stmt *s);
/* linux-boot: every xsaN= is `vulnerable` or `fixed`. 0, or -1 (reported). */
int sc_check_linux_boot(struct sc_parser *p, const struct sc_stmt *s);
int sc_exec_inject(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_write(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_read(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_grant(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_end_access(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_map(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_unmap(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_copy(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_cache_flush(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_set_version(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_get_version(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_status_frames(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_setup_table(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_query_size(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_unmap_replace(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_swap(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_transfer(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_hypercall(struct sc_run *r, const struct sc_stmt *s);
/* hypercall: ops= and data= fit CMD's op struct; -1 (reported) when not. */
int sc_check_hypercall(struct sc_parser *p, const struct sc_stmt *s);
/* Name of ops= constant @i (GNTMAP_host_map, ...), or NULL past the end. */
const char *sc_hypercall_const_name(size_t i);
/* xenver: CMD names a modelled XENVER_ command; -1 (reported) when not. */
int sc_check_xenver(struct sc_parser *p, const struct sc_stmt *s);
int sc_exec_xenver(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_domain_destroy(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_crashed(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_p2m(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_iommu(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_grant_info(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_page(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_check(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_counters(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_mapkind(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_maptrack(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_smmu(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_device(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_dma_read(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_dma_write(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_fault(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_linux_boot(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_linux_grant(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_linux_end_access(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_linux_map(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_linux_unmap(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_dma_map(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_dma_unmap(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_dma_sync(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_vif(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_send(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_peer_send(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_run(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_poll(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_packet(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_stats(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_net_attack(struct sc_run *r, const struct sc_stmt *s);
int sc_exec_vif_destroy(struct sc_run *r, const struct sc_stmt *s);
/* parallel (scenario_par.c): run the block's statements on their own vCPUs. */
int sc_exec_parallel(struct sc_run *r, const struct sc_stmt *s);

#endif
