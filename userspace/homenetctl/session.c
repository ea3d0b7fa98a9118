// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl session { list | del | flush }
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/homenet.h>

#include "ctl.h"
#include "parse.h"

static const char *const tcp_states[] = {
	[HOMENET_TCP_NONE] = "",
	[HOMENET_TCP_SYN_SENT] = "syn-sent",
	[HOMENET_TCP_ESTABLISHED] = "established",
	[HOMENET_TCP_FIN_WAIT] = "fin-wait",
	[HOMENET_TCP_CLOSING] = "closing",
	[HOMENET_TCP_RESET] = "reset",
	[HOMENET_TCP_SYN_RECV] = "syn-recv",
};

static void session_usage(FILE *out)
{
	fprintf(out,
		"Usage: homenetctl session list [ proto { tcp | udp | icmp } ] [ inside A.B.C.D ]\n"
		"       homenetctl session del PROTO INSIDE_ADDR:PORT OUTSIDE_ADDR:PORT\n"
		"       homenetctl session flush\n"
		"Where: INSIDE is the LAN host's endpoint, OUTSIDE the remote one (for icmp\n"
		"       the port is the echo identifier, and the outside port is 0).\n"
		"A session lists as: PROTO INSIDE OUTSIDE via EXTERNAL expires Ns [STATE]\n"
		"       [inbound [embryonic]] [hairpin] [forward [rule NAME]]\n");
}

static int session_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	session_usage(stdout);
	return EXIT_OK;
}

static bool has_state(const struct hn_session *s)
{
	return s->proto == IPPROTO_TCP && s->tcp_state < sizeof(tcp_states) / sizeof(tcp_states[0]);
}

/* @sep, then ADDR:PORT */
static void line_endpoint(struct line *l, const char *sep, uint32_t addr, uint16_t port)
{
	line_str(l, sep);
	line_ipv4(l, addr);
	line_str(l, ":");
	line_uint(l, port);
}

static void session_json(struct printer *pr, const struct hn_session *s)
{
	char a[INET_ADDRSTRLEN];

	print_open_object(pr, NULL);
	print_string(pr, "proto", NULL, proto_name(s->proto));
	print_string(pr, "inside_addr", NULL, ipv4_str(s->int_addr, a));
	print_uint(pr, "inside_port", NULL, s->int_port);
	print_string(pr, "outside_addr", NULL, ipv4_str(s->rem_addr, a));
	print_uint(pr, "outside_port", NULL, s->rem_port);
	print_string(pr, "external_addr", NULL, ipv4_str(s->ext_addr, a));
	print_uint(pr, "external_port", NULL, s->ext_port);
	print_uint(pr, "expires", NULL, (s->expires_ms + 999) / 1000);
	if (has_state(s))
		print_string(pr, "state", NULL, tcp_states[s->tcp_state]);
	print_bool(pr, "inbound", NULL, s->flags & HOMENET_SESSION_F_INBOUND);
	print_bool(pr, "embryonic", NULL, s->flags & HOMENET_SESSION_F_EMBRYONIC);
	print_bool(pr, "hairpin", NULL, s->flags & HOMENET_SESSION_F_HAIRPIN);
	print_bool(pr, "forward", NULL, s->flags & HOMENET_SESSION_F_FORWARD);
	if (s->rule[0])
		print_string(pr, "rule", NULL, s->rule);
	print_close_object(pr);
}

/*
 * PROTO INSIDE OUTSIDE via EXTERNAL expires Ns [STATE] [inbound [embryonic]]
 * [hairpin] [forward] [rule NAME], built in place: a table of a million sessions is
 * listed in a million writes of a buffer, not twelve million fprintf()s.
 */
void session_print(struct printer *pr, const struct hn_session *s)
{
	struct line l = { 0 };

	if (pr->json) {
		session_json(pr, s);
		return;
	}
	line_str(&l, proto_name(s->proto));
	line_endpoint(&l, " ", s->int_addr, s->int_port);
	line_endpoint(&l, " ", s->rem_addr, s->rem_port);
	line_endpoint(&l, " via ", s->ext_addr, s->ext_port);
	line_str(&l, " expires ");
	line_uint(&l, (s->expires_ms + 999) / 1000);
	line_str(&l, "s");
	if (has_state(s)) {
		line_str(&l, " ");
		line_str(&l, tcp_states[s->tcp_state]);
	}
	if (s->flags & HOMENET_SESSION_F_INBOUND)
		line_str(&l, " inbound");
	if (s->flags & HOMENET_SESSION_F_EMBRYONIC)
		line_str(&l, " embryonic");
	if (s->flags & HOMENET_SESSION_F_HAIRPIN)
		line_str(&l, " hairpin");
	if (s->flags & HOMENET_SESSION_F_FORWARD)
		line_str(&l, " forward");
	if (s->rule[0]) {
		line_str(&l, " rule ");
		line_str(&l, s->rule);
	}
	line_str(&l, "\n");
	print_line(pr, &l);
}

static void session_print_one(struct printer *pr, const void *s)
{
	session_print(pr, s);
}

static int session_dump(struct hn_client *nl, const void *filter, struct ctl_list *l)
{
	const struct hn_session *f = filter;

	return hn_session_dump(nl, f->proto, f->int_addr, ctl_list_add, l);
}

static int session_list(struct hn_ctl *ctl, int argc, char **argv)
{
	struct ctl_list l = { .size = sizeof(struct hn_session) };
	struct hn_session filter = { 0 };
	const char *why = NULL;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "proto") && i + 1 < argc) {
			if (parse_proto(argv[++i], &filter.proto, &why) < 0)
				return ctl_syntax_error(ctl, "\"%s\" %s", argv[i], why);
		} else if (!strcmp(argv[i], "inside") && i + 1 < argc) {
			if (parse_ipv4(argv[++i], &filter.int_addr, &why) < 0)
				return ctl_syntax_error(ctl, "\"%s\" %s", argv[i], why);
		} else {
			return ctl_syntax_error(ctl, "unexpected \"%s\" in \"session list\"",
						argv[i]);
		}
	}
	ret = ctl_dump(ctl, session_dump, &filter, &l);
	if (ret == -EINTR) {
		fprintf(stderr, "Warning: the session table kept changing; this list "
				"may hold sessions that came or went while it was made\n");
		ret = 0;
	}
	return ctl_list_show(ctl, ret, &l, session_print_one);
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
	return ctl_do(ctl, "session flush", argc, argv, hn_session_flush);
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
