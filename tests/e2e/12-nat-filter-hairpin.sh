#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Filtering of unsolicited inbound packets (RFC 4787 REQ-8): under eif
# anyone reaches a mapping, under adf only hosts the LAN host sent to,
# under apdf only the exact host:port.  Hairpinning (REQ-9): a LAN host
# reaches another LAN host's mapping through the external address, and
# the receiver sees the sender's external address:port (REQ-9a), for UDP
# and TCP.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (NAT)           |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
rt nat set wan wan0 || fail "nat set"
tmp=$(mktemp -d)

# probe MODE PORT: lan1 maps PORT by sending to wan1:7000, then wan1 from
# port 7000 and 7001, wan2 and wan3 each send to the mapping; prints who
# got through.
probe() {
	local mode=$1 port=$2 log=$tmp/$1.log
	rt nat set filter "$mode" || fail "filter $mode"
	nettool_bg hn-lan1 udp-serve "192.168.0.10:$port" --announce 203.0.113.5:7000 \
		--seconds 120 --log "$log"
	wait_session udp "192.168.0.10:$port"
	nettool hn-wan1 udp-ask 203.0.113.5:7000 "203.0.113.1:$port" > /dev/null
	nettool hn-wan1 udp-ask 203.0.113.5:7001 "203.0.113.1:$port" > /dev/null
	nettool hn-wan2 udp-ask 203.0.113.6:7000 "203.0.113.1:$port" > /dev/null
	nettool hn-wan3 udp-ask 203.0.113.7:7000 "203.0.113.1:$port" > /dev/null
	bg_stop
	sort "$log" 2> /dev/null | cut -d' ' -f1 | tr '\n' ' '
}

expect_eq "eif lets in" "$(probe eif 6100)" \
	"203.0.113.5:7000 203.0.113.5:7001 203.0.113.6:7000 203.0.113.7:7000 "
expect_eq "adf lets in" "$(probe adf 6200)" "203.0.113.5:7000 203.0.113.5:7001 "
expect_eq "apdf lets in" "$(probe apdf 6300)" "203.0.113.5:7000 "
dropped=$(rt stats | sed -n 's/^drop_filtered //p')
expect_eq "filtered drops counted" "$dropped" 5

# UDP hairpin: lan2 maps 9000 (towards wan1), lan1 sends to
# 203.0.113.1:9000 from 5555 and must be seen as 203.0.113.1:5555.
rt nat set filter adf
nettool_bg hn-lan2 udp-serve 192.168.0.11:9000 --announce 203.0.113.5:7000 --seconds 120 \
	--log "$tmp/hairpin.log"
wait_session udp 192.168.0.11:9000
got=$(nettool hn-lan1 udp-ask 192.168.0.10:5555 203.0.113.1:9000)
bg_stop
expect_eq "UDP hairpin: lan2 saw" "$(cut -d' ' -f1 "$tmp/hairpin.log")" "203.0.113.1:5555"
expect_eq "UDP hairpin: lan1's answer came from lan2 and says" "$got" "203.0.113.1:5555"

# TCP hairpin: lan2 listens on 9100 and holds a connection out from 9100.
peer_server hn-wan1 tcp 8000
nettool_bg hn-lan2 tcp-serve 192.168.0.11:9100 --announce 203.0.113.5:8000 --seconds 120
wait_session tcp 192.168.0.11:9100
got=$(ask hn-lan1 tcp 203.0.113.1 9100 41000)
bg_stop
expect_eq "TCP hairpin: lan2 saw" "$got" "203.0.113.1:41000"
(( $(rt stats | sed -n 's/^hairpin_packets //p') >= 2 )) || fail "hairpin packets not counted"
rt session list | grep -q " hairpin" || fail "no hairpin session listed"

# Hairpinned ICMP errors (RFC 5508 section 6): lan2's mapping 9400 has
# nothing behind it any more; lan2's port unreachable reaches lan1,
# translated back to what lan1 sent (its socket says "refused").
nettool_bg hn-lan2 udp-serve 192.168.0.11:9400 --announce 203.0.113.5:7000 --seconds 1
wait_session udp 192.168.0.11:9400
wait "$bg_pid"
errors=$(rt stats | sed -n 's/^icmp_errors //p')
expect_eq "hairpinned port unreachable, at lan1" \
	"$(nettool hn-lan1 udp-ask 192.168.0.10:5556 203.0.113.1:9400)" refused
(( $(rt stats | sed -n 's/^icmp_errors //p') > errors )) ||
	fail "the hairpinned ICMP error is not counted"
rm -rf "$tmp"
exit 0
