/* SPDX-License-Identifier: MIT */
/*
 * `gntsim decode [LINE...] [-f FILE] [-]`: the SMMU fault reports found in
 * the text given, each explained, on top of gntsim_smmu_scan().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "decode.h"
#include "gntsim/gntsim.h"

#define DECODE_MAX_INPUT  (64u << 20) /* bytes read from one file or stdin */
#define DECODE_MAX_ERRORS 10          /* malformed lines reported before giving up */

static const char decode_usage[] =
    "Usage: gntsim decode [-f FILE]... [LINE... | -]\n"
    "Find the SMMU fault reports in a log and explain each: SMMUv2 context faults\n"
    "as Xen prints them ('(XEN) [  12.345678] smmu: /smmu@fd800000: Unhandled\n"
    "context fault: fsr=0x402, iova=0x8424cb148, fsynr=0xb0001, cb=0') or Linux's\n"
    "arm-smmu ('arm-smmu fd800000.smmu: Unhandled context fault: ..., cbfrsynra=0x877,\n"
    "cb=0'), their bare fields, SMMUv2 global faults ('Unexpected global fault, this\n"
    "could be serious' and the 'GFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1\n"
    "0x00000043, GFSYNR2 0x00000000' line after it, either alone, or Linux's 'Blocked\n"
    "unknown Stream ID 0x43'), and SMMUv3 event dumps ('event 0x10 received:' and the\n"
    "four 0x%016llx dwords after it, Linux arm-smmu-v3 or Xen SMMUv3). Other lines\n"
    "are ignored; timestamps, '(XEN)' and CRLF line ends are allowed.\n\n"
    "  LINE...          text (the arguments joined with spaces; may hold newlines)\n"
    "  -                read standard input (also the default when it is not a "
    "terminal)\n"
    "  -f, --file=FILE  read FILE (repeatable)\n\n"
    "Numbers without 0x are hex, as Xen and Linux print these registers; cb= is\n"
    "decimal (Xen and Linux print it with %d). Lines longer than 4096 bytes are "
    "refused.\n"
    "Exit status: 0 if at least one fault was decoded and no report was malformed;\n"
    "2 if none was found, a report was malformed (its line is named), or on a usage\n"
    "or I/O error.\n";

struct decode_run {
    const struct cli *c;
    const char *label; /* of the source being scanned */
    bool where;        /* print label:line before each fault */
    unsigned errors;
    long found;
};

static int decode_report(void *ctx, size_t line, const struct gntsim_smmu_decoded *d,
                         const char *err)
{
    struct decode_run *r = ctx;

    if (err) {
        cli_error(r->c, "%s:%zu: %s", r->label, line, err);
        if (++r->errors < DECODE_MAX_ERRORS)
            return 0;
        cli_error(r->c, "too many malformed lines; stopping");
        return 1;
    }
    if (r->found++)
        putchar('\n');
    if (r->where)
        printf("%s:%zu: ", r->label, line);
    decode_print(d);
    return 0;
}

/* All of @f into a new buffer (*@buf, *@len). Returns 0, or an errno value. */
static int decode_slurp(FILE *f, char **buf, size_t *len)
{
    size_t cap = 0, n = 0;
    char *b = NULL;

    errno = 0;
    for (;;) {
        if (n == cap) {
            char *nb = cap >= DECODE_MAX_INPUT ? NULL : realloc(b, cap ? 2 * cap : 65536);

            if (!nb) {
                free(b);
                return cap >= DECODE_MAX_INPUT ? EFBIG : ENOMEM;
            }
            b = nb;
            cap = cap ? 2 * cap : 65536;
        }
        n += fread(b + n, 1, cap - n, f);
        if (n < cap)
            break;
    }
    if (ferror(f)) {
        free(b);
        return errno ? errno : EIO; /* EISDIR for a directory */
    }
    *buf = b;
    *len = n;
    return 0;
}

struct decode_src {
    const char *label; /* "arg", a file name or "<stdin>" */
    char *buf;
    size_t len;
};

