#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The fast path for established sessions: packets after the first take
# the route their session learned, from the receiving device's ingress
# hook (a bridge's, not its port's; a packet someone else holds, cloned),
# else PRE_ROUTING, both ways, with the TTL decremented once; it steps
# aside while another netfilter hook would be skipped ("auto"), goes past
# the firewall's FORWARD hooks when told ("on") but never teaches itself
# a route the firewall dropped; a route change, a blackhole, a smaller
# MTU and TCP with GSO are all honoured; and a namespace with learned
# routes goes away without pinning devices.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (NAT)           |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
fast() { rt stats | sed -n 's/^fast_packets //p'; }
# of those, the ones taken at the receiving device, before ip_rcv()
fast_dev() { rt stats | sed -n 's/^fast_ingress //p'; }
# stream NS BIND DEST COUNT: datagrams answered, of COUNT sent 20 ms apart
stream() { nettool "$1" udp-stream "$2" "$3" "$4" 0.02; }
# nft_count NS TABLE: the packets the counters of TABLE ("ip" unless "FAMILY NAME") saw
nft_count() {
	in_ns "$1" nft list table "$2" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }'
}
# icmp_out NAME: the router's count of ICMP messages of that kind sent
icmp_out() {
	in_ns hn-rt nstat -az "IcmpOut$1" | awk -v k="IcmpOut$1" '$1 == k {print $2}'
}

rt nat set wan wan0 || fail "nat set"
rt nat show | grep -q " fastpath auto " || fail "fastpath not auto by default: $(rt nat show)"
# (the whole test long, on the debug kernel too)
nettool_bg hn-wan1 udp-serve 203.0.113.5:7000 --seconds 900
wait_listen hn-wan1 udp 7000

# TTLs as they arrive at each end: one hop, whichever path.
in_ns hn-wan1 nft -f - <<- 'EOF' || fail "nft in hn-wan1"
	table ip ttl {
		chain in {
			type filter hook input priority 0;
			udp dport 7000 ip ttl 63 counter
		}
	}
EOF
in_ns hn-lan1 nft -f - <<- 'EOF' || fail "nft in hn-lan1"
	table ip ttl {
		chain in {
			type filter hook input priority 0;
			udp sport 7000 ip ttl 63 counter
		}
	}
EOF

# 1. A stream: everything after the first packet each way goes fast, from
# br-lan's and wan0's ingress hooks.
f0=$(fast)
d0=$(fast_dev)
expect_eq "answered (auto)" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 20)" 20
f1=$(fast)
log "fast path packets: $((f1 - f0)) of 40"
(( f1 - f0 == 38 )) || fail "fast path took $((f1 - f0)) packets, want 38 (19 each way)"
expect_eq "fast path packets taken at the devices (auto)" "$(($(fast_dev) - d0))" 38
expect_eq "TTL 63 at the WAN host" "$(nft_count hn-wan1 ttl)" 20
expect_eq "TTL 63 at the LAN host" "$(nft_count hn-lan1 ttl)" 20
rt session list | grep -q "^udp 192.168.0.10:5000 203.0.113.5:7000 via 203.0.113.1:5000 " ||
	fail "no session: $(rt session list)"
(( $(in_ns hn-rt nstat -az IpForwDatagrams | awk '$1 == "IpForwDatagrams" {print $2}') >= 40 )) ||
	fail "the fast path's packets are not in the kernel's forwarding counters"

# 2. auto: a FORWARD hook of anyone else's, and the fast path steps aside.
in_ns hn-rt nft -f - <<- 'EOF' || fail "nft in hn-rt"
	table ip fw {
		chain filt {
			type filter hook forward priority 0;
			udp dport 7000 counter
			udp sport 7000 counter
		}
	}
EOF
f0=$(fast)
expect_eq "answered (auto, firewall)" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 10)" 10
expect_eq "fast path packets with a FORWARD hook (auto)" "$(($(fast) - f0))" 0
expect_eq "the firewall saw them all" "$(nft_count hn-rt fw)" 20
in_ns hn-rt nft add rule ip fw filt udp dport 7000 drop
expect_eq "answered (auto, firewall drops)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 5)" 0

# 3. on: past FORWARD for what it learned, but what FORWARD drops it never
# learns.
rt nat set fastpath on || fail "fastpath on"
rt nat show | grep -q " fastpath on " || fail "fastpath not on: $(rt nat show)"
expect_eq "answered (on, established, firewall drops new packets)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 10)" 10
expect_eq "answered (on, a new session the firewall drops)" \
	"$(stream hn-lan1 192.168.0.10:5001 203.0.113.5:7000 5)" 0
