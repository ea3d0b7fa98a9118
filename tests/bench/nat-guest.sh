#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The NAT benchmark, inside one virtme-ng guest (scripts/bench-nat.sh boots
# it).  One topology, one generator, four ways of forwarding:
#
#   bl (LAN host, pktgen) -- l0 | rl  router (root ns)  rw | w0 -- bw (WAN)
#   192.168.0.2/16               192.168.0.1   203.0.113.1     203.0.113.2
#
# BENCH_LAN=bridge puts rl in a bridge, br-lan, which holds the router's
# LAN address, as on a home router.  The bridge clones what pktgen sends
# (pktgen keeps a reference to each packet, so it arrives shared), so
# every configuration gets the same unshared packet; on rl itself a
# flowtable writes the shared packet in place and the others clone it.
# BENCH_LAN=nic attaches an XDP program that passes everything
# (tests/bench/xdp_pass.c, built by scripts/bench-nat.sh into
# OUT/xdp_pass.o) to rl: veth then copies each packet into a page of its
# own before the router sees it, as a NIC driver builds its skbs, and
# every configuration gets the same private packet on rl itself.
#
# The router forwards 60-byte UDP packets from in-kernel pktgen in bl (no
# timestamp in them: reading the clock under TCG costs the generator more
# than building the packet) to
# bw, which drops them at prerouting (raw priority) and counts them on its
# veth.  The configurations: plain routing (no NAT: the limit), nftables
# masquerade (conntrack + nf_nat), masquerade + flowtable, homenet (and
# homenet with its fast path off).
#
#   tests/bench/nat-guest.sh OUT MODULE HOMENETCTL
#
# Writes OUT/nat.txt, one "KEY VALUE" per line, and OUT/complete at the end.
set -u
out=$1
ko=$2
hnctl=$3
res=$out/nat.txt
: > "$res"
PPS_SECS=${PPS_SECS:-5}

say() { echo "bench: $*" >&2; }
put() { echo "$*" >> "$res"; say "$*"; }
now() { date +%s.%N; }
ns_cat() { ip netns exec "$1" cat "$2"; }
# the router's LAN device: rl, or the bridge it is a port of
lan=rl
[[ ${BENCH_LAN:-} == bridge ]] && lan=br-lan

# ---------------------------------------------------------------- topology
setup() {
	sysctl -qw net.ipv4.ip_forward=1
	ip netns add bl
	ip netns add bw
	ip link add rl type veth peer name l0 netns bl
	ip link add rw type veth peer name w0 netns bw
	ip link set rl up
	ip link set rw up
	if [[ $lan == br-lan ]]; then
		ip link add br-lan type bridge
		ip link set rl master br-lan
		ip link set br-lan up
	fi
	if [[ ${BENCH_LAN:-} == nic ]]; then
		ip link set rl xdpdrv obj "$out/xdp_pass.o" sec xdp || return 1
		put "xdp $(ip -o link show rl | grep -o 'xdp[a-z]*' | head -n 1)"
	fi
	ip -n bl link set l0 up
	ip -n bw link set w0 up
	ip -n bl link set lo up
	ip -n bw link set lo up
	ip addr add 192.168.0.1/16 dev "$lan"
	ip addr add 203.0.113.1/24 dev rw
	ip -n bl addr add 192.168.0.2/16 dev l0
	ip -n bl route add default via 192.168.0.1
	ip -n bw addr add 203.0.113.2/24 dev w0
	ip -n bw route add 192.168.0.0/16 via 203.0.113.1
	# the "internet": destinations beyond bw, routed to it
	ip route add 198.18.0.0/15 via 203.0.113.2
	# a neighbour entry for the generator's many source addresses, so no
	# ARP storm of our own
	ip neigh replace 203.0.113.2 lladdr "$(ns_cat bw /sys/class/net/w0/address)" dev rw nud permanent
	ip -n bl neigh replace 192.168.0.1 lladdr "$(cat /sys/class/net/$lan/address)" dev l0 nud permanent
	nft_wan_drop
	modprobe pktgen || return 1
}

