// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl forward { add | del | list | flush | replace }: port forwarding.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/homenet.h>

#include "ctl.h"
#include "parse.h"

/* A line of "forward replace" is read for this many words: a rule has 9. */
#define FWD_WORDS_MAX 16
#define FWD_SPACE     " \t\r\n\v\f"

/* What may follow PROTO PORT in "forward add", each once; bit i is [i]. */
static const struct {
	const char *word;
	const char *needs; /* what comes after it, NULL: nothing */
} fwd_keywords[] = {
	{ "to", "ADDR[:PORT[-PORT]]" },
	{ "from", "a PREFIX" },
	{ "name", "a NAME" },
	{ "disabled", NULL },
};

enum { FWD_KW_TO, FWD_KW_FROM, FWD_KW_NAME, FWD_KW_DISABLED, FWD_KW_COUNT };

static void forward_usage(FILE *out)
{
	fprintf(out, "Usage: homenetctl forward add PROTO PORT[-PORT] to ADDR[:PORT[-PORT]]\n"
		     "                              [ from PREFIX ] [ name NAME ] [ disabled ]\n"
		     "       homenetctl forward del { PROTO PORT | name NAME }\n"
		     "       homenetctl forward list\n"
		     "       homenetctl forward flush\n"
		     "       homenetctl forward replace [ FILE | - ]\n"
		     "Where: PROTO    tcp, udp or tcp+udp (also: both)\n"
		     "       PORT     the router's external port or range\n"
		     "       to       the inside host, and its ports: the same as outside when\n"
		     "                left out, one port, or a range as long as outside\n"
		     "       from     forward only packets from PREFIX (A.B.C.D[/LEN])\n"
		     "       name     1-31 of A-Z a-z 0-9 _ . -\n"
		     "       replace  sets the rules of FILE (default: standard input) at once,\n"
		     "                one a line as \"forward add\" takes it; # starts a comment\n"
		     "A rule lists as what \"forward add\" takes, with its counters in a comment:\n"
		     "\"forward list | forward replace\" changes nothing.\n");
}

static int forward_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	forward_usage(stdout);
	return EXIT_OK;
}

void fwd_print(struct printer *pr, const struct hn_fwd *f)
{
	char a[INET_ADDRSTRLEN], w[INET_ADDRSTRLEN + 4];

	print_open_object(pr, NULL);
	print_string(pr, "proto", "%s", fwd_proto_name(f->proto));
	print_text(pr, " %s", port_range_str(f->ext_port_min, f->ext_port_max, w));
	print_uint(pr, "external_port_min", NULL, f->ext_port_min);
	print_uint(pr, "external_port_max", NULL, f->ext_port_max);
	print_string(pr, "inside_addr", " to %s", ipv4_str(f->int_addr, a));
	/* The inside ports when they are not the external ones, as read back */
	if (f->ext_port_min == f->ext_port_max && f->int_port_min != f->ext_port_min)
		print_text(pr, ":%u", f->int_port_min);
	else if (f->int_port_min != f->ext_port_min || f->int_port_max != f->ext_port_max)
		print_text(pr, ":%u-%u", f->int_port_min, f->int_port_max);
	print_uint(pr, "inside_port_min", NULL, f->int_port_min);
	print_uint(pr, "inside_port_max", NULL, f->int_port_max);
	if (f->has_src) {
		snprintf(w, sizeof(w), "%s/%u", ipv4_str(f->src.addr, a), f->src.len);
		print_string(pr, "from", " from %s", w);
	}
	if (f->name[0])
		print_string(pr, "name", " name %s", f->name);
	print_bool(pr, "disabled", " disabled", f->disabled);
	print_uint(pr, "packets", "  # packets %llu", f->packets);
	print_uint(pr, "bytes", " bytes %llu", f->bytes);
	print_uint(pr, "sessions", " sessions %llu\n", f->sessions);
	print_close_object(pr);
}

