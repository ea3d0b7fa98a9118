#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole router, as the README's demo shows it: homenetd reads one
# config file, configures homenet.ko (NAT on wan0, the forward 8081 to
# the NAS port 80) and serves DHCP on br-lan.  A LAN host gets its address
# from it with a real client (busybox udhcpc) and browses a web server on
# the internet through the NAT; the NAS gets its MAC-pinned address; a
# WAN host reaches the NAS's web server through the forward.  homenetd
# configures the module again when it is reloaded, and on SIGHUP.
#
#   hn-lan1 (DHCP) --------+                       +-- hn-wan1 203.0.113.5 (web)
#   hn-nas  52:54:00:12:34:56 -- br-lan 192.168.0.1  +-- hn-wan2 203.0.113.6
#                          hn-rt: homenetd          wan0 203.0.113.1
. "$(dirname "$0")/lib.sh"

hn_load
topo_home
ip -n hn-lan1 addr flush dev eth0
ip -n hn-lan1 route flush all 2> /dev/null
ns_add hn-nas
link_ns hn-nas eth0 hn-rt nas
ip -n hn-rt link set nas master br-lan
ip -n hn-nas link set eth0 address 52:54:00:12:34:56
tmp=$(mktemp -d)
export HOMENETD_SOCKET=$tmp/homenetd.sock
hnd=$HOMENET_TOP/build/userspace/homenetd
rt() { "$hnctl" -n hn-rt "$@"; }

cat > "$tmp/homenet.conf" <<CONF
[wan]
interface = wan0
address = auto

[lan]
interface = br-lan
address = 192.168.0.1/24

[dhcp]
range = 192.168.0.100 192.168.0.199
lease-time = 12h
dns = 192.168.0.1
lease-file = $tmp/leases

[host nas]
mac = 52:54:00:12:34:56
address = 192.168.0.4

[forward web]
protocol = tcp
port = 8081
to = nas:80
CONF
"$hnd" --check -c "$tmp/homenet.conf" || fail "homenetd --check"

ip netns exec hn-rt "$hnd" -v -c "$tmp/homenet.conf" > "$tmp/homenetd.log" 2>&1 &
hnd_pid=$!
for i in $(seq 100); do
	"$hnctl" lease list > /dev/null 2>&1 && break
	kill -0 $hnd_pid 2> /dev/null || { cat "$tmp/homenetd.log"; fail "homenetd exited"; }
	sleep 0.2
done
log "homenetd is up"
expect_eq "forward list, pushed by homenetd" "$(rt forward list | sed 's/ *#.*//')" \
	"tcp 8081 to 192.168.0.4:80 name web"
rt nat show | grep -q "^wan wan0 address auto " || fail "nat show: $(rt nat show)"

# A DHCP client that sets the address and the default route it is given.
cat > "$tmp/udhcpc" <<'SCRIPT'
#!/bin/sh
case $1 in
bound|renew)
	ip addr replace "$ip/24" dev "$interface"
	[ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface" ;;
deconfig)
	ip addr flush dev "$interface" ;;
esac
exit 0
SCRIPT
chmod +x "$tmp/udhcpc"
dhcp() {	# dhcp NS: a lease for NS's eth0
	timeout 60 ip netns exec "$1" busybox udhcpc -i eth0 -f -q -n -t 10 -T 2 -A 1 \
		-s "$tmp/udhcpc" > "$tmp/$1.udhcpc" 2>&1 ||
		fail "$1 got no lease: $(cat "$tmp/$1.udhcpc")"
}
dhcp hn-nas
dhcp hn-lan1
leases=$("$hnctl" lease list)
log "homenetctl lease list:"
sed 's/^/#   /' <<< "$leases"
grep -q "^192.168.0.4 52:54:00:12:34:56 .* static name nas$" <<< "$leases" ||
	fail "the NAS's pinned lease is not listed"
lan1=$(ip -n hn-lan1 -4 -o addr show dev eth0 | awk '{ print $4 }')
expect_eq "lan1's address from homenetd" "$lan1" 192.168.0.100/24
grep -q "^192.168.0.100 .* dynamic" <<< "$leases" || fail "lan1's lease is not listed"

# Web servers: one on the internet, one on the NAS.
mkdir "$tmp/wan" "$tmp/nas"
echo "a page on the internet" > "$tmp/wan/index.html"
echo "the NAS's own page" > "$tmp/nas/index.html"
ip netns exec hn-wan1 python3 -m http.server 80 --bind 203.0.113.5 --directory "$tmp/wan" \
	> /dev/null 2>&1 &
ip netns exec hn-nas python3 -m http.server 80 --bind 192.168.0.4 --directory "$tmp/nas" \
	> /dev/null 2>&1 &
wait_listen hn-wan1 tcp 80
wait_listen hn-nas tcp 80

expect_eq "lan1 browses the internet" \
	"$(nettool hn-lan1 http-get http://203.0.113.5/index.html)" "a page on the internet"
expect_eq "the internet reaches the NAS through 8081" \
	"$(nettool hn-wan2 http-get http://203.0.113.1:8081/index.html)" "the NAS's own page"
sessions=$(rt session list proto tcp)
log "homenetctl session list proto tcp:"
sed 's/^/#   /' <<< "$sessions"
grep -q "^tcp 192.168.0.100:[0-9]* 203.0.113.5:80 via 203.0.113.1:" <<< "$sessions" ||
	fail "lan1's session is not listed"
grep -q "^tcp 192.168.0.4:80 203.0.113.6:[0-9]* via 203.0.113.1:8081 .*rule web" \
	<<< "$sessions" || fail "the forwarded session is not listed"

# The module goes and comes back: homenetd configures it again.
rmmod homenet || fail "rmmod with homenetd running"
hn_load
for i in $(seq 100); do
	rt forward list 2> /dev/null | grep -q "name web" && break
	sleep 0.2
done
expect_eq "forward list after the module came back" "$(rt forward list | sed 's/ *#.*//')" \
	"tcp 8081 to 192.168.0.4:80 name web"
expect_eq "the forward works again" \
	"$(nettool hn-wan2 http-get http://203.0.113.1:8081/index.html)" "the NAS's own page"

# SIGHUP: a new forward in the file is pushed; a broken file changes nothing.
cat >> "$tmp/homenet.conf" <<'CONF'

[forward ssh]
protocol = tcp
port = 2222
to = nas:22
CONF
kill -HUP $hnd_pid
for i in $(seq 100); do
	[[ $(rt forward list | wc -l) == 2 ]] && break
	sleep 0.2
done
expect_eq "forward list after SIGHUP" "$(rt forward list | sed 's/ *#.*//' | sort)" \
	"tcp 2222 to 192.168.0.4:22 name ssh
tcp 8081 to 192.168.0.4:80 name web"
echo "bogus line" >> "$tmp/homenet.conf"
kill -HUP $hnd_pid
sleep 1
expect_eq "rules after a SIGHUP with a broken file" "$(rt forward list | wc -l)" 2
grep -q "reload refused" "$tmp/homenetd.log" || fail "no reload error logged"
"$hnctl" lease list | grep -q "^192.168.0.100 " || fail "leases lost on reload"

kill -TERM $hnd_pid
wait $hnd_pid || fail "homenetd did not stop cleanly: $(tail "$tmp/homenetd.log")"
rm -rf "$tmp"
exit 0
