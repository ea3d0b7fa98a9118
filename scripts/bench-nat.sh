#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The NAT half of make bench: build homenet.ko for Debian's stock kernel,
# boot that kernel once in a virtme-ng guest (TCG: no KVM here) and run
# tests/bench/nat-guest.sh in it: homenet, plain routing, nftables
# masquerade and masquerade + flowtable, with the same generator.
#
#   scripts/bench-nat.sh OUTDIR
#
# Leaves OUTDIR/nat.txt ("KEY VALUE" lines), console.log and dmesg.txt.
# BENCH_LAN=bridge: the router's LAN side is a bridge; BENCH_LAN=nic: its
# LAN veth copies each packet as a NIC would (nat-guest.sh);
# BENCH_NAT_PARTS, BENCH_CONFIGS, BENCH_ROUNDS narrow the run down;
# BENCH_KO_B=KO adds the configuration "hnb", homenet as built in KO (a path
# under the source tree, which the guest sees); BENCH_QEMU: more options
# for qemu, BENCH_CPUS: the guest's vCPUs (default 2); BENCH_TBPROF=1: an
# instruction profile of every pps window and new-flow run
# (tests/bench/tbprof.py).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "$1")
CACHE=${HOMENET_CACHE:-$HOME/.cache/homenet}
VNG=${VNG:-$CACHE/venv/bin/vng}
export PATH=$CACHE/venv/bin:$PATH
VM_TIMEOUT=${VM_TIMEOUT:-2400}
kbuild=$top/build/kmod-stock
say() { echo "bench-nat: $*" >&2; }

read -r img kdir < <("$top/scripts/kernel.sh" stock) || { say "no stock kernel"; exit 1; }
"$top/scripts/kmod-tree.sh" "$kbuild"
make -C "$kdir" M="$kbuild" -j"$(nproc)" modules > "$kbuild.log" 2>&1 ||
	{ cat "$kbuild.log" >&2; say "module build failed"; exit 1; }
make -s -C "$top/userspace" all || exit 1

rm -rf "$out"
mkdir -p "$out"
if [[ ${BENCH_LAN:-} == nic ]]; then
	clang -O2 -target bpf -c "$top/tests/bench/xdp_pass.c" -o "$out/xdp_pass.o" ||
		{ say "cannot build the XDP program"; exit 1; }
fi
# BENCH_TBPROF=1: count the guest kernel's instructions, block by block
# (tests/bench/tbprof.c, a QEMU plugin; best with -icount and 1 vCPU)
qemu_opts=${BENCH_QEMU:-}
if [[ ${BENCH_TBPROF:-0} == 1 ]]; then
	gcc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$out/tbprof.so" \
		"$top/tests/bench/tbprof.c" -lpthread || { say "cannot build tbprof.so"; exit 1; }
	qemu_opts+=" -plugin $out/tbprof.so,dir=$out"
fi
say "booting $img (timeout ${VM_TIMEOUT}s; console in $out/console.log)"
start=$(date +%s)
timeout -k 10 "$VM_TIMEOUT" "$VNG" --disable-kvm --force-9p -r "$img" \
	--user root --cpus "${BENCH_CPUS:-2}" --memory 3G --rwdir "$out" -v \
	--append "oops=panic softlockup_panic=1" ${qemu_opts:+--qemu-opts="$qemu_opts"} \
	--exec "BENCH_TBPROF=${BENCH_TBPROF:-0} BENCH_KO_B=${BENCH_KO_B:-} BENCH_LAN=${BENCH_LAN:-} BENCH_PROFILE=${BENCH_PROFILE:-0} BENCH_ROUNDS=${BENCH_ROUNDS:-3} BENCH_NAT_PARTS='${BENCH_NAT_PARTS:-rate mem}' BENCH_CONFIGS='${BENCH_CONFIGS:-plain hn hnslow masq flow}' $top/tests/bench/nat-guest.sh $out $kbuild/homenet.ko $top/build/userspace/homenetctl" \
	> "$out/console.log" 2>&1 < /dev/null
rc=$?
say "guest ran $(( $(date +%s) - start ))s, exit $rc"
if [[ ! -f $out/complete ]] || grep -q '^error' "$out/nat.txt"; then
	tail -n 40 "$out/console.log" >&2
	say "the guest did not finish its run"
	exit 1
fi
if ! python3 "$top/tests/harness/results.py" checklog "$out/console.log" /dev/null; then
	say "kernel report in the guest log"
	exit 1
fi
shopt -s nullglob
for f in "$out"/perf-*.data; do
	perf report -q -i "$f" --kallsyms="$out/kallsyms" --no-children \
		--percent-limit 0.5 --stdio -g none > "${f%.data}.txt" 2>&1
done
exit 0
