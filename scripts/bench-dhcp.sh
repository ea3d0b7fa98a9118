#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-dhcp.sh OUTFILE: DHCPv4 leases per second of homenetd, Kea and
# dnsmasq, measured alike on this machine (no VM), written to OUTFILE as a
# markdown section "## DHCP"; progress goes to standard error.
#
#   netns hnbPID-s                              netns hnbPID-c
#   +----------------------------+  veth  +--------------------------+
#   | server on vs 10.64.0.1/10  |--------| vc 10.64.0.2/10 perfdhcp |
#   +----------------------------+        +--------------------------+
#
# Every server gets the same pool, lease time and lease storage (a
# directory under ${TMPDIR:-/tmp}), and is measured twice: on an empty
# lease table, and with PRELOAD leases already held.  Those are written
# in each server's own lease file format before it starts (perfdhcp
# would need minutes to make them at dnsmasq's rate), bound to other
# MACs than perfdhcp's, for the first PRELOAD addresses of the pool.
#
# Each measurement starts the server afresh from that file and runs
#   perfdhcp -4 -g single -l vc -r RATE -R 2000000 -p SECONDS -W 1000000
# (-W: one more second to collect the answers still under way; -g single:
# one thread, so that perfdhcp leaves the second core to the server).  A rate
# passes when at most 1% of the DORA exchanges it asked for failed:
# lost = 1 - (OFFERs/DISCOVERs) x (ACKs/REQUESTs).  The highest rate that
# passes is found with a ladder (x1.5 up, /2 down) and then bisection,
# at most STEPS runs per server and table.  A rate perfdhcp itself could
# not send (under 97% of it went out) does not pass: that is noted.
#
# The knobs, from the environment:
#   BENCH_DHCP_SECONDS  perfdhcp's test period (default 5)
#   BENCH_DHCP_PRELOAD  leases held in the second table (default 100000)
#   BENCH_DHCP_STEPS    runs per server and table (default 5)
#   BENCH_DHCP_READY    seconds a server has to answer after its start
#                       (default 30; a server that runs but does not answer
#                       by then passes no rate on that table)
#   BENCH_DHCP_SERVERS  which servers (default "homenetd homenetd-nocheck kea
#                       dnsmasq"; homenetd-nocheck: conflict-check = no)
#   BENCH_DHCP_HOMENETD the homenetd binary (default build/userspace/homenetd)
#   BENCH_DHCP_START    the rate each search starts from (default: per
#                       server, where this machine's figures were)
# Needs root (namespaces), perfdhcp (kea-admin), kea-dhcp4, dnsmasq,
# python3, and homenetd built by "make userspace".  Takes 6-7 minutes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: ${0##*/} OUTFILE" >&2; exit 2; }
(($# == 1)) || usage
outfile=$1

SECS=${BENCH_DHCP_SECONDS:-5}
PRELOAD=${BENCH_DHCP_PRELOAD:-100000}
STEPS=${BENCH_DHCP_STEPS:-5}
READY_S=${BENCH_DHCP_READY:-30}
SERVERS=${BENCH_DHCP_SERVERS:-homenetd homenetd-nocheck kea dnsmasq}
START=${BENCH_DHCP_START:-}

hnd=${BENCH_DHCP_HOMENETD:-$top/build/userspace/homenetd}
perfdhcp=/usr/sbin/perfdhcp
kea=/usr/sbin/kea-dhcp4
dnsmasq=/usr/sbin/dnsmasq

# The same pool for all three: the largest homenetd takes (2^18
# addresses, DHCP_POOL_MAX); Kea and dnsmasq would take the whole /10.
SERVER_ADDR=10.64.0.1
CLIENT_ADDR=10.64.0.2
PREFIX=10
NETMASK=255.192.0.0
POOL_FIRST=10.64.0.10
POOL_LAST=10.68.0.9
LEASE_S=3600
# perfdhcp's clients: base MAC 00:0c:01:02:03:04 and 2,000,000 others
CLIENTS=2000000

log() { printf '[bench-dhcp %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

((EUID == 0)) || die "needs root (network namespaces)"
for tool in "$perfdhcp" "$kea" "$dnsmasq"; do
	[[ -x $tool ]] || die "$tool is missing (apt-get install kea-admin kea-dhcp4-server dnsmasq-base)"
done
[[ -x $hnd ]] || die "$hnd is missing: run make userspace"
command -v python3 > /dev/null || die "python3 is missing"

pfx=hnb$$
ns_s=$pfx-s
ns_c=$pfx-c
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hnb.XXXXXX")
srv_pid=

cleanup() {
	local ns
	if [[ -n $srv_pid ]]; then
		kill -9 "$srv_pid" 2> /dev/null || true
		wait "$srv_pid" 2> /dev/null || true
	fi
	for ns in "$ns_s" "$ns_c"; do
		ip netns pids "$ns" 2> /dev/null | xargs -r kill -9 2> /dev/null || true
		ip netns del "$ns" 2> /dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the two namespaces and their veth ----

setup_net() {
	ip netns add "$ns_s"
	ip netns add "$ns_c"
	ip link add vs netns "$ns_s" type veth peer name vc netns "$ns_c"
	ip -n "$ns_s" addr add "$SERVER_ADDR/$PREFIX" dev vs
	ip -n "$ns_c" addr add "$CLIENT_ADDR/$PREFIX" dev vc
	ip -n "$ns_s" link set lo up
	ip -n "$ns_c" link set lo up
	ip -n "$ns_s" link set vs up
	ip -n "$ns_c" link set vc up
}

# ---- the preloaded lease files, one per server ----

# write_preload DIR: homenetd.leases (its journal, leasedb.h), kea.csv
# (memfile lease4 CSV), dnsmasq.leases; PRELOAD bound leases each, the
# first PRELOAD addresses of the pool, MACs 02:00:xx:xx:xx:xx.
write_preload() {
	python3 - "$1" "$PRELOAD" "$POOL_FIRST" "$LEASE_S" << 'PY'
import ipaddress, os, struct, sys, time

out, n, first, lease_s = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
base = int(ipaddress.IPv4Address(first))
expires = int(time.time()) + lease_s

table = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    table.append(c)

def crc32c(b):
    c = 0xFFFFFFFF
    for x in b:
        c = table[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF

def mac(i):
    return bytes([0x02, 0x00, (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255])

with open(os.path.join(out, "homenetd.leases"), "wb") as f:
    f.write(b"HNDLEASE" + struct.pack("<II", 1, 176))
    for i in range(n):
        m = mac(i)
        body = bytearray(172)
        # kind GRANT, state BOUND, key: hardware (htype 1 + MAC)
        body[0:4] = bytes([1, 2, 1, 7])
        body[4], body[5] = 1, 6
        body[8:12] = (base + i).to_bytes(4, "big")
        body[12:16] = struct.pack("<I", lease_s)
        body[16:24] = struct.pack("<q", expires)
        body[24:30] = m
        body[40:47] = b"\x01" + m
        f.write(struct.pack("<I", crc32c(body)) + body)

with open(os.path.join(out, "kea.csv"), "w") as f:
    f.write("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,"
            "fqdn_fwd,fqdn_rev,hostname,state,user_context\n")
    for i in range(n):
        m = ":".join("%02x" % x for x in mac(i))
        f.write("%s,%s,,%d,%d,1,0,0,,0,\n"
                % (ipaddress.IPv4Address(base + i), m, lease_s, expires))

with open(os.path.join(out, "dnsmasq.leases"), "w") as f:
    for i in range(n):
        m = ":".join("%02x" % x for x in mac(i))
        f.write("%d %s %s * *\n" % (expires, m, ipaddress.IPv4Address(base + i)))
PY
}

# ---- the servers ----

# srv_config NAME DIR: NAME's configuration in DIR, its lease file there
srv_config() {
	local name=$1 dir=$2
	case $name in
	homenetd*)
		cat > "$dir/homenet.conf" <<- CONF
			[wan]
			interface = wan0
			[lan]
			interface = vs
			address = $SERVER_ADDR/$PREFIX
			[dhcp]
			range = $POOL_FIRST $POOL_LAST
			lease-time = $LEASE_S
			lease-file = $dir/leases
		CONF
		# as Kea 2.2 (no conflict check) and dnsmasq --no-ping
		if [[ $name == homenetd-nocheck ]]; then
			echo "conflict-check = no" >> "$dir/homenet.conf"
		fi
		;;
	kea)
		cat > "$dir/kea.json" <<- CONF
			{ "Dhcp4": {
			  "interfaces-config": { "interfaces": [ "vs" ] },
			  "lease-database": { "type": "memfile", "persist": true, "lfc-interval": 0,
			                      "name": "$dir/leases" },
			  "multi-threading": { "enable-multi-threading": false },
			  "valid-lifetime": $LEASE_S,
			  "subnet4": [ { "id": 1, "subnet": "10.64.0.0/$PREFIX",
			                 "pools": [ { "pool": "$POOL_FIRST - $POOL_LAST" } ] } ],
			  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
			                 "output_options": [ { "output": "stderr" } ] } ]
			} }
		CONF
		;;
	esac
}

# srv_cmd NAME DIR: the command line that runs NAME in the foreground
srv_cmd() {
	local name=$1 dir=$2
	case $name in
	homenetd*) echo "$hnd --dhcp-only -c $dir/homenet.conf" ;;
	kea) echo "$kea -c $dir/kea.json" ;;
	dnsmasq)
		echo "$dnsmasq --no-daemon --conf-file=/dev/null --port=0 --no-ping" \
			"--quiet-dhcp --interface=vs --bind-interfaces" \
			"--dhcp-range=$POOL_FIRST,$POOL_LAST,$NETMASK,$LEASE_S" \
			"--dhcp-leasefile=$dir/leases --dhcp-lease-max=1000000" \
			"--dhcp-authoritative --user=root --group=root --pid-file="
		;;
	esac
}

