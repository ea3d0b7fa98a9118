#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, registers the generic netlink family "homenet" in every
# network namespace, answers INFO_GET, is autoloaded by the family name, and
# unloads cleanly.
#
#   +----------------------+        +----------------------+
#   | root netns           |        | netns hn-r2          |
#   |  homenet.ko          |        |  (a second router)   |
#   |  genl family homenet |        |  same family, its    |
#   |  homenetctl version  |        |  own netns           |
#   +----------------------+        +----------------------+
#           (no links: this test only talks to the kernel)
. "$(dirname "$0")/lib.sh"

want=$(modinfo -F version "$hn_ko")
[[ -n $want ]] || fail "modinfo shows no version for $hn_ko"

# Not loaded: the tool says so and exits 2.
hn_unload
expect_fail "genl family before insmod" genl ctrl get name homenet
out=$("$hnctl" version 2>&1); rc=$?
expect_eq "homenetctl version without the module: exit" "$rc" 2
[[ $out == *"not loaded"* ]] || fail "no 'not loaded' message: $out"

hn_load
genl ctrl get name homenet | grep -q "Name: homenet" ||
	fail "genl ctrl does not list the family"
expect_eq "module version (text)" "$("$hnctl" version | sed -n 's/^homenet.ko //p')" "$want"
expect_eq "module version (json)" "$("$hnctl" -j version)" \
	"{\"homenetctl\":\"$want\",\"module\":\"$want\"}"
expect_eq "abbreviated object" "$("$hnctl" ver | sed -n 's/^homenet.ko //p')" "$want"

# netnsok: the family answers in another namespace too.
ns_add hn-r2
expect_eq "version in netns (ip netns exec)" \
	"$(ip netns exec hn-r2 "$hnctl" version | sed -n 's/^homenet.ko //p')" "$want"
expect_eq "version in netns (-n)" \
	"$("$hnctl" -n hn-r2 version | sed -n 's/^homenet.ko //p')" "$want"

# Bad command lines: exit 1 and a message naming the bad token.
out=$("$hnctl" versio-x 2>&1); rc=$?
expect_eq "unknown object: exit" "$rc" 1
[[ $out == *'"versio-x"'* ]] || fail "message does not name the bad token: $out"
out=$("$hnctl" -n no-such-ns version 2>&1); rc=$?
expect_eq "missing netns: exit" "$rc" 1
[[ $out == *'"no-such-ns"'* ]] || fail "message does not name the netns: $out"

hn_unload
expect_fail "genl family after rmmod" genl ctrl get name homenet

# Autoload: looking the family up makes the kernel ask modprobe for the
# module's alias.  A module tree holding only homenet.ko (depmod over the
# whole of /lib/modules is slow under emulation) and a modprobe wrapper
# pointed at it stand in for an installed module.
alias=$(modinfo -F alias "$hn_ko")
expect_eq "module alias" "$alias" "net-pf-16-proto-16-family-homenet"
root=$(mktemp -d)
rel=$(uname -r)
mkdir -p "$root/lib/modules/$rel/extra"
cp "$hn_ko" "$root/lib/modules/$rel/extra/"
depmod -b "$root" "$rel" || fail "depmod -b $root"
printf '#!/bin/sh\nexec /sbin/modprobe -d %s "$@"\n' "$root" > "$root/modprobe"
chmod +x "$root/modprobe"
old=$(cat /proc/sys/kernel/modprobe)
echo "$root/modprobe" > /proc/sys/kernel/modprobe
genl ctrl get name homenet > /dev/null 2>&1
echo "$old" > /proc/sys/kernel/modprobe
lsmod | grep -q '^homenet ' || fail "looking up the family did not autoload homenet"
log "family lookup autoloaded homenet"
rm -rf "$root"
hn_unload
exit 0
