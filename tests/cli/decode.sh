#!/bin/sh
# SPDX-License-Identifier: MIT
# `gntsim decode` from the command line: operands, -f, stdin, whole logs,
# exit statuses and messages. $1 is the gntsim binary.
set -u
GNTSIM=$1
T=${2:-${TMPDIR:-/tmp}/gntsim-decode-$$}
mkdir -p "$T" || exit 1
. "$(dirname "$0")/lib.sh"
G=$GNTSIM
SEED='(XEN) smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, iova=0x8424cb148, fsynr=0xb0001, cb=0'
LINUX='[   12.345678] arm-smmu fd800000.smmu: Unhandled context fault: fsr=0x408, iova=0x100000148, fsynr=0x3, cbfrsynra=0x877, cb=1'

# run CMD...; check NAME WANT_RC FIXED...: exit status, and each string in stdout or stderr.
run() { t "?" "$@"; }
check() {
    name=$1
    expect_rc "$2"
    shift 2
    expect_has "$@"
}

run "$G" decode "$SEED"
check seed-arg 0 'translation fault on a read' 'of /smmu@fd800000 (Xen)' 'CB_FSR    0x00000402'
no_out '^arg:'
run "$G" decode fsr=0x402 iova=0x8424cb148
check fields-joined 0 'translation fault'
run "$G" decode fsr=402 iova=8424cb148 fsynr=1 cb=10
check no-0x-is-hex 0 'CB_FSR    0x00000402' 'context bank 10'
run "$G" decode fsr=0x402 iova=0x1 cb=0x1
check cb-decimal 2 "arg:1: bad value (decimal) in 'cb=0x1'"
run "$G" decode fsr=0x408 iova=0x100000148 fsynr=0x3
check read-permission 0 'permission fault on a read' 'does not allow a read'
no_out 'written'
run "$G" decode fsr=0x0 iova=0x1000
check fsr-zero 0 'no fault recorded' 'CB_FSR    0x00000000'
run "$G" decode "$LINUX"
check linux-line 0 'of fd800000.smmu (Linux)' 'CBFRSYNRA 0x00000877'
run "$G" decode "(XEN)  [2021-02-03 10:11:12.123] smmu: /smmu@fd800000: Unhandled context fault: fsr=0x402, iova=0x8424cb148, fsynr=0x1, cb=0"
check xen-datems 0 'translation fault'
run "$G" decode "boot
$SEED
$LINUX"
check multiline-arg 0 'arg:2: translation fault' 'arg:3: permission fault'

printf 'Xen 4.14.1\r\n(XEN) [  123.456789] %s\r\nmacb: DMA bus error\r\n' "$SEED" >"$T/crlf.log"
run "$G" decode -f "$T/crlf.log"
check file-crlf 0 "$T/crlf.log:2: translation fault"
run "$G" decode --file="$T/crlf.log" -f "$T/crlf.log"
check file-twice 0 "$T/crlf.log:2: translation fault"
run sh -c "\"$G\" decode - <\"$T/crlf.log\""
check stdin-dash 0 '<stdin>:2: translation fault'
run sh -c "\"$G\" decode <\"$T/crlf.log\""
check stdin-default 0 '<stdin>:2: translation fault'
printf 'nothing here\nat all\n' >"$T/none.log"
run "$G" decode -f "$T/none.log"
check no-fault 2 'no SMMU fault line found'
printf 'a\n%s\nfsr=0x4z2 iova=0x1\n' "$SEED" >"$T/bad.log"
run "$G" decode -f "$T/bad.log"
check malformed 2 "$T/bad.log:3: bad value (hex) in 'fsr=0x4z2'" "$T/bad.log:2: translation"
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "x"; print s }' >"$T/long.log"
run "$G" decode -f "$T/long.log"
check long-line 2 "$T/long.log:1: line longer than 4096 bytes"
# binary: a bounded number of errors, control bytes escaped
i=0
while [ $i -lt 30 ]; do printf 'fsr=\033[31m\001 iova=1\n'; i=$((i + 1)); done >"$T/bin.log"
run "$G" decode -f "$T/bin.log"
check binary 2 '\x1b' 'too many malformed lines; stopping'
if [ "$(cat "$T/out" "$T/err" | grep -c 'bad value')" -gt 10 ]; then bad "unbounded"; else ok; fi
if cat "$T/out" "$T/err" | tr -d '\n' | LC_ALL=C grep -q '[[:cntrl:]]'; then
    bad "raw control bytes in the output"
