// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl nat { show | set ... | off }
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/homenet.h>

#include "ctl.h"
#include "parse.h"

static const char *const filter_names[] = {
	[HOMENET_FILTER_EIF] = "eif",
	[HOMENET_FILTER_ADF] = "adf",
	[HOMENET_FILTER_APDF] = "apdf",
};

static const char *const fastpath_names[] = {
	[HOMENET_FASTPATH_OFF] = "off",
	[HOMENET_FASTPATH_AUTO] = "auto",
	[HOMENET_FASTPATH_ON] = "on",
};

static const char *const timeout_names[HN_TO_COUNT] = {
	[HN_TO_UDP] = "udp",
	[HN_TO_TCP] = "tcp",
	[HN_TO_TCP_TRANS] = "tcp-transitory",
	[HN_TO_ICMP] = "icmp",
	[HN_TO_EMBRYONIC] = "embryonic",
};

static void nat_usage(FILE *out)
{
	fprintf(out,
		"Usage: homenetctl nat show\n"
		"       homenetctl nat set [ wan IFNAME ] [ address { A.B.C.D | auto } ]\n"
		"                          [ inside PREFIX[,PREFIX...] ] [ ports LO-HI ]\n"
		"                          [ filter { eif | adf | apdf } ] [ max-sessions N ]\n"
		"                          [ fastpath { off | auto | on } ]\n"
		"                          [ timeout { udp | tcp | tcp-transitory | icmp | "
		"embryonic } SECONDS "
		"]...\n"
		"       homenetctl nat off\n"
		"Where: wan      the interface to the internet; setting it turns NAT on\n"
		"       address  the external address, or auto: the WAN interface's own\n"
		"       inside   the addresses that are translated (default: the private ranges)\n"
		"       filter   who may reach a mapping: anyone (eif), hosts the inside\n"
		"                host sent to (adf, default), or those host:ports (apdf)\n"
		"       fastpath established sessions skip routing and the forward path: auto\n"
		"                (default) while no other netfilter hook would be skipped, on\n"
		"                past the firewall's FORWARD hooks as a flowtable does, or off\n"
		"       off      turns NAT off and drops every session\n");
}

static int nat_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	nat_usage(stdout);
	return EXIT_OK;
}

static int nat_show(struct hn_ctl *ctl, int argc, char **argv)
{
	struct printer *pr = &ctl->pr;
	char inside[HN_INSIDE_MAX * 20] = "", a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN + 8];
	struct hn_nat nat;
	unsigned int i;
	int ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"nat show\" takes no arguments, got \"%s\"",
					argv[0]);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_nat_get(&ctl->nl, &nat);
	if (ret < 0)
		return ctl_kernel_error(ctl, ret);

	print_open_object(pr, NULL);
	if (nat.wan_ifindex)
		print_string(pr, "wan", "wan %s ", nat.wan_ifname[0] ? nat.wan_ifname : "?");
	print_string(pr, "address", "address %s ", nat.addr ? ipv4_str(nat.addr, a) : "auto");
	if (nat.cur_addr)
		print_string(pr, "address_current", NULL, ipv4_str(nat.cur_addr, a));
	print_open_array(pr, "inside");
	for (i = 0; i < nat.n_inside; i++) {
		snprintf(b, sizeof(b), "%s/%u", ipv4_str(nat.inside[i].addr, a), nat.inside[i].len);
		print_string(pr, NULL, NULL, b);
		if (i)
			strcat(inside, ",");
		strcat(inside, b);
	}
	print_close_array(pr);
	print_text(pr, "inside %s ", inside);
	print_uint(pr, "port_min", "ports %llu-", nat.port_min);
	print_uint(pr, "port_max", "%llu ", nat.port_max);
	print_string(pr, "filter", "filter %s ",
		     nat.filter <= HOMENET_FILTER_MAX ? filter_names[nat.filter] : "?");
	if (nat.present & HN_NAT_FASTPATH)
		print_string(pr, "fastpath", "fastpath %s ",
			     nat.fastpath <= HOMENET_FASTPATH_MAX ? fastpath_names[nat.fastpath]
								  : "?");
	print_uint(pr, "max_sessions", "max-sessions %llu", nat.max_sessions);
	print_open_object(pr, "timeout");
	for (i = 0; i < HN_TO_COUNT; i++) {
		print_text(pr, " timeout %s ", timeout_names[i]);
		print_uint(pr, timeout_names[i], "%llu", nat.timeout[i]);
	}
	print_close_object(pr);
	print_text(pr, "\n");
	print_close_object(pr);
	return EXIT_OK;
}

/* Index of @word in @names (exact), or -1. */
static int name_index(const char *const *names, int n, const char *word)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

