#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Real traffic shapes through the NAT: bulk TCP both ways with checksum
# offload and GRO/GSO on the veths (the data must arrive intact), and UDP
# datagrams larger than the MTU, so fragmented, both ways (RFC 4787
# REQ-14: the NAT reassembles before it translates).
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
for ns in hn-lan1 hn-wan1; do
	in_ns "$ns" ethtool -K eth0 gro on tso on tx on rx on > /dev/null 2>&1
done
in_ns hn-rt ethtool -K wan0 gro on > /dev/null 2>&1
in_ns hn-rt ethtool -K lan1 gro on > /dev/null 2>&1
log "offloads on lan1: $(in_ns hn-lan1 ethtool -k eth0 2> /dev/null |
	grep -E '^(generic-receive-offload|tcp-segmentation-offload|tx-checksumming):' | tr '\n' ' ')"

# WAN to LAN (download) and LAN to WAN (upload).
bulk_tcp hn-lan1 hn-wan1 203.0.113.5 8200 "through NAT"

# Fragmented UDP: 4000-byte datagrams out and back (MTU 1500).
nettool_bg hn-wan1 udp-serve 203.0.113.5:7300 --seconds 60
wait_listen hn-wan1 udp 7300
expect_eq "4000-byte datagram out, answer back" \
	"$(nettool hn-lan1 udp-ask 192.168.0.10:5300 203.0.113.5:7300 --size 4000)" \
	"203.0.113.1:5300 4000"
bg_stop
nettool_bg hn-lan1 udp-serve 192.168.0.10:5400 --announce 203.0.113.5:7400 --seconds 60
wait_session udp 192.168.0.10:5400
rt nat set filter eif
expect_eq "4000-byte datagram in (fragments reassembled, translated)" \
	"$(nettool hn-wan2 udp-ask 203.0.113.6:7401 203.0.113.1:5400 --size 4000)" \
	"203.0.113.6:7401 4000"
bg_stop
(( $(rt stats | sed -n 's/^drop_invalid //p') == 0 )) || fail "packets dropped as invalid"
exit 0
