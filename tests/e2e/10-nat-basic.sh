#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Outbound NAPT: TCP, UDP and ping from the LAN reach WAN hosts that have
# no route back to the LAN; the sessions show up; the source port is kept
# when free and the mapping is endpoint-independent (RFC 4787 REQ-1); two
# LAN hosts on one port get two external ports (REQ-3).
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (NAT)           |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }

# Before NAT: the WAN host cannot answer a private address.
peer_server hn-wan1 udp 7000
peer_server hn-wan1 tcp 8000
peer_server hn-wan2 udp 7000
[[ -z $(ask hn-lan1 udp 203.0.113.5 7000 5000) ]] || fail "answered without NAT?"

rt nat set wan wan0 address auto || fail "nat set"
rt nat show | grep -q "^wan wan0 address auto " || fail "nat show: $(rt nat show)"
expect_eq "address in use" "$(rt -j nat show | sed -n 's/.*"address_current":"\([^"]*\)".*/\1/p')" \
	203.0.113.1

# UDP, port kept.
expect_eq "UDP seen by wan1" "$(ask hn-lan1 udp 203.0.113.5 7000 5000)" "203.0.113.1:5000"
# Endpoint-independent mapping: another server sees the same port.
expect_eq "UDP seen by wan2" "$(ask hn-lan1 udp 203.0.113.6 7000 5000)" "203.0.113.1:5000"
# Same port from a second LAN host: another external port, same parity.
got=$(ask hn-lan2 udp 203.0.113.5 7000 5000)
[[ $got == 203.0.113.1:* && $got != 203.0.113.1:5000 ]] || fail "lan2 mapped to '$got'"
(( ${got##*:} % 2 == 0 && ${got##*:} >= 1024 )) || fail "lan2's port ${got##*:}: parity/class"
log "lan2 mapped to $got"

# TCP.
expect_eq "TCP seen by wan1" "$(ask hn-lan1 tcp 203.0.113.5 8000 40000)" "203.0.113.1:40000"

# ping.
in_ns hn-lan1 ping -c 2 -W 2 203.0.113.6 > /dev/null || fail "ping through NAT"
log "ping through NAT"

# The session table shows what happened.
list=$(rt session list)
log "sessions:"$'\n'"$list"
grep -q "^udp 192.168.0.10:5000 203.0.113.5:7000 via 203.0.113.1:5000 " <<< "$list" ||
	fail "no UDP session lan1 -> wan1"
grep -q "^udp 192.168.0.10:5000 203.0.113.6:7000 via 203.0.113.1:5000 " <<< "$list" ||
	fail "no UDP session lan1 -> wan2"
grep -q "^tcp 192.168.0.10:40000 203.0.113.5:8000 via 203.0.113.1:40000 " <<< "$list" ||
	fail "no TCP session"
grep -q "^icmp 192.168.0.10:" <<< "$list" || fail "no ICMP session"
expect_eq "filtered list (tcp)" "$(rt session list proto tcp | wc -l)" 1
expect_eq "filtered list (inside lan2)" "$(rt session list inside 192.168.0.11 | wc -l)" 1
rt -j session list | grep -q '"inside_addr":"192.168.0.10","inside_port":5000' ||
	fail "JSON list: $(rt -j session list)"

st=$(rt stats)
log "stats:"$'\n'"$st"
grep -q "^nat on wan0 address 203.0.113.1" <<< "$st" || fail "stats header"
(( $(sed -n 's/^out_packets //p' <<< "$st") >= 5 )) || fail "out_packets"
(( $(sed -n 's/^in_packets //p' <<< "$st") >= 5 )) || fail "in_packets"

# Delete one session; flush the rest.
rt session del udp 192.168.0.10:5000 203.0.113.6:7000 || fail "session del"
rt session list | grep -q "203.0.113.6:7000" && fail "session still there after del"
out=$(rt session del udp 192.168.0.10:5000 203.0.113.6:7000 2>&1); rc=$?
expect_eq "del of a missing session: exit" "$rc" 2
[[ $out == *"no such session"* ]] || fail "no extack for a missing session: $out"
rt session flush || fail "session flush"
expect_eq "sessions after flush" "$(rt session list | wc -l)" 0

# NAT off: nothing is translated any more.
rt nat off || fail "nat off"
rt nat show | grep -q "^wan" && fail "nat off still shows a WAN"
[[ -z $(ask hn-lan1 udp 203.0.113.5 7000 5002) ]] || fail "translated with NAT off"
exit 0
