#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Port forwarding: the article's own example (public port 8081 to the
# home server 192.168.0.4 port 80, a real web server) from the internet
# and, reflected, from the LAN; UDP; port ranges; a source restriction;
# disabled rules; deleting a rule; rules own their ports (the allocator
# keeps out, a new rule evicts a dynamic mapping); 10,000 rules; a
# replace of the whole set under continuous traffic that loses nothing;
# and the router's own ICMP errors about forwarded packets.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#   hn-lan2 192.168.0.11 --+ hn-rt (NAT)           |
#   hn-nas  192.168.0.4  --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
ns_add hn-nas
link_ns hn-nas eth0 hn-rt nas
ip -n hn-rt link set nas master br-lan
ip -n hn-nas addr add 192.168.0.4/24 dev eth0
ip -n hn-nas route add default via 192.168.0.1
rt() { "$hnctl" -n hn-rt "$@"; }
rt nat set wan wan0 || fail "nat set"
tmp=$(mktemp -d)

# A web server on the NAS, port 80.
mkdir "$tmp/www"
echo "hello from the NAS" > "$tmp/www/index.html"
ip netns exec hn-nas python3 -m http.server 80 --bind 192.168.0.4 \
	--directory "$tmp/www" > /dev/null 2>&1 &
wait_listen hn-nas tcp 80

rt forward add tcp 8081 to 192.168.0.4:80 name web || fail "forward add"
expect_eq "forward list" "$(rt forward list | sed 's/ *#.*//')" \
	"tcp 8081 to 192.168.0.4:80 name web"
expect_eq "the page from the internet" \
	"$(nettool hn-wan1 http-get http://203.0.113.1:8081/index.html)" "hello from the NAS"
rt session list | grep -q "^tcp 192.168.0.4:80 203.0.113.5:[0-9]* via 203.0.113.1:8081 " ||
	fail "no forwarded session listed: $(rt session list)"
rt session list | grep "^tcp 192.168.0.4:80 " | grep -q " inbound .*forward rule web" ||
	fail "the forwarded session is not marked: $(rt session list)"
json=$(rt -j forward list)
python3 - "$json" <<'EOF' || fail "forward list -j: $json"
import json, sys
r = json.loads(sys.argv[1])
assert len(r) == 1 and r[0]["name"] == "web", r
assert r[0]["sessions"] == 1 and r[0]["packets"] >= 6 and r[0]["bytes"] > 300, r
EOF
log "rule counters: $json"

# Reflection: lan1 uses the public address and port and gets the page.
expect_eq "the page from the LAN, reflected" \
	"$(nettool hn-lan1 http-get http://203.0.113.1:8081/index.html)" "hello from the NAS"
# ... and the server sees the router's public address, so replies return.
peer_server hn-nas tcp 23
rt forward add tcp 2323 to 192.168.0.4:23 name telnet || fail "forward add 2323"
expect_eq "reflected TCP: the NAS saw" "$(ask hn-lan1 tcp 203.0.113.1 2323 42000)" \
	"203.0.113.1:42000"
expect_eq "TCP from the internet: the NAS saw" "$(ask hn-wan2 tcp 203.0.113.1 2323 42001)" \
	"203.0.113.6:42001"

# UDP, and a port range mapped 1:1 onto another range.
nettool_bg hn-lan2 udp-serve 192.168.0.11:6001 --seconds 60
wait_listen hn-lan2 udp 6001
rt forward add udp 5000-5002 to 192.168.0.11:6000-6002 name games || fail "range"
expect_eq "UDP range: 5001 reaches 6001, which saw" \
	"$(nettool hn-wan1 udp-ask 203.0.113.5:4444 203.0.113.1:5001)" "203.0.113.5:4444"
expect_fail "UDP range: 5002 reaches 6002 (nothing there)" \
	nettool hn-wan1 udp-ask 203.0.113.5:4445 203.0.113.1:5002
expect_eq "UDP reflected: lan1 seen as" \
	"$(nettool hn-lan1 udp-ask 192.168.0.10:4446 203.0.113.1:5001)" "203.0.113.1:4446"
bg_stop

# A source restriction: wan1 only.
peer_server hn-nas tcp 22
rt forward add tcp 2222 to 192.168.0.4:22 from 203.0.113.5/32 name ssh || fail "from"
filtered=$(rt stats | sed -n 's/^drop_filtered //p')
expect_eq "from wan1 (allowed)" "$(ask hn-wan1 tcp 203.0.113.1 2222 43000)" \
	"203.0.113.5:43000"
expect_eq "from wan2 (not allowed)" "$(ask hn-wan2 tcp 203.0.113.1 2222 43001)" ""
(( $(rt stats | sed -n 's/^drop_filtered //p') > filtered )) ||
	fail "the refused SYN is not counted as filtered"

# A disabled rule forwards nothing.
rt forward add tcp 2424 to 192.168.0.4:22 name spare disabled || fail "disabled"
rt forward list | grep -q "^tcp 2424 to 192.168.0.4:22 name spare disabled" ||
	fail "disabled rule listed as: $(rt forward list)"
expect_eq "through a disabled rule" "$(ask hn-wan1 tcp 203.0.113.1 2424 43002)" ""

