/* SPDX-License-Identifier: MIT */
/*
 * The scenario parser's private state and the helpers its files share:
 *   scenario_parse.c        lines, statements, arguments, expectations
 *   scenario_parse_rel.c    release lists and groups
 *   scenario_parse_value.c  argument and expectation values
 */
#ifndef GNTSIM_SIM_SCENARIO_PARSER_H
#define GNTSIM_SIM_SCENARIO_PARSER_H

#include "scenario/scenario.h"

struct sc_group {
    char name[32];
    uint64_t mask;
};

struct sc_parser {
    struct gntsim_scenario *sc;
    FILE *errs;
    unsigned line, nerr;
    const struct sc_token *t; /* current line's tokens */
    size_t nt;
    const char *line_end; /* end of the current line's text */
    struct sc_group groups[SC_MAX_GROUPS];
    unsigned ngroups;
    int last_result;     /* statement of the latest result, -1 none */
    size_t reset_from;   /* first statement after the latest `reset` (0: none) */
    unsigned reset_line; /* that reset's line */
    size_t par_open;     /* the open `parallel` statement + 1 (0: none) */
    unsigned par_line;   /* its line */
    bool body_started;
    bool have_releases;
    bool have_world;
};

/* Report "file:line:col: message" and count the error. Cannot fail. */
void sc_perr(struct sc_parser *p, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True if @t is the word @w. */
bool sc_tok_is(const struct sc_token *t, const char *w);

/* Every release profile as a mask. */
uint64_t sc_all_rels(void);
/* Tokens [@i, @end) as a release mask (names, groups, "all", "!x"); 0 after an error. */
uint64_t sc_rel_list(struct sc_parser *p, size_t i, size_t end);
/* The "releases" and "group" header lines. Errors are reported with sc_perr(). */
void sc_parse_releases(struct sc_parser *p);
void sc_parse_group(struct sc_parser *p);

/* A command line, or a standalone expectation when @cmd is NULL, appended to the
 * scenario. Errors are reported with sc_perr() (nothing appended). */
void sc_parse_stmt(struct sc_parser *p, const struct sc_cmd *cmd);

/* scenario_parse_par.c: `parallel [schedule="..."] {`, the `}` closing it, a member's
 * checks (0, or -1 after sc_perr()), the `races` header line, and the end of the file
 * (a block left open). Errors are reported with sc_perr(). */
void sc_parse_par_begin(struct sc_parser *p);
void sc_parse_par_end(struct sc_parser *p);
int sc_parse_par_member(struct sc_parser *p, struct sc_stmt *s);
void sc_parse_races(struct sc_parser *p);
void sc_parse_par_eof(struct sc_parser *p);

/* Values of arguments and expectations; each returns 0, or -1 after sc_perr(). */
int sc_parse_ref(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                 bool whole);
int sc_parse_int(struct sc_parser *p, const struct sc_token *t, struct sc_value *v,
                 bool dom);
int sc_parse_data(struct sc_parser *p, const struct sc_token *t, struct sc_value *v);
int sc_parse_word(struct sc_parser *p, const struct sc_token *t, struct sc_value *v);
int sc_parse_value(struct sc_parser *p, enum sc_ak k, const struct sc_token *t,
                   struct sc_value *v);

/* scenario_parse_expect.c: the `expect` clauses from token *@i of statement @self
 * (owner @owner), appended to it; *@i moves past them. 0, or -1 after sc_perr(). */
int sc_parse_expect(struct sc_parser *p, size_t *i, int owner, struct sc_stmt *self);
/* Free what a value or an expectation holds (not the struct itself). Cannot fail. */
void sc_value_free(struct sc_value *v);
void sc_expect_free(struct sc_expect *e);

#endif