in_ns hn-rt nft flush chain ip fw filt
in_ns hn-rt nft add rule ip fw filt udp dport 7000 counter
f0=$(fast)
expect_eq "answered (on, a new session)" \
	"$(stream hn-lan1 192.168.0.10:5002 203.0.113.5:7000 10)" 10
expect_eq "FORWARD saw the first packet only" "$(nft_count hn-rt fw)" 1
(( $(fast) - f0 >= 18 )) || fail "on: only $(($(fast) - f0)) fast path packets"
in_ns hn-rt nft delete table ip fw
rt nat set fastpath auto || fail "fastpath auto"

# 3b. Where the fast path starts: at the device's receive hook, before
# ip_rcv(), unless a hook would be skipped; then at PRE_ROUTING.  A
# prerouting chain before homenet's: in auto it sees every packet, in on
# (as a flowtable) only what came before.
in_ns hn-rt nft -f - <<- 'EOF' || fail "nft raw in hn-rt"
	table ip raw {
		chain pre {
			type filter hook prerouting priority raw;
			udp dport 7000 counter
		}
	}
EOF
f0=$(fast)
d0=$(fast_dev)
expect_eq "answered (auto, prerouting chain)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 10)" 10
expect_eq "fast path packets (auto, prerouting chain)" "$(($(fast) - f0))" 20
expect_eq "none of them from the devices (auto, prerouting chain)" "$(($(fast_dev) - d0))" 0
expect_eq "the prerouting chain saw them all (auto)" "$(nft_count hn-rt raw)" 10
rt nat set fastpath on || fail "fastpath on"
d0=$(fast_dev)
expect_eq "answered (on, prerouting chain)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 10)" 10
expect_eq "fast path packets from the devices (on)" "$(($(fast_dev) - d0))" 20
expect_eq "the prerouting chain saw none of them (on)" "$(nft_count hn-rt raw)" 10
in_ns hn-rt nft delete table ip raw
rt nat set fastpath auto || fail "fastpath auto"

# 3c. A netdev ingress chain after homenet's hook on wan0: in auto the
# answers wait for PRE_ROUTING, so the chain sees them all; the requests
# still start at br-lan.
in_ns hn-rt nft -f - <<- 'EOF' || fail "nft netdev in hn-rt"
	table netdev wanin {
		chain in {
			type filter hook ingress device wan0 priority 0;
			udp sport 7000 counter
		}
	}
EOF
f0=$(fast)
d0=$(fast_dev)
expect_eq "answered (auto, netdev chain)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 10)" 10
expect_eq "fast path packets (auto, netdev chain)" "$(($(fast) - f0))" 20
expect_eq "from the devices: br-lan's only (auto, netdev chain)" "$(($(fast_dev) - d0))" 10
expect_eq "the netdev chain saw every answer" "$(nft_count hn-rt "netdev wanin")" 10
in_ns hn-rt nft delete table netdev wanin

# 3d. Packets someone else still holds (skb_shared(): pktgen keeps a
# reference to each one it sends) are cloned, as ip_rcv() would, and go on
# from the device: pktgen in the WAN switch sends 50 answers of the open
# session straight into wan0, and all 50 reach hn-lan1 (pktgen's TTL 32,
# one hop: 31), every one taken at wan0's ingress hook.
expect_eq "answered (before the shared packets)" \
	"$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 2)" 2
modprobe pktgen 2> /dev/null
[[ -d /proc/net/pktgen ]] || ip netns exec hn-wsw test -d /proc/net/pktgen ||
	fail "no pktgen in this kernel"
in_ns hn-lan1 nft -f - <<- 'EOF' || fail "nft pg in hn-lan1"
	table ip pg {
		chain in {
			type filter hook input priority 0;
			udp sport 7000 udp dport 5000 ip ttl 31 counter
		}
	}
EOF
pg() { ip netns exec hn-wsw sh -c "echo '$1' > /proc/net/pktgen/$2" || fail "pktgen: $1"; }
pg rem_device_all kpktgend_0
pg "add_device rt" kpktgend_0
for c in "count 50" "pkt_size 60" "delay 0" "clone_skb 0" "burst 1" \
	"dst_mac $(ip netns exec hn-rt cat /sys/class/net/wan0/address)" \
	"src_min 203.0.113.5" "src_max 203.0.113.5" "dst_min 203.0.113.1" "dst_max 203.0.113.1" \
	"udp_src_min 7000" "udp_src_max 7000" "udp_dst_min 5000" "udp_dst_max 5000"; do
	pg "$c" rt
