#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per packet, by kernel symbol, from tests/bench/tbprof.c.

  tbprof.py DIR WINDOW [WINDOW_B [WINDOW_C...]]

DIR is a scripts/bench-nat.sh output directory of a BENCH_TBPROF=1 run;
WINDOW names one window of packets, as its snapshots do (DIR/tbprof-WINDOW-0
and -1, with the symbols of the time in DIR/kallsyms-WINDOW): pps-NAME.FLOWS
for a steady rate (pps-hn.r2.1), new-NAME for a new-flow run (new-hn).
The instructions each symbol ran between the two snapshots are divided by the packets the window carried: how often the
first block of PER_PACKET (environment, default veth_xdp_rcv_skb: once
for every packet the router's LAN device takes in) ran.  With WINDOW_B,
both windows side by side and their difference, largest first.  With more
windows, each one's total and the floor they share: what every one of them
spent at the least in each symbol, added up (the generator, the devices
and the WAN host, whatever the router does).  With
BLOCKS=SYMBOL (environment), the blocks of that one symbol instead: offset
into it, instructions, runs a packet (to read against objdump -d).
"""
import bisect
import os
import sys

PER_PACKET = os.environ.get("PER_PACKET", "veth_xdp_rcv_skb")
TOP = int(os.environ.get("TOP", "45"))
BLOCKS = os.environ.get("BLOCKS")


def load_syms(path):
    syms = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "tTwW":
                continue
            name = parts[2]
            if len(parts) > 3:
                name += " " + parts[3]
            syms.append((int(parts[0], 16), name))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def load_snap(path):
    """{(vaddr, insns): count}, translations of one block added up"""
    blocks = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            v, n, c = line.split()
            key = (int(v, 16), int(n))
            blocks[key] = blocks.get(key, 0) + int(c)
    return blocks


def window(d, name):
    addrs, names = load_syms(os.path.join(d, f"kallsyms-{name}"))
    a = load_snap(os.path.join(d, f"tbprof-{name}-0.txt"))
    b = load_snap(os.path.join(d, f"tbprof-{name}-1.txt"))
    insns = {}
    entries = {}
    blocks = []
    for key, c in b.items():
        c -= a.get(key, 0)
        if c <= 0:
            continue
        v, n = key
        i = bisect.bisect_right(addrs, v) - 1
        sym = names[i] if i >= 0 else "?"
        insns[sym] = insns.get(sym, 0) + c * n
        if i >= 0 and addrs[i] == v:
            entries[sym] = entries.get(sym, 0) + c
        if BLOCKS and sym.split()[0] == BLOCKS:
            blocks.append((v - addrs[i], n, c))
    packets = sum(c for s, c in entries.items() if s.split()[0] == PER_PACKET)
    if not packets:
        raise ValueError(f"{PER_PACKET} never ran in window {name}")
    for off, n, c in sorted(blocks):
        print(f"{BLOCKS}+{off:#x} {n:4} insns {c / packets:8.3f} a packet")
    return {s: n / packets for s, n in insns.items()}, packets


def shared_floor(wins):
    """What each of the windows WINS spent at the least, symbol by symbol, added up"""
    return sum(min(w.get(s, 0.0) for w in wins) for s in set().union(*wins))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    d = sys.argv[1]
    a, pa = window(d, sys.argv[2])
    if len(sys.argv) == 3:
        print(f"{sys.argv[2]}: {pa} packets, {sum(a.values()):.1f} instructions a packet")
        for s, n in sorted(a.items(), key=lambda x: -x[1])[:TOP]:
            print(f"{n:10.1f}  {s}")
        return
    if len(sys.argv) > 4:
        wins = [a] + [window(d, w)[0] for w in sys.argv[3:]]
        floor = shared_floor(wins)
        for name, w in zip(sys.argv[2:], wins):
            t = sum(w.values())
            print(f"{name:>24} {t:10.1f} a packet, {t - floor:8.1f} above the floor")
        print(f"{'shared floor':>24} {floor:10.1f}")
        return
    b, pb = window(d, sys.argv[3])
    print(f"{'A':>10} {'B':>10} {'A-B':>10}  symbol   "
          f"(A {sys.argv[2]}: {pa} packets, {sum(a.values()):.1f} a packet; "
          f"B {sys.argv[3]}: {pb} packets, {sum(b.values()):.1f})")
    rows = [(s, a.get(s, 0.0), b.get(s, 0.0)) for s in set(a) | set(b)]
    rows.sort(key=lambda r: -abs(r[1] - r[2]))
    for s, x, y in rows[:TOP]:
        print(f"{x:10.1f} {y:10.1f} {x - y:+10.1f}  {s}")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as e:
        sys.exit(f"tbprof.py: {e}")