# srv_start NAME TABLE (empty|full): a fresh server, its lease file the
# preloaded one or none; returns 0 when it has answered a DISCOVER (a
# server may listen before it has read its leases), 1 when it runs but
# has not answered within READY_S seconds.  Dies when it exits.
srv_start() {
	local name=$1 table=$2 dir=$tmp/run i t0
	rm -rf "$dir"
	mkdir -p "$dir"
	case $table/$name in
	full/homenetd*) cp "$tmp/pre/homenetd.leases" "$dir/leases" ;;
	full/kea) cp "$tmp/pre/kea.csv" "$dir/leases" ;;
	full/dnsmasq) cp "$tmp/pre/dnsmasq.leases" "$dir/leases" ;;
	esac
	srv_config "$name" "$dir"
	# ip netns exec execs the server: $! is the server itself
	# shellcheck disable=SC2046
	HOMENETD_SOCKET=$dir/ctl.sock KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir \
		ip netns exec "$ns_s" $(srv_cmd "$name" "$dir") > "$dir/log" 2>&1 &
	srv_pid=$!
	t0=$SECONDS
	for ((i = 0; i < 1000 && SECONDS - t0 < READY_S; i++)); do
		if ! kill -0 "$srv_pid" 2> /dev/null; then
			sed 's/^/  | /' "$dir/log" >&2
			srv_pid=
			die "$name exited at start ($table table)"
		fi
		# a DISCOVER of a client of its own (not one of perfdhcp's), 1.3 s
		# for the OFFER (perfdhcp refuses -i with -n and -W together)
		# (its output to a file: grep -q in a pipe could cut it off, and with
		# pipefail its SIGPIPE would count as a failure)
		ip netns exec "$ns_c" timeout 10 "$perfdhcp" -4 -g single -l vc -i -r 1 -p 1 \
			-W 300000 -b mac=02:ff:00:00:00:01 > "$dir/ready.out" 2>&1 || true
		grep -q '^received packets: [1-9]' "$dir/ready.out" && return 0
	done
	log "$name runs, but has not answered a DISCOVER within $READY_S s ($table table)"
	return 1
}

