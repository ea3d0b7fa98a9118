#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel style for kmod/ (checkpatch from linux-source-6.1, --no-tree),
# .clang-format for userspace/ and tests/unit/, and the netlink spec
# (homenet.yaml) saying what the uapi header says.  Prints TAP; exits
# non-zero when anything is off.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
ksrc=$(scripts/kernel.sh src) || exit 1
fail=0

echo "1..3"
# SPDX lines and the like are checked; file-level CHECK notes count too.
if "$ksrc/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
	-f kmod/*.c kmod/*.h include/uapi/linux/homenet.h > build/checkpatch.log 2>&1; then
	echo "ok 1 - checkpatch kmod/"
else
	sed 's/^/# /' build/checkpatch.log
	echo "not ok 1 - checkpatch kmod/"
	fail=1
fi

c_files=$(git ls-files 'userspace/*.[ch]' 'tests/unit/*.[ch]' 2>/dev/null)
[[ -n $c_files ]] || c_files=$(find userspace tests/unit -name '*.[ch]')
if clang-format --dry-run --Werror $c_files > build/clang-format.log 2>&1; then
	echo "ok 2 - clang-format userspace/"
else
	head -n 60 build/clang-format.log | sed 's/^/# /'
	echo "not ok 2 - clang-format userspace/"
	fail=1
fi

if python3 scripts/spec-check.py > build/spec-check.log 2>&1; then
	echo "ok 3 - homenet.yaml agrees with homenet.h"
else
	sed 's/^/# /' build/spec-check.log
	echo "not ok 3 - homenet.yaml agrees with homenet.h"
	fail=1
fi
exit $fail
