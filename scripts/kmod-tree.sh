#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lay out DIR as a build directory for homenet.ko: symlinks to the sources,
# so "make -C KDIR M=DIR" puts its objects in DIR and not in the source tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir/kmod"
ln -sfn "$top/Kbuild" "$dir/Kbuild"
ln -sfn "$top/VERSION" "$dir/VERSION"
ln -sfn "$top/include" "$dir/include"
find "$dir/kmod" -maxdepth 1 -type l -delete
for f in "$top"/kmod/*.[ch]; do
	ln -sfn "$f" "$dir/kmod/"
done
