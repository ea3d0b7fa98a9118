#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write docs/BENCHMARKS.md from one make bench run.

  report.py BENCH_DIR OUT_MD

BENCH_DIR holds nat/nat.txt (tests/bench/nat-guest.sh: "KEY VALUE" lines),
nat-bridge/ and nat-nic/ (the same, BENCH_LAN=bridge and nic) and dhcp.md (scripts/bench-dhcp.sh: a markdown section).  The analysis
that does not change from run to run is docs/bench-notes.md, appended.
"""
import datetime
import os
import platform
import sys

CONFIGS = [
    ("plain", "plain routing, no NAT (the limit)"),
    ("masq", "nftables masquerade (conntrack + nf_nat)"),
    ("flow", "nftables masquerade + flowtable"),
    ("hn", "homenet"),
    ("hnslow", "homenet, fast path off"),
]


def read_kv(path):
    kv = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(None, 1)
            if len(parts) == 2:
                kv[parts[0]] = parts[1].strip()
    return kv


def num(kv, key):
    try:
        return float(kv[key])
    except (KeyError, ValueError):
        return None


def rounds(kv, prefix, key, suffix):
    """The figures PREFIX.KEY.SUFFIX of every round that has one."""
    keys = [f"{prefix}.{key}.{suffix}"] + [f"{prefix}.{key}.r{r}.{suffix}" for r in range(2, 10)]
    return [v for v in (num(kv, k) for k in keys) if v is not None]


def median(vals):
    vals = sorted(vals)
    return vals[len(vals) // 2] if vals else None


def pps(kv, key, flows):
    """The median steady rate of configuration KEY over the rounds."""
    return median(rounds(kv, "pps", key, flows))


def new_rate(kv, key):
    """The median new-flow rate of configuration KEY over the rounds."""
    return median(rounds(kv, "new", key, "rate"))


def spread(vals):
    return f"{len(vals)} rounds, {fmt(min(vals))}-{fmt(max(vals))}" if vals else "no figure"


def fmt(v, unit=""):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}{unit}"
    return f"{v:.2f}{unit}"


def ratio(a, b):
    if a is None or not b:
        return "–"
    return f"{a / b:.2f}x"


def host_cpu():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def verdict(ok):
    if ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


def ge(a, b, factor=1.0):
    """a >= factor * b, or None when either was not measured."""
    return None if a is None or not b else a >= factor * b


def nat_section(kv, lans=None):
    """The first NAT boot's figures; LANS: {lan: kv} of the other boots, for
    the targets."""
    out = []
    out.append("## NAT\n")
    out.append(
        f"Guest: Debian's stock kernel {kv.get('kernel', '?')}, {kv.get('cpus', '?')} vCPUs "
        f"under qemu TCG (no KVM on this machine), {int(num(kv, 'memory_kb') or 0) // 1024} MiB. "
        "LAN host (network namespace, in-kernel pktgen, 60-byte UDP) -> the router "
        "(root namespace) -> WAN host (namespace, drops at prerouting, counts on its "
        "veth). Rates are packets the WAN host received per second. Under TCG the "
        "absolute figures mean little; the ratios within the one boot are the result.\n")
    out.append("| configuration | 1 flow pps (median of the rounds: their range) | 1,000 flows pps | new flows/s (50,176, each one packet) | TCP iperf3 Mbit/s |")
    out.append("|---|---|---|---|---|")
    for key, name in CONFIGS:
        bps = num(kv, f"iperf.{key}")
        out.append(f"| {name} | {fmt(pps(kv, key, 1))} ({spread(rounds(kv, 'pps', key, 1))}) | {fmt(pps(kv, key, 1000))} | "
                   f"{fmt(new_rate(kv, key))} ({spread(rounds(kv, 'new', key, 'rate'))}) | {fmt(bps / 1e6 if bps else None)} |")
    fast = [f"{name}: {int(num(kv, f'fast_packets.{key}')):,}"
            + (f" ({int(num(kv, f'fast_ingress.{key}')):,} of them from the device's ingress hook)"
               if num(kv, f"fast_ingress.{key}") is not None else "")
            for key, name in CONFIGS if num(kv, f"fast_packets.{key}") is not None]
    if fast:
        out.append("\nPackets homenet's fast path carried over each configuration's runs: "
                   + "; ".join(fast) + ".")
    again = num(kv, "pps.plain_again.1")
    if again:
        out.append(f"\nPlain routing again at the end of the run, 1 flow: {fmt(again)} pps "
                   f"({ratio(again, num(kv, 'pps.plain.1'))} of the first figure: the drift of the machine).")
    hn1, hn1k = pps(kv, "hn", 1), pps(kv, "hn", 1000)
    out.append("\n| ratio | 1 flow | 1,000 flows | new flows/s |")
    out.append("|---|---|---|---|")
    for key, name in CONFIGS[:3]:
        out.append(f"| homenet / {name} | {ratio(hn1, pps(kv, key, 1))} | "
                   f"{ratio(hn1k, pps(kv, key, 1000))} | "
                   f"{ratio(new_rate(kv, 'hn'), new_rate(kv, key))} |")

    out.append("\n### Memory per session\n")
    out.append(
        "Sessions made by the generator: N_SRC inside addresses x 1,000 ports x N_DST "
        "destinations, each combination once. *kmem* is the growth of the kernel "
        "allocators' own accounting (`SUnreclaim` + `VmallocUsed` in /proc/meminfo: slab "
        "objects, large kmallocs and vmalloc'd hash tables) divided by the sessions; "
        "*MemFree* the drop of free memory, divided likewise (noisier: per-CPU page lists). Both after a "
        "drop_caches. A hash table that grew in a burst shrinks back only when an entry is removed, so "
        "the kmem figure is taken again after one session is deleted (in parentheses): a router always "
        "has sessions ending.\n")
    out.append("| sessions | homenet kmem B (after one removal) | objects B / the rest B | homenet MemFree B | conntrack kmem B (after one removal) | conntrack MemFree B |")
    out.append("|---|---|---|---|---|---|")
    rows = [("own", "61,000, each with its own mapping (61 x 1,000 x 1)"),
            ("100k", "101,000 (1 x 1,000 x 101)"),
            ("1m", "1,009,000 (1 x 1,000 x 1,009)")]
    mappings = {"own": 61000, "100k": 1000, "1m": 1000}

    def objects(key, sessions):
        """Slab bytes of one session and its share of a mapping, as packed in 4 KiB slabs."""
        sz = [num(kv, "slab.hn_session"), num(kv, "slab.hn_mapping")]
        if None in sz or not sessions:
            return None
        per = [4096 / (4096 // z) for z in sz]
        return per[0] + per[1] * min(mappings[key], sessions) / sessions

    for key, name in rows:
        hs, cs = num(kv, f"mem.hn_{key}.sessions"), num(kv, f"mem.ct_{key}.sessions")
        obj, kmem = objects(key, hs), num(kv, f"mem.hn_{key}.kmem_bytes")
        rest = kmem - obj if None not in (obj, kmem) else None
        out.append(f"| {name} (homenet {fmt(hs)}, conntrack {fmt(cs)} made) | "
                   f"{fmt(num(kv, f'mem.hn_{key}.kmem_bytes'))} ({fmt(num(kv, f'mem.hn_{key}.kmem_settled_bytes'))}) | "
                   f"{fmt(obj)} / {fmt(rest)} | "
                   f"{fmt(num(kv, f'mem.hn_{key}.memfree_bytes'))} | "
                   f"{fmt(num(kv, f'mem.ct_{key}.kmem_bytes'))} ({fmt(num(kv, f'mem.ct_{key}.kmem_settled_bytes'))}) | "
                   f"{fmt(num(kv, f'mem.ct_{key}.memfree_bytes'))} |")
    out.append(f"\nSlab objects: homenet session {kv.get('slab.hn_session', '?')} B, mapping "
               f"{kv.get('slab.hn_mapping', '?')} B; conntrack entry {kv.get('slab.nf_conntrack', '?')} B. "
               f"conntrack's hash ({kv.get('ct.buckets', '?')} buckets) is allocated when the module "
               "loads, before the baseline, so it is not in conntrack's figures; homenet's tables "
               "grow with the sessions and are in homenet's. *Objects / the rest*: the slab bytes of the "
               "sessions and mappings (objects as packed in 4 KiB slabs), and what the growth holds "
               "besides: the four hash tables' bucket arrays, 8 bytes a bucket, a table doubled once "
               "it holds more entries than buckets (a load of 50-100 %), each array exactly a power "
               "of two bytes (see docs/bench-notes.md).")

    out.append("\n### Session dump\n")
    out.append("| sessions | `homenetctl session list` (median: range) | `conntrack -L` | ratio | lines listed |")
    out.append("|---|---|---|---|---|")
    for key, name in rows[1:]:
        hs, cs = rounds(kv, "dump", f"hn_{key}", "secs"), rounds(kv, "dump", f"ct_{key}", "secs")
        h, c = median(hs), median(cs)
        lines = [num(kv, f"dump.{t}_{key}.lines") for t in ("hn", "ct")]
        out.append(f"| {name} | {fmt(h, ' s')} ({spread(hs)}) | {fmt(c, ' s')} ({spread(cs)}) | "
                   f"{ratio(c, h)} faster | {' / '.join(fmt(v) for v in lines)} |")

    mem = [num(kv, f"mem.hn_{k}.kmem_settled_bytes") for k in ("100k", "1m")]
    burst = [num(kv, f"mem.hn_{k}.kmem_bytes") for k in ("100k", "1m")]
    dumps = [(median(rounds(kv, "dump", f"hn_{k}", "secs")), median(rounds(kv, "dump", f"ct_{k}", "secs")))
             for k in ("100k", "1m")]
    out.append(targets(kv, lans or {}, mem, burst, dumps))
    return "\n".join(out) + "\n"


LAN_NAMES = {"bridge": "bridge", "nic": "NIC-like", "icount": "NIC-like, instructions"}

LANS = {
    "bridge": ("### NAT with the LAN side on a bridge\n",
               "The same generator, topology and rates in another boot, but the router's LAN "
               "device is the port of a bridge, `br-lan`, which holds the LAN address, as on a "
               "home router (the flowtable and homenet then take the packets at `br-lan`). The "
               "bridge clones every packet pktgen still holds, so each configuration gets the "
               "same unshared packet (docs/bench-notes.md, \"Established flows\").\n",
               "br-lan's"),
    "nic": ("### NAT with the LAN veth copying as a NIC\n",
            "The same generator, topology and rates in another boot, with an XDP program that "
            "passes every packet (tests/bench/xdp_pass.c) on the router's LAN veth: veth then "
            "copies each packet into a page of its own before the stack sees it, as a NIC driver "
            "builds its skbs, so every configuration gets the same private packet on the "
            "router's own device (docs/bench-notes.md, \"Established flows\").\n",
            "rl's"),
    "icount": ("### NAT counted in instructions\n",
               "The NIC-like LAN again, in a boot where qemu counts time in instructions "
               "(`-icount shift=0`: one instruction a nanosecond of the guest's clock, one "
               "vCPU, which is what qemu can run that way): a rate is then one over the "
               "instructions a packet costs, from the generator to the WAN host, the same in "
               "every round, whatever else the host machine is doing. What it leaves out is "
               "what a real CPU adds to instructions: cache misses, branch mispredictions "
               "(docs/bench-notes.md, \"How to read these figures\").\n",
               "rl's"),
}


def tbprof_section(d):
    """Instructions a packet by configuration, from the block profile of a
    BENCH_TBPROF=1 boot (tests/bench/tbprof.py), and the floor they share."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tbprof  # pylint: disable=import-outside-toplevel

    kinds = (("pps", "steady, 1 flow: a packet", "pps-{}.1"),
             ("new", "new flows: a flow", "new-{}"))
    wins = {}
    for kind, _, pattern in kinds:
        for key, _ in CONFIGS:
            try:
                wins[kind, key] = tbprof.window(d, pattern.format(key))[0]
            except (OSError, ValueError):
                pass
    if not wins:
        return ""
    floor = {kind: tbprof.shared_floor([w for (k, _), w in wins.items() if k == kind])
             for kind, _, _ in kinds if any(k == kind for k, _ in wins)}
    out = ["#### Where the instructions go\n",
           "The same boot counted every run of every kernel block (`BENCH_TBPROF=1`: "
           "tests/bench/tbprof.c, a qemu plugin; tests/bench/tbprof.py), in the first 1-flow "
           "window and the first new-flow run of each configuration, divided by the packets the "
           "router's LAN device took in. The *shared floor* is what every configuration spent "
           "at the least in each kernel function, added up: the generator, the veth devices "
           "(with the NIC-like copy into a page of its own) and the WAN host. No way of "
           "forwarding goes below it.\n",
           "| configuration | " + " | ".join(f"{t} | above the floor" for _, t, _ in kinds) + " |",
           "|---|" + "---|---|" * len(kinds)]

    def cell(kind, key):
        w = wins.get((kind, key))
        if w is None or kind not in floor:
            return "– | –"
        t = sum(w.values())
        return f"{fmt(t)} | {fmt(t - floor[kind])}"

    for key, name in CONFIGS:
        if any((kind, key) in wins for kind, _, _ in kinds):
            out.append(f"| {name} | " + " | ".join(cell(kind, key) for kind, _, _ in kinds) + " |")
    out.append("| shared floor |" + "".join(f" {fmt(floor.get(kind))} | |" for kind, _, _ in kinds))
    for kind, factor, what in (("pps", 1.5, "1.5x masquerade's steady rate"),
                               ("new", 2.0, "2x masquerade's new-flow rate")):
        m = wins.get((kind, "masq"))
        if m is None or kind not in floor:
            continue
        need = sum(m.values()) / factor
        out.append(f"\n{what} needs at most {fmt(need)} instructions "
                   f"{'a packet' if kind == 'pps' else 'a flow'}: "
                   + (f"{fmt(floor[kind] - need)} below the shared floor, out of reach of any "
                      "router on this setup." if need < floor[kind] else
                      f"{fmt(need - floor[kind])} above the shared floor."))
    return "\n".join(out) + "\n"


