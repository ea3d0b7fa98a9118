#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the virtme-ng guest, as root, from the top of the work tree
# (the host's file system, shared read-only; OUT is writable).
#
#   tests/vm/guest.sh OUT MODULE KUNIT_MODULE|none full|small [E2E_REGEX]
#
# MODULE is what the end-to-end tests load; KUNIT_MODULE, the same built
# with its KUnit suites, is loaded once first (the suites run at load).
# Leaves in OUT: kunit/SUITE.ktap, e2e.tap with e2e/NAME.log, kmemleak.txt,
# dmesg.txt and, last, "complete" (its absence tells the host the guest died);
# or only "boot-report", when the kernel reported before anything ran.
set -u
out=$1
export HOMENET_KO=$2
kunit_ko=$3
# the end-to-end tests' scale (HOMENET_E2E_SCALE, see tests/e2e/lib.sh)
export HOMENET_E2E_SCALE=$4
export HOMENET_TOP=$PWD
export HOMENETCTL=$PWD/build/userspace/homenetctl
# a test's bound: the longest take about 300 s on the debug kernel, twice
# that on a slow day
E2E_TIMEOUT=${E2E_TIMEOUT:-1200}
kml=/sys/kernel/debug/kmemleak

mkdir -p "$out/kunit" "$out/e2e"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
echo "guest: $(uname -r), $(nproc) cpus"

# A kernel that reported while booting is not one to test on: say so and
# stop, and the host boots again (scripts/vm-test.sh).
dmesg > "$out/boot-dmesg.txt"
if ! python3 "$HOMENET_TOP/tests/harness/results.py" checklog "$out/boot-dmesg.txt" 2> /dev/null; then
	echo "guest: the kernel reported while booting; no tests on this boot"
	touch "$out/boot-report"
	exit 0
fi

# Leaks from before this point are not ours to report.
[[ -w $kml ]] && echo clear > "$kml"

# KUnit: the suites in homenet.ko run when it is loaded.
if [[ $kunit_ko != none ]]; then
	for dep in $(modinfo -F depends "$kunit_ko" | tr , ' '); do
		modprobe "$dep"
	done
	if insmod "$kunit_ko"; then
		for d in /sys/kernel/debug/kunit/*/; do
			[[ -f $d/results ]] && cp "$d/results" "$out/kunit/$(basename "$d").ktap"
		done
		rmmod homenet
	else
		echo "guest: insmod for KUnit failed"
	fi
fi

# End-to-end tests: exit 0 pass, 4 skip, anything else fails.
tests=()
for t in "$HOMENET_TOP"/tests/e2e/[0-9]*.sh; do
	[[ $(basename "$t") =~ ${5:-.} ]] && tests+=("$t")
done
{
	echo "1..$(( ${#tests[@]} + 1 ))"
	i=0
	e2e0=$SECONDS
	for t in "${tests[@]}"; do
		i=$((i + 1))
		name=$(basename "$t" .sh)
		echo "guest: e2e $name" > /dev/kmsg
		t0=$SECONDS
		timeout -k 5 "$E2E_TIMEOUT" bash "$t" > "$out/e2e/$name.log" 2>&1 < /dev/null
		rc=$?
		echo "# $name took $((SECONDS - t0)) s"
		case $rc in
		0) echo "ok $i - $name" ;;
		4) echo "ok $i - $name # SKIP $(tail -n1 "$out/e2e/$name.log")" ;;
		*) echo "not ok $i - $name (exit $rc)"
		   sed 's/^/# /' "$out/e2e/$name.log" | tail -n 30 ;;
		esac
	done
	echo "# the end-to-end tests took $((SECONDS - e2e0)) s"
	# each test unloads what it loaded, so the leak scan below sees all
	if lsmod | grep -q '^homenet '; then
		echo "not ok $((i + 1)) - homenet unloaded after the tests"
		rmmod homenet
	else
		echo "ok $((i + 1)) - homenet unloaded after the tests"
	fi
} > "$out/e2e.tap"
cat "$out/e2e.tap"

# Everything the tests allocated is freed by now; kmemleak wants objects
# older than 5 s and two scans to be sure.
if [[ -w $kml ]]; then
	sleep 6
	echo scan > "$kml"
	echo scan > "$kml"
	cat "$kml" > "$out/kmemleak.txt"
fi
dmesg > "$out/dmesg.txt"
echo done > "$out/complete"
