#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: homenet measured against what users would pick instead, in
# the same run, and docs/BENCHMARKS.md written from the figures.
#
#   1. NAT (scripts/bench-nat.sh): one boot of Debian's stock kernel in a
#      VM; plain routing, nftables masquerade, masquerade + flowtable and
#      homenet under the same in-kernel packet generator.
#   2. NAT again with the router's LAN side a bridge (BENCH_LAN=bridge):
#      the steady rates only, where every configuration gets the same
#      unshared packet from the generator.
#   3. NAT again with the LAN veth copying each packet into a page of its
#      own, as a NIC driver does (BENCH_LAN=nic): the steady rates only,
#      where every configuration gets a private packet on the router's
#      own device.
#   4. The NIC-like LAN again with qemu counting time in instructions
#      (-icount, one vCPU): every rate figure, repeatable to a fraction of
#      a percent, where TCG's wall-clock figures move by 10-30 %; and
#      where those instructions go, counted block by block
#      (BENCH_TBPROF=1, tests/bench/tbprof.c).
#   5. New sessions per second of wall clock from two generator threads,
#      in a boot with one vCPU and in one with two (natpar): whether
#      session creation scales with CPUs, which icount cannot tell.
#   6. DHCP (scripts/bench-dhcp.sh): homenetd, Kea and dnsmasq in network
#      namespaces on this machine, driven by perfdhcp.
#
# Not part of make check: it takes about an hour and its figures are for
# reading, never asserted.  BENCH_PARTS="nat natbr natnic natic natpar
# dhcp" picks parts.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/bench
parts=${BENCH_PARTS:-nat natbr natnic natic natpar dhcp}

scripts/deps.sh --bench || exit 1
make -s -C userspace all || exit 1
mkdir -p "$out"
rc=0
if [[ " $parts " == *" nat "* ]]; then
	echo "==> NAT: a VM with Debian's kernel (TCG: about ten minutes)" >&2
	scripts/bench-nat.sh "$out/nat" || rc=1
fi
if [[ $parts == *natbr* ]]; then
	echo "==> NAT, the LAN side a bridge: steady rates (about five minutes)" >&2
	BENCH_LAN=bridge BENCH_NAT_PARTS=pps BENCH_ROUNDS=4 BENCH_CONFIGS="plain hn masq flow" \
		scripts/bench-nat.sh "$out/nat-bridge" || rc=1
fi
if [[ $parts == *natnic* ]]; then
	echo "==> NAT, the LAN veth copying as a NIC: steady rates (about five minutes)" >&2
	BENCH_LAN=nic BENCH_NAT_PARTS=pps BENCH_ROUNDS=4 BENCH_CONFIGS="plain hn masq flow" \
		scripts/bench-nat.sh "$out/nat-nic" || rc=1
fi
if [[ $parts == *natic* ]]; then
	echo "==> NAT, the NIC-like LAN, time counted in instructions (about fifteen minutes)" >&2
	BENCH_LAN=nic BENCH_CPUS=1 BENCH_QEMU="-icount shift=0" BENCH_TBPROF=1 \
		BENCH_NAT_PARTS=rate BENCH_ROUNDS=3 BENCH_CONFIGS="plain hn masq flow" \
		scripts/bench-nat.sh "$out/nat-icount" || rc=1
fi
if [[ $parts == *natpar* ]]; then
	for cpus in 1 2; do
		echo "==> NAT, new sessions from two generators, $cpus vCPU(s) (about five minutes)" >&2
		BENCH_CPUS=$cpus BENCH_NAT_PARTS=par BENCH_ROUNDS=3 BENCH_CONFIGS="hn masq" \
			scripts/bench-nat.sh "$out/nat-par$cpus" || rc=1
	done
fi
if [[ $parts == *dhcp* ]]; then
	echo "==> DHCP: homenetd, Kea, dnsmasq under perfdhcp" >&2
	scripts/bench-dhcp.sh "$out/dhcp.md" || rc=1
fi
python3 tests/bench/report.py "$out" docs/BENCHMARKS.md || rc=1
((rc == 0)) && echo "==> docs/BENCHMARKS.md written" >&2
exit $rc
