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

# (each line with the seconds since the test began: where a slow run went)
log() { echo "# [${SECONDS}s] $*"; }
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

# Under TCG with KASAN a process costs about a second to start, whatever
# it does: the helpers here hand ip its commands in batches (ip -b), one
# process for many, and enter a namespace with nsenter (a setns() and an
# exec) where nothing needs the namespace's own /sys, as ip netns exec
# mounts.

# ip_b [NS]: the ip commands on stdin, one a line, in one process (in
# NS); -force: every line runs, and the exit says whether any failed
ip_b() {
	if [[ -n ${1:-} ]]; then ip -force -n "$1" -b -; else ip -force -b -; fi
}

# in_ns NS CMD...: CMD in NS's network namespace (the same mount
# namespace: /sys shows the caller's devices).  A function: a job (&)
# whose $! is to be the program's pid, or a command under timeout, calls
# nsenter --net="$nsdir/NS" itself.
nsdir=/var/run/netns	# where ip netns keeps them
in_ns() {
	local ns=$1; shift
	nsenter --net="$nsdir/$ns" "$@"
}

# ns_add NAME...: network namespaces with lo up, removed on exit.
ns_add() {
	ns_create "$@"
	local ns
	for ns; do
		ip -n "$ns" link set lo up
	done
}

# ns_create NAME...: the same with lo left down, for a caller that brings
# it up in a batch of its own
ns_create() {
	printf 'netns add %s\n' "$@" | ip_b || fail "ip netns add $*"
	hn_netns+=("$@")
}

hn_cleanup() {
	local pids
	if (( ${#hn_netns[@]} )); then
		pids=$(printf 'netns pids %s\n' "${hn_netns[@]}" | ip_b 2> /dev/null)
		# shellcheck disable=SC2086 # a list of pids
		[[ -n $pids ]] && kill $pids 2> /dev/null
		printf 'netns del %s\n' "${hn_netns[@]}" | ip_b 2> /dev/null
	fi
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
	ns_create hn-rt hn-wsw hn-lan1 hn-lan2 hn-wan1 hn-wan2 hn-wan3
	{
		echo "link add br-lan netns hn-rt type bridge"
		echo "link add br0 netns hn-wsw type bridge"
		for i in 1 2; do
			echo "link add eth0 netns hn-lan$i type veth peer name lan$i netns hn-rt"
		done
		echo "link add wan0 netns hn-rt type veth peer name rt netns hn-wsw"
		for i in 1 2 3; do
			echo "link add eth0 netns hn-wan$i type veth peer name wan$i netns hn-wsw"
		done
	} | ip_b || fail "the home's links"
	{
		echo "link set lo up"
		echo "link set br-lan up"
		echo "addr add 192.168.0.1/24 dev br-lan"
		for i in 1 2; do
			echo "link set lan$i master br-lan"
			echo "link set lan$i up"
		done
		echo "link set wan0 up"
		echo "addr add 203.0.113.1/24 dev wan0"
	} | ip_b hn-rt || fail "hn-rt's links"
	{
		echo "link set lo up"
		echo "link set br0 up"
		for i in rt wan1 wan2 wan3; do
			echo "link set $i master br0"
			echo "link set $i up"
		done
	} | ip_b hn-wsw || fail "hn-wsw's links"
	for i in 1 2; do
		printf '%s\n' "link set lo up" "link set eth0 up" \
			"addr add 192.168.0.$((9 + i))/24 dev eth0" \
			"route add default via 192.168.0.1" | ip_b hn-lan$i || fail "hn-lan$i"
	done
	for i in 1 2 3; do
		printf '%s\n' "link set lo up" "link set eth0 up" \
			"addr add 203.0.113.$((4 + i))/24 dev eth0" | ip_b hn-wan$i || fail "hn-wan$i"
	done
	in_ns hn-rt sysctl -qw net.ipv4.ip_forward=1
}

# wait_listen NS PROTO PORT: until a socket listens there (bounded).
wait_listen() {
	local i flag=-lnt
	[[ $2 == udp ]] && flag=-lnu
	for i in $(seq 50); do
		in_ns "$1" ss $flag | grep -q ":$3 " && return 0
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
	nsenter --net="$nsdir/$1" socat -t $t "$proto-LISTEN:$3,fork,reuseaddr" \
		"EXEC:$HOMENET_TOP/tests/e2e/peer-echo" > /dev/null 2>&1 &
	wait_listen "$1" "$2" "$3"
}

# nettool NS ARGS...: tests/e2e/nettool.py inside NS (-I -S: no site
# module, what it imports is the standard library's)
nettool() {
	local ns=$1; shift
	in_ns "$ns" /usr/bin/python3 -I -S "$HOMENET_TOP/tests/e2e/nettool.py" "$@"
}

# nettool_bg NS ARGS...: the same in the background, its pid in $bg_pid.
# (nsenter execs python, so the pid is python's own; its output goes
# nowhere, so no command substitution waits for it.)
nettool_bg() {
	local ns=$1; shift
	nsenter --net="$nsdir/$ns" /usr/bin/python3 -I -S "$HOMENET_TOP/tests/e2e/nettool.py" "$@" \
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
	nsenter --net="$nsdir/$2" socat -u "OPEN:$tmp/data" "TCP-LISTEN:$4,reuseaddr" > /dev/null 2>&1 &
	wait_listen "$2" tcp "$4"
	got=$(timeout 120 nsenter --net="$nsdir/$1" socat -u "TCP:$3:$4" - | sha256sum)
	expect_eq "download $5 (sha256)" "$got" "$want"
	nsenter --net="$nsdir/$2" socat -u "TCP-LISTEN:$(($4 + 1)),reuseaddr" "CREATE:$tmp/up" \
		> /dev/null 2>&1 &
	up_pid=$!
	wait_listen "$2" tcp $(($4 + 1))
	timeout 120 nsenter --net="$nsdir/$1" socat -u "OPEN:$tmp/data" "TCP:$3:$(($4 + 1))" ||
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
	echo hello | timeout 20 nsenter --net="$nsdir/$1" socat -t $t -T 15 - "${2^^}:$3:$4$opt" 2> /dev/null
}
trap hn_cleanup EXIT