__attribute__((format(printf, 3, 4))) static int fwd_error(char *err, size_t len, const char *fmt,
							   ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* "ADDR[:PORT[-PORT]]" after "to", fitted to the external range of @f. */
static int fwd_parse_to(const char *s, struct hn_fwd *f, const char **why)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	unsigned int span = f->ext_port_max - f->ext_port_min;
	char addr[INET_ADDRSTRLEN];
	uint16_t lo, hi;

	if (n >= sizeof(addr))
		goto bad_addr;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (parse_ipv4(addr, &f->int_addr, why) < 0)
		goto bad_addr;
	if (!colon) {
		f->int_port_min = f->ext_port_min;
		f->int_port_max = f->ext_port_max;
		return 0;
	}
	if (parse_port_range(colon + 1, &lo, &hi, why) < 0) {
		*why = "has a bad port or range after the address (1-65535, LO-HI)";
		return -1;
	}
	if (!strchr(colon + 1, '-')) {
		/* one port: the first of as many as outside */
		if (lo + span > UINT16_MAX) {
			*why = "leaves fewer ports up to 65535 than the external range has";
			return -1;
		}
		hi = (uint16_t)(lo + span);
	} else if (hi != lo && (unsigned int)(hi - lo) != span) {
		*why = "is a range of another length than the external one "
		       "(give one port, or as many)";
		return -1;
	}
	f->int_port_min = lo;
	f->int_port_max = hi;
	return 0;
bad_addr:
	*why = "is not an address (A.B.C.D[:PORT[-PORT]])";
	return -1;
}

int fwd_parse(int argc, char **argv, struct hn_fwd *f, char *err, size_t errlen)
{
	const char *why = NULL;
	unsigned int seen = 0;
	int i, k, ret;

	memset(f, 0, sizeof(*f));
	if (argc < 1)
		return fwd_error(err, errlen,
				 "a rule needs PROTO PORT[-PORT] to ADDR[:PORT[-PORT]]");
	if (parse_fwd_proto(argv[0], &f->proto, &why) < 0)
		return fwd_error(err, errlen, "\"%s\" %s", argv[0], why);
	if (argc < 2)
		return fwd_error(err, errlen, "\"%s\" needs the external PORT[-PORT] after it",
				 argv[0]);
	if (parse_port_range(argv[1], &f->ext_port_min, &f->ext_port_max, &why) < 0)
		return fwd_error(err, errlen, "\"%s\" %s", argv[1], why);
	for (i = 2; i < argc; i++) {
		for (k = 0; k < FWD_KW_COUNT && strcmp(argv[i], fwd_keywords[k].word); k++)
			;
		if (k == FWD_KW_COUNT)
			return fwd_error(err, errlen,
					 "\"%s\" is unexpected here (to, from, name, disabled)",
					 argv[i]);
		if (seen & (1U << k))
			return fwd_error(err, errlen, "\"%s\" is given twice", argv[i]);
		seen |= 1U << k;
		if (!fwd_keywords[k].needs) {
			f->disabled = true;
			continue;
		}
		if (++i == argc)
			return fwd_error(err, errlen, "\"%s\" needs %s after it", argv[i - 1],
					 fwd_keywords[k].needs);
		if (k == FWD_KW_TO) {
			ret = fwd_parse_to(argv[i], f, &why);
		} else if (k == FWD_KW_FROM) {
			ret = parse_prefix(argv[i], &f->src, &why);
			f->has_src = true;
		} else {
			ret = parse_rule_name(argv[i], f->name, &why);
		}
		if (ret < 0)
			return fwd_error(err, errlen, "\"%s\" %s", argv[i], why);
	}
	if (!(seen & (1U << FWD_KW_TO)))
		return fwd_error(err, errlen, "\"to ADDR[:PORT[-PORT]]\" is missing");
	return 0;
}

int fwd_read(FILE *in, const char *name, struct ctl_list *l, char *err, size_t errlen)
{
	char *line = NULL, *words[FWD_WORDS_MAX], *w, *more, *save = NULL;
	unsigned int lineno = 0;
	char msg[HN_ERR_MAX];
	struct hn_fwd f;
	size_t cap = 0;
	int n, ret = 0;

	l->n = 0;
	while (!ret && getline(&line, &cap, in) >= 0) {
		lineno++;
		line[strcspn(line, "#")] = '\0';
		more = NULL;
		n = 0;
		for (w = strtok_r(line, FWD_SPACE, &save); w && !more;
		     w = strtok_r(NULL, FWD_SPACE, &save)) {
			if (n < FWD_WORDS_MAX)
				words[n++] = w;
			else
				more = w;
		}
		if (!n)
			continue;
		if (fwd_parse(n, words, &f, msg, sizeof(msg)) < 0 ||
		    (more && fwd_error(msg, sizeof(msg), "\"%s\" is unexpected here", more) < 0))
			ret = fwd_error(err, errlen, "%s:%u: %s", name, lineno, msg);
		else if (ctl_list_add(&f, l) < 0)
			ret = fwd_error(err, errlen, "%s:%u: out of memory", name, lineno);
	}
	if (!ret && ferror(in))
		ret = fwd_error(err, errlen, "%s: %s", name, strerror(errno));
	free(line);
	return ret;
}

