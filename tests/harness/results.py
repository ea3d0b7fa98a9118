#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn every kind of test output homenet produces into one result format.

A results file (*.res) has one line per test: "PASS name", "FAIL name" or
"SKIP name".  `make check` sums them all into its closing line.

  results.py tap FILE SUITE          TAP (cmocka, e2e) -> results
  results.py kunit SUITE KSRC FILE.. KTAP from debugfs -> results, parsed by
                                     KSRC/tools/testing/kunit/kunit.py
  results.py checklog FILE...        exit 1 and print every kernel report
                                     (oops, BUG, WARN, KASAN, UBSAN,
                                     KMEMLEAK, lockdep, RCU, hung task)
  results.py summary DIR             sum DIR/*.res, list failures, print
                                     "N passed, N failed[, N skipped]"
"""

import json
import os
import re
import subprocess
import sys
import tempfile

# A line that starts a kernel report, and how many lines of it to show.
REPORT_RE = re.compile(
    r"(Oops|BUG:|WARNING:|Kernel panic|general protection fault|"
    r"KASAN:|UBSAN:|kernel BUG at|unreferenced object 0x|"
    r"possible recursive locking|possible circular locking|"
    r"inconsistent lock state|suspicious RCU usage|"
    r"rcu: INFO: .* detected stall|INFO: task .* blocked for more than|"
    r"watchdog: BUG: soft lockup|Call Trace:)")
REPORT_CONTEXT = 40

TAP_RE = re.compile(r"^\s*(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(#\s*(.*))?$")
PLAN_RE = re.compile(r"^\s*1\.\.(\d+)")


def parse_tap(text, suite):
    """Top-level TAP results (indented subtests are left to their parent)."""
    results, planned, seen = [], None, 0
    for line in text.splitlines():
        if line.startswith((" ", "\t")):
            continue
        m = PLAN_RE.match(line)
        if m and planned is None:
            planned = int(m.group(1))
            continue
        m = TAP_RE.match(line)
        if not m:
            continue
        seen += 1
        name = m.group(3) or "test %d" % seen
        directive = (m.group(5) or "").upper()
        if m.group(1) == "ok" and directive.startswith("SKIP"):
            status = "SKIP"
        elif m.group(1) == "ok":
            status = "PASS"
        else:
            status = "FAIL"
        results.append((status, "%s/%s" % (suite, name.strip())))
    if planned is None:
        results.append(("FAIL", "%s/(no TAP plan: the program did not run to its end)" % suite))
    elif seen < planned:
        results.append(("FAIL", "%s/(%d of %d planned tests missing)" % (suite, planned - seen, planned)))
    return results


def flatten_kunit(group, prefix, out):
    name = group.get("name", "?")
    here = prefix if name == "KUnit Test Group" else (prefix + name + "/")
    for case in group.get("test_cases", []):
        status = {"PASS": "PASS", "SKIP": "SKIP"}.get(case.get("status"), "FAIL")
        out.append((status, here + (case.get("name") or "(a test that never reported)")))
    for sub in group.get("sub_groups", []):
        flatten_kunit(sub, here, out)


def parse_kunit_file(parser, path, prefix):
    """One suite's debugfs results (a KTAP document) through kunit.py."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        js = os.path.join(tmp, "results.json")
        proc = subprocess.run([sys.executable, parser, "parse", "--json=" + js,
                               os.path.abspath(path)],
                              capture_output=True, text=True, check=False)
        sys.stderr.write(proc.stdout + proc.stderr)
        if os.path.exists(js):
            with open(js, encoding="utf-8") as fh:
                flatten_kunit(json.load(fh), prefix, results)
    name = os.path.basename(path)
    if not results:
        results.append(("FAIL", "%s(no test in %s)" % (prefix, name)))
    elif proc.returncode != 0 and all(s != "FAIL" for s, _ in results):
        # the parser saw something wrong that no single case shows
        results.append(("FAIL", "%s(kunit.py parse of %s: exit %d)" % (prefix, name, proc.returncode)))
    return results


def parse_kunit(suite, ksrc, files):
    """Parse each suite's KTAP with the kernel's own parser."""
    parser = os.path.join(ksrc, "tools", "testing", "kunit", "kunit.py")
    results = []
    for f in files:
        results += parse_kunit_file(parser, f, suite + "/")
    if not results:
        results.append(("FAIL", "%s/(no KUnit results: did the suites run?)" % suite))
    return results


def find_reports(text):
    """Every kernel report in a log, with the lines that follow it."""
    lines = text.splitlines()
    reports, i = [], 0
    while i < len(lines):
        if REPORT_RE.search(lines[i]):
            reports.append("\n".join(lines[i:i + REPORT_CONTEXT]))
            i += REPORT_CONTEXT
        else:
            i += 1
    return reports


def write_results(results):
    for status, name in results:
        print("%s %s" % (status, name))


def cmd_checklog(files):
    found = False
    for f in files:
        if not os.path.exists(f):
            continue
        with open(f, encoding="utf-8", errors="replace") as fh:
            reports = find_reports(fh.read())
        for r in reports:
            found = True
            sys.stderr.write("=== kernel report in %s ===\n%s\n" % (f, r))
    return 1 if found else 0


def cmd_summary(directory):
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    failed = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".res"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as fh:
            for line in fh:
                status, _, test = line.rstrip("\n").partition(" ")
                if status not in counts:
                    continue
                counts[status] += 1
                if status == "FAIL":
                    failed.append(test)
    for t in failed:
        print("FAILED: %s" % t)
    line = "%d passed, %d failed" % (counts["PASS"], counts["FAIL"])
    if counts["SKIP"]:
        line += ", %d skipped" % counts["SKIP"]
    print(line)
    return 1 if counts["FAIL"] or not counts["PASS"] else 0


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "tap" and len(args) == 2:
        with open(args[0], encoding="utf-8", errors="replace") as fh:
            write_results(parse_tap(fh.read(), args[1]))
        return 0
    if cmd == "kunit" and len(args) >= 2:
        write_results(parse_kunit(args[0], args[1], args[2:]))
        return 0
    if cmd == "checklog":
        return cmd_checklog(args)
    if cmd == "summary" and len(args) == 1:
        return cmd_summary(args[0])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
