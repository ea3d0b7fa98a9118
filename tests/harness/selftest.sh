#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness must fail when it should.  Feed known-bad inputs (a failing and
# a crashed KTAP document, guest logs with an oops, KASAN, WARN, lockdep, RCU,
# kmemleak and hung-task reports, a TAP run cut short) through the very code
# `make check` uses, and known-good ones, and expect each verdict.
#
# Usage: tests/harness/selftest.sh KSRC   (prints TAP)
set -u
here=$(cd "$(dirname "$0")" && pwd)
ksrc=$1
data=$here/data
results=$here/results.py
n=0
fails=0

check() {		# check NAME COMMAND...: ok when COMMAND succeeds
	local name=$1; shift
	n=$((n + 1))
	if "$@" > /dev/null 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fails=$((fails + 1))
	fi
}

# results of a parser run, as "PASS x" lines, must contain/lack a status
has() { "${@:2}" 2>/dev/null | grep -q "^$1 "; }
lacks() { ! has "$@"; }

log_fails() { ! python3 "$results" checklog "$1"; }

summary_of() {		# summary_of "STATUS name"...: the closing line
	local dir
	dir=$(mktemp -d)
	printf '%s\n' "$@" > "$dir/x.res"
	python3 "$results" summary "$dir"
	local rc=$?
	rm -rf "$dir"
	return $rc
}
summary_fails() {
	! summary_of "PASS a" "FAIL b" &&
	summary_of "PASS a" "FAIL b" | tail -n1 | grep -qx "1 passed, 1 failed"
}
summary_passes() {
	summary_of "PASS a" "SKIP b" &&
	summary_of "PASS a" "SKIP b" | tail -n1 | grep -qx "1 passed, 0 failed, 1 skipped"
}
check "passing KTAP gives only passes" \
	lacks FAIL python3 "$results" kunit k "$ksrc" "$data/pass.ktap"
check "passing KTAP counts both cases" \
	test "$(python3 "$results" kunit k "$ksrc" "$data/pass.ktap" 2>/dev/null | grep -c '^PASS ')" = 2
check "failing KTAP expectation is a failure" \
	has FAIL python3 "$results" kunit k "$ksrc" "$data/fail.ktap"
check "skipped KUnit case is a skip" \
	has SKIP python3 "$results" kunit k "$ksrc" "$data/fail.ktap"
check "crashed KUnit suite (cut short) is a failure" \
	has FAIL python3 "$results" kunit k "$ksrc" "$data/crash.ktap"
check "no KUnit results at all is a failure" \
	has FAIL python3 "$results" kunit k "$ksrc"
check "clean guest log passes" python3 "$results" checklog "$data/clean.log"
for bad in oops kasan warn lockdep rcu hung; do
	check "guest log with $bad fails" log_fails "$data/$bad.log"
done
check "kmemleak report fails" log_fails "$data/kmemleak.txt"
check "TAP run cut short is a failure" \
	has FAIL python3 "$results" tap "$data/partial.tap" e2e
check "TAP not ok is a failure" \
	has FAIL python3 "$results" tap "$data/mixed.tap" e2e
check "TAP SKIP directive is a skip" \
	has SKIP python3 "$results" tap "$data/mixed.tap" e2e
# The VM runner itself, with vng replaced: a hung guest is killed and fails,
# an oops on the console fails a run whose tests all passed, a report while
# booting is booted past once, not twice.
vm_run() {		# vm_run MODE: results of scripts/vm-test.sh stock
	local tmp
	tmp=$(mktemp -d)
	FAKE_VNG=$1 VNG=$here/fake-vng VM_TIMEOUT=3 VM_OUT=$tmp/out \
		"$here/../../scripts/vm-test.sh" stock "$tmp/r.res" > /dev/null 2>&1
	local rc=$?
	cat "$tmp/r.res"
	rm -rf "$tmp"
	return $rc
}
# vm_gives MODE passes|fails LINE...: the run ends so, and its results
# hold a line starting with each LINE
vm_gives() {
	local r rc line
	r=$(vm_run "$1")
	rc=$?
	[[ $2 == passes ]] && ((rc != 0)) && return 1
	[[ $2 == fails ]] && ((rc == 0)) && return 1
	for line in "${@:3}"; do
		[[ $'\n'$r == *$'\n'"$line"* ]] || return 1
	done
}
check "hung guest is killed and fails the run" \
	vm_gives hang fails "FAIL vm-stock/guest finished (killed"
check "oops on the guest console fails the run" \
	vm_gives oops fails "PASS vm-stock/e2e/00-fake" "FAIL vm-stock/no kernel report"
# A report while booting: one more boot, and only a clean second one passes.
check "a report while booting gets one more boot" \
	vm_gives bootreport-once passes "PASS vm-stock/guest finished" \
	"PASS vm-stock/no kernel report"
check "a report on both boots fails the run" \
	vm_gives bootreport fails \
	"FAIL vm-stock/guest finished (the kernel reported while booting, twice)" \
	"FAIL vm-stock/no kernel report"
check "summary of a failure exits non-zero" summary_fails
check "summary of passes and skips exits zero" summary_passes
echo "1..$n"
exit 0