# bw counts what reaches it and drops it before anything else looks.
nft_wan_drop() {
	ip netns exec bw nft -f - <<-EOF
	table ip sink {
		chain pre { type filter hook prerouting priority raw; policy drop; }
	}
	EOF
}

wan_rx() { ns_cat bw /sys/class/net/w0/statistics/rx_packets; }

# ---------------------------------------------------------------- pktgen
# pg_dev CMD...: one command to the generator's device in bl
pg_dev() {
	local c
	for c in "$@"; do
		ip netns exec bl sh -c "echo '$c' > /proc/net/pktgen/l0" ||
			{ say "pktgen: '$c' refused"; return 1; }
	done
}

# pg_setup COUNT SRC_LO SRC_HI SPORT_LO SPORT_HI DST_LO DST_HI
pg_setup() {
	local mac
	mac=$(cat /sys/class/net/$lan/address)
	ip netns exec bl sh -c 'echo rem_device_all > /proc/net/pktgen/kpktgend_0;
		echo "add_device l0" > /proc/net/pktgen/kpktgend_0'
	pg_dev "count $1" "pkt_size 60" "delay 0" "clone_skb 0" "burst 1" \
		"dst_mac $mac" "src_min $2" "src_max $3" \
		"udp_src_min $4" "udp_src_max $5" "dst_min $6" "dst_max $7" \
		"udp_dst_min 9" "udp_dst_max 9" "flag !UDPSRC_RND" "flag !IPSRC_RND" \
		"flag !IPDST_RND" "flag NO_TIMESTAMP"
}

pg_start() { ip netns exec bl sh -c 'echo start > /proc/net/pktgen/pgctrl' 2> /dev/null; }
pg_stop() { ip netns exec bl sh -c 'echo stop > /proc/net/pktgen/pgctrl' 2> /dev/null; }

# pps NAME FLOWS: the steady rate through the router, packets received by
# bw per second over PPS_SECS after a one-second warm-up (which also opens
# the sessions).
pps() {
	local name=$1 flows=$2 r0 r1 t0 t1 pg
	pg_setup 0 192.168.1.1 192.168.1.1 10000 $((10000 + flows - 1)) \
		198.18.0.1 198.18.0.1 || return 1
	pg_start &
	pg=$!
	sleep 1
	tb_snap "pps-$name.$flows" 0
	r0=$(wan_rx); t0=$(now)
	sleep "$PPS_SECS"
	r1=$(wan_rx); t1=$(now)
	tb_snap "pps-$name.$flows" 1
	pg_stop
	wait $pg
	put "pps.$name.$flows $(echo "($r1 - $r0) / ($t1 - $t0)" | bc)"
}

