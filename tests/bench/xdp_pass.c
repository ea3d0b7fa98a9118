// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's "NIC" LAN (BENCH_LAN=nic, tests/bench/nat-guest.sh): an
 * XDP program on the router's end of the LAN veth that passes every
 * packet.  With a program attached, veth receives through NAPI and gives
 * the program, and then the stack, a private copy of each packet the
 * generator still holds, in a page of its own: what a NIC driver hands
 * the stack (build_skb() on its receive page), the same for every
 * configuration.
 *
 *   clang -O2 -target bpf -c xdp_pass.c -o xdp_pass.o
 */
#define XDP_PASS 2

__attribute__((section("xdp"), used)) int xdp_pass(void *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char _license[] __attribute__((section("license"), used)) = "GPL";
