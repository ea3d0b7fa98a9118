#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what a fresh Debian bookworm machine lacks to build and test homenet.
# Idempotent and quick when everything is already there: it only calls apt-get
# and pip when a package or the pinned virtme-ng is missing.
#
# Usage: scripts/deps.sh [--print-vng] [--bench]
#
# --bench adds what make bench compares homenet with (not needed by
# make check): Kea and perfdhcp, dnsmasq, iperf3, perf.
set -euo pipefail

VNG_VERSION=1.42
CACHE=${HOMENET_CACHE:-$HOME/.cache/homenet}
VENV=$CACHE/venv

PKGS=(
	# toolchain and kernel build
	build-essential bc bison flex libssl-dev libelf-dev cpio rsync xz-utils
	kmod python3 python3-venv python3-yaml perl git pkg-config
	# kernels: the sources for our test kernel, the stock image and headers
	linux-source-6.1 linux-image-amd64 linux-headers-amd64
	# the VM and what runs inside it
	qemu-system-x86 busybox-static udev iproute2 nftables socat procps
	iputils-ping traceroute ethtool conntrack
	# userspace libraries and test tools
	libnl-3-dev libnl-genl-3-dev libcmocka-dev libinih-dev
	clang-format
	# homenetd: the fuzz harness (libFuzzer) and real DHCP clients to test
	# against (busybox-static above brings udhcpc)
	clang libclang-rt-14-dev isc-dhcp-client dhcpcd-base
)

BENCH_PKGS=(kea-dhcp4-server kea-admin dnsmasq-base iperf3 linux-perf)
for a in "$@"; do
	[[ $a == --bench ]] && PKGS+=("${BENCH_PKGS[@]}")
done

missing=()
for p in "${PKGS[@]}"; do
	[[ $p == \#* ]] && continue
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	echo "deps: installing ${missing[*]}" >&2
	if [[ $(id -u) -ne 0 ]]; then
		SUDO=sudo
	else
		SUDO=
	fi
	$SUDO apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2
fi

# virtme-ng is not packaged for bookworm: a pinned version from PyPI in a
# virtualenv of Debian's python, so no system python is touched.
if [[ ! -x $VENV/bin/vng ]] ||
   [[ $("$VENV/bin/python3" -c 'import importlib.metadata as m; print(m.version("virtme-ng"))' 2>/dev/null) != "$VNG_VERSION" ]]; then
	echo "deps: installing virtme-ng $VNG_VERSION into $VENV" >&2
	mkdir -p "$CACHE"
	/usr/bin/python3 -m venv "$VENV" >&2
	"$VENV/bin/pip" install -q "virtme-ng==$VNG_VERSION" >&2
fi

if [[ " $* " == *" --print-vng "* ]]; then
	echo "$VENV/bin/vng"
fi
