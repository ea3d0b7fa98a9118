#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Timers (short values so the test is quick): UDP sessions expire, an
# established TCP session outlives the transitory timer and a closed one
# does not.  ICMP errors through the NAT: traceroute (time exceeded from a
# router beyond the NAT, port unreachable from the far host), and path MTU
# discovery over a 1280-byte link, an error that quotes only 8 bytes of a
# TCP header.  Out of resources: ICMP "administratively
# prohibited" back to the sender (RFC 5508 section 9).
#
#   hn-lan1 192.168.0.10 --+                        +-- hn-wan1 203.0.113.5 --- hn-far
#                          | hn-rt (NAT)            |   (a router)   198.51.100.1  198.51.100.2
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1   +-- hn-wan2 ...      MTU 1280 on this link
#                              wan0   203.0.113.1 --+-- hn-wan3 ...
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
rt nat set wan wan0 timeout udp 3 timeout tcp-transitory 3 timeout tcp 600 ||
	fail "nat set"

# A router beyond the NAT, and a host behind it on a small-MTU link.
ns_add hn-far
link_ns hn-wan1 far0 hn-far eth0
ip -n hn-wan1 addr add 198.51.100.1/24 dev far0
ip -n hn-far addr add 198.51.100.2/24 dev eth0
ip -n hn-wan1 link set far0 mtu 1280
ip -n hn-far link set eth0 mtu 1280
in_ns hn-wan1 sysctl -qw net.ipv4.ip_forward=1
ip -n hn-far route add default via 198.51.100.1
ip -n hn-rt route add 198.51.100.0/24 via 203.0.113.5

# wait_until SECONDS CMD...: poll CMD every half second, bounded.
wait_until() {
	local n=$(( $1 * 2 )); shift
	while (( n-- > 0 )); do
		"$@" && return 0
		sleep 0.5
	done
	return 1
}
no_sessions() { [[ -z $(rt session list proto "$1") ]]; }

# UDP expires after 3 s idle (GC runs every second).
echo x | in_ns hn-lan1 socat -u - UDP:203.0.113.5:9,sourceport=5100
expect_eq "UDP session made" "$(rt session list proto udp | wc -l)" 1
wait_until 10 no_sessions udp || fail "UDP session did not expire"
(( $(rt stats | sed -n 's/^sessions_expired //p') >= 1 )) || fail "expiry not counted"
log "UDP session expired"

# TCP: established stays past the transitory timer; closed goes.
nsenter --net="$nsdir/hn-wan1" socat TCP-LISTEN:8100,reuseaddr SYSTEM:"sleep 30" > /dev/null 2>&1 &
wait_listen hn-wan1 tcp 8100
nsenter --net="$nsdir/hn-lan1" socat -u SYSTEM:"sleep 30" TCP:203.0.113.5:8100,sourceport=42000 \
	> /dev/null 2>&1 &
client=$!
wait_until 10 eval 'rt session list proto tcp | grep -q " established"' ||
	fail "no established TCP session: $(rt session list proto tcp)"
sleep 5
rt session list proto tcp | grep -q "192.168.0.10:42000 .* established" ||
	fail "established session gone after the transitory timer"
kill "$client"
wait "$client" 2> /dev/null
wait_until 15 no_sessions tcp || fail "closed TCP session did not expire"
log "TCP: established kept, closed expired"

# traceroute: hop 2 (wan1) answers with time exceeded, hop 3 (far) with
# port unreachable; both come back to the external address and must be
# translated to lan1.
rt nat set timeout udp 300
out=$(in_ns hn-lan1 traceroute -n -q 1 -w 2 -m 4 198.51.100.2 2>&1)
log "traceroute:"$'\n'"$out"
grep -q "^ 2  203.0.113.5 " <<< "$out" || fail "traceroute: no hop 2 through the NAT"
grep -q "^ 3  198.51.100.2 " <<< "$out" || fail "traceroute: did not reach the far host"
out=$(in_ns hn-lan1 traceroute -I -n -q 1 -w 2 -m 4 198.51.100.2 2>&1)
grep -q "^ 2  203.0.113.5 " <<< "$out" || fail "traceroute -I: no hop 2: $out"
(( $(rt stats | sed -n 's/^icmp_errors //p') >= 2 )) || fail "ICMP errors not counted"

# Path MTU: a 1400-byte DF ping gets "frag needed (mtu 1280)" from wan1,
# translated, so lan1's kernel learns the path MTU.
out=$(in_ns hn-lan1 ping -M do -s 1400 -c 2 -W 2 198.51.100.2 2>&1)
log "ping -M do: $out"
wait_until 5 eval 'ip -n hn-lan1 route get 198.51.100.2 | grep -q "mtu 1280"' ||
	fail "lan1 did not learn the path MTU: $(ip -n hn-lan1 route get 198.51.100.2)"
in_ns hn-lan1 ping -M do -s 1200 -c 1 -W 2 198.51.100.2 > /dev/null ||
	fail "ping within the path MTU"
log "path MTU 1280 learnt through the NAT"

# An old router's error quotes only 8 bytes of the TCP header (RFC 792's
# least: the ports and the sequence number).  wan2 drops SYNs to port 9100
# in its stack and answers them so: lan1's connection is refused at once.
echo 'table ip t { chain input { type filter hook input priority 0; tcp dport 9100 drop; }; }' |
	in_ns hn-wan2 nft -f - || fail "nft in hn-wan2"
nettool_bg hn-wan2 icmp-quote8 9100 30
sleep 1
out=$(nettool hn-lan1 tcp-connect 192.168.0.10:0 203.0.113.6:9100 --timeout 10)
log "a connection answered with 8 bytes quoted: $out"
[[ $out == "refused after "* ]] || fail "an error quoting 8 bytes of TCP was not translated: $out"
bg_stop

# Out of resources: with the table full, a new flow is refused and its
# sender told so; existing sessions keep working.
rt session flush
rt nat set max-sessions 1
echo x | in_ns hn-lan1 socat -u - UDP:203.0.113.5:9,sourceport=5200
out=$(in_ns hn-lan1 ping -c 1 -W 2 203.0.113.6 2>&1)
log "ping with the table full: $out"
grep -qi "filtered\|prohibited" <<< "$out" || fail "no ICMP 3/13 to the sender: $out"
(( $(rt stats | sed -n 's/^drop_table_full //p') >= 1 )) || fail "table-full drop not counted"
expect_eq "sessions with the table full" "$(rt session list | wc -l)" 1
exit 0
