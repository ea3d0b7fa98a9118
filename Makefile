# SPDX-License-Identifier: GPL-2.0
#
# homenet: turn a Linux PC into a home router.
#
#   make            the module (for KDIR) and the userspace tools
#   make check      every test: unit, KUnit and end-to-end in VMs
#   make demo       the router in a VM: DHCP, NAT, port forwarding
#   make bench      homenet against nftables/conntrack, Kea, dnsmasq
#   make style      checkpatch on kmod/, clang-format on userspace/
#   make clean
#
# KDIR defaults to the running kernel's build tree, or else the installed
# Debian stock headers.  Kernel modules are built in build/kmod so the
# source tree stays clean.

TOP	:= $(CURDIR)
RUNNING	:= /lib/modules/$(shell uname -r)/build
KDIR	?= $(if $(wildcard $(RUNNING)/Makefile),$(RUNNING),$(lastword $(shell $(TOP)/scripts/kernel.sh stock 2>/dev/null)))
KBUILD_DIR := $(TOP)/build/kmod

all: module userspace

deps:
	@scripts/deps.sh

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run scripts/deps.sh or set KDIR" >&2; exit 1; }
	@scripts/kmod-tree.sh $(KBUILD_DIR)
	$(MAKE) -C $(KDIR) M=$(KBUILD_DIR) modules
	@echo "built $(KBUILD_DIR)/homenet.ko for $(KDIR)"

userspace:
	$(MAKE) -C userspace

check:
	@scripts/check.sh

demo:
	@scripts/demo.sh

bench:
	@scripts/bench.sh

style:
	@scripts/style.sh

# The test kernels: FLAVOR=debug (what make check boots) or test.
FLAVOR ?= debug
kernel:
	@scripts/deps.sh
	@scripts/kernel.sh build $(FLAVOR)

clean:
	rm -rf build

.PHONY: all deps module userspace check demo bench style kernel clean