srv_stop() {
	local i
	[[ -n $srv_pid ]] || return 0
	kill "$srv_pid" 2> /dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$srv_pid" 2> /dev/null || break
		sleep 0.1
	done
	kill -9 "$srv_pid" 2> /dev/null || true
	wait "$srv_pid" 2> /dev/null || true
	srv_pid=
}

# rcvbuf_errors NS: UDP datagrams dropped so far in NS for want of socket buffer
rcvbuf_errors() {
	ip netns exec "$1" awk '/^Udp:/ && !h { for (i = 1; i <= NF; i++) f[$i] = i; h = 1; next }
		/^Udp:/ { print $f["RcvbufErrors"]; exit }' /proc/net/snmp
}

# CPU time (clock ticks) of a process so far
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0
}

# ---- one measurement ----

perf_cmd() { echo "perfdhcp -4 -g single -l vc -r $1 -R $CLIENTS -p $SECS -W 1000000"; }

# measure NAME TABLE RATE: one fresh server, one perfdhcp run.  Sets
# m_pass (0/1), m_lost (%), m_done (DORA completed per second), m_sent
# (share of the DISCOVERs asked for that went out, %), m_pcpu and
# m_scpu (perfdhcp's and the server's CPU, % of one core), m_sdrop and
# m_cdrop (datagrams the server's and perfdhcp's sockets had no room for).
measure() {
	local name=$1 table=$2 rate=$3 f=$tmp/perf.out t=$tmp/perf.time
	local s0 s1 d0 c0 hz rc=0 stats
	if ! srv_start "$name" "$table"; then
		srv_stop
		m_pass=0 m_lost=100 m_done=0 m_sent=0 m_pcpu=- m_scpu=- m_sdrop=0 m_cdrop=0 m_us=
		m_silent=1
		return 0
	fi
	m_silent=0
	hz=$(getconf CLK_TCK)
	s0=$(cpu_ticks "$srv_pid")
	d0=$(rcvbuf_errors "$ns_s") c0=$(rcvbuf_errors "$ns_c")
	# shellcheck disable=SC2046
	timeout -k 5 $((SECS + 60)) ip netns exec "$ns_c" \
		/usr/bin/time -f '%e %U %S' -o "$t" $(perf_cmd "$rate") > "$f" 2>&1 || rc=$?
	s1=$(cpu_ticks "$srv_pid")
	m_sdrop=$(($(rcvbuf_errors "$ns_s") - d0)) m_cdrop=$(($(rcvbuf_errors "$ns_c") - c0))
	if ! kill -0 "$srv_pid" 2> /dev/null; then
		sed 's/^/  | /' "$tmp/run/log" >&2
		srv_pid=
		die "$name died under load ($table table, $rate/s)"
	fi
	srv_stop
	# perfdhcp exits 3 when some exchanges were lost
	if ((rc != 0 && rc != 3)); then
		sed 's/^/  | /' "$f" >&2
		die "perfdhcp failed (exit $rc)"
	fi
	stats=$(awk -v rate="$rate" -v secs="$SECS" -v hz="$hz" -v scpu="$((s1 - s0))" '
		/Statistics for: DISCOVER-OFFER/ { s = "do" }
		/Statistics for: REQUEST-ACK/ { s = "ra" }
		/^sent packets:/ { sent[s] = $3 }
		/^received packets:/ { recv[s] = $3 }
		END {
			d = sent["do"] + 0; o = recv["do"] + 0
			r = sent["ra"] + 0; a = recv["ra"] + 0
			ok = (d ? o / d : 0) * (r ? a / r : 0)
			want = rate * secs
			printf "%d %.2f %.0f %.1f %.0f\n", \
				(1 - ok <= 0.01 && d >= 0.97 * want), 100 * (1 - ok), \
				a / secs, 100 * d / want, 100 * scpu / hz / (secs + 1)
		}' "$f")
	read -r m_pass m_lost m_done m_sent m_scpu <<< "$stats"
	# the server's CPU time per lease, microseconds
	m_us=$(awk -v t="$((s1 - s0))" -v hz="$hz" -v a="$m_done" -v secs="$SECS" \
		'BEGIN { printf "%.0f", (a > 0 ? 1e6 * t / hz / (a * secs) : 0) }')
	# time(1) says "Command exited with non-zero status 3" first
	m_pcpu=$(tail -n 1 "$t" | awk '$1 > 0 { printf "%.0f", 100 * ($2 + $3) / $1 }')
	m_pcpu=${m_pcpu:-?}
	log "$(printf '%-8s %-5s %6d/s: lost %6.2f%%, %6d ACK/s, sent %5.1f%%, cpu perfdhcp %s%% server %s%%, socket overflows server %d perfdhcp %d -> %s' \
		"$name" "$table" "$rate" "$m_lost" "$m_done" "$m_sent" "$m_pcpu" "$m_scpu" \
		"$m_sdrop" "$m_cdrop" "$( ((m_pass)) && echo pass || echo FAIL)")"
}

# search NAME TABLE START: the highest rate that passes, in at most
# STEPS runs.  Sets s_best (0: none passed), s_fail (lowest failing, 0:
# none), s_us (server CPU per lease at s_best), s_note (what the lowest
# failing run saw: who was short of CPU or of socket buffer).
search() {
	local name=$1 table=$2 rate=$3 lo=0 hi=0 step=0 next
	s_note="" s_us=""
	while ((step < STEPS)); do
		measure "$name" "$table" "$rate"
		step=$((step + 1))
		if ((m_silent)); then
			[[ $table == empty ]] && die "$name does not answer on an empty table"
			s_note="did not answer a DISCOVER within $READY_S s of its start"
			hi=$rate
			break
		fi
		if ((m_pass)); then
			lo=$rate
			s_us=$m_us
		else
			hi=$rate
			s_note="at $rate/s: lost ${m_lost}%, perfdhcp sent ${m_sent}% of the rate"
			s_note+=" with ${m_pcpu}% CPU, server ${m_scpu}% CPU; socket overflows:"
			s_note+=" server $m_sdrop, perfdhcp $m_cdrop"
		fi
		if ((hi == 0)); then
			next=$((rate * 3 / 2))
		elif ((lo == 0)); then
			next=$((rate / 2))
		else
			next=$(((lo + hi) / 2))
			# close enough: within 10%
			((hi - lo <= lo / 10)) && break
		fi
		((next >= 1)) || break
		rate=$next
	done
	s_best=$lo
	s_fail=$hi
}

# ---- the report ----

versions() {
	echo "- homenetd $(cat "$top/VERSION") ($(git -C "$top" describe --always --dirty 2> /dev/null || echo "no git"))"
	echo "- $("$kea" -V | head -n 1 | sed 's/^/Kea kea-dhcp4 /')"
	echo "- $("$dnsmasq" --version | head -n 1 | sed 's/  Copyright.*//')"
	echo "- perfdhcp $("$perfdhcp" -v 2>&1 | sed -n 's/^VERSION: //p')"
}

main() {
	local name table start t0 fs
	declare -A best fail note us
	t0=$(date +%s)
	fs=$(findmnt -n -o FSTYPE -T "$tmp" 2> /dev/null || stat -f -c %T "$tmp")
	log "lease files in $tmp (filesystem: $fs); $SECS s per run, $PRELOAD preloaded leases"
	setup_net
	mkdir -p "$tmp/pre"
	log "writing $PRELOAD leases in each server's format"
	write_preload "$tmp/pre"

	for name in $SERVERS; do
		case $name in
		# where this machine's numbers were (ISC publishes ~11,700 for Kea)
		homenetd | homenetd-nocheck) start=8000 ;;
		kea) start=6000 ;;
		dnsmasq) start=300 ;;
		*) die "unknown server $name" ;;
		esac
		start=${START:-$start}
		for table in empty full; do
			log "$name, $table table: searching from $start/s"
			search "$name" "$table" "$start"
			best[$name/$table]=$s_best
			fail[$name/$table]=$s_fail
			note[$name/$table]=$s_note
			us[$name/$table]=$s_us
			log "$name, $table table: $s_best/s passes, $( ((s_fail)) && echo "$s_fail/s fails" ||
				echo "none failed")${s_note:+ ($s_note)}"
			# the full table starts where the empty one ended
			((s_best > 0)) && start=$s_best
		done
	done

	{
		echo "## DHCP"
		echo
		echo "DHCPv4 leases per second: the highest rate of new clients (DISCOVER,"
		echo "OFFER, REQUEST, ACK) at which at most 1% of the exchanges failed, each"
		echo "server started afresh for each run, on an empty lease table and with"
		echo "$PRELOAD leases already held.  Measured $(date -u '+%Y-%m-%d %H:%M UTC') on"
		echo "$(nproc) cores ($(uname -r)), in network namespaces joined by a veth pair."
		echo
		echo "| server | empty table leases/s | with $PRELOAD leases leases/s | ratio vs Kea (empty / $PRELOAD) | server CPU per lease, µs (empty / $PRELOAD) |"
		echo "|---|---|---|---|---|"
		for name in $SERVERS; do
			local e=${best[$name/empty]} f=${best[$name/full]} ke=${best[kea/empty]:-0} kf=${best[kea/full]:-0}
			printf '| %s | %s | %s | %s / %s | %s / %s |\n' "$name" \
				"$(cell "$e" "${fail[$name/empty]}")" "$(cell "$f" "${fail[$name/full]}")" \
				"$(ratio "$e" "$ke")" "$(ratio "$f" "$kf")" \
				"${us[$name/empty]:--}" "${us[$name/full]:--}"
		done
		echo
		echo "A cell is the highest rate that passed (the lowest that failed in"
		echo "brackets); a server is only measured to within 10% of its limit."
		echo "homenetd-nocheck is homenetd with \`conflict-check = no\`: no ARP probe"
		echo "before an offer, as Kea 2.2 (which has no such check) and dnsmasq"
		echo "--no-ping.  CPU per lease: the server's user+system time over the ACKs"
		echo "of its best run.  What the lowest failing run saw:"
		for name in $SERVERS; do
			for table in empty full; do
				if [[ -n ${note[$name/$table]} ]]; then
					echo "- $name, $table table, ${note[$name/$table]}"
				fi
			done
		done
		echo "A perfdhcp near 100% CPU, or whose socket overflowed while the"
		echo "server's did not, was the limit rather than the server.  (Kea"
		echo "reads from a raw socket by default: its own overflows are not counted.)"
		echo
		echo "- perfdhcp, in the client namespace: \`$(perf_cmd RATE)\`;"
		echo "  lost = 1 - (OFFERs/DISCOVERs) x (ACKs/REQUESTs); a rate perfdhcp"
		echo "  could not send (under 97% went out) fails.  perfdhcp counts a NAK as"
		echo "  an answer to a REQUEST."
		echo "- Pool $POOL_FIRST - $POOL_LAST (262,144 addresses, the most homenetd"
		echo "  takes: DHCP_POOL_MAX), subnet 10.64.0.0/$PREFIX, lease time $LEASE_S s, for all three."
		echo "- The $PRELOAD leases are written in each server's lease file format"
		echo "  before it starts (bound, other MACs than perfdhcp's, the first"
		echo "  $PRELOAD addresses of the pool): as fair as filling them with perfdhcp,"
		echo "  and minutes faster for dnsmasq."
		echo "- homenetd: \`$(srv_cmd homenetd DIR)\`, defaults otherwise (conflict"
		echo "  check by ARP probe before each new address, fdatasync before each ACK)."
		echo "- Kea: memfile, persist true, lfc-interval 0, multi-threading off,"
		echo "  logging at WARN (no line per lease)."
		echo "- dnsmasq: \`$(srv_cmd dnsmasq DIR | sed "s|$dnsmasq|dnsmasq|")\`."
		echo "- Lease files in a directory under ${TMPDIR:-/tmp}: filesystem $fs$([[ $fs == tmpfs ]] && echo " (memory: fsync costs nothing)")."
		echo "- Versions:"
		versions | sed 's/^/  /'
		echo "- Wall time of this benchmark: $(($(date +%s) - t0)) s."
		echo
	} > "$outfile"
	log "written to $outfile ($(($(date +%s) - t0)) s)"
}

# cell BEST FAIL
cell() {
	if (($1 > 0 && $2 > 0)); then
		echo "$1 ($2)"
	elif (($1 > 0)); then
		echo "$1 (none failed)"
	else
		echo "none passed ($2)"
	fi
}

# ratio A B: A/B to two decimals, or "-"
ratio() {
	if (($1 > 0 && $2 > 0)); then
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
	else
		echo "-"
	fi
}

main
