#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Each network namespace is its own router with its own table, and only an
# administrator of a namespace may change it.
#
#   hn-ra: wan0 (dummy) 198.51.100.1      hn-rb: wan0 (dummy) 198.51.100.2
#     NAT on, sessions of its own           NAT off, nothing of hn-ra's
#   a user without CAP_NET_ADMIN (uid 65534, or root of a new user
#   namespace) reads the configuration of both, and neither's sessions,
#   forward rules or statistics (the home's traffic), and changes neither;
#   root of a user namespace has a router of its own, within a bound, and
#   every namespace's table is charged to the memory cgroup that made it
. "$(dirname "$0")/lib.sh"

hn_load
for r in a b; do
	ns_add hn-r$r
	ip -n hn-r$r link add wan0 type dummy
	ip -n hn-r$r link set wan0 up
done
ip -n hn-ra addr add 198.51.100.1/24 dev wan0
ip -n hn-rb addr add 198.51.100.2/24 dev wan0

# (a UDP timer the test's session outlives the test with, slow as the
# debug kernel is)
"$hnctl" -n hn-ra nat set wan wan0 filter eif timeout udp 3600 || fail "nat set in hn-ra"
"$hnctl" -n hn-rb nat show | grep -q "^wan" && fail "hn-rb sees hn-ra's WAN"
"$hnctl" -n hn-rb nat show | grep -q "timeout udp 300 " || fail "hn-rb lost its defaults"
"$hnctl" -n hn-ra nat show | grep -q "filter eif .*timeout udp 3600 " ||
	fail "hn-ra: $("$hnctl" -n hn-ra nat show)"

# A session in hn-ra (a local UDP socket to the outside, from an inside
# address on a second dummy) is not in hn-rb's table.
ip -n hn-ra link add lan0 type dummy
ip -n hn-ra link set lan0 up
ip -n hn-ra addr add 192.168.7.1/24 dev lan0
echo x | in_ns hn-ra socat -u - UDP:198.51.100.9:9,bind=192.168.7.1:4444 ||
	fail "send from hn-ra"
expect_eq "sessions in hn-ra" "$("$hnctl" -n hn-ra session list | wc -l)" 1
expect_eq "sessions in hn-rb" "$("$hnctl" -n hn-rb session list | wc -l)" 0

# Unprivileged: the configuration reads, the home's traffic does not, and
# writing is refused by the kernel (exit 2).
nobody() { ip netns exec hn-ra setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$hnctl" "$@"; }
nobody nat show > /dev/null || fail "an unprivileged user cannot read the configuration"
nobody version > /dev/null || fail "an unprivileged user cannot read the version"
for cmd in "session list" "forward list" "stats" "nat off" "nat set filter apdf" \
	   "session flush" "session del udp 192.168.7.1:4444 198.51.100.9:9"; do
	# shellcheck disable=SC2086
	out=$(nobody $cmd 2>&1); rc=$?
	expect_eq "unprivileged '$cmd': exit" "$rc" 2
	[[ $out == *"not permitted"* ]] || fail "unprivileged '$cmd': $out"
done
# root of a user namespace that does not own the network namespace (both
# kernels the tests run on have user namespaces)
unshare -U -r true || fail "no user namespaces"
out=$(ip netns exec hn-ra unshare -U -r "$hnctl" nat off 2>&1); rc=$?
log "userns root 'nat off': $out"
expect_eq "userns root 'nat off': exit" "$rc" 2

# Root of a user namespace in a network namespace of its own: its router is
# its own, but not the machine's memory (262,144 sessions at most).
userns() {
	unshare -U -r -n sh -c 'ip link add wan0 type dummy && ip link set wan0 up &&
		ip addr add 198.51.100.7/24 dev wan0 && "$0" nat set wan wan0 && "$0" "$@"' \
		"$hnctl" "$@" 2>&1
}
out=$(userns nat set max-sessions 200000); rc=$?
expect_eq "userns root 'max-sessions 200000': exit ($out)" "$rc" 0
out=$(userns nat set max-sessions 1000000); rc=$?
log "userns root 'max-sessions 1000000': $out"
expect_eq "userns root 'max-sessions 1000000': exit" "$rc" 2
[[ $out == *"262144 sessions at most"* ]] || fail "userns max-sessions: $out"

# The table of a namespace is charged to the memory cgroup of whoever made
# the namespace, though its packets are handled by no task of that group.
cgroot=/sys/fs/cgroup
mountpoint -q $cgroot || mount -t cgroup2 none $cgroot || fail "mount cgroup2"
grep -qw memory $cgroot/cgroup.controllers || fail "no memory controller"
echo +memory > $cgroot/cgroup.subtree_control || fail "enable the memory controller"
cg=$cgroot/hn-e2e-11
mkdir -p $cg
(echo $BASHPID > $cg/cgroup.procs && exec ip netns add hn-rc) || fail "netns in $cg"
hn_netns+=(hn-rc)
for d in wan0 lan0; do
	ip -n hn-rc link add $d type dummy
	ip -n hn-rc link set $d up
done
ip -n hn-rc addr add 198.51.100.3/24 dev wan0
ip -n hn-rc addr add 192.168.8.1/24 dev lan0
"$hnctl" -n hn-rc nat set wan wan0 || fail "nat set in hn-rc"
slab() { sed -n 's/^slab \([0-9]*\)$/\1/p' $cg/memory.stat; }
before=$(slab)
S=$(scaled 20000 5000)
nettool hn-rc udp-burst 192.168.8.1 198.51.100.9:9 20000 "$S" || fail "udp-burst in hn-rc"
expect_eq "sessions in hn-rc" "$("$hnctl" -n hn-rc stats | sed -n 's/^sessions \([0-9]*\).*/\1/p')" "$S"
after=$(slab)
log "hn-rc's cgroup: slab $before -> $after bytes for $S sessions"
# a session, its mapping and its permit are 152 bytes, their buckets more
(( after - before >= S * 152 )) || fail "$S sessions charged $((after - before)) bytes"
ip netns del hn-rc
rmdir $cg 2> /dev/null
"$hnctl" -n hn-ra nat show | grep -q "^wan wan0 " || fail "an unprivileged write went through"
expect_eq "session survived" "$("$hnctl" -n hn-ra session list | wc -l)" 1

# Bad values: the kernel's reason is printed, exit 2.
out=$("$hnctl" -n hn-ra nat set timeout udp 999999999 2>&1); rc=$?
expect_eq "timeout out of range: exit" "$rc" 2
[[ $out == Error:* ]] || fail "no reason printed: $out"

# A namespace going away with NAT on and a session: cleaned up quietly
# (kmemleak and the console are checked after all tests).
ip netns del hn-ra
exit 0