def targets(kv, lans, mem, burst, dumps):
    """Issue 6's targets: the rate ones in every boot that measured them (KV,
    the first; LANS, the others), judged by the instruction-counted boot
    when there is one (the only figures that repeat to 0.1 %: see
    docs/bench-notes.md), else by the first."""
    boots = [("shared skb", kv)] + [(LAN_NAMES[lan], lans[lan]) for lan in LANS if lan in lans]
    judge = lans.get("icount", kv)

    def rate_row(target, fn):
        cells = [f"{name}: {r}" for name, r in ((n, fn(b)[0]) for n, b in boots) if r != "–"]
        return f"| {target} | {'; '.join(cells) or '–'} | {verdict(fn(judge)[1])} |"

    def est(factor, key):
        def fn(b):
            h1, h1k = pps(b, "hn", 1), pps(b, "hn", 1000)
            o1, o1k = pps(b, key, 1), pps(b, key, 1000)
            ok = ge(h1, o1, factor), ge(h1k, o1k, factor)
            return (f"{ratio(h1, o1)} / {ratio(h1k, o1k)}" if o1 else "–",
                    None if None in ok else all(ok))
        return fn

    def new(b):
        h, m = new_rate(b, "hn"), new_rate(b, "masq")
        return ratio(h, m), ge(h, m, 2)

    out = ["\n### Targets (issue 6)\n",
           "Rates as homenet / the other, 1 flow / 1,000 flows, in each boot; the verdict "
           "is the instruction-counted boot's"
           + (" (where they go: \"Where the instructions go\" below)." if "icount" in lans
              else ".") + "\n",
           "| target | measured | |", "|---|---|---|",
           rate_row("established flows >= flowtable pps", est(1.0, "flow")),
           rate_row("established flows >= 1.5x masquerade", est(1.5, "masq")),
           rate_row("new sessions/s >= 2x masquerade", new)]
    out.append(f"| <= 128 B per session with table overhead | {fmt(mem[0])} B at 101k, {fmt(mem[1])} B at 1M "
               f"(right after the burst: {fmt(burst[0])}, {fmt(burst[1])}); every session with its own "
               f"mapping: {fmt(num(kv, 'mem.hn_own.kmem_settled_bytes'))} B at 61k | "
               f"{verdict(None if None in mem else max(mem) <= 128)} (shared mappings) |")
    out.append(f"| dump >= 2x faster than conntrack -L | "
               + ", ".join(ratio(c, h) for h, c in dumps) + " | "
               f"{verdict(None if any(None in d for d in dumps) else all(c >= 2 * h for h, c in dumps))} |")
    return "\n".join(out)


