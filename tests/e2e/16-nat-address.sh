#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The external address: "auto" follows the WAN interface's primary
# address (sessions on an address that goes away are flushed, NAT idles
# while there is none); a fixed address is used as given.  And "nat show"
# reads back as "nat set" input.
#
#   hn-lan1 192.168.0.10 --+                       +-- hn-wan1 203.0.113.5
#                          | hn-rt (NAT)           |
#   hn-lan2 192.168.0.11 --+-- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                              wan0   203.0.113.1 -+-- hn-wan3 203.0.113.7
#                                     then .2, then .9 fixed
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
rt() { "$hnctl" -n hn-rt "$@"; }
cur() { rt -j nat show | sed -n 's/.*"address_current":"\([^"]*\)".*/\1/p'; }
rt nat set wan wan0 address auto ports 1024-65535 filter apdf timeout udp 250 ||
	fail "nat set"
peer_server hn-wan1 udp 7000
expect_eq "from .1" "$(ask hn-lan1 udp 203.0.113.5 7000 5000)" "203.0.113.1:5000"
expect_eq "sessions on .1" "$(rt session list | wc -l)" 1

# The address goes: NAT idles, the sessions go with it.
ip -n hn-rt addr del 203.0.113.1/24 dev wan0
expect_eq "address in use with none on wan0" "$(cur)" ""
expect_eq "sessions once .1 went" "$(rt session list | wc -l)" 0
rt stats | grep -q "^nat on wan0, waiting for an address" || fail "stats: $(rt stats | head -1)"

# A new address: used at once.
ip -n hn-rt addr add 203.0.113.2/24 dev wan0
expect_eq "address in use" "$(cur)" 203.0.113.2
expect_eq "from .2" "$(ask hn-lan1 udp 203.0.113.5 7000 5000)" "203.0.113.2:5000"

# A fixed address (the router owns it as a secondary one).
ip -n hn-rt addr add 203.0.113.9/24 dev wan0
rt nat set address 203.0.113.9 || fail "fixed address"
expect_eq "sessions after the address changed" "$(rt session list | wc -l)" 0
expect_eq "from .9" "$(ask hn-lan1 udp 203.0.113.5 7000 5000)" "203.0.113.9:5000"
ip -n hn-rt addr del 203.0.113.2/24 dev wan0
expect_eq "fixed address stays when the primary goes" "$(cur)" 203.0.113.9

# nat show reads back as nat set input, unchanged.
before=$(rt nat show)
# shellcheck disable=SC2046
rt nat set $(rt nat show) || fail "nat set \$(nat show): $before"
expect_eq "nat show after reading it back" "$(rt nat show)" "$before"
[[ $before == *"ports 1024-65535 filter apdf "*"timeout udp 250 "* ]] ||
	fail "nat show lost settings: $before"
exit 0
