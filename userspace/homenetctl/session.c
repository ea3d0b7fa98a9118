// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl session { list | del | flush }
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/homenet.h>

#include "ctl.h"
#include "parse.h"

/* A dump the table changed under is retried this often before it is shown. */
#define SESSION_DUMP_TRIES 5

static const char *const tcp_states[] = {
	[HOMENET_TCP_NONE] = "",
	[HOMENET_TCP_SYN_SENT] = "syn-sent",
	[HOMENET_TCP_ESTABLISHED] = "established",
	[HOMENET_TCP_FIN_WAIT] = "fin-wait",
	[HOMENET_TCP_CLOSING] = "closing",
	[HOMENET_TCP_RESET] = "reset",
};

static void session_usage(FILE *out)
{
	fprintf(out,
		"Usage: homenetctl session list [ proto { tcp | udp | icmp } ] [ inside A.B.C.D ]\n"
		"       homenetctl session del PROTO INSIDE_ADDR:PORT OUTSIDE_ADDR:PORT\n"
		"       homenetctl session flush\n"
		"Where: INSIDE is the LAN host's endpoint, OUTSIDE the remote one (for icmp\n"
		"       the port is the echo identifier, and the outside port is 0).\n"
		"A session lists as: PROTO INSIDE OUTSIDE via EXTERNAL expires Ns [state]\n");
}

static int session_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	session_usage(stdout);
	return EXIT_OK;
}

struct session_list {
	struct hn_session *v;
	size_t n, cap;
};

static int session_collect(const struct hn_session *s, void *arg)
{
	struct session_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		struct hn_session *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

static void session_print(struct printer *pr, const struct hn_session *s)
{
	char a[INET_ADDRSTRLEN], ep[INET_ADDRSTRLEN + 8];

	print_open_object(pr, NULL);
	print_string(pr, "proto", "%s", proto_name(s->proto));
	snprintf(ep, sizeof(ep), "%s:%u", ipv4_str(s->int_addr, a), s->int_port);
	print_string(pr, NULL, " %s", ep);
	print_string(pr, "inside_addr", NULL, ipv4_str(s->int_addr, a));
	print_uint(pr, "inside_port", NULL, s->int_port);
	snprintf(ep, sizeof(ep), "%s:%u", ipv4_str(s->rem_addr, a), s->rem_port);
	print_string(pr, NULL, " %s", ep);
	print_string(pr, "outside_addr", NULL, ipv4_str(s->rem_addr, a));
	print_uint(pr, "outside_port", NULL, s->rem_port);
	snprintf(ep, sizeof(ep), "%s:%u", ipv4_str(s->ext_addr, a), s->ext_port);
	print_string(pr, NULL, " via %s", ep);
	print_string(pr, "external_addr", NULL, ipv4_str(s->ext_addr, a));
	print_uint(pr, "external_port", NULL, s->ext_port);
	print_uint(pr, "expires", " expires %llus", (s->expires_ms + 999) / 1000);
	if (s->proto == IPPROTO_TCP && s->tcp_state < sizeof(tcp_states) / sizeof(tcp_states[0]))
		print_string(pr, "state", " %s", tcp_states[s->tcp_state]);
	print_bool(pr, "inbound", " inbound", s->flags & HOMENET_SESSION_F_INBOUND);
	print_bool(pr, "hairpin", " hairpin", s->flags & HOMENET_SESSION_F_HAIRPIN);
	print_text(pr, "\n");
	print_close_object(pr);
}

static int session_list(struct hn_ctl *ctl, int argc, char **argv)
{
	struct session_list l = { 0 };
	const char *why = NULL;
	uint32_t inside = 0;
	uint8_t proto = 0;
	int i, ret, tries;
	size_t k;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "proto") && i + 1 < argc) {
			if (parse_proto(argv[++i], &proto, &why) < 0)
				return ctl_syntax_error(ctl, "\"%s\" %s", argv[i], why);
		} else if (!strcmp(argv[i], "inside") && i + 1 < argc) {
			if (parse_ipv4(argv[++i], &inside, &why) < 0)
				return ctl_syntax_error(ctl, "\"%s\" %s", argv[i], why);
		} else {
			return ctl_syntax_error(ctl, "unexpected \"%s\" in \"session list\"",
						argv[i]);
		}
	}
	ret = ctl_connect(ctl);
	for (tries = 0; !ret && tries < SESSION_DUMP_TRIES; tries++) {
		l.n = 0;
		ret = hn_session_dump(&ctl->nl, proto, inside, session_collect, &l);
		if (ret != -EINTR)
			break;
		ret = 0;
		if (tries + 1 == SESSION_DUMP_TRIES)
			fprintf(stderr, "Warning: the session table kept changing; "
					"this list may repeat or miss sessions\n");
	}
	if (ret < 0) {
		free(l.v);
		return ctl_kernel_error(ctl, ret);
	}
	print_open_array(&ctl->pr, NULL);
	for (k = 0; k < l.n; k++)
		session_print(&ctl->pr, &l.v[k]);
	print_close_array(&ctl->pr);
	free(l.v);
	return EXIT_OK;
}

static int session_del(struct hn_ctl *ctl, int argc, char **argv)
{
	struct hn_session s = { 0 };
	const char *why = NULL;
	int ret;

	if (argc != 3)
		return ctl_syntax_error(ctl, "\"session del\" needs PROTO INSIDE_ADDR:PORT "
					     "OUTSIDE_ADDR:PORT");
	if (parse_proto(argv[0], &s.proto, &why) < 0)
		return ctl_syntax_error(ctl, "\"%s\" %s", argv[0], why);
	if (parse_endpoint(argv[1], &s.int_addr, &s.int_port, false, &why) < 0)
		return ctl_syntax_error(ctl, "\"%s\" %s", argv[1], why);
	if (parse_endpoint(argv[2], &s.rem_addr, &s.rem_port, s.proto == IPPROTO_ICMP, &why) < 0)
		return ctl_syntax_error(ctl, "\"%s\" %s", argv[2], why);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_session_del(&ctl->nl, &s);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static int session_flush(struct hn_ctl *ctl, int argc, char **argv)
{
	int ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"session flush\" takes no arguments, got \"%s\"",
					argv[0]);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_session_flush(&ctl->nl);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static const struct hn_cmd session_cmds[] = {
	{ "list", session_list, "" },	{ "show", session_list, "" }, { "del", session_del, "" },
	{ "flush", session_flush, "" }, { "help", session_help, "" }, { NULL },
};

int do_session(struct hn_ctl *ctl, int argc, char **argv)
{
	const struct hn_cmd *c;

	if (argc == 0)
		return session_list(ctl, 0, NULL);
	c = cmd_lookup(ctl, session_cmds, "session command", argv[0]);
	return c ? c->fn(ctl, argc - 1, argv + 1) : EXIT_SYNTAX;
}
