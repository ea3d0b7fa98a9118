#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP opening through the NAT (RFC 5382) and the router's own ports:
# - an unsolicited SYN to a pool port is not answered for 6 s, then gets
#   ICMP port unreachable (REQ-4); outside the pool the router answers;
# - simultaneous open: the WAN host's SYN arrives first, the LAN host's
#   follows, and both connect (REQ-2, "all valid sequences");
# - ports the router listens on (TCP) or has bound (UDP) are never given
#   to a mapping, and SYNs to them reach the router at once.
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

# Unsolicited SYN to a pool port nobody uses: silence, then port unreachable.
got=$(nettool hn-wan1 tcp-connect 203.0.113.5:45000 203.0.113.1:40000)
[[ $got =~ ^refused\ after\ ([0-9]+)\ s$ ]] || fail "unsolicited SYN: $got"
secs=${BASH_REMATCH[1]}
(( secs >= 6 && secs <= 15 )) || fail "port unreachable after $secs s, want 6..15"
log "unsolicited SYN: $got"
expect_eq "SYNs held" "$(rt stats | sed -n 's/^syn_held //p')" 1

# Outside the pool the router's own stack answers (RST) at once.
rt nat set ports 20000-60000 || fail "nat set ports"
got=$(nettool hn-wan1 tcp-connect 203.0.113.5:45001 203.0.113.1:5000)
expect_eq "SYN outside the pool" "$got" "refused after 0 s"
rt nat set ports 1-65535 || fail "nat set ports back"

# Simultaneous open: wan1 dials lan1's future mapping first.
ip netns exec hn-wan1 /usr/bin/python3 "$HOMENET_TOP/tests/e2e/nettool.py" tcp-connect \
	203.0.113.5:40101 203.0.113.1:40100 > "$tmp/simopen-wan1" 2>&1 &
wan=$!
sleep 1	# its first SYN is held by now
got=$(nettool hn-lan1 tcp-connect 192.168.0.10:40100 203.0.113.5:40101)
wait "$wan"
expect_eq "simultaneous open, lan1 side" "$got" "connected hello from 203.0.113.5:40101"
expect_eq "simultaneous open, wan1 side" "$(cat "$tmp/simopen-wan1")" \
	"connected hello from 192.168.0.10:40100"
rt session list proto tcp |
	grep -q "^tcp 192.168.0.10:40100 203.0.113.5:40101 via 203.0.113.1:40100 " ||
	fail "simultaneous open session: $(rt session list proto tcp)"

# The router listens on TCP 2200 and has UDP 5300 bound: no mapping takes them.
nsenter --net="$nsdir/hn-rt" socat -t 10 TCP-LISTEN:2200,bind=203.0.113.1,fork,reuseaddr \
	"EXEC:$HOMENET_TOP/tests/e2e/peer-echo" > /dev/null 2>&1 &
wait_listen hn-rt tcp 2200
# (-t 10: a RECVFROM child has its datagram, then waits for peer-echo)
nsenter --net="$nsdir/hn-rt" socat -t 10 UDP-RECVFROM:5300,bind=203.0.113.1,fork \
	"EXEC:$HOMENET_TOP/tests/e2e/peer-echo" > /dev/null 2>&1 &
wait_listen hn-rt udp 5300
peer_server hn-wan1 tcp 8000
got=$(ask hn-lan1 tcp 203.0.113.5 8000 2200)
[[ $got == 203.0.113.1:* && $got != 203.0.113.1:2200 ]] ||
	fail "lan1 from TCP port 2200 seen as '$got'"
log "lan1 from TCP port 2200 seen as $got"
nettool_bg hn-wan1 udp-serve 203.0.113.5:7000 --seconds 60
wait_listen hn-wan1 udp 7000
got=$(nettool hn-lan1 udp-ask 192.168.0.10:5300 203.0.113.5:7000)
[[ $got == 203.0.113.1:* && $got != 203.0.113.1:5300 ]] ||
	fail "lan1 from UDP port 5300 seen as '$got'"
log "lan1 from UDP port 5300 seen as $got"
bg_stop
expect_eq "the router's own TCP service, from wan2" \
	"$(ask hn-wan2 tcp 203.0.113.1 2200 46000)" "203.0.113.6:46000"
expect_eq "the router's own UDP service, from wan2" \
	"$(ask hn-wan2 udp 203.0.113.1 5300 46001)" "203.0.113.6:46001"
# the second held SYN was wan1's in the simultaneous open; none since
expect_eq "SYNs held after all that" "$(rt stats | sed -n 's/^syn_held //p')" 2
rm -rf "$tmp"
exit 0