def lan_section(kv, lan):
    """The rates again in another boot: a LAN of BENCH_LAN=bridge or nic, or the
    NIC-like LAN counted in instructions (icount); new flows when measured."""
    title, intro, dev = LANS[lan]
    new = any(k.startswith("new.") for k in kv)
    out = [title, intro,
           "| configuration | 1 flow pps (median: range) | 1,000 flows pps (median: range) |"
           + (" new flows/s (median: range) |" if new else ""),
           "|---|---|---|" + ("---|" if new else "")]
    for key, name in CONFIGS:
        r1, r1k, rn = (rounds(kv, "pps", key, 1), rounds(kv, "pps", key, 1000),
                       rounds(kv, "new", key, "rate"))
        if r1:
            out.append(f"| {name} | {fmt(median(r1))} ({spread(r1)}) | "
                       f"{fmt(median(r1k))} ({spread(r1k)}) |"
                       + (f" {fmt(median(rn))} ({spread(rn)}) |" if new else ""))
    hn1, hn1k = pps(kv, "hn", 1), pps(kv, "hn", 1000)
    out.append("\n| ratio | 1 flow | 1,000 flows |" + (" new flows/s |" if new else ""))
    out.append("|---|---|---|" + ("---|" if new else ""))
    for key, name in CONFIGS[:3]:
        out.append(f"| homenet / {name} | {ratio(hn1, pps(kv, key, 1))} | "
                   f"{ratio(hn1k, pps(kv, key, 1000))} |"
                   + (f" {ratio(new_rate(kv, 'hn'), new_rate(kv, key))} |" if new else ""))
    ft1, ft1k = pps(kv, "flow", 1), pps(kv, "flow", 1000)
    out.append(f"\nTarget established flows >= flowtable pps on this LAN: "
               f"{verdict(ge(hn1, ft1) and ge(hn1k, ft1k))}.")
    if new:
        out.append(f"Target new sessions/s >= 2x masquerade: "
                   f"{verdict(ge(new_rate(kv, 'hn'), new_rate(kv, 'masq'), 2))}.")
    taken = [num(kv, k) for k in kv if k.startswith("fast_ingress.hn.")]
    if taken:
        out.append(f"\nPackets homenet's fast path took at {dev} ingress hook over the rounds: "
                   f"{int(sum(v for v in taken if v)):,}.")
    return "\n".join(out) + "\n"


