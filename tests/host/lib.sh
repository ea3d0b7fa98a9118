# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the host tests: homenetd with real DHCP clients in network
# namespaces of the host (no VM, no kernel module: homenetd --dhcp-only).
# Source it first; every namespace and process it makes goes on exit.

set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hnd=$top/build/userspace/homenetd
hnctl=$top/build/userspace/homenetctl
tmp=$(mktemp -d)
export HOMENETD_SOCKET=$tmp/homenetd.sock
host_netns=()
hnd_pid=

log() { echo "# $*"; }
fail() { echo "FAIL: $*"; [[ -f $tmp/homenetd.log ]] && sed 's/^/# homenetd: /' "$tmp/homenetd.log" | tail -20; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
expect_eq() {
	[[ $2 == "$3" ]] || fail "$1: got '$2', want '$3'"
	log "$1: '$2'"
}

cleanup() {
	local ns
	[[ -n $hnd_pid ]] && { kill -9 "$hnd_pid"; wait "$hnd_pid"; } 2> /dev/null
	for ns in "${host_netns[@]}"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill -9 2> /dev/null
		ip netns del "$ns" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# Unique names: tests of this tree may run while another one's do.
pfx=hnt$$

# A machine that cannot make network namespaces cannot run these (the VM
# tests cover the same daemon): skip, visibly.
if ! ip netns add "$pfx-probe" 2> /dev/null; then
	echo "SKIP: this machine cannot create network namespaces"
	exit 4
fi
ip netns del "$pfx-probe"

ns_add() {
	ip netns add "$pfx-$1" || fail "ip netns add $pfx-$1"
	host_netns+=("$pfx-$1")
	ip -n "$pfx-$1" link set lo up
}

# The LAN: a router namespace with br-lan 192.168.0.1/24 and clients
# c1..cN, each with an eth0 on the bridge (and a given MAC, when one is
# given as c1=MAC).
lan_topo() {
	local c mac
	ns_add rt
	ip -n "$pfx-rt" link add br-lan type bridge
	ip -n "$pfx-rt" link set br-lan up
	ip -n "$pfx-rt" addr add 192.168.0.1/24 dev br-lan
	for c in "$@"; do
		mac=${c#*=}
		c=${c%%=*}
		ns_add "$c"
		ip link add eth0 netns "$pfx-$c" type veth peer name "$c" netns "$pfx-rt" ||
			fail "veth $c"
		[[ $mac != "$c" ]] && ip -n "$pfx-$c" link set eth0 address "$mac"
		ip -n "$pfx-rt" link set "$c" master br-lan up
		ip -n "$pfx-$c" link set eth0 up
	done
}

# nsx NS CMD...: run CMD in client (or router) namespace NS
nsx() { local ns=$1; shift; ip netns exec "$pfx-$ns" "$@"; }

write_conf() {
	cat > "$tmp/homenet.conf" <<CONF
[wan]
interface = wan0

[lan]
interface = br-lan
address = 192.168.0.1/24

[dhcp]
range = 192.168.0.100 192.168.0.199
lease-time = ${LEASE_TIME:-1h}
dns = 192.168.0.1
lease-file = $tmp/leases

[host nas]
mac = 52:54:00:12:34:56
address = 192.168.0.4
CONF
}

# Start homenetd in the router namespace; wait for its control socket.
hnd_start() {
	local i
	# not through a function: $! must be homenetd itself (ip netns exec execs it)
	ip netns exec "$pfx-rt" "$hnd" --dhcp-only -v -c "$tmp/homenet.conf" >> "$tmp/homenetd.log" 2>&1 &
	hnd_pid=$!
	for i in $(seq 50); do
		[[ -S $HOMENETD_SOCKET ]] && "$hnctl" lease list > /dev/null 2>&1 && return 0
		kill -0 "$hnd_pid" 2> /dev/null || fail "homenetd exited"
		sleep 0.1
	done
	fail "homenetd did not come up"
}

hnd_stop() {	# hnd_stop [SIGNAL]
	kill -"${1:-TERM}" "$hnd_pid"
	wait "$hnd_pid" 2> /dev/null
	hnd_pid=
	[[ ${1:-TERM} == TERM ]] && [[ -S $HOMENETD_SOCKET ]] && fail "control socket left behind"
	rm -f "$HOMENETD_SOCKET"
}

# lease_of MAC: "ADDRESS TYPE" of MAC's lease in homenetctl lease list
lease_of() {
	"$hnctl" lease list | awk -v m="$1" '$2 == m { print $1, $5 }'
}