done
d0=$(fast_dev)
timeout 60 ip netns exec hn-wsw sh -c 'echo start > /proc/net/pktgen/pgctrl' ||
	fail "pktgen did not finish"
pg rem_device_all kpktgend_0
expect_eq "shared packets through the session" "$(nft_count hn-lan1 pg)" 50
expect_eq "shared packets taken at wan0" "$(($(fast_dev) - d0))" 50
in_ns hn-lan1 nft delete table ip pg

# 4. Routes change under the fast path: a blackhole, then a gateway.
ip -n hn-rt route add blackhole 203.0.113.5/32
expect_eq "answered (blackholed)" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 5)" 0
ip -n hn-rt route del blackhole 203.0.113.5/32
expect_eq "answered (route back)" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 5)" 5
# hn-wan3 becomes the gateway to hn-wan1: the packets must cross it
in_ns hn-wan3 sysctl -qw net.ipv4.ip_forward=1
in_ns hn-wan3 sysctl -qw net.ipv4.conf.all.send_redirects=0
in_ns hn-wan3 sysctl -qw net.ipv4.conf.eth0.send_redirects=0
in_ns hn-wan3 nft -f - <<- 'EOF' || fail "nft in hn-wan3"
	table ip gw {
		chain filt {
			type filter hook forward priority 0;
			ip daddr 203.0.113.5 udp dport 7000 counter
		}
	}
EOF
ip -n hn-rt route add 203.0.113.5/32 via 203.0.113.7
expect_eq "answered (via hn-wan3)" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 5)" 5
expect_eq "hn-wan3 forwarded them" "$(nft_count hn-wan3 gw)" 5
ip -n hn-rt route del 203.0.113.5/32 via 203.0.113.7

# 5. A smaller MTU on the way out: 1400-byte datagrams still arrive whole
# (the forward path fragments them, or says "fragmentation needed").
ip -n hn-rt link set wan0 mtu 1000
out=$(nettool hn-lan1 udp-ask 192.168.0.10:5000 203.0.113.5:7000 --size 1400 ||
	nettool hn-lan1 udp-ask 192.168.0.10:5000 203.0.113.5:7000 --size 1400)
expect_eq "1400 bytes over an MTU of 1000" "$out" "203.0.113.1:5000 1400"
ip -n hn-rt link set wan0 mtu 1500

# 6. A TTL about to run out takes the forward path, which says so.
t0=$(icmp_out TimeExcds)
nettool hn-lan1 udp-ask 192.168.0.10:5000 203.0.113.5:7000 --ttl 1 > /dev/null
expect_eq "time exceeded sent for a TTL of 1" "$(($(icmp_out TimeExcds) - t0))" 1
expect_eq "answered after it" "$(stream hn-lan1 192.168.0.10:5000 203.0.113.5:7000 3)" 3

# 7. Bulk TCP with GSO and checksum offload, both ways, on the fast path.
for ns in hn-lan1 hn-wan1; do
	in_ns "$ns" ethtool -K eth0 gro on tso on tx on rx on > /dev/null 2>&1
done
in_ns hn-rt ethtool -K wan0 gro on > /dev/null 2>&1
in_ns hn-rt ethtool -K lan1 gro on > /dev/null 2>&1
f0=$(fast)
bulk_tcp hn-lan1 hn-wan1 203.0.113.5 8200 "on the fast path"
log "fast path packets for 4 MB of TCP: $(($(fast) - f0))"
(( $(fast) - f0 >= 20 )) || fail "bulk TCP did not take the fast path"

# 8. Port forwarding: the rule learns the inbound route.
nettool_bg hn-lan2 udp-serve 192.168.0.11:5353 --seconds 60
wait_listen hn-lan2 udp 5353
rt forward add udp 5353 to 192.168.0.11 name dns || fail "forward add"
f0=$(fast)
expect_eq "answered through the forward rule" \
	"$(stream hn-wan2 203.0.113.6:6000 203.0.113.1:5353 10)" 10
expect_eq "fast path packets (forward rule)" "$(($(fast) - f0))" 18
(( $(rt stats | sed -n 's/^drop_invalid //p') == 0 )) || fail "packets dropped as invalid"

# 9. Devices that routes are held for go away at once, and so does the
# router's namespace.
bg_stop
timeout 30 ip -n hn-rt link del br-lan || fail "br-lan could not go"
timeout 30 ip -n hn-rt link del wan0 || fail "wan0 could not go"
log "br-lan and wan0 removed with routes held"
ip netns del hn-rt
sleep 2
dmesg | grep "waiting for .* to become free" && fail "a device was pinned"
exit 0
