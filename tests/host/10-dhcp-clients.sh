#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# homenetd serves real DHCP clients: busybox udhcpc, ISC dhclient and
# dhcpcd get a lease, renew it and release it; a host with a static
# binding gets its pinned address; leases survive a restart.
#
#   c1 (udhcpc) --+
#   c2 (dhclient) +-- br-lan 192.168.0.1  (rt: homenetd --dhcp-only)
#   c3 (dhcpcd) --+
#   nas 52:54:00:12:34:56 (udhcpc, static binding 192.168.0.4)
. "$(dirname "$0")/lib.sh"

for t in dhclient dhcpcd; do
	command -v $t > /dev/null || skip "$t is not installed (scripts/deps.sh)"
done
lan_topo c1=02:00:00:00:01:01 c2=02:00:00:00:01:02 c3=02:00:00:00:01:03 \
	nas=52:54:00:12:34:56
write_conf
hnd_start

# A client script for udhcpc and dhclient: configure the address, log what happened.
# (dhclient runs it with a clean environment: its log is the default)
cat > "$tmp/client-script" <<SCRIPT
#!/bin/sh
CLIENT_LOG=\${CLIENT_LOG:-$tmp/c2.log}
SCRIPT
cat >> "$tmp/client-script" <<'SCRIPT'
ip=${ip:-$new_ip_address}
case ${1:-$reason} in
bound|renew|BOUND|RENEW|REBOOT)
	ip addr replace "$ip/24" dev "${interface:-eth0}"
	echo "${1:-$reason} $ip" >> "$CLIENT_LOG" ;;
deconfig|RELEASE|EXPIRE|STOP)
	ip addr flush dev "${interface:-eth0}"
	echo "${1:-$reason}" >> "$CLIENT_LOG" ;;
esac
exit 0
SCRIPT
chmod +x "$tmp/client-script"

# busybox udhcpc: a lease from the pool, the address configured.
CLIENT_LOG=$tmp/c1.log timeout 30 ip netns exec "$pfx-c1" env CLIENT_LOG="$tmp/c1.log" \
	busybox udhcpc -i eth0 -f -q -n -t 5 -T 1 -A 1 -s "$tmp/client-script" > "$tmp/c1.out" 2>&1 ||
	fail "udhcpc got no lease: $(cat "$tmp/c1.out")"
expect_eq "udhcpc's lease" "$(lease_of 02:00:00:00:01:01)" "192.168.0.100 dynamic"
nsx c1 ip -4 -o addr show dev eth0 | grep -q "192.168.0.100/24" || fail "c1 address not set"
nsx c1 ping -c 1 -W 2 192.168.0.1 > /dev/null || fail "c1 cannot reach the router"

# The static binding: the pinned address, whatever the pool.
timeout 30 ip netns exec "$pfx-nas" env CLIENT_LOG="$tmp/nas.log" \
	busybox udhcpc -i eth0 -f -q -n -t 5 -T 1 -A 1 -s "$tmp/client-script" > /dev/null 2>&1 ||
	fail "the NAS got no lease"
expect_eq "static binding" "$(lease_of 52:54:00:12:34:56)" "192.168.0.4 static"
"$hnctl" lease list | grep -q "^192.168.0.4 52:54:00:12:34:56 .* static name nas$" ||
	fail "lease list: $("$hnctl" lease list)"

# ISC dhclient: get, renew (a second run reuses its lease), release.
dhc() {
	timeout 60 ip netns exec "$pfx-c2" env CLIENT_LOG="$tmp/c2.log" dhclient -4 -1 -d \
		-lf "$tmp/c2.leases" -pf "$tmp/c2.pid" -sf "$tmp/client-script" "$@" eth0 \
		> "$tmp/c2.out" 2>&1
}
# -d keeps it in the foreground: run it in the background and wait for BOUND
( dhc ) &
dhc_pid=$!
for i in $(seq 100); do
	grep -q "^BOUND" "$tmp/c2.log" 2> /dev/null && break
	sleep 0.2
done
grep -q "^BOUND 192.168.0.101" "$tmp/c2.log" || fail "dhclient: $(cat "$tmp/c2.out")"
expect_eq "dhclient's lease" "$(lease_of 02:00:00:00:01:02)" "192.168.0.101 dynamic"
kill "$(cat "$tmp/c2.pid")" 2> /dev/null
wait $dhc_pid 2> /dev/null
dhc -r || fail "dhclient -r: $(cat "$tmp/c2.out")"
expect_eq "after dhclient -r" "$(lease_of 02:00:00:00:01:02)" ""

# dhcpcd: one shot, IPv4 only, our script.
timeout 60 ip netns exec "$pfx-c3" dhcpcd -4 -1 -B -L -K -t 20 -f /dev/null \
	--script /bin/true eth0 > "$tmp/c3.out" 2>&1 || fail "dhcpcd: $(cat "$tmp/c3.out")"
addr=$(lease_of 02:00:00:00:01:03)
[[ $addr == 192.168.0.1[0-9][0-9]\ dynamic ]] || fail "dhcpcd's lease: '$addr'"
log "dhcpcd's lease: $addr"

# udhcpc renews: in the background, SIGUSR1 asks for a renewal.
ip netns exec "$pfx-c1" env CLIENT_LOG="$tmp/c1.log" busybox udhcpc -i eth0 -f -t 5 -T 1 -A 1 \
	-s "$tmp/client-script" > /dev/null 2>&1 &
udhcpc=$!
for i in $(seq 50); do
	[[ $(grep -c "^bound\|^renew" "$tmp/c1.log") -ge 2 ]] && break
	sleep 0.2
done
kill -USR1 $udhcpc
for i in $(seq 50); do
	grep -q "^renew" "$tmp/c1.log" && break
	sleep 0.2
done
grep -q "^renew 192.168.0.100" "$tmp/c1.log" || fail "udhcpc renewal: $(cat "$tmp/c1.log")"
log "udhcpc renewed 192.168.0.100"
# ... and releases: SIGUSR2
kill -USR2 $udhcpc
for i in $(seq 50); do
	[[ -z $(lease_of 02:00:00:00:01:01) ]] && break
	sleep 0.2
done
expect_eq "after udhcpc's release" "$(lease_of 02:00:00:00:01:01)" ""
kill $udhcpc
wait $udhcpc 2> /dev/null

# A restart keeps the leases.
before=$("$hnctl" lease list | awk '{ print $1, $2, $5 }' | sort)
hnd_stop TERM
hnd_start
expect_eq "leases after a restart" "$("$hnctl" lease list | awk '{ print $1, $2, $5 }' | sort)" \
	"$before"
exit 0
