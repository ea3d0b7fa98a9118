#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the whole router in a VM running Debian's stock kernel.
# homenetd configures homenet.ko from one file and serves DHCP; a LAN host
# gets its address with a real DHCP client and browses a web server on
# the "internet"; the NAS gets its MAC-pinned address; a host on the
# internet reaches the NAS's web server through the forward 8081 -> 80.
# What happens is tests/e2e/30-homenetd.sh; this prints it as it went,
# with homenetctl lease list, forward list and session list along the way.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/vm/demo

scripts/deps.sh || exit 1
make -s -C userspace all || exit 1
echo "==> booting Debian's kernel in a VM (no KVM here: a minute or two)"
VM_OUT=$out E2E_ONLY='^30-homenetd$' scripts/vm-test.sh stock build/demo.res
rc=$?
echo
echo "==> what happened in the VM (tests/e2e/30-homenetd.sh):"
sed -e 's/^# //' "$out/e2e/30-homenetd.log" 2> /dev/null
echo
if ((rc == 0)); then
	echo "==> the demo ran as described"
else
	echo "==> the demo failed: see $out/ (console.log, e2e/)"
fi
exit $rc
