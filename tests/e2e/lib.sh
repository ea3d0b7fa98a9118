# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the end-to-end tests; source it first.  The tests run inside a
# virtme-ng guest as root (tests/vm/guest.sh sets HOMENET_KO, HOMENETCTL and
# HOMENET_TOP) and build every host they talk to as a network namespace of
# their own, removed again on exit.

set -u
hnctl=${HOMENETCTL:?run under tests/vm/guest.sh}
hn_ko=${HOMENET_KO:?run under tests/vm/guest.sh}
hn_netns=()

log() { echo "# $*"; }
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }

# expect_eq WHAT GOT WANT
expect_eq() {
	[[ $2 == "$3" ]] || fail "$1: got '$2', want '$3'"
	log "$1: '$2'"
}

# expect_fail WHAT CMD...: CMD must exit non-zero
expect_fail() {
	local what=$1; shift
	if "$@" > /dev/null 2>&1; then
		fail "$what: '$*' succeeded"
	fi
	log "$what: refused as expected"
}

hn_load() {
	insmod "$hn_ko" || fail "insmod $hn_ko"
}

hn_unload() {
	if lsmod | grep -q '^homenet '; then
		rmmod homenet || fail "rmmod homenet"
	fi
}

# ns_add NAME: a network namespace with lo up, removed on exit.
ns_add() {
	ip netns add "$1" || fail "ip netns add $1"
	hn_netns+=("$1")
	ip -n "$1" link set lo up
}

hn_cleanup() {
	local ns
	for ns in "${hn_netns[@]}"; do
		ip netns del "$ns" 2> /dev/null
	done
	hn_unload > /dev/null 2>&1
}
trap hn_cleanup EXIT
