/* SPDX-License-Identifier: MIT */
/*
 * The scenario language's words as a libFuzzer dictionary, from the parser's
 * own tables (commands, keys, flags, result fields, constants, p2m-set types,
 * net-attack kinds, dma-policy names), so the
 * dictionary cannot fall behind the language. Built with the fuzz targets;
 * CMake writes its output to build-fuzz/fuzz_scenario.dict.
 */
#include <stdio.h>

#include "scenario/scenario.h"

/* Words of the language outside the tables. */
static const char *const extra[] = {
    "releases",
    "group",
    "expect",
    "expect[",
    "and",
    "as",
    "log",
    "contains",
    "!contains",
    "in",
    "!in",
    "<",
    "<=",
    ">",
    ">=",
    "&",
    "{",
    "}",
    "all",
    "==",
    "!=",
    "$",
    "hex:",
    "\\x00",
    "\\n",
    "d0",
    "d1",
    "d2",
    "master",
    "4.14.1",
    "4.15.0",
    "4.12.0",
    "4.16.0",
    "0x40000",
    "0x842400",
    "0x100000",
    "0x8424cb",
    "0x400cb",
    "on",
    "off",
    "#",
    "before",
    "actions",
    "actions.iommu_map",
    "races",
    "parallel {",
    "schedule=\"0 1\"",
    "vcpu=1",
};

/* Words inside strings: xenver's commands and the op fields of hypercall's ops=. */
static const char *const in_strings[] = {
    "get_features", "version",  "pagesize", "host_addr=", "dev_bus_addr=", "flags=",
    "ref=",         "dom=",     "handle=",  "status=",    "nr_frames=",    "frame_list=",
    "src_ref=",     "dst_ref=", "len=",     ";",
};

static void word(const char *w, const char *suffix)
{
    putchar('"');
    for (const char *p = w; *p; p++)
        printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
    printf("%s\"\n", suffix);
}

static void keys(const struct sc_keyspec *k)
{
    for (; k && k->name; k++)
        word(k->name, k->kind == AK_FLAG ? "" : "=");
}

int main(void)
{
    const struct sc_cmd *c;
    const char *n;

    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
        word(extra[i], "");
    for (size_t i = 0; i < sizeof(in_strings) / sizeof(in_strings[0]); i++)
        word(in_strings[i], "");
    for (size_t i = 0; (c = sc_cmd_at(i)); i++) {
        word(c->name, " ");
        keys(c->keys);
        for (const struct sc_fieldspec *f = c->fields; f && f->name; f++)
            word(f->name, " ");
    }
    for (size_t i = 0; (n = sc_const_name(i)); i++)
        word(n, "");
    for (size_t i = 0; (n = sc_p2m_set_type_name(i)); i++)
        word(n, "");
    for (size_t i = 0; (n = sc_hypercall_const_name(i)); i++)
        word(n, "");
    for (int k = 0; (n = gntsim_net_attack_name((enum gntsim_net_attack_kind)k)); k++)
        word(n, " ");
    for (size_t i = 0; gntsim_dma_policy_at(i); i++) /* dma-policy= values */
        word(gntsim_dma_policy_at(i)->name, " ");
    return 0;
}