else
    ok
fi
printf '(XEN) SMMUv3: /smmu@4f000000: event 0x10 received:\n(XEN) SMMUv3: /smmu@4f000000: \t0x0000000800000010\n(XEN) SMMUv3: /smmu@4f000000: \t0x0000028800000000\n(XEN) SMMUv3: /smmu@4f000000: \t0x00000008424cb148\n(XEN) SMMUv3: /smmu@4f000000: \t0x00000008424cb000\n' >"$T/v3.log"
run "$G" decode -f "$T/v3.log"
check smmuv3 0 'SMMUv3 event 0x10 F_TRANSLATION from StreamID 0x8' 'IPA       0x8424cb000'
# SMMUv2 global faults: the two real reports (Juno's stream match conflict under
# Xen, a QUP whose StreamID 0x43 was missing from its DT iommus under Linux)
printf '(XEN) smmu: /iommu@7fb30000: Unexpected global fault, this could be serious\n(XEN) smmu: /iommu@7fb30000: \tGFSR 0x00000004, GFSYNR0 0x00000006, GFSYNR1 0x00000000, GFSYNR2 0x00000000\n' >"$T/gf-xen.log"
run "$G" decode -f "$T/gf-xen.log"
check global-xen-smcf 0 "$T/gf-xen.log:1: global fault: stream match conflict" 'of /iommu@7fb30000 (Xen)' 'SMCF     [2]      1' 'two devices share a stream id'
no_out 'gf-xen.log:2:'
printf 'arm-smmu 15000000.iommu: Unexpected global fault, this could be serious\narm-smmu 15000000.iommu: GFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1 0x00000043, GFSYNR2 0x00000000\n' >"$T/gf-linux.log"
run "$G" decode -f "$T/gf-linux.log"
check global-linux-usf 0 'global fault: unidentified stream from StreamID 0x43 of 15000000.iommu (Linux)' 'USF      [1]      1' 'stream ID 0x43 matches no SMR' 'DT iommus'
run "$G" decode 'arm-smmu 15000000.iommu: GFSR 0x00000002, GFSYNR0 0x00000002, GFSYNR1 0x00000043, GFSYNR2 0x00000000'
check global-gfsr-alone 0 'unidentified stream from StreamID 0x43'
run "$G" decode '[    3.1] arm-smmu 15000000.iommu: Blocked unknown Stream ID 0x43; boot with "arm-smmu.disable_bypass=0" to allow, but this may have security implications'
check global-blocked 0 'unidentified stream from StreamID 0x43' 'Linux blocked the access'
run "$G" decode '(XEN) smmu: /iommu@7fb30000: Unexpected global fault, this could be serious'
check global-header-alone 0 'global fault: unknown (no GFSR line)' 'GFSR      not in the log'
run "$G" decode 'GFSR 0x2, GFSYNR0 0x0'
check global-malformed 2 "GFSR line: missing 'GFSYNR1'"
run "$G" decode -f "$T/missing.log"
check missing-file 2 'cannot open'
run "$G" decode --bogus
check unknown-option 2 "unknown or ambiguous option '--bogus'" "Try 'gntsim decode --help'."
run "$G" decode -f
check f-needs-value 2 'needs a value'
run "$G" decode --help
check help 0 'Usage: gntsim decode' 'Numbers without 0x are hex' 'SMMUv2 global faults'
run "$G" decode --version
check version 0 'gntsim '
run "$G" decode -- fsr=0x402 iova=0x1
check double-dash 0 'translation fault'
finish
