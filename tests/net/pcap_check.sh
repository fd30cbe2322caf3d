#!/bin/sh
# SPDX-License-Identifier: MIT
# pcap_check.sh GNTSIM READER OUTDIR: capture scenarios/net-ping-vs-wget.gsc
# under master (wire and vif) and check the files with READER (tcpdump or
# tshark): both must open, the vif must show the ping and its reply, the
# wire the TCP-sized frame and the peer's echo with correct checksums; the same
# scenario twice in one file, separated by `reset`, gives one file of twice the frames.
# Exit 77 (CTest SKIP_RETURN_CODE) when READER is not installed.
set -u
gntsim=$1 reader=$2 out=$3
if ! command -v "$reader" >/dev/null 2>&1; then
    echo "SKIP: $reader is not installed" >&2
    exit 77
fi
mkdir -p "$out" || exit 1
wire=$out/wire-$reader.pcap vif=$out/vif-$reader.pcap
"$gntsim" run --release master --pcap "$wire" --pcap-vif "$vif" \
    scenarios/net-ping-vs-wget.gsc || exit 1
case $reader in
tcpdump)
    w=$(tcpdump -nnv -r "$wire" 2>&1) || { echo "$w"; exit 1; }
    v=$(tcpdump -nnv -r "$vif" 2>&1) || { echo "$v"; exit 1; } ;;
*)
    w=$(tshark -n -V -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
        -r "$wire" 2>&1) || { echo "$w"; exit 1; }
    v=$(tshark -n -V -r "$vif" 2>&1) || { echo "$v"; exit 1; } ;;
esac
printf '%s\n' "$w" "$v"
fail=0
check() { printf '%s\n' "$1" | grep -q -- "$2" || { echo "missing: $2"; fail=1; }; }
check "$v" 'echo request\|Echo (ping) request'
check "$v" 'echo reply\|Echo (ping) reply'
check "$w" '10.0.0.2.40000 > 10.0.0.3.7\|Src Port: 40000'
check "$w" '10.0.0.3.7 > 10.0.0.2.40000\|Src Port: 7'
[ "$reader" = tcpdump ] && check "$w" 'cksum 0x[0-9a-f]* (correct)'
if [ "$reader" = tshark ]; then
    check "$w" 'Checksum Status: Good'
    if printf '%s\n' "$w" | grep -q 'Checksum Status: Bad'; then
        echo "bad checksum in the wire capture"
        fail=1
    fi
fi
# reset: the captures go on in the new world (no second file header)
twice=$out/twice.gsc
{ cat scenarios/net-ping-vs-wget.gsc; echo reset
  grep -v '^releases \|^group ' scenarios/net-ping-vs-wget.gsc; } >"$twice" || exit 1
"$gntsim" run --release master --pcap "$out/wire2-$reader.pcap" \
    --pcap-vif "$out/vif2-$reader.pcap" "$twice" >/dev/null || exit 1
frames() {
    case $reader in
    tcpdump) tcpdump -nn -r "$1" 2>/dev/null | wc -l ;;
    *) tshark -n -r "$1" 2>/dev/null | wc -l ;;
    esac
}
for kind in wire vif; do
    one=$(frames "$out/$kind-$reader.pcap") two=$(frames "$out/${kind}2-$reader.pcap")
    if [ "$one" -eq 0 ] || [ "$two" -ne $((2 * one)) ]; then
        echo "reset: $kind capture has $two frames, expected 2 x $one"
        fail=1
    fi
done
exit $fail
