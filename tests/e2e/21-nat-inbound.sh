#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# What a host on the internet can do to the table and the home:
#  1. flood a forwarded port with SYNs from ever new ports, and with bare
#     ACKs: it gets a few dozen embryonic sessions and no more, while LAN
#     hosts open and use their connections, and a real visitor gets in
#     after it;
#  2. with the table full, a new session from the LAN makes room by
#     dropping an embryonic one; a new one that finds no room is told so
#     with ICMP 3/13 (out of resources), from PRE_ROUTING too;
#  3. send from a source that routing refuses (loopback, multicast, the
#     router's own address): it reaches no LAN host, even once its
#     session exists or the flow it poses as is a hairpinned one.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5 (floods)
#                          | hn-rt (NAT)           |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6 (a server)
#     (the home's server)      wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7 (a visitor)
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
stat() { rt stats | sed -n "s/^$1 //p"; }
sessions() { rt stats | sed -n 's/^sessions \([0-9]*\).*/\1/p'; }
tmp=$(mktemp -d)
rt nat set wan wan0 max-sessions 1000 || fail "nat set"
rt forward add tcp 8081 to 192.168.0.11:80 name web || fail "forward add"
nettool_bg hn-lan2 tcp-serve 0.0.0.0:80 --seconds 600
wait_listen hn-lan2 tcp 80
nettool_bg hn-wan2 tcp-serve 0.0.0.0:8000 --seconds 600
wait_listen hn-wan2 tcp 8000

# A flooder's stack does not answer the SYN-ACKs its raw SYNs bring back
# with a reset (that would close the sessions it is out to leave open).
for h in 1 2 3; do
	echo 'table ip t { chain output { type filter hook output priority 0; tcp dport 8081 tcp flags rst drop; }; }' |
		in_ns hn-wan$h nft -f - || fail "nft in hn-wan$h"
done

# connects NS FROM TO COUNT: how many of COUNT connections, one after
# another (0.3 s apart: those during the flood span it), reach the server
# (which answers with the address it saw)
connects() { nettool "$1" tcp-connect "$2:0" "$3" --timeout 15 --count "$4" --interval 0.3; }

# 1. The flood, while lan1 opens and uses its connections.
N=$(scaled 3000 1000)
L=$(scaled 50 20)
connects hn-lan1 192.168.0.10 203.0.113.6:8000 "$L" > "$tmp/lan" &
lan=$!
nettool hn-wan1 tcp-raw 203.0.113.5 203.0.113.1:8081 "$N" syn || fail "SYN flood"
# (at once: they live the 30 s of timeout embryonic)
embryonic=$(rt session list | grep -c " 203\.0\.113\.5:.* embryonic")
log "wan1's embryonic sessions: $embryonic"
(( embryonic > 0 && embryonic <= 64 )) || fail "wan1 holds $embryonic embryonic sessions"
nettool hn-wan1 tcp-raw 203.0.113.5 203.0.113.1:8081 "$N" ack || fail "ACK flood"
wait $lan
log "after the flood: $(rt stats | tr '\n' ' ')"
expect_eq "lan1's connections during the flood" "$(cat "$tmp/lan")" "$L"
(( $(sessions) < 200 )) || fail "the flood holds $(sessions) sessions"
# (random ports: a few SYNs and ACKs fall on a port of wan1's sessions)
(( $(stat drop_inbound_limit) >= N - 100 )) || fail "SYNs past the limit: $(stat drop_inbound_limit)"
(( $(stat drop_filtered) >= N - 100 )) || fail "bare ACKs not refused: $(stat drop_filtered)"
expect_eq "drops for a full table" "$(stat drop_table_full)" 0
expect_eq "a visitor after the flood" "$(connects hn-wan3 203.0.113.7 203.0.113.1:8081 5)" 5

