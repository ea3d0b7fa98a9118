#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 50,000 sessions (10,000 on the debug kernel) listed by "homenetctl
# session list" (a dump over many netlink messages; the count must match,
# also while other sessions are deleted); NAT under a stateful nftables
# firewall with conntrack loaded (homenet translates before conntrack sees
# a packet, so conntrack sees the LAN side of every flow); rmmod while
# sessions are live and traffic flows.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (NAT, nftables  |
#   hn-lan2 192.168.0.11 --+-- br-lan   firewall)  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
# (sessions outlive the test, which takes more than the default 300 s of a
# UDP session on the debug kernel)
rt nat set wan wan0 max-sessions 60000 timeout udp 3600 || fail "nat set"

# 50,000 flows, one datagram each, from lan1's ports 10000-59999.
N=$(scaled 50000 10000)
start=$(date +%s)
nettool hn-lan1 udp-burst 192.168.0.10 203.0.113.5:9 10000 $N || fail "udp-burst"
log "sent $N flows in $(( $(date +%s) - start ))s"
expect_eq "sessions counted" "$(rt stats | sed -n 's/^sessions \([0-9]*\).*/\1/p')" $N
start=$(date +%s)
expect_eq "sessions listed" "$(rt session list | wc -l)" $N
log "listed $N sessions in $(( $(date +%s) - start ))s"
expect_eq "sessions listed (JSON)" "$(rt -j session list | grep -o '"proto"' | wc -l)" $N
expect_eq "distinct external ports" \
	"$(rt session list | awk '{print $5}' | sort -u | wc -l)" $N

# Dumps while other sessions go: each lists every one of lan1's sessions,
# which stay, exactly once (the parts of a dump end between buckets, so a
# session removed from one already listed moves nothing).  500 of lan2's
# (100 on the debug kernel, where each homenetctl takes long) are deleted
# one at a time meanwhile; the table does not resize.
M=$(scaled 500 100)
nettool hn-lan2 udp-burst 192.168.0.11 203.0.113.5:9 10000 $M || fail "udp-burst from lan2"
# (the last datagrams may still be on their way through the veths)
for i in $(seq 50); do
	got=$(rt stats | sed -n 's/^sessions \([0-9]*\).*/\1/p')
	(( got == N + M )) && break
	sleep 0.1
done
(( got == N + M )) || fail "sessions with lan2's: got $got, want $((N + M)); $(rt stats | tr '\n' ' ')"
log "sessions with lan2's: $got"
(
	for ((p = 10000; p < 10000 + M; p++)); do
		rt session del udp 192.168.0.11:$p 203.0.113.5:9 ||
			fail "session del of lan2's port $p: $(rt session list | grep -c '^udp 192\.168\.0\.11:') of lan2's left, $(rt stats | grep '^sessions')"
	done
) &
del_pid=$!
dump=$(mktemp)
for i in 1 2 3; do
	rt session list 2> /dev/null | awk '$2 ~ /^192\.168\.0\.10:/ { print $2 }' > "$dump"
	expect_eq "lan1's sessions in dump $i under deletions" "$(wc -l < "$dump")" $N
	expect_eq "distinct ones in dump $i" "$(sort -u "$dump" | wc -l)" $N
done
rm -f "$dump"
wait $del_pid || fail "the deletions of lan2's sessions failed"
expect_eq "lan2's sessions after the deletions" \
	"$(rt session list | grep -c '^udp 192\.168\.0\.11:')" 0

rt session flush
expect_eq "sessions after flush" "$(rt session list | wc -l)" 0

# A stateful firewall with conntrack: forward only what the LAN opened.
in_ns hn-rt nft -f - <<'NFT' || fail "nft"
table inet fw {
	chain forward_filter {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		iifname "br-lan" oifname "wan0" ct state new accept
	}
}
NFT
peer_server hn-wan1 udp 7000
peer_server hn-wan1 tcp 8000
expect_eq "UDP through NAT and conntrack" "$(ask hn-lan1 udp 203.0.113.5 7000 5000)" \
	"203.0.113.1:5000"
expect_eq "TCP through NAT and conntrack" "$(ask hn-lan1 tcp 203.0.113.5 8000 40000)" \
	"203.0.113.1:40000"
ct=$(in_ns hn-rt conntrack -L 2> /dev/null)
log "conntrack:"$'\n'"$ct"
grep -q "src=192.168.0.10 dst=203.0.113.5 .*dport=8000 .*src=203.0.113.5 dst=192.168.0.10" \
	<<< "$ct" || fail "conntrack does not see the inside view of the TCP flow"

# rmmod with live sessions and traffic in flight.
nsenter --net="$nsdir/hn-lan1" ping -i 0.05 -c 400 203.0.113.6 > /dev/null 2>&1 &
ping_pid=$!
nettool_bg hn-lan2 udp-burst 192.168.0.11 203.0.113.6:9 20000 2000
live=0
for i in $(seq 100); do
	live=$(rt stats | sed -n 's/^sessions \([0-9]*\).*/\1/p')
	(( live > 2 )) && break
	sleep 0.2
done
(( live > 2 )) || fail "no live sessions ($live)"
rmmod homenet || fail "rmmod with live sessions"
log "rmmod with live sessions and traffic"
kill "$ping_pid" 2> /dev/null
wait "$ping_pid" 2> /dev/null
bg_stop
exit 0
