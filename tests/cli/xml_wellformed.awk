# SPDX-License-Identifier: MIT
#
# A small XML well-formedness check (POSIX awk; xmllint is not on a fresh machine):
# an optional <?xml ...?> declaration, then exactly one root element named ROOT
# (awk -v root=svg); start and end tags nest and match; attributes are name="value"
# with no '<' in values; character data has no '<' and only the five predefined
# entities or numeric ones after '&'. No comments, CDATA or DOCTYPE (gntsim writes
# none). Prints "FILE: what is wrong" and exits 1, or exits 0.
function fail(msg) { print FILENAME ": " msg; bad = 1; exit 1 }
function check_text(s, r) {
    r = s
    gsub(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/, "", r)
    if (index(r, "&")) fail("a bare '&' in character data")
    if (!top && r ~ /[^ \t\r\n]/) fail("character data outside the root element")
}
{ doc = doc $0 "\n" }
END {
    if (bad) exit 1
    top = 0; roots = 0; s = doc
    if (substr(s, 1, 5) == "<?xml") {
        e = index(s, "?>")
        if (!e) fail("unterminated XML declaration")
        s = substr(s, e + 2)
    }
    while ((i = index(s, "<")) > 0) {
        check_text(substr(s, 1, i - 1))
        s = substr(s, i)
        e = index(s, ">")
        if (!e) fail("unterminated tag")
        tag = substr(s, 2, e - 2)
        s = substr(s, e + 1)
        if (tag ~ /^\//) {
            name = substr(tag, 2)
            if (!top || stack[top] != name) fail("</" name "> does not close <" stack[top] ">")
            top--
            continue
        }
        selfc = tag ~ /\/$/
        if (selfc) tag = substr(tag, 1, length(tag) - 1)
        if (tag !~ /^[A-Za-z_][-A-Za-z0-9_:.]*([ \t\n]+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<]*")*[ \t\n]*$/)
            fail("malformed tag <" tag ">")
        if (index(tag, "&")) {
            r = tag
            gsub(/&(amp|lt|gt|quot|apos|#[0-9]+);/, "", r)
            if (index(r, "&")) fail("a bare '&' in an attribute of <" tag ">")
        }
        match(tag, /^[A-Za-z_][-A-Za-z0-9_:.]*/)
        name = substr(tag, 1, RLENGTH)
        if (!top) {
            roots++
            if (roots > 1) fail("more than one root element")
            if (root != "" && name != root) fail("root element <" name ">, not <" root ">")
        }
        if (!selfc) stack[++top] = name
    }
    check_text(s)
    if (top) fail("<" stack[top] "> is never closed")
    if (!roots) fail("no root element")
    exit 0
}