# 2. The table full: the LAN's UDP half stays, the internet's half is
# embryonic; lan1's new connections each take an embryonic one's place.
rt session flush
# (embryonic sessions for longer than a slow machine takes to fill the table)
rt nat set max-sessions 200 timeout embryonic 600 || fail "max-sessions 200"
nettool hn-lan2 udp-burst 192.168.0.11 203.0.113.6:9 30000 100 || fail "udp-burst"
for h in 1 2 3; do
	nettool hn-wan$h tcp-raw 203.0.113.$((4 + h)) 203.0.113.1:8081 60 syn ||
		fail "SYNs from wan$h"
done
log "table full: $(rt stats | tr '\n' ' ')"
expect_eq "sessions with the table full" "$(sessions)" 200
dropped=$(stat sessions_early_dropped)
expect_eq "lan1's connections with the table full" \
	"$(connects hn-lan1 192.168.0.10 203.0.113.6:8000 10)" 10
(( $(stat sessions_early_dropped) >= dropped + 10 )) ||
	fail "early drops: $dropped, then $(stat sessions_early_dropped)"
expect_eq "LAN's UDP sessions kept" "$(rt session list proto udp | wc -l)" 100

# No room at all (the LAN's sessions are never dropped for another):
# the sender hears so, before routing as after it.
rt session flush
rt nat set max-sessions 20 || fail "max-sessions 20"
nettool hn-lan2 udp-burst 192.168.0.11 203.0.113.6:9 31000 20 || fail "udp-burst"
expect_eq "sessions, all the LAN's" "$(sessions)" 20
out=$(nettool hn-wan3 tcp-connect 203.0.113.7:0 203.0.113.1:8081 --timeout 10)
[[ $out == "unreachable after "* ]] || fail "a visitor with no room: $out"
out=$(nettool hn-lan1 tcp-connect 192.168.0.10:0 203.0.113.1:8081 --timeout 10)
[[ $out == "unreachable after "* ]] || fail "a hairpin with no room: $out"
out=$(nettool hn-lan1 tcp-connect 192.168.0.10:0 203.0.113.6:8000 --timeout 10)
[[ $out == "unreachable after "* ]] ||
	fail "an outbound connection with no room: $out; $(rt stats | tr '\n' ' '); $(rt session list | tr '\n' ';')"
log "no room: the visitor, the hairpin and the outbound connection told so"

# 3. Sources routing refuses.  A player teaches the forward its route;
# then, from wan1, datagrams from martian sources, and from the router's
# own address posing as lan1's hairpinned flow.  lan2 must see none.
rt session flush
rt nat set max-sessions 65536 timeout embryonic 30 || fail "max-sessions"
rt forward add udp 5000 to 192.168.0.11:5000 name game || fail "forward game"
nettool_bg hn-lan2 udp-serve 0.0.0.0:5000 --seconds 300 --log "$tmp/game"
wait_listen hn-lan2 udp 5000
expect_eq "a player" "$(nettool hn-wan1 udp-ask 203.0.113.5:4000 203.0.113.1:5000)" \
	"203.0.113.5:4000"
# (0.0.0.0/8 is no martian to Linux since 5.3: routing forwards from it)
for src in 127.0.0.1 224.0.0.5; do
	nettool hn-wan1 udp-from $src:4001 203.0.113.1:5000 5 martian || fail "udp-from $src"
done
out=$(nettool hn-lan1 udp-ask 192.168.0.10:4002 203.0.113.1:5000)
[[ $out == 203.0.113.1:* ]] || fail "lan1 by the external address: $out"
nettool hn-wan1 udp-from "$out" 203.0.113.1:5000 5 spoofed || fail "udp-from $out"
expect_eq "a player again" "$(nettool hn-wan1 udp-ask 203.0.113.5:4000 203.0.113.1:5000)" \
	"203.0.113.5:4000"
log "lan2 saw: $(sort "$tmp/game" | uniq -c | tr '\n' ' ')"
log "sessions: $(rt session list | tr '\n' ';')"
expect_eq "martians that reached lan2" "$(grep -c martian "$tmp/game")" 0
expect_eq "spoofed hairpin packets that reached lan2" "$(grep -c spoofed "$tmp/game")" 0
(( $(stat drop_spoofed) >= 5 )) || fail "spoofed not counted: $(stat drop_spoofed)"
rm -rf "$tmp"
exit 0
