#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Conflict checks in bulk: 80 clients send their DISCOVERs at once.  The
# server checks each new address with an ARP probe (sent in batches) and
# offers it only once the probe's window has passed with no answer:
# every client gets a distinct address, no sooner than 300 ms after its
# DISCOVER, and a probe from the router's MAC was seen for every address
# offered.  With conflict-check = no, the same burst sees no probe.
#
#   c1 (dhcptool.py burst: 80 clients, one socket) --- br-lan 192.168.0.1
#                                                      (rt: homenetd --dhcp-only)
. "$(dirname "$0")/lib.sh"

N=80 # the pool has 100 addresses
lan_topo c1=02:00:00:00:01:01
router_mac=$(nsx rt cat /sys/class/net/br-lan/address)

# burst: the clients' lines (MAC ADDR MS PROBE) in $tmp/burst
burst() {
	timeout 60 ip netns exec "$pfx-c1" python3 "$top/tests/host/dhcptool.py" burst eth0 "$N" \
		> "$tmp/burst" 2> "$tmp/burst.err" ||
		fail "not every client got an offer: $(grep -c ' - - -$' "$tmp/burst") without; $(cat "$tmp/burst.err")"
	expect_eq "clients offered" "$(wc -l < "$tmp/burst")" "$N"
	expect_eq "distinct addresses offered" "$(awk '{ print $2 }' "$tmp/burst" | sort -u | wc -l)" "$N"
}

write_conf
hnd_start
burst
expect_eq "offers sooner than the 300 ms probe window" \
	"$(awk '$3 < 300' "$tmp/burst" | wc -l)" 0
expect_eq "addresses offered without a probe from the router seen" \
	"$(awk -v m="$router_mac" '$4 != m' "$tmp/burst" | wc -l)" 0
grep -q "conflict check of .* skipped" "$tmp/homenetd.log" && fail "conflict checks were skipped"
hnd_stop

# conflict-check = no: a fresh journal, the same burst, no probe
rm -f "$tmp/leases"
write_conf
sed -i 's|^lease-file = .*|&\nconflict-check = no|' "$tmp/homenet.conf"
hnd_start
burst
expect_eq "probes seen with conflict-check = no" "$(awk '$4 != "-"' "$tmp/burst" | wc -l)" 0
hnd_stop
log "ok"
