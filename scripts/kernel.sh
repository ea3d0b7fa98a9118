#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels homenet is tested on.
#
#   scripts/kernel.sh src            print the extracted linux-source-6.1 tree
#   scripts/kernel.sh build FLAVOR   build (or find cached) and print its tree
#   scripts/kernel.sh stock          print "IMAGE HEADERS" of the stock kernel
#
# FLAVOR is "test" (tests/kernel/homenet.config) or "debug" (that plus
# tests/kernel/debug.config: KASAN, UBSAN, KMEMLEAK, lockdep).  Both start
# from virtme-ng's defconfig-based configuration.  A built tree lives in
# $HOMENET_CACHE/kernels/FLAVOR-KEY, where KEY hashes the source version, the
# virtme-ng version, the fragments and RECIPE: a second run with the same
# inputs builds nothing.  Bump RECIPE when a change here alters the result.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HOMENET_CACHE:-$HOME/.cache/homenet}
JOBS=${JOBS:-$(nproc)}
RECIPE=1
log() { echo "kernel: $*" >&2; }

source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1
}

# Extract Debian's linux-source-6.1 once per package version.
kernel_src() {
	local ver dir
	ver=$(source_version)
	dir=$CACHE/src/linux-source-$ver
	if [[ ! -f $dir/.homenet-extracted ]]; then
		log "extracting linux-source-6.1 $ver"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -C "$dir.tmp" --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz
		touch "$dir.tmp/.homenet-extracted"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

fragments() {
	case $1 in
	test)	echo "$top/tests/kernel/homenet.config" ;;
	debug)	echo "$top/tests/kernel/homenet.config $top/tests/kernel/debug.config" ;;
	*)	log "unknown flavor '$1' (test|debug)"; exit 1 ;;
	esac
}

# Every option a fragment sets must survive olddefconfig: a dependency that
# silently turns one off would otherwise test a kernel we did not ask for.
verify_config() {
	local out=$1; shift
	local frag line name bad=0
	for frag in "$@"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) name=${line%%=*} ;;
			"# CONFIG_"*" is not set") name=${line#\# }; name=${name%% *} ;;
			*) continue ;;
			esac
			if ! grep -qxF "$line" "$out/.config"; then
				if [[ $line == "# "* ]] && ! grep -q "^$name=" "$out/.config"; then
					continue
				fi
				log "$(basename "$frag"): '$line' did not take; .config has:" \
				    "$(grep -E "(^|# )$name[= ]" "$out/.config" || echo nothing)"
				bad=1
			fi
		done < "$frag"
	done
	return $bad
}

kernel_build() {
	local flavor=$1 src vng_cfg key out frags
	src=$(kernel_src)
	read -r -a frags <<< "$(fragments "$flavor")"
	vng_cfg=$CACHE/venv/bin/virtme-configkernel
	key=$( { source_version; "$CACHE/venv/bin/vng" --version 2>&1;
		 echo "recipe $RECIPE"; cat "${frags[@]}"; } | sha256sum | cut -c1-16)
	out=$CACHE/kernels/$flavor-$key
	if [[ -f $out/.homenet-built ]]; then
		echo "$out"
		return
	fi
	log "building $flavor kernel in $out (this takes a while on $JOBS cores)"
	rm -rf "$out"
	mkdir -p "$out"
	local customs=()
	for f in "${frags[@]}"; do customs+=(--custom "$f"); done
	(cd "$src" && "$vng_cfg" --arch x86_64 --defconfig "${customs[@]}" "O=$out") \
		> "$out.config.log" 2>&1 || { cat "$out.config.log" >&2; exit 1; }
	# virtme-ng appends its own must-haves after our fragments (debug info
	# among them); give ours the last word.
	cat "${frags[@]}" >> "$out/.config"
	make -C "$src" O="$out" -s olddefconfig >> "$out.config.log" 2>&1 ||
		{ cat "$out.config.log" >&2; exit 1; }
	verify_config "$out" "${frags[@]}"
	make -C "$src" O="$out" -j"$JOBS" -s bzImage modules >&2
	touch "$out/.homenet-built"
	echo "$out"
}

# The stock Debian kernel: the newest installed linux-image-*-amd64 that has
# matching linux-headers.
kernel_stock() {
	local img rel
	for img in $(ls -1v /boot/vmlinuz-*-amd64 2>/dev/null | tac); do
		rel=${img#/boot/vmlinuz-}
		if [[ -e /usr/src/linux-headers-$rel/Makefile ]]; then
			echo "$img /usr/src/linux-headers-$rel"
			return
		fi
	done
	log "no stock kernel with headers; run scripts/deps.sh"
	exit 1
}

case ${1:-} in
src)	kernel_src ;;
build)	kernel_build "${2:?flavor}" ;;
stock)	kernel_stock ;;
*)	echo "usage: $0 src | build test|debug | stock" >&2; exit 1 ;;
esac
