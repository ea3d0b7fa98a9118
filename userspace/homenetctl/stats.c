// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl stats: the router's counters.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "ctl.h"
#include "parse.h"

int do_stats(struct hn_ctl *ctl, int argc, char **argv)
{
	struct printer *pr = &ctl->pr;
	char a[INET_ADDRSTRLEN];
	struct hn_stats st;
	struct hn_nat nat;
	int i, ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"stats\" takes no arguments, got \"%s\"", argv[0]);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_nat_get(&ctl->nl, &nat);
	if (!ret)
		ret = hn_stats_get(&ctl->nl, &st);
	if (ret < 0)
		return ctl_kernel_error(ctl, ret);

	print_open_object(pr, NULL);
	print_bool(pr, "nat", NULL, nat.wan_ifindex);
	if (!nat.wan_ifindex)
		print_text(pr, "nat off\n");
	else if (!nat.cur_addr)
		print_text(pr, "nat on %s, waiting for an address\n", nat.wan_ifname);
	else
		print_text(pr, "nat on %s address %s\n", nat.wan_ifname, ipv4_str(nat.cur_addr, a));
	print_uint(pr, "sessions", "sessions %llu", st.sessions);
	print_uint(pr, "mappings", " mappings %llu\n", st.mappings);
	for (i = 0; i < HN_ST_COUNT; i++) {
		print_text(pr, "%s ", hn_stat_names[i]);
		print_uint(pr, hn_stat_names[i], "%llu\n", st.c[i]);
	}
	print_close_object(pr);
	return EXIT_OK;
}