def par_section(bench):
    """New sessions/s from two generator threads, one vCPU against two."""
    kvs = {c: read_kv(os.path.join(bench, f"nat-par{c}", "nat.txt")) for c in (1, 2)
           if os.path.exists(os.path.join(bench, f"nat-par{c}", "nat.txt"))}
    if not kvs:
        return None
    out = ["### New sessions with one and two vCPUs\n",
           "Two boots of the stock kernel under TCG, one with one vCPU and one with two; "
           "in each, two pktgen threads (both on the one CPU, or one per CPU) send "
           "25,088 new flows each at once, every packet a new session, and the rate is "
           "the sessions set up per second of wall clock from the start to the last "
           "packet (`BENCH_PARTS=natpar`, `new_flows_par` in tests/bench/nat-guest.sh). "
           "Locks and atomics cost no instructions under icount: only the wall clock "
           "shows whether session creation scales with CPUs.\n",
           "| configuration | 1 vCPU, new flows/s (median: range) | 2 vCPUs | 2 / 1 |",
           "|---|---|---|---|"]
    for key, name in CONFIGS:
        r = {c: rounds(kv, "par", key, "rate") for c, kv in kvs.items()}
        if not any(r.values()):
            continue
        cells = [f"{fmt(median(r.get(c)))} ({spread(r.get(c))})" if r.get(c) else "–"
                 for c in (1, 2)]
        out.append(f"| {name} | {cells[0]} | {cells[1]} | "
                   f"{ratio(median(r.get(2) or []), median(r.get(1) or []))} |")
    hn1, hn2 = (median(rounds(kvs.get(c, {}), "par", "hn", "rate")) for c in (1, 2))
    ms2 = median(rounds(kvs.get(2, {}), "par", "masq", "rate"))
    out.append(f"\nhomenet / masquerade with two vCPUs: {ratio(hn2, ms2)}; homenet, two vCPUs / one: "
               f"{ratio(hn2, hn1)}.")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    bench, out_md = sys.argv[1], sys.argv[2]
    parts = ["# Benchmarks\n",
             "Written by `make bench` (scripts/bench.sh; tests/bench/report.py) on "
             f"{datetime.date.today().isoformat()}. Host: {host_cpu()}, {os.cpu_count()} cores. "
             "Every figure below comes from that one run; the commands are in "
             "scripts/bench-nat.sh, tests/bench/nat-guest.sh and scripts/bench-dhcp.sh.\n"]
    nat = os.path.join(bench, "nat", "nat.txt")
    lans = {lan: read_kv(os.path.join(bench, f"nat-{lan}", "nat.txt")) for lan in LANS
            if os.path.exists(os.path.join(bench, f"nat-{lan}", "nat.txt"))}
    if os.path.exists(nat):
        parts.append(nat_section(read_kv(nat), lans))
    else:
        parts.append("## NAT\n\nNot measured in this run.\n")
    for lan in LANS:
        path = os.path.join(bench, f"nat-{lan}", "nat.txt")
        if os.path.exists(path):
            parts.append(lan_section(read_kv(path), lan))
            prof = tbprof_section(os.path.dirname(path))
            if prof:
                parts.append(prof)
    par = par_section(bench)
    if par:
        parts.append(par)
    dhcp = os.path.join(bench, "dhcp.md")
    if os.path.exists(dhcp):
        with open(dhcp, encoding="utf-8") as f:
            parts.append(f.read())
    else:
        parts.append("## DHCP\n\nNot measured in this run.\n")
    notes = os.path.join(os.path.dirname(out_md), "bench-notes.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            parts.append(f.read())
    with open(out_md, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