/* Read the file @path ("-": standard input) into *@s. Returns 0 or 2. */
static int decode_file(const struct cli *c, const char *path, struct decode_src *s)
{
    bool in = !strcmp(path, "-");
    FILE *f = in ? stdin : fopen(path, "rb");
    int e;

    s->label = in ? "<stdin>" : path;
    if (!f) {
        cli_error(c, "cannot open '%s': %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    e = decode_slurp(f, &s->buf, &s->len);
    if (!in)
        fclose(f);
    if (e) {
        cli_error(c, "cannot read '%s': %s", s->label,
                  e == EFBIG ? "larger than 64 MiB" : strerror(e));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* The operands other than "-", joined with spaces, into *@s. Returns 0 or 2. */
static int decode_args(const struct cli *c, int argc, char **argv, struct decode_src *s)
{
    size_t len = 0, o = 0;

    for (int i = c->optind; i < argc; i++)
        len += strcmp(argv[i], "-") ? strlen(argv[i]) + 1 : 0;
    s->label = "arg";
    s->buf = malloc(len + 1);
    if (!s->buf) {
        cli_error(c, "out of memory");
        return CLI_EXIT_USAGE;
    }
    for (int i = c->optind; i < argc; i++)
        if (strcmp(argv[i], "-"))
            o += (size_t)snprintf(s->buf + o, len + 1 - o, "%s%s", o ? " " : "", argv[i]);
    s->len = o;
    return 0;
}

/* Lines in @s (a last line without its newline counts). */
static size_t decode_lines(const struct decode_src *s)
{
    size_t n = 0;

    for (const char *p = s->buf; (p = memchr(p, '\n', s->len - (size_t)(p - s->buf)));
         p++)
        n++;
    return n + (s->len && s->buf[s->len - 1] != '\n');
}

/* Scan every source; returns the exit status. */
static int decode_all(const struct cli *c, struct decode_src *src, size_t n)
{
    struct decode_run r = {.c = c};
    size_t lines = 0;

    for (size_t i = 0; i < n; i++)
        lines += decode_lines(&src[i]);
    r.where = lines > 1;
    for (size_t i = 0; i < n && r.errors < DECODE_MAX_ERRORS; i++) {
        r.label = src[i].label;
        gntsim_smmu_scan(src[i].buf, src[i].len, decode_report, &r);
    }
    if (!r.found && !r.errors)
        cli_error(c, "no SMMU fault line found in the %s", n > 1 ? "inputs" : "input");
    if (fflush(stdout))
        return CLI_EXIT_USAGE;
    return r.found && !r.errors ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* Options: the -f FILEs into @files (*@nfiles). Returns CLI_END or CLI_EXIT (c->rc). */
static int decode_options(struct cli *c, int argc, char **argv, const char **files,
                          size_t *nfiles)
{
    int ch;

    while ((ch = cli_next(c, argc, argv)) != CLI_END) {
        if (ch == CLI_EXIT)
            return CLI_EXIT;
        files[(*nfiles)++] = c->optarg; /* 'f': the only option with a value */
    }
    return CLI_END;
}

/* Whether the operands name stdin ("-") and whether they hold text. */
static void decode_operands(const struct cli *c, int argc, char **argv, bool *in,
                            bool *text)
{
    *in = *text = false;
    for (int i = c->optind; i < argc; i++) {
        if (!strcmp(argv[i], "-"))
            *in = true;
        else
            *text = true;
    }
}

int cli_decode(int argc, char **argv)
{
    static const struct option longopts[] = {{"file", required_argument, NULL, 'f'}, {0}};
    struct cli c = {
        .cmd = "decode", .usage = decode_usage, .shortopts = "f:", .longopts = longopts};
    const char **files = calloc((size_t)argc + 1, sizeof(*files));
    struct decode_src *src = calloc((size_t)argc + 2, sizeof(*src));
    size_t nfiles = 0, n = 0;
    bool in, text;
    int rc = 0;

    if (!files || !src) {
        free(files);
        free(src);
        return CLI_EXIT_USAGE;
    }
    if (decode_options(&c, argc, argv, files, &nfiles) == CLI_EXIT) {
        rc = c.rc;
        goto out;
    }
    decode_operands(&c, argc, argv, &in, &text);
    if (!nfiles && !text && !in && isatty(STDIN_FILENO)) {
        rc = cli_usage_error(&c, "missing LINE, -f FILE or - (standard input)");
        goto out;
    }
    in = in || (!nfiles && !text);
    if (text)
        rc = decode_args(&c, argc, argv, &src[n++]);
    for (size_t i = 0; i < nfiles && !rc; i++)
        rc = decode_file(&c, files[i], &src[n++]);
    if (in && !rc)
        rc = decode_file(&c, "-", &src[n++]);
    if (!rc)
        rc = decode_all(&c, src, n);
out:
    for (size_t i = 0; i < n; i++)
        free(src[i].buf);
    free(files);
    free(src);
    return rc;
}
