#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test homenet has, summed into one closing line
#   N passed, N failed[, N skipped]
# and a non-zero exit on any failure.
#
#   1. userspace: build with -Werror, cmocka unit tests, 20 s of fuzzing
#      the DHCP handler, homenetd with real DHCP clients in namespaces
#   2. the harness's self-test: it must fail on failing input
#   3. style: checkpatch and clang-format
#   4. the debug kernel (KASAN, UBSAN, KMEMLEAK, lockdep) in a VM: KUnit
#      suites and the end-to-end tests, module built against its tree
#   5. the stock Debian kernel in a VM: the end-to-end tests, module built
#      against the stock linux-headers
#
# Results: build/results/*.res; logs beside them in build/.
# CHECK_VMS="debug stock" (default) picks the VM runs; "" skips them.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
res=$top/build/results
results="python3 $top/tests/harness/results.py"
CHECK_VMS=${CHECK_VMS-debug stock}
rm -rf "$res"
mkdir -p "$res"

step() { echo "==> $*" >&2; }
# record FILE STATUS NAME
record() { echo "$2 $3" >> "$res/$1.res"; }

step "dependencies"
if ! scripts/deps.sh; then
	record setup FAIL "scripts/deps.sh"
	$results summary "$res"
	exit 1
fi
ksrc=$(scripts/kernel.sh src)

step "userspace build and unit tests"
if make -s -C userspace all unit-tests > build/userspace.log 2>&1; then
	record unit PASS "userspace builds with -Werror"
	for t in build/userspace/tests/test_*; do
		[[ -x $t && $t != *.* ]] || continue
		name=$(basename "$t")
		CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$t.tap" 2> "$t.log"
		$results tap "$t.tap" "unit/$name" >> "$res/unit.res"
	done
else
	cat build/userspace.log >&2
	record unit FAIL "userspace builds with -Werror"
fi

step "fuzz: the DHCP packet handler (libFuzzer, 20 s)"
if make -s -C userspace fuzz-run > build/fuzz.log 2>&1; then
	record fuzz PASS "fuzz/dhcp: 20 s of libFuzzer, no crash"
else
	tail -n 30 build/fuzz.log >&2
	record fuzz FAIL "fuzz/dhcp: 20 s of libFuzzer, no crash (build/fuzz.log)"
fi

# homenetd with real DHCP clients, in network namespaces of this machine
# (no kernel module needed: homenetd --dhcp-only).  Exit 0 pass, 4 skip.
step "host tests"
mkdir -p build/host
for t in tests/host/[0-9]*.sh; do
	name=$(basename "$t" .sh)
	timeout -k 5 300 bash "$t" > "build/host/$name.log" 2>&1
	case $? in
	0) record host PASS "host/$name" ;;
	4) record host SKIP "host/$name" ;;
	*) tail -n 30 "build/host/$name.log" >&2
	   record host FAIL "host/$name (build/host/$name.log)" ;;
	esac
done

step "harness self-test"
tests/harness/selftest.sh "$ksrc" > build/harness-selftest.tap 2>&1
$results tap build/harness-selftest.tap harness >> "$res/harness.res"

step "style"
scripts/style.sh > build/style.tap 2>&1
$results tap build/style.tap style >> "$res/style.res"

for vm in $CHECK_VMS; do
	step "VM: $vm kernel"
	scripts/vm-test.sh "$vm" "$res/vm-$vm.res"
done

step "summary"
grep -h '^FAIL' "$res"/*.res | sed 's/^/  /' >&2
$results summary "$res"
