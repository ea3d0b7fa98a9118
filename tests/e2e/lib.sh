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

# scaled FULL SMALL: a count for this run.  The debug kernel (KASAN,
# lockdep, under TCG) runs the same steps at a smaller scale.
scaled() { [[ ${HOMENET_E2E_SCALE:-full} == small ]] && echo "$2" || echo "$1"; }

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

# insmod, after modprobe of what the module depends on (as modprobe of an
# installed homenet.ko would do).
hn_load() {
	local dep
	for dep in $(modinfo -F depends "$hn_ko" | tr , ' '); do
		modprobe "$dep" || fail "modprobe $dep (needed by homenet.ko)"
	done
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
		ip netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
	done
	for ns in "${hn_netns[@]}"; do
		ip netns del "$ns" 2> /dev/null
	done
	hn_unload > /dev/null 2>&1
}

# link_ns NS1 IF1 NS2 IF2: a veth pair between two namespaces, both up.
link_ns() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
		fail "veth $1/$2 - $3/$4"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# The standard home network, each box a namespace:
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (the router)    |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
#                                          (bridge br0 in hn-wsw, the "internet")
#
# The WAN hosts have no route to 192.168.0.0/24: only NAT gets a LAN
# host's packets answered.  hn-rt forwards; NAT is left for the test.
topo_home() {
	local i
	ns_add hn-rt
	ns_add hn-wsw
	ip netns exec hn-rt sysctl -qw net.ipv4.ip_forward=1
	ip -n hn-rt link add br-lan type bridge
	ip -n hn-rt link set br-lan up
	ip -n hn-rt addr add 192.168.0.1/24 dev br-lan
	for i in 1 2; do
		ns_add hn-lan$i
		link_ns hn-lan$i eth0 hn-rt lan$i
		ip -n hn-rt link set lan$i master br-lan
		ip -n hn-lan$i addr add 192.168.0.$((9 + i))/24 dev eth0
		ip -n hn-lan$i route add default via 192.168.0.1
	done
	ip -n hn-wsw link add br0 type bridge
	ip -n hn-wsw link set br0 up
	link_ns hn-rt wan0 hn-wsw rt
	ip -n hn-wsw link set rt master br0
	ip -n hn-rt addr add 203.0.113.1/24 dev wan0
	for i in 1 2 3; do
		ns_add hn-wan$i
		link_ns hn-wan$i eth0 hn-wsw wan$i
		ip -n hn-wsw link set wan$i master br0
		ip -n hn-wan$i addr add 203.0.113.$((4 + i))/24 dev eth0
	done
}

# wait_listen NS PROTO PORT: until a socket listens there (bounded).
wait_listen() {
	local i flag=-lnt
	[[ $2 == udp ]] && flag=-lnu
	for i in $(seq 50); do
		ip netns exec "$1" ss $flag | grep -q ":$3 " && return 0
		sleep 0.1
	done
	fail "nothing listens on $2 port $3 in $1"
}

# peer_server NS PROTO PORT: answers every client with the address:port it
# saw the client come from.
peer_server() {
	local proto=${2^^}
	# TCP: the client's FIN may come before peer-echo has run (a slow
	# debug kernel): wait for its answer (-t), not the default half second
	local t=0.5
	[[ $proto == TCP ]] && t=10
	ip netns exec "$1" socat -t $t "$proto-LISTEN:$3,fork,reuseaddr" \
		"EXEC:$HOMENET_TOP/tests/e2e/peer-echo" > /dev/null 2>&1 &
	wait_listen "$1" "$2" "$3"
}

# nettool NS ARGS...: tests/e2e/nettool.py inside NS
nettool() {
	local ns=$1; shift
	ip netns exec "$ns" /usr/bin/python3 "$HOMENET_TOP/tests/e2e/nettool.py" "$@"
}

# nettool_bg NS ARGS...: the same in the background, its pid in $bg_pid.
# (ip netns exec execs python, so the pid is python's own; its output goes
# nowhere, so no command substitution waits for it.)
nettool_bg() {
	local ns=$1; shift
	ip netns exec "$ns" /usr/bin/python3 "$HOMENET_TOP/tests/e2e/nettool.py" "$@" \
		> /dev/null 2>&1 &
	bg_pid=$!
}

# wait_session PROTO INSIDE_ADDR:PORT: until hn-rt lists a session from
# there (a background peer has announced itself), bounded.
wait_session() {
	local i
	for i in $(seq 100); do
		"$hnctl" -n hn-rt session list proto "$1" | grep -q "^$1 $2 " && return 0
		sleep 0.2
	done
	fail "no $1 session from $2"
}

# bg_stop: end the nettool_bg process.
bg_stop() {
	kill "$bg_pid" 2> /dev/null
	wait "$bg_pid" 2> /dev/null
}

# bulk_tcp CLIENT_NS SERVER_NS SERVER_ADDR PORT WHAT: 2 MB down from the
# server and the same up to it (on PORT and PORT+1), intact both ways.
bulk_tcp() {
	local tmp want got up_pid
	tmp=$(mktemp -d)
	head -c 2000000 /dev/urandom > "$tmp/data"
	want=$(sha256sum < "$tmp/data")
	ip netns exec "$2" socat -u "OPEN:$tmp/data" "TCP-LISTEN:$4,reuseaddr" > /dev/null 2>&1 &
	wait_listen "$2" tcp "$4"
	got=$(timeout 120 ip netns exec "$1" socat -u "TCP:$3:$4" - | sha256sum)
	expect_eq "download $5 (sha256)" "$got" "$want"
	ip netns exec "$2" socat -u "TCP-LISTEN:$(($4 + 1)),reuseaddr" "CREATE:$tmp/up" \
		> /dev/null 2>&1 &
	up_pid=$!
	wait_listen "$2" tcp $(($4 + 1))
	timeout 120 ip netns exec "$1" socat -u "OPEN:$tmp/data" "TCP:$3:$(($4 + 1))" ||
		fail "upload $5"
	wait "$up_pid"
	expect_eq "upload $5 (sha256)" "$(sha256sum < "$tmp/up")" "$want"
	rm -rf "$tmp"
}

# ask NS PROTO ADDR PORT [SRCPORT]: what the peer_server there saw of us.
ask() {
	local opt=
	[[ -n ${5:-} ]] && opt=",sourceport=$5,reuseaddr"
	# TCP ends when the peer closes; UDP has no end: wait that long
	local t=15
	[[ $2 == udp ]] && t=5
	echo hello | timeout 20 ip netns exec "$1" socat -t $t -T 15 - "${2^^}:$3:$4$opt" 2> /dev/null
}
trap hn_cleanup EXIT