#define NEXT_ARG(what)                                                                             \
	do {                                                                                       \
		if (++i >= argc)                                                                   \
			return ctl_syntax_error(ctl, "\"%s\" needs %s", argv[i - 1], what);        \
	} while (0)

#define BAD_ARG() return ctl_syntax_error(ctl, "\"%s\" %s", argv[i], why)

static int nat_set(struct hn_ctl *ctl, int argc, char **argv)
{
	struct hn_nat nat = { 0 };
	const char *why = NULL;
	uint32_t v;
	int i, k, ret;

	if (argc == 0)
		return ctl_syntax_error(ctl, "\"nat set\" needs something to set");
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "wan")) {
			NEXT_ARG("an interface name");
			nat.wan_ifindex = if_nametoindex(argv[i]);
			if (!nat.wan_ifindex)
				return ctl_syntax_error(ctl, "no interface \"%s\"", argv[i]);
			nat.present |= HN_NAT_WAN;
		} else if (!strcmp(argv[i], "address")) {
			NEXT_ARG("an address or auto");
			nat.addr = 0;
			if (strcmp(argv[i], "auto") && parse_ipv4(argv[i], &nat.addr, &why) < 0)
				BAD_ARG();
			nat.present |= HN_NAT_ADDR;
		} else if (!strcmp(argv[i], "inside")) {
			NEXT_ARG("a list of prefixes");
			if (parse_prefix_list(argv[i], nat.inside, HN_INSIDE_MAX, &nat.n_inside,
					      &why) < 0)
				BAD_ARG();
			nat.present |= HN_NAT_INSIDE;
		} else if (!strcmp(argv[i], "ports")) {
			NEXT_ARG("a port range");
			if (parse_port_range(argv[i], &nat.port_min, &nat.port_max, &why) < 0)
				BAD_ARG();
			nat.present |= HN_NAT_PORTS;
		} else if (!strcmp(argv[i], "filter")) {
			NEXT_ARG("eif, adf or apdf");
			k = name_index(filter_names, HOMENET_FILTER_MAX + 1, argv[i]);
			if (k < 0)
				return ctl_syntax_error(
					ctl, "\"%s\" is not a filter (eif, adf, apdf)", argv[i]);
			nat.filter = (uint8_t)k;
			nat.present |= HN_NAT_FILTER;
		} else if (!strcmp(argv[i], "fastpath")) {
			NEXT_ARG("off, auto or on");
			k = name_index(fastpath_names, HOMENET_FASTPATH_MAX + 1, argv[i]);
			if (k < 0)
				return ctl_syntax_error(
					ctl, "\"%s\" is not a fast path mode (off, auto, on)",
					argv[i]);
			nat.fastpath = (uint8_t)k;
			nat.present |= HN_NAT_FASTPATH;
		} else if (!strcmp(argv[i], "max-sessions")) {
			NEXT_ARG("a number");
			if (parse_u32(argv[i], 1, UINT32_MAX, &nat.max_sessions, &why) < 0)
				BAD_ARG();
			nat.present |= HN_NAT_MAX_SESSIONS;
		} else if (!strcmp(argv[i], "timeout")) {
			NEXT_ARG("udp, tcp, tcp-transitory or icmp");
			k = name_index(timeout_names, HN_TO_COUNT, argv[i]);
			if (k < 0)
				return ctl_syntax_error(ctl,
							"\"%s\" is not a timeout (udp, tcp, "
							"tcp-transitory, icmp, embryonic)",
							argv[i]);
			NEXT_ARG("a number of seconds");
			if (parse_u32(argv[i], 1, UINT32_MAX, &v, &why) < 0)
				BAD_ARG();
			nat.timeout[k] = v;
			nat.present |= HN_NAT_TIMEOUT << k;
		} else if (!strcmp(argv[i], "help")) {
			return nat_help(ctl, 0, NULL);
		} else {
			return ctl_syntax_error(ctl, "unknown \"nat set\" keyword \"%s\"", argv[i]);
		}
	}
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_nat_set(&ctl->nl, &nat);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static int nat_off(struct hn_ctl *ctl, int argc, char **argv)
{
	struct hn_nat nat = { .present = HN_NAT_OFF };
	int ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"nat off\" takes no arguments, got \"%s\"", argv[0]);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_nat_set(&ctl->nl, &nat);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static const struct hn_cmd nat_cmds[] = {
	{ "show", nat_show, "" },
	{ "set", nat_set, "" },
	{ "off", nat_off, "" },
	{ "help", nat_help, "" },
	{ NULL },
};

int do_nat(struct hn_ctl *ctl, int argc, char **argv)
{
	const struct hn_cmd *c;

	if (argc == 0)
		return nat_show(ctl, 0, NULL);
	c = cmd_lookup(ctl, nat_cmds, "nat command", argv[0]);
	return c ? c->fn(ctl, argc - 1, argv + 1) : EXIT_SYNTAX;
}
