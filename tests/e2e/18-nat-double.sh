#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Double NAT: the router's WAN side is itself a private network (an ISP
# box at 192.168.1.1 in front), inside the default inside prefixes.
# Hosts on the WAN side are outside whatever their address (RFC 4787
# REQ-7): their replies are translated back, never taken for hairpin,
# and their sessions take the fast path like any other.
#
#   hn-lan1 192.168.0.10 --+                        +-- hn-wan1 192.168.1.1
#                          | hn-rt (NAT)            |   (the "ISP box")
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1   +-- hn-wan2 203.0.113.6
#                              wan0   192.168.1.50 -+
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
ip -n hn-rt addr flush dev wan0
ip -n hn-rt addr add 192.168.1.50/24 dev wan0
ip -n hn-wan1 addr flush dev eth0
ip -n hn-wan1 addr add 192.168.1.1/24 dev eth0
rt() { "$hnctl" -n hn-rt "$@"; }
rt nat set wan wan0 || fail "nat set"
expect_eq "external address" "$(rt -j nat show | python3 -c 'import json,sys; print(json.load(sys.stdin)["address_current"])')" \
	192.168.1.50

nettool_bg hn-wan1 udp-serve 192.168.1.1:7000 --seconds 60
wait_listen hn-wan1 udp 7000
expect_eq "UDP to the ISP box: it saw" \
	"$(nettool hn-lan1 udp-ask 192.168.0.10:5000 192.168.1.1:7000)" "192.168.1.50:5000"
# A private upstream is an ordinary outside peer to the fast path too:
# after the first packet each way, the stream goes fast both ways.
fast() { rt stats | sed -n 's/^fast_packets //p'; }
f0=$(fast)
expect_eq "UDP stream to the ISP box: answered" \
	"$(nettool hn-lan1 udp-stream 192.168.0.10:5001 192.168.1.1:7000 10 0.02)" 10
expect_eq "fast path packets to and from the ISP box" "$(($(fast) - f0))" 18
bg_stop
peer_server hn-wan1 tcp 8000
expect_eq "TCP to the ISP box: it saw" "$(ask hn-lan1 tcp 192.168.1.1 8000 41000)" \
	"192.168.1.50:41000"
rt session list | grep -q "^tcp 192.168.0.10:41000 192.168.1.1:8000 via 192.168.1.50:41000 " ||
	fail "session to the ISP box: $(rt session list)"
rt session list | grep -q "192.168.1.1.* hairpin" && fail "the ISP box was taken for a LAN host"

# Hairpin still works between the LAN hosts.
nettool_bg hn-lan2 udp-serve 192.168.0.11:9000 --announce 192.168.1.1:8000 --seconds 60
wait_session udp 192.168.0.11:9000
expect_eq "UDP hairpin under double NAT" \
	"$(nettool hn-lan1 udp-ask 192.168.0.10:5555 192.168.1.50:9000)" "192.168.1.50:5555"
bg_stop
exit 0