# Rules own their ports: lan1 opening from port 8081 gets another one.
peer_server hn-wan1 tcp 8000
got=$(ask hn-lan1 tcp 203.0.113.5 8000 8081)
[[ $got == 203.0.113.1:* && $got != 203.0.113.1:8081 ]] ||
	fail "lan1 from port 8081 was seen as '$got'"
log "lan1 from port 8081 was seen as $got"
# ... and a new rule takes its port from a dynamic mapping.
nettool_bg hn-lan1 udp-serve 192.168.0.10:7777 --announce 203.0.113.5:7000 --seconds 60
wait_session udp 192.168.0.10:7777
evicted=$(rt stats | sed -n 's/^sessions_evicted //p')
rt forward add udp 7777 to 192.168.0.11:7777 name taken || fail "forward add 7777"
bg_stop
rt session list | grep -q "^udp 192.168.0.10:7777 " && fail "the dynamic mapping stayed"
expect_eq "sessions evicted" "$(rt stats | sed -n 's/^sessions_evicted //p')" $((evicted + 1))

# Errors: overlapping ports, a duplicate name, no such rule.
expect_fail "overlapping rule" rt forward add tcp 8080-8082 to 192.168.0.5
expect_fail "duplicate name" rt forward add tcp 9999 to 192.168.0.5 name web
expect_fail "del of a missing rule" rt forward del tcp 9999
err=$(rt forward add tcp 8081 to 192.168.0.5 2>&1)
[[ $err == *overlap* ]] || fail "overlap error says: $err"

# forward list reads back as forward replace input: the same set.
before=$(rt forward list | sed 's/ *#.*//')
rt forward list | rt forward replace || fail "list | replace"
expect_eq "list | replace is the identity" "$(rt forward list | sed 's/ *#.*//')" "$before"
expect_eq "and keeps the counters" \
	"$(rt -j forward list | python3 -c 'import json,sys; print([r["sessions"] for r in json.load(sys.stdin) if r["name"] == "web"][0])')" 2

# Deleting a rule stops new connections.
rt forward del tcp 8081 || fail "forward del"
expect_fail "the page after del" nettool hn-wan1 http-get http://203.0.113.1:8081/index.html
rt session list | grep -q "^tcp 192.168.0.4:80 " && fail "the rule's sessions stayed"
rt forward del name telnet || fail "forward del name"

# 10,000 rules (2,000 on the debug kernel) in one replace; every one
# listed; lookups still right.
n=$(scaled 10000 2000)
python3 - "$n" > "$tmp/rules" <<'EOF'
import sys
print("tcp 8081 to 192.168.0.4:80 name web")
for i in range(int(sys.argv[1]) - 1):
    print("udp %d to 192.168.0.%d:%d" % (20000 + i, 20 + i % 200, 20000 + i))
EOF
rt forward replace "$tmp/rules" || fail "replace with $n rules"
expect_eq "rules listed" "$(rt forward list | wc -l)" "$n"
expect_eq "the page with $n rules" \
	"$(nettool hn-wan2 http-get http://203.0.113.1:8081/index.html)" "hello from the NAS"

# Replacing the set under traffic: a UDP stream through a rule that every
# new set keeps loses nothing while the rest changes ten times.
rt forward flush || fail "forward flush"
expect_eq "after flush" "$(rt forward list | wc -l)" 0
nettool_bg hn-lan2 udp-serve 192.168.0.11:5353 --seconds 60
wait_listen hn-lan2 udp 5353
rt forward add udp 5353 to 192.168.0.11 name stream || fail "forward add 5353"
ip netns exec hn-wan1 /usr/bin/python3 "$HOMENET_TOP/tests/e2e/nettool.py" udp-stream \
	203.0.113.5:6000 203.0.113.1:5353 400 0.01 > "$tmp/stream" &
stream=$!
for i in $(seq 10); do
	{
		echo "udp 5353 to 192.168.0.11 name stream"
		for j in $(seq $((i * 10))); do
			echo "tcp $((30000 + i * 100 + j)) to 192.168.0.4:80"
		done
	} | rt forward replace || fail "replace $i"
	sleep 0.2
done
wait "$stream"
bg_stop
expect_eq "stream answers through 10 replaces" "$(cat "$tmp/stream")" 400
expect_eq "rules after the last replace" "$(rt forward list | wc -l)" 101

# The router's own ICMP errors about a forwarded packet: it was already
# translated when the router found it could not pass it on, and what the
# error quotes must be what the sender sent (RFC 5508), or the sender's
# kernel cannot tell which socket it is for.  A forward to a host that is
# off (no one answers ARP for .50): host unreachable; a datagram whose TTL
# runs out at the router: time exceeded.
rt forward add udp 5400 to 192.168.0.50 name off || fail "forward add 5400"
expect_eq "to a host that is off" \
	"$(nettool hn-wan1 udp-ask 203.0.113.5:5401 203.0.113.1:5400 --icmp)" \
	"icmp 3 1 from 203.0.113.1"
expect_eq "TTL out at the router" \
	"$(nettool hn-wan1 udp-ask 203.0.113.5:5402 203.0.113.1:5353 --icmp --ttl 1)" \
	"icmp 11 0 from 203.0.113.1"
rm -rf "$tmp"
exit 0