static int forward_add(struct hn_ctl *ctl, int argc, char **argv)
{
	char err[HN_ERR_MAX];
	struct hn_fwd f;
	int ret;

	if (fwd_parse(argc, argv, &f, err, sizeof(err)) < 0)
		return ctl_syntax_error(ctl, "%s", err);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_fwd_add(&ctl->nl, &f);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static int forward_del(struct hn_ctl *ctl, int argc, char **argv)
{
	struct hn_fwd f = { 0 };
	const char *why = NULL;
	uint32_t port;
	int ret;

	if (argc > 2)
		return ctl_syntax_error(ctl, "\"%s\" is unexpected in \"forward del\"", argv[2]);
	if (argc < 2)
		return ctl_syntax_error(ctl, "\"forward del\" needs PROTO PORT, or name NAME");
	if (!strcmp(argv[0], "name")) {
		if (parse_rule_name(argv[1], f.name, &why) < 0)
			return ctl_syntax_error(ctl, "\"%s\" %s", argv[1], why);
	} else {
		if (parse_fwd_proto(argv[0], &f.proto, &why) < 0)
			return ctl_syntax_error(ctl, "\"%s\" %s", argv[0], why);
		if (parse_u32(argv[1], 1, UINT16_MAX, &port, &why) < 0)
			return ctl_syntax_error(ctl, "\"%s\" is not a port (1-65535)", argv[1]);
		f.ext_port_min = (uint16_t)port;
	}
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_fwd_del(&ctl->nl, &f);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static void fwd_print_one(struct printer *pr, const void *f)
{
	fwd_print(pr, f);
}

static int fwd_dump(struct hn_client *nl, const void *filter, struct ctl_list *l)
{
	(void)filter;
	return hn_fwd_dump(nl, ctl_list_add, l);
}

static int forward_list(struct hn_ctl *ctl, int argc, char **argv)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"forward list\" takes no arguments, got \"%s\"",
					argv[0]);
	/* A list that raced a change cannot be replaced back: it is an error */
	return ctl_list_show(ctl, ctl_dump(ctl, fwd_dump, NULL, &l), &l, fwd_print_one);
}

static int forward_flush(struct hn_ctl *ctl, int argc, char **argv)
{
	return ctl_do(ctl, "forward flush", argc, argv, hn_fwd_flush);
}

static int forward_replace(struct hn_ctl *ctl, int argc, char **argv)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };
	const char *path = argc > 0 ? argv[0] : "-";
	char err[HN_ERR_MAX + 64];
	FILE *in = stdin;
	int ret;

	if (argc > 1)
		return ctl_syntax_error(ctl, "\"%s\" is unexpected in \"forward replace\"",
					argv[1]);
	if (strcmp(path, "-")) {
		in = fopen(path, "r");
		if (!in)
			return ctl_syntax_error(ctl, "cannot open \"%s\": %s", path,
						strerror(errno));
	}
	ret = fwd_read(in, in == stdin ? "stdin" : path, &l, err, sizeof(err));
	if (in != stdin)
		fclose(in);
	if (ret < 0) {
		ctl_list_free(&l);
		return ctl_syntax_error(ctl, "%s", err);
	}
	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_fwd_replace(&ctl->nl, l.v, l.n);
	ctl_list_free(&l);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

static const struct hn_cmd forward_cmds[] = {
	{ "add", forward_add, "" },	{ "del", forward_del, "" },
	{ "list", forward_list, "" },	{ "show", forward_list, "" },
	{ "flush", forward_flush, "" }, { "replace", forward_replace, "" },
	{ "help", forward_help, "" },	{ NULL },
};

int do_forward(struct hn_ctl *ctl, int argc, char **argv)
{
	const struct hn_cmd *c;

	if (argc == 0)
		return forward_list(ctl, 0, NULL);
	c = cmd_lookup(ctl, forward_cmds, "forward command", argv[0]);
	if (!c)
		return EXIT_SYNTAX;
	if (argc > 1 && !strcmp(argv[1], "help"))
		return forward_help(ctl, 0, NULL);
	return c->fn(ctl, argc - 1, argv + 1);
}