# pg_usecs: how long the generator's last run took (its own clock, not
# counting its setup)
pg_usecs() { ip netns exec bl sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' /proc/net/pktgen/l0; }

# new_flows NAME COUNTER: every packet a new flow (49 source addresses x
# 1,024 ports: 50,176 flows, each sent once); flows set up per second over
# the generator's run (the router forwards in the generator's softirq, so
# it waits for the router).
new_flows() {
	local name=$1 r0 r1 us n=50176
	pg_setup $n 192.168.2.1 192.168.2.49 20000 21023 198.18.0.1 198.18.0.1 || return 1
	r0=$(wan_rx)
	tb_snap "new-$name" 0
	pg_start
	tb_snap "new-$name" 1
	r1=$(wan_rx)
	us=$(pg_usecs)
	put "new.$name.sent $n"
	put "new.$name.forwarded $((r1 - r0))"
	put "new.$name.usecs $us"
	put "new.$name.rate $(( (r1 - r0) * 1000000 / us ))"
	put "new.$name.sessions $($2)"
}

# new_flows_par NAME COUNTER: new flows from two generator threads at once
# (kpktgend_0 and kpktgend_1; both on kpktgend_0 with one CPU), each
# 25,088 flows of its own (24 source addresses x 1,024 ports, sent once):
# each thread's packets are forwarded in its CPU's softirq, so with two
# CPUs two sessions are made at a time.  Sessions set up per second of
# wall clock from the start to the last packet, what icount cannot show
# (locks and atomics cost it no instructions).
new_flows_par() {
	local name=$1 r0 r1 t0 t1 i t mac n=25088 sent=0
	mac=$(cat /sys/class/net/$lan/address)
	ip netns exec bl sh -c 'for t in /proc/net/pktgen/kpktgend_*; do echo rem_device_all > $t; done'
	for i in 0 1; do
		t=$i; (( $(nproc) > 1 )) || t=0
		ip netns exec bl sh -c "echo 'add_device l0@$i' > /proc/net/pktgen/kpktgend_$t" ||
			{ say "pktgen: l0@$i refused"; return 1; }
		for c in "count $n" "pkt_size 60" "delay 0" "clone_skb 0" "burst 1" \
			"dst_mac $mac" "src_min 192.168.$((4 + i)).1" "src_max 192.168.$((4 + i)).24" \
			"udp_src_min 20000" "udp_src_max 21023" "dst_min 198.18.0.1" "dst_max 198.18.0.1" \
			"udp_dst_min 9" "udp_dst_max 9" "flag !UDPSRC_RND" "flag !IPSRC_RND" \
			"flag !IPDST_RND" "flag NO_TIMESTAMP"; do
			ip netns exec bl sh -c "echo '$c' > /proc/net/pktgen/l0@$i" ||
				{ say "pktgen: '$c' refused"; return 1; }
		done
	done
	r0=$(wan_rx)
	t0=$(now)
	pg_start
	t1=$(now)
	r1=$(wan_rx)
	for i in 0 1; do
		sent=$((sent + $(ip netns exec bl sed -n 's/^ *pkts-sofar: \([0-9]*\).*/\1/p' /proc/net/pktgen/l0@$i)))
	done
	ip netns exec bl sh -c 'for t in /proc/net/pktgen/kpktgend_*; do echo rem_device_all > $t; done'
	put "par.$name.sent $sent"
	put "par.$name.forwarded $((r1 - r0))"
	put "par.$name.rate $(echo "($r1 - $r0) / ($t1 - $t0)" | bc)"
	put "par.$name.sessions $($2)"
}

# profile NAME CMD...: CMD under perf (BENCH_PROFILE=1), the report in
# OUT/perf-NAME.data (with OUT/kallsyms); just CMD otherwise
profile() {
	local name=$1 p i; shift
	if [[ ${BENCH_PROFILE:-0} != 1 ]]; then
		"$@"
		return
	fi
	# perf cannot write its file on the 9p share: it goes to /tmp first
	perf record -q -a -g -o "/tmp/perf-$name.data" -- sleep 600 > /dev/null 2>&1 &
	p=$!
	# perf takes its time to start under TCG: wait for its file
	for i in $(seq 100); do
		[[ -s /tmp/perf-$name.data ]] && break
		sleep 0.2
	done
	sleep 2
	"$@"
	kill -INT $p
	wait $p
	mv "/tmp/perf-$name.data" "$out/"
	# the report is the host's to make (scripts/bench-nat.sh): it needs
	# this kernel's symbols
	[[ -f $out/kallsyms ]] || cat /proc/kallsyms > "$out/kallsyms"
}

# tb_snap WINDOW 0|1: with BENCH_TBPROF=1, the instruction counts of
# every kernel block so far, from the host's QEMU plugin
# (tests/bench/tbprof.c), at the start (0) or the end (1) of WINDOW, in
# OUT/tbprof-WINDOW-0|1.txt; it answers OUT/tbprof-WINDOW-0|1.req by
# removing it.  At the start, the kernel's symbols too (modules come and
# go), in OUT/kallsyms-WINDOW.  (Packets may keep flowing meanwhile: the
# counts come with their own.)
tb_snap() {
	local i req=$out/tbprof-$1-$2.req
	[[ ${BENCH_TBPROF:-0} == 1 ]] || return 0
	[[ $2 == 0 ]] && cat /proc/kallsyms > "$out/kallsyms-$1"
	: > "$req"
	for ((i = 0; i < 600; i++)); do
		[[ -e $req ]] || return 0
		sleep 0.1
	done
	say "tbprof: no snapshot $1-$2"
}

# ---------------------------------------------------------------- configs
plain_on() { :; }
plain_off() { :; }
plain_count() { echo -; }

masq_on() {
	nft -f - <<-EOF
	table ip bnat {
		chain post {
			type nat hook postrouting priority srcnat;
			oifname "rw" masquerade
		}
	}
	EOF
}
masq_off() { nft delete table ip bnat 2> /dev/null; conntrack -F 2> /dev/null; sleep 1; }
ct_count() { conntrack -C; }

flow_on() {
	masq_on
	nft -f - <<-EOF
	table inet bft {
		flowtable ft { hook ingress priority 0; devices = { $lan, rw }; }
		chain to_flowtable {
			type filter hook forward priority filter;
			meta l4proto { tcp, udp } flow add @ft
		}
	}
	EOF
}
flow_off() { nft delete table inet bft 2> /dev/null; masq_off; }

# hn_load KO: that build of homenet.ko loaded (and no other)
hn_loaded=
hn_load() {
	local dep
	[[ $hn_loaded == "$1" ]] && lsmod | grep -q '^homenet ' && return 0
	lsmod | grep -q '^homenet ' && { rmmod homenet || return 1; }
	for dep in $(modinfo -F depends "$1" | tr , ' '); do modprobe "$dep"; done
	insmod "$1" || return 1
	hn_loaded=$1
}
# hn_on [KO]: homenet on, as built in KO (the module under test by default)
hn_on() {
	hn_load "${1:-$ko}" || return 1
	"$hnctl" nat set wan rw address 203.0.113.1 max-sessions 4000000 fastpath auto
}
hn_stat() { "$hnctl" -j stats | python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
hn_off() { "$hnctl" nat off; }
hn_count() { hn_stat sessions; }
# homenet with its fast path off: every packet through routing and FORWARD
hnslow_on() { hn_on && "$hnctl" nat set fastpath off; }
hnslow_off() { hn_off; }
# BENCH_KO_B=KO (development): "hnb" is homenet as built in KO, to compare
# two builds of the module in one boot
hnb_on() {
	[[ -n ${BENCH_KO_B:-} ]] && hn_on "$BENCH_KO_B"
}
hnb_off() { hn_off; }

# ---------------------------------------------------------------- memory
mem_kb() { awk -v k="$1" '$1 == k":" { print $2 }' /proc/meminfo; }
settle() { sleep 2; echo 3 > /proc/sys/vm/drop_caches; sleep 1; }
# what the kernel's allocators hold for good: unreclaimable slab (with
# large kmallocs) + vmalloc; the reclaimable caches (dentries of the 9p
# root) only add noise
kmem_kb() { echo $(( $(mem_kb SUnreclaim) + $(mem_kb VmallocUsed) )); }
# the bytes the hash tables' bucket arrays take in vmalloc space, homenet's
# (hn_htbl_alloc) and rhashtables' (the ones kmalloc could not give)
tables_bytes() { awk '/hn_htbl_alloc|bucket_table_alloc/ { s += $2 } END { print s + 0 }' /proc/vmallocinfo; }

# memory NAME COUNTER N_SRC N_PORTS N_DST: sessions from N_SRC addresses x
# N_PORTS ports to N_DST destinations (coprime counts: every combination);
# bytes per session by the allocators' own accounting and by MemFree.
memory() {
	local name=$1 count=$2 n=$(($3 * $4 * $5)) k0 f0 t0 k1 f1 s i
	# the generator first: its device holds a 4 MB flow array (vmalloc)
	pg_setup $n 192.168.3.1 "192.168.3.$3" 30000 $((30000 + $4 - 1)) \
		198.18.0.1 "198.18.$(( ($5 - 1) / 256 )).$(( ($5 - 1) % 256 + 1 ))" || return 1
	settle
	k0=$(kmem_kb); f0=$(mem_kb MemFree); t0=$(tables_bytes)
	# what the backlog dropped on the first pass, the next ones fill in
	for i in 1 2 3; do
		pg_start
		s=$($count)
		((s >= n)) && break
	done
	settle
	k1=$(kmem_kb); f1=$(mem_kb MemFree)
	put "mem.$name.sessions $s"
	put "mem.$name.kmem_bytes $(( (k1 - k0) * 1024 / s ))"
	put "mem.$name.memfree_bytes $(( (f0 - f1) * 1024 / s ))"
	put "mem.$name.vmalloc_tables_bytes $(( ($(tables_bytes) - t0) / s ))"
	# A hash table that grew in a burst shrinks back on the next removal
	# (a router always has sessions ending): remove one and look again.
	"${count%_count}_del_one" > /dev/null 2>&1
	settle
	k1=$(kmem_kb)
	put "mem.$name.kmem_settled_bytes $(( (k1 - k0) * 1024 / (s - 1) ))"
}
# the first session memory() made, removed
hn_del_one() { "$hnctl" session del udp 192.168.3.1:30000 198.18.0.1:9; }
ct_del_one() {
	conntrack -D -p udp --orig-src 192.168.3.1 --orig-dst 198.18.0.1 --sport 30000 --dport 9
}

# dump NAME CMD...: the time to list every session to a file, over
# BENCH_DUMP_ROUNDS runs (default 3: the report takes the median), and
# how many lines the last one wrote
dump() {
	local name=$1 r t0 t1 key; shift
	for ((r = 1; r <= ${BENCH_DUMP_ROUNDS:-3}; r++)); do
		key=dump.$name; ((r > 1)) && key+=.r$r
		t0=$(now)
		"$@" > /tmp/dump.out 2> /dev/null
		t1=$(now)
		put "$key.secs $(echo "$t1 - $t0" | bc)"
	done
	put "dump.$name.lines $(wc -l < /tmp/dump.out)"
	rm -f /tmp/dump.out
}

# iperf NAME: TCP throughput, bl -> bw (bw accepting for once)
iperf() {
	local name=$1
	local bps
	ip netns exec bw nft delete table ip sink
	ip netns exec bw iperf3 -s -1 -D -p 5201
	sleep 1
	bps=$(ip netns exec bl iperf3 -c 203.0.113.2 -t "$PPS_SECS" -J 2> /dev/null |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))' 2> /dev/null)
	put "iperf.$name ${bps:-0}"
	nft_wan_drop
}

# ---------------------------------------------------------------- run
run_rate() {	# run_rate NAME: every rate figure of one configuration
	local f0=0 d0=0
	"$1_on" || { put "error.$1 on"; "$1_off"; return; }
	[[ $1 == hn* ]] && f0=$(hn_stat fast_packets) d0=$(hn_stat fast_ingress)
	profile "$1-pps" pps "$1" 1
	pps "$1" 1000
	profile "$1-new" new_flows "$1" "$2"
	iperf "$1"
	# how many packets homenet's fast path carried: proof it was in use
	# (or not), and how many of those it took at the device's ingress
	[[ $1 == hn* ]] && put "fast_packets.$1 $(($(hn_stat fast_packets) - f0))" &&
		put "fast_ingress.$1 $(($(hn_stat fast_ingress) - d0))"
	"$1_off"
}

# pps_round N: the steady rates (and the new-flow rate) of every
# configuration once more, under the names CONFIG.rN.  Under TCG a figure
# moves by 10-20% over a run (the first configuration pays for translating
# the code paths): the report takes each one's median over the rounds.
pps_round() {
	local c d0
	for c in ${BENCH_CONFIGS:-plain hn hnslow masq flow}; do
		"${c}_on" || { put "error.$c on"; "${c}_off"; continue; }
		[[ $c == hn* ]] && d0=$(hn_stat fast_ingress)
		pps "$c.r$1" 1
		pps "$c.r$1" 1000
		[[ ${BENCH_NAT_PARTS:-rate} == *rate* ]] && new_flows "$c.r$1" "${counter[$c]}"
		[[ $c == hn* ]] && put "fast_ingress.$c.r$1 $(($(hn_stat fast_ingress) - d0))"
		"${c}_off"
	done
}

# BENCH_CONFIGS and BENCH_NAT_PARTS narrow a run down (development):
# rate (every rate figure), pps (the steady rates only), mem (memory and
# dumps), par (new flows from two generator threads, BENCH_ROUNDS times).
# BENCH_ROUNDS: rounds of steady rates (default 3).
main() {
	local c r key parts=${BENCH_NAT_PARTS:-rate mem}
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	put "kernel $(uname -r)"
	put "cpus $(nproc)"
	put "memory_kb $(mem_kb MemTotal)"
	put "lan $lan"
	setup || { put "error setup"; return 1; }

	# a first run nobody counts: the guest's code paths get translated
	pps warmup 1
	if [[ $parts == *rate* ]]; then
		# plain first and last: the drift of the machine over the run
		for c in ${BENCH_CONFIGS:-plain hn hnslow masq flow}; do
			run_rate "$c" "${counter[$c]}"
		done
	fi
	if [[ $parts == *par* ]]; then
		for ((r = 1; r <= ${BENCH_ROUNDS:-3}; r++)); do
			for c in ${BENCH_CONFIGS:-hn masq}; do
				"${c}_on" || { put "error.$c on"; "${c}_off"; continue; }
				key=$c; ((r > 1)) && key+=.r$r
				new_flows_par "$key" "${counter[$c]}"
				"${c}_off"
			done
		done
	fi
	if [[ $parts == *rate* || $parts == *pps* ]]; then
		for ((r = 2; r <= ${BENCH_ROUNDS:-3}; r++)); do
			pps_round "$r"
		done
		pps plain_again 1
	fi
	[[ $parts == *mem* ]] || return 0

	# memory and dumps: homenet, then conntrack (masquerade), alone
	hn_on || { put "error.hn on"; return 1; }
	put "slab.hn_session $(cat /sys/kernel/slab/hn_session/slab_size)"
	put "slab.hn_mapping $(cat /sys/kernel/slab/hn_mapping/slab_size)"
	memory hn_own hn_count 61 1000 1
	hn_off; hn_on
	memory hn_100k hn_count 1 1000 101
	profile hn-dump dump hn_100k "$hnctl" session list
	hn_off; hn_on
	memory hn_1m hn_count 1 1000 1009
	dump hn_1m "$hnctl" session list
	hn_off
	rmmod homenet

	masq_on
	sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3600
	sysctl -qw net.netfilter.nf_conntrack_max=2000000
	put "ct.buckets $(sysctl -n net.netfilter.nf_conntrack_buckets)"
	put "slab.nf_conntrack $(cat /sys/kernel/slab/nf_conntrack/slab_size)"
	memory ct_own ct_count 61 1000 1
	conntrack -F 2> /dev/null
	memory ct_100k ct_count 1 1000 101
	dump ct_100k conntrack -L
	conntrack -F 2> /dev/null
	memory ct_1m ct_count 1 1000 1009
	dump ct_1m conntrack -L
	masq_off
}
declare -A counter=([plain]=plain_count [hn]=hn_count [hnslow]=hn_count [hnb]=hn_count
	[masq]=ct_count
	[flow]=ct_count)

main
dmesg > "$out/dmesg.txt"
echo done > "$out/complete"
