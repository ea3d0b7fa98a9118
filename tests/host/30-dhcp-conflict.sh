#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The conflict check: a host that took the pool's first address by hand
# answers homenetd's ARP probe, so a DHCP client is offered the next one
# (the squatted one rests in quarantine); with conflict-check = no
# the probe is not made (and the client is offered the squatted address).
#
#   squat 192.168.0.100 (set by hand) --+
#                                       +-- br-lan 192.168.0.1 (rt: homenetd --dhcp-only)
#   c1 (udhcpc) ------------------------+
. "$(dirname "$0")/lib.sh"

command -v busybox > /dev/null || skip "busybox is not installed (scripts/deps.sh)"
lan_topo squat=02:00:00:00:02:01 c1=02:00:00:00:01:01
nsx squat ip addr add 192.168.0.100/24 dev eth0

# udhcpc_lease: run udhcpc in c1 once; prints the address it was given
udhcpc_lease() {
	rm -f "$tmp/c1.lease"
	timeout 30 ip netns exec "$pfx-c1" busybox udhcpc -i eth0 -f -q -n -t 5 -T 1 -A 1 \
		-s "$tmp/script" > "$tmp/c1.out" 2>&1 || fail "udhcpc got no lease: $(cat "$tmp/c1.out")"
	cat "$tmp/c1.lease"
}
cat > "$tmp/script" <<SCRIPT
#!/bin/sh
[ "\$1" = bound ] && echo "\$ip" > "$tmp/c1.lease"
exit 0
SCRIPT
chmod +x "$tmp/script"

write_conf
hnd_start
expect_eq "the address offered past the squatter" "$(udhcpc_lease)" "192.168.0.101"
grep -q "192.168.0.100 is in use by a host the server does not know" "$tmp/homenetd.log" ||
	fail "no conflict logged"
hnd_stop

# conflict-check = no (in [dhcp]): no probe; a fresh journal, the first address
rm -f "$tmp/leases"
write_conf
sed -i 's|^lease-file = .*|&\nconflict-check = no|' "$tmp/homenet.conf"
: > "$tmp/homenetd.log"
hnd_start
expect_eq "the address offered with no check" "$(udhcpc_lease)" "192.168.0.100"
grep -q "in use by a host" "$tmp/homenetd.log" && fail "a probe was made with conflict-check = no"
hnd_stop
log "ok"
