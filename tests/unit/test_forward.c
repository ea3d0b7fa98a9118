// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for port forwarding in homenetctl: the "forward add" grammar,
 * the rule's text and JSON, the replace file, and the netlink messages both
 * ways (as include/uapi/linux/homenet.h lays them out).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/homenet.h>

#include "ctl.h"

#define TCP		 HOMENET_FWD_TCP
#define UDP		 HOMENET_FWD_UDP
#define ADDR(a, b, c, d) htonl((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

/* fwd_parse() of @line split at spaces; the message, if any, in @err. */
static int parse_line(const char *line, struct hn_fwd *f, char *err, size_t len)
{
	char buf[512], *words[32], *save = NULL, *w;
	int n = 0;

	assert_true(strlen(line) < sizeof(buf));
	strcpy(buf, line);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	err[0] = '\0';
	return fwd_parse(n, words, f, err, len);
}

static struct hn_fwd parse_ok(const char *line)
{
	struct hn_fwd f;
	char err[256];

	if (parse_line(line, &f, err, sizeof(err)) < 0)
		fail_msg("\"%s\": %s", line, err);
	return f;
}

/* The configuration of two rules is the same (counters aside). */
static void assert_fwd_equal(const struct hn_fwd *a, const struct hn_fwd *b)
{
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->proto, b->proto);
	assert_int_equal(a->ext_port_min, b->ext_port_min);
	assert_int_equal(a->ext_port_max, b->ext_port_max);
	assert_int_equal(a->int_addr, b->int_addr);
	assert_int_equal(a->int_port_min, b->int_port_min);
	assert_int_equal(a->int_port_max, b->int_port_max);
	assert_int_equal(a->has_src, b->has_src);
	assert_int_equal(a->src.addr, b->src.addr);
	assert_int_equal(a->src.len, b->src.len);
	assert_int_equal(a->disabled, b->disabled);
}

static void test_parse_one_port(void **state)
{
	struct hn_fwd f = parse_ok("tcp 8081 to 192.168.0.4:80 name web");

	(void)state;
	assert_string_equal(f.name, "web");
	assert_int_equal(f.proto, TCP);
	assert_int_equal(f.ext_port_min, 8081);
	assert_int_equal(f.ext_port_max, 8081);
	assert_int_equal(f.int_addr, ADDR(192, 168, 0, 4));
	assert_int_equal(f.int_port_min, 80);
	assert_int_equal(f.int_port_max, 80);
	assert_false(f.has_src);
	assert_false(f.disabled);
}

static void test_parse_range_every_keyword(void **state)
{
	struct hn_fwd f = parse_ok(
		"udp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 name games disabled");

	(void)state;
	assert_string_equal(f.name, "games");
	assert_int_equal(f.proto, UDP);
	assert_int_equal(f.ext_port_min, 5000);
	assert_int_equal(f.ext_port_max, 5010);
	assert_int_equal(f.int_addr, ADDR(192, 168, 0, 5));
	assert_int_equal(f.int_port_min, 6000);
	assert_int_equal(f.int_port_max, 6010);
	assert_true(f.has_src);
	assert_int_equal(f.src.addr, ADDR(198, 51, 100, 0));
	assert_int_equal(f.src.len, 24);
	assert_true(f.disabled);
}

static void test_parse_defaults_and_synonyms(void **state)
{
	struct hn_fwd f;

	(void)state;
	/* no inside port: the external ones */
	f = parse_ok("tcp+udp 5000-5010 to 10.0.0.2");
	assert_int_equal(f.proto, TCP | UDP);
	assert_int_equal(f.int_port_min, 5000);
	assert_int_equal(f.int_port_max, 5010);
	assert_string_equal(f.name, "");
	f = parse_ok("both 53 to 10.0.0.2");
	assert_int_equal(f.proto, TCP | UDP);
	assert_int_equal(f.int_port_min, 53);
	assert_int_equal(f.int_port_max, 53);
	/* one inside port for a range: the first of as many */
	f = parse_ok("tcp 5000-5010 to 10.0.0.2:6000");
	assert_int_equal(f.int_port_min, 6000);
	assert_int_equal(f.int_port_max, 6010);
	/* a one-port range: every external port to that one */
	f = parse_ok("tcp 5000-5010 to 10.0.0.2:7000-7000");
	assert_int_equal(f.int_port_min, 7000);
	assert_int_equal(f.int_port_max, 7000);
	/* a bare source address is a /32; keywords in any order */
	f = parse_ok("udp 9 disabled name a.b_c-9 from 203.0.113.7 to 10.0.0.3:99");
	assert_true(f.has_src);
	assert_int_equal(f.src.addr, ADDR(203, 0, 113, 7));
	assert_int_equal(f.src.len, 32);
	assert_string_equal(f.name, "a.b_c-9");
	assert_true(f.disabled);
	assert_int_equal(f.int_port_min, 99);
	/* the longest name and the ports at the ends */
	f = parse_ok("tcp 1-65535 to 10.0.0.3 name abcdefghijklmnopqrstuvwxyz01234");
	assert_int_equal(strlen(f.name), HN_FWD_NAME_LEN - 1);
	assert_int_equal(f.ext_port_max, 65535);
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *line, *err;
	} cases[] = {
		{ "", "a rule needs PROTO PORT[-PORT] to ADDR[:PORT[-PORT]]" },
		{ "sctp 80 to 10.0.0.2", "\"sctp\" is not a forward protocol (tcp, udp, tcp+udp)" },
		{ "TCP 80 to 10.0.0.2", "\"TCP\" is not a forward protocol (tcp, udp, tcp+udp)" },
		{ "tcp", "\"tcp\" needs the external PORT[-PORT] after it" },
		{ "tcp 0 to 10.0.0.2", "\"0\" is not a port or port range (1-65535, LO-HI)" },
		{ "tcp 65536 to 10.0.0.2",
		  "\"65536\" is not a port or port range (1-65535, LO-HI)" },
		{ "tcp http to 10.0.0.2", "\"http\" is not a port or port range (1-65535, LO-HI)" },
		{ "tcp 90-80 to 10.0.0.2", "\"90-80\" is an empty range (LO > HI)" },
		{ "tcp 80", "\"to ADDR[:PORT[-PORT]]\" is missing" },
		{ "tcp 80 name web", "\"to ADDR[:PORT[-PORT]]\" is missing" },
		{ "tcp 80 10.0.0.2", "\"10.0.0.2\" is unexpected here (to, from, name, disabled)" },
		{ "tcp 80 to", "\"to\" needs ADDR[:PORT[-PORT]] after it" },
		{ "tcp 80 to 10.0.0", "\"10.0.0\" is not an address (A.B.C.D[:PORT[-PORT]])" },
		{ "tcp 80 to nas:80", "\"nas:80\" is not an address (A.B.C.D[:PORT[-PORT]])" },
		{ "tcp 80 to 10.0.0.2:0",
		  "\"10.0.0.2:0\" has a bad port or range after the address (1-65535, LO-HI)" },
		{ "tcp 80 to 10.0.0.2:",
		  "\"10.0.0.2:\" has a bad port or range after the address (1-65535, LO-HI)" },
		{ "tcp 80 to 10.0.0.2:70000",
		  "\"10.0.0.2:70000\" has a bad port or range after the address (1-65535, LO-HI)" },
		{ "tcp 5000-5010 to 10.0.0.2:6000-6005",
		  "\"10.0.0.2:6000-6005\" is a range of another length than the external one "
		  "(give one port, or as many)" },
		{ "tcp 80 to 10.0.0.2:80-81",
		  "\"10.0.0.2:80-81\" is a range of another length than the external one "
		  "(give one port, or as many)" },
		{ "tcp 5000-5010 to 10.0.0.2:65530",
		  "\"10.0.0.2:65530\" leaves fewer ports up to 65535 than the external range has" },
		{ "tcp 80 to 10.0.0.2 from 10.0.0.1/8",
		  "\"10.0.0.1/8\" has host bits set after the prefix length" },
		{ "tcp 80 to 10.0.0.2 from 10.0.0.0/33",
		  "\"10.0.0.0/33\" has a bad prefix length (0-32)" },
		{ "tcp 80 to 10.0.0.2 from lan", "\"lan\" is not a prefix (A.B.C.D/LEN)" },
		{ "tcp 80 to 10.0.0.2 from", "\"from\" needs a PREFIX after it" },
		{ "tcp 80 to 10.0.0.2 name web!",
		  "\"web!\" is not a rule name (1-31 of A-Z a-z 0-9 _ . -)" },
		{ "tcp 80 to 10.0.0.2 name abcdefghijklmnopqrstuvwxyz012345",
		  "\"abcdefghijklmnopqrstuvwxyz012345\" is not a rule name (1-31 of A-Z a-z 0-9 _ "
		  ". -)" },
		{ "tcp 80 to 10.0.0.2 name", "\"name\" needs a NAME after it" },
		{ "tcp 80 to 10.0.0.2 name a name b", "\"name\" is given twice" },
		{ "tcp 80 to 10.0.0.2 to 10.0.0.3", "\"to\" is given twice" },
		{ "tcp 80 to 10.0.0.2 disabled disabled", "\"disabled\" is given twice" },
		{ "tcp 80 to 10.0.0.2 junk",
		  "\"junk\" is unexpected here (to, from, name, disabled)" },
		{ "tcp 80 to 10.0.0.2 name web 8080",
		  "\"8080\" is unexpected here (to, from, name, disabled)" },
	};
	struct hn_fwd f;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse_line(cases[i].line, &f, err, sizeof(err)) != -1)
			fail_msg("\"%s\" was taken", cases[i].line);
		assert_string_equal(err, cases[i].err);
	}
}

/* A FWD_GET reply as the kernel sends it: every attribute, counters padded. */
static struct nl_msg *fwd_reply(bool full)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	assert_non_null(msg);
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_FWD_GET, HOMENET_GENL_VERSION));
	nest = nla_nest_start(msg, HOMENET_A_FWD);
	assert_non_null(nest);
	if (full)
		assert_int_equal(nla_put_string(msg, HOMENET_FWD_A_NAME, "games"), 0);
	assert_int_equal(nla_put_u8(msg, HOMENET_FWD_A_PROTO, full ? UDP : TCP | UDP), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MIN, htons(5000)), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MAX, htons(5010)), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_FWD_A_INT_ADDR, ADDR(192, 168, 0, 5)), 0);
	if (full) {
		assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_INT_PORT_MIN, htons(6000)), 0);
		assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_INT_PORT_MAX, htons(6010)), 0);
		assert_int_equal(nla_put_u32(msg, HOMENET_FWD_A_SRC_ADDR, ADDR(198, 51, 100, 0)),
				 0);
		assert_int_equal(nla_put_u8(msg, HOMENET_FWD_A_SRC_LEN, 24), 0);
		assert_int_equal(nla_put_flag(msg, HOMENET_FWD_A_DISABLED), 0);
	}
	assert_int_equal(nla_put(msg, HOMENET_FWD_A_PAD, 0, NULL), 0);
	assert_int_equal(nla_put_u64(msg, HOMENET_FWD_A_PACKETS, 12345678901ULL), 0);
	assert_int_equal(nla_put_u64(msg, HOMENET_FWD_A_BYTES, 9876543210987ULL), 0);
	assert_int_equal(nla_put_u64(msg, HOMENET_FWD_A_SESSIONS, 42), 0);
	nla_nest_end(msg, nest);
	return msg;
}

static void test_reply_parse(void **state)
{
	struct nl_msg *msg = fwd_reply(true);
	struct hn_fwd f;

	(void)state;
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), 0);
	assert_fwd_equal(&f, &(struct hn_fwd){ .name = "games",
					       .proto = UDP,
					       .ext_port_min = 5000,
					       .ext_port_max = 5010,
					       .int_addr = ADDR(192, 168, 0, 5),
					       .int_port_min = 6000,
					       .int_port_max = 6010,
					       .has_src = true,
					       .src = { ADDR(198, 51, 100, 0), 24 },
					       .disabled = true });
	assert_true(f.packets == 12345678901ULL);
	assert_true(f.bytes == 9876543210987ULL);
	assert_true(f.sessions == 42);
	nlmsg_free(msg);
}

/* Left out, the inside ports are the external ones (homenet.h's defaults). */
static void test_reply_parse_defaults(void **state)
{
	struct nl_msg *msg = fwd_reply(false);
	struct hn_fwd f;

	(void)state;
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), 0);
	assert_string_equal(f.name, "");
	assert_int_equal(f.proto, TCP | UDP);
	assert_int_equal(f.int_port_min, 5000);
	assert_int_equal(f.int_port_max, 5010);
	assert_false(f.has_src);
	assert_false(f.disabled);
	nlmsg_free(msg);
}

static void test_reply_parse_bad(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;
	struct hn_fwd f;

	(void)state;
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_FWD_GET, HOMENET_GENL_VERSION));
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), -EBADMSG);
	nest = nla_nest_start(msg, HOMENET_A_FWD);
	assert_int_equal(nla_put_u8(msg, HOMENET_FWD_A_PROTO, TCP), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MIN, htons(80)), 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), -ENODATA); /* no INT_ADDR */
	nlmsg_free(msg);

	/* a source address without its length */
	msg = nlmsg_alloc();
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_FWD_GET, HOMENET_GENL_VERSION));
	nest = nla_nest_start(msg, HOMENET_A_FWD);
	assert_int_equal(nla_put_u8(msg, HOMENET_FWD_A_PROTO, TCP), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MIN, htons(80)), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_FWD_A_INT_ADDR, ADDR(10, 0, 0, 2)), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_FWD_A_SRC_ADDR, ADDR(10, 0, 0, 0)), 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), -EBADMSG);
	nlmsg_free(msg);
}

static void print_fwd(struct printer *p, const void *f)
{
	fwd_print(p, f);
}

static void print_session(struct printer *p, const void *s)
{
	session_print(p, s);
}

/*
 * What @print writes of @obj, in an array, as text or JSON (to be freed).
 * Not inlined: GCC then takes the stream's hold on @buf for a dangling one.
 */
__attribute__((noinline)) static char *
capture(bool json, void (*print)(struct printer *, const void *), const void *obj)
{
	struct printer p;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	print_init(&p, out, json);
	print_open_array(&p, NULL);
	print(&p, obj);
	print_close_array(&p);
	print_finish(&p);
	fclose(out);
	return buf;
}

static char *print_rule(const struct hn_fwd *f, bool json)
{
	return capture(json, print_fwd, f);
}

static void test_print_reply(void **state)
{
	struct nl_msg *msg = fwd_reply(true);
	struct hn_fwd f;
	char *out;

	(void)state;
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), 0);
	out = print_rule(&f, false);
	assert_string_equal(out, "udp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 "
				 "name games disabled  # packets 12345678901 bytes 9876543210987 "
				 "sessions 42\n");
	free(out);
	out = print_rule(&f, true);
	assert_string_equal(out,
			    "[{\"proto\":\"udp\",\"external_port_min\":5000,"
			    "\"external_port_max\":5010,\"inside_addr\":\"192.168.0.5\","
			    "\"inside_port_min\":6000,\"inside_port_max\":6010,"
			    "\"from\":\"198.51.100.0/24\",\"name\":\"games\",\"disabled\":true,"
			    "\"packets\":12345678901,\"bytes\":9876543210987,\"sessions\":42}]\n");
	free(out);
	nlmsg_free(msg);

	msg = fwd_reply(false);
	assert_int_equal(hn_fwd_parse(nlmsg_hdr(msg), &f), 0);
	out = print_rule(&f, false);
	assert_string_equal(out, "tcp+udp 5000-5010 to 192.168.0.5  # packets 12345678901 "
				 "bytes 9876543210987 sessions 42\n");
	free(out);
	out = print_rule(&f, true);
	assert_string_equal(out, "[{\"proto\":\"tcp+udp\",\"external_port_min\":5000,"
				 "\"external_port_max\":5010,\"inside_addr\":\"192.168.0.5\","
				 "\"inside_port_min\":5000,\"inside_port_max\":5010,"
				 "\"disabled\":false,\"packets\":12345678901,"
				 "\"bytes\":9876543210987,\"sessions\":42}]\n");
	free(out);
	nlmsg_free(msg);
}

static const char *const round_trip_lines[] = {
	"tcp 8081 to 192.168.0.4:80 name web",
	"udp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 name games disabled",
	"tcp+udp 53 to 192.168.0.2",
	"tcp 5000-5010 to 10.0.0.2:7000-7000",
	"tcp 5000-5010 to 10.0.0.2:5000-5000",
	"udp 6000-6010 to 10.0.0.2:5000",
	"tcp 22 to 10.0.0.9 from 0.0.0.0/0",
	"udp 1-65535 to 10.0.0.9 from 203.0.113.7",
	"tcp 443 to 10.0.0.9:443",
};

/* A listed rule parses back to the same rule: list | replace changes nothing. */
static void test_round_trip(void **state)
{
	struct hn_fwd a, b;
	char *out, err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(round_trip_lines) / sizeof(round_trip_lines[0]); i++) {
		a = parse_ok(round_trip_lines[i]);
		a.packets = 7;
		out = print_rule(&a, false);
		*strchr(out, '#') = '\0'; /* fwd_read() strips the comment */
		assert_int_equal(parse_line(out, &b, err, sizeof(err)), 0);
		assert_fwd_equal(&a, &b);
		free(out);
	}
	/* The printed form is canonical */
	a = parse_ok("tcp 443 to 10.0.0.9:443");
	out = print_rule(&a, false);
	assert_string_equal(out, "tcp 443 to 10.0.0.9  # packets 0 bytes 0 sessions 0\n");
	free(out);
	a = parse_ok("udp 6000-6010 to 10.0.0.2:5000");
	out = print_rule(&a, false);
	assert_string_equal(
		out, "udp 6000-6010 to 10.0.0.2:5000-5010  # packets 0 bytes 0 sessions 0\n");
	free(out);
	a = parse_ok("tcp 5000-5010 to 10.0.0.2:5000-5000");
	out = print_rule(&a, false);
	assert_string_equal(
		out, "tcp 5000-5010 to 10.0.0.2:5000-5000  # packets 0 bytes 0 sessions 0\n");
	free(out);
	a = parse_ok("tcp 22 to 10.0.0.9 from 198.51.100.1");
	out = print_rule(&a, false);
	assert_string_equal(
		out, "tcp 22 to 10.0.0.9 from 198.51.100.1/32  # packets 0 bytes 0 sessions 0\n");
	free(out);
}

/* fwd_read() of @text, as file "rules". */
static int read_text(const char *text, struct ctl_list *l, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(in);
	err[0] = '\0';
	ret = fwd_read(in, "rules", l, err, len);
	fclose(in);
	return ret;
}

static void test_read_file(void **state)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };
	struct hn_fwd *v, want;
	char err[256];

	(void)state;
	assert_int_equal(
		read_text("# the rules\n"
			  "\n"
			  "tcp 8081 to 192.168.0.4:80 name web  # packets 1 bytes 2 sessions 3\n"
			  "   \t\n"
			  "\tudp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 "
			  "name games disabled\r\n"
			  "tcp+udp 53 to 192.168.0.2#dns",
			  &l, err, sizeof(err)),
		0);
	assert_string_equal(err, "");
	assert_int_equal(l.n, 3);
	v = l.v;
	want = parse_ok("tcp 8081 to 192.168.0.4:80 name web");
	assert_fwd_equal(&v[0], &want);
	assert_true(v[0].packets == 0); /* counters are not read */
	want = parse_ok(
		"udp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 name games disabled");
	assert_fwd_equal(&v[1], &want);
	want = parse_ok("tcp+udp 53 to 192.168.0.2");
	assert_fwd_equal(&v[2], &want);
	ctl_list_free(&l);
}

static void test_read_file_empty(void **state)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };
	char err[256];

	(void)state;
	assert_int_equal(read_text("", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(read_text("# nothing\n\n  # at all\n", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 0);
	ctl_list_free(&l);
}

static void test_read_file_errors(void **state)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };
	char err[256];

	(void)state;
	assert_int_equal(read_text("tcp 80 to 10.0.0.2\n"
				   "# a comment\n"
				   "\n"
				   "udp 90 to 10.0.0.2:bad name x\n"
				   "tcp 81 to 10.0.0.2\n",
				   &l, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "rules:4: \"10.0.0.2:bad\" has a bad port or range after the "
				 "address (1-65535, LO-HI)");
	assert_int_equal(
		read_text("tcp 80 to 10.0.0.2\nsctp 80 to 10.0.0.2\n", &l, err, sizeof(err)), -1);
	assert_string_equal(err, "rules:2: \"sctp\" is not a forward protocol (tcp, udp, tcp+udp)");
	/* the comment of a listed line is a comment, not what follows "#" */
	assert_int_equal(read_text("tcp 80 to 10.0.0.2 packets 1\n", &l, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "rules:1: \"packets\" is unexpected here (to, from, name, disabled)");
	/* a long line of junk is refused at its first wrong word */
	assert_int_equal(read_text("\n\ntcp 80 to 10.0.0.2 a b c d e f g h i j k l m n o p q r\n",
				   &l, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "rules:3: \"a\" is unexpected here (to, from, name, disabled)");
	ctl_list_free(&l);
}

/* The attributes of one HOMENET_A_FWD nest of a request. */
static void fwd_attrs(struct nlattr *nest, struct nlattr **tb)
{
	assert_int_equal(nla_type(nest), HOMENET_A_FWD);
	assert_int_equal(nla_parse_nested(tb, HOMENET_FWD_A_MAX, nest, NULL), 0);
}

/* A be16 attribute holding @port (and not a host-order or wider one). */
static void assert_be16(struct nlattr *a, uint16_t port)
{
	assert_non_null(a);
	assert_int_equal(nla_len(a), 2);
	assert_int_equal(ntohs(nla_get_u16(a)), port);
}

static struct nlattr *request_attr(struct nl_msg *msg, int cmd, int type)
{
	struct nlattr *top[HOMENET_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));

	assert_int_equal(g->cmd, cmd);
	assert_true(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_ACK);
	assert_false(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, top, HOMENET_A_MAX, NULL), 0);
	assert_non_null(top[type]);
	return top[type];
}

static void test_request_add(void **state)
{
	struct hn_client c = { .family = 0x20 };
	struct nlattr *tb[HOMENET_FWD_A_MAX + 1];
	struct hn_fwd f = parse_ok("tcp 8081 to 192.168.0.4:80 name web");
	struct nl_msg *msg;

	(void)state;
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_ADD, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_ADD, HOMENET_A_FWD), tb);
	assert_string_equal(nla_get_string(tb[HOMENET_FWD_A_NAME]), "web");
	assert_int_equal(nla_len(tb[HOMENET_FWD_A_PROTO]), 1);
	assert_int_equal(nla_get_u8(tb[HOMENET_FWD_A_PROTO]), HOMENET_FWD_TCP);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MIN], 8081);
	assert_null(tb[HOMENET_FWD_A_EXT_PORT_MAX]);
	assert_int_equal(nla_get_u32(tb[HOMENET_FWD_A_INT_ADDR]), ADDR(192, 168, 0, 4));
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MIN], 80);
	assert_null(tb[HOMENET_FWD_A_INT_PORT_MAX]);
	assert_null(tb[HOMENET_FWD_A_SRC_ADDR]);
	assert_null(tb[HOMENET_FWD_A_SRC_LEN]);
	assert_null(tb[HOMENET_FWD_A_DISABLED]);
	assert_null(tb[HOMENET_FWD_A_PACKETS]);
	nlmsg_free(msg);

	f = parse_ok("udp 5000-5010 to 192.168.0.5:6000-6010 from 198.51.100.0/24 disabled");
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_ADD, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_ADD, HOMENET_A_FWD), tb);
	assert_null(tb[HOMENET_FWD_A_NAME]);
	assert_int_equal(nla_get_u8(tb[HOMENET_FWD_A_PROTO]), HOMENET_FWD_UDP);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MIN], 5000);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MAX], 5010);
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MIN], 6000);
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MAX], 6010);
	assert_int_equal(nla_get_u32(tb[HOMENET_FWD_A_SRC_ADDR]), ADDR(198, 51, 100, 0));
	assert_int_equal(nla_len(tb[HOMENET_FWD_A_SRC_LEN]), 1);
	assert_int_equal(nla_get_u8(tb[HOMENET_FWD_A_SRC_LEN]), 24);
	assert_non_null(tb[HOMENET_FWD_A_DISABLED]);
	assert_int_equal(nla_len(tb[HOMENET_FWD_A_DISABLED]), 0);
	nlmsg_free(msg);

	/* inside ports equal to the external ones are left to the kernel's default */
	f = parse_ok("tcp+udp 5000-5010 to 192.168.0.5");
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_ADD, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_ADD, HOMENET_A_FWD), tb);
	assert_int_equal(nla_get_u8(tb[HOMENET_FWD_A_PROTO]), HOMENET_FWD_TCP | HOMENET_FWD_UDP);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MAX], 5010);
	assert_null(tb[HOMENET_FWD_A_INT_PORT_MIN]);
	assert_null(tb[HOMENET_FWD_A_INT_PORT_MAX]);
	nlmsg_free(msg);

	/* every external port to one: INT_PORT_MAX says so, even at EXT_PORT_MIN */
	f = parse_ok("tcp 5000-5010 to 192.168.0.5:5000-5000");
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_ADD, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_ADD, HOMENET_A_FWD), tb);
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MIN], 5000);
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MAX], 5000);
	nlmsg_free(msg);
}

static void test_request_del(void **state)
{
	struct hn_client c = { .family = 0x20 };
	struct nlattr *tb[HOMENET_FWD_A_MAX + 1];
	struct hn_fwd f = { .proto = HOMENET_FWD_UDP, .ext_port_min = 5003 };
	struct nl_msg *msg;

	(void)state;
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_DEL, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_DEL, HOMENET_A_FWD), tb);
	assert_int_equal(nla_get_u8(tb[HOMENET_FWD_A_PROTO]), HOMENET_FWD_UDP);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MIN], 5003);
	assert_null(tb[HOMENET_FWD_A_NAME]);
	assert_null(tb[HOMENET_FWD_A_INT_ADDR]);
	nlmsg_free(msg);

	strcpy(f.name, "web");
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_DEL, &f, 1, &msg), 0);
	fwd_attrs(request_attr(msg, HOMENET_CMD_FWD_DEL, HOMENET_A_FWD), tb);
	assert_string_equal(nla_get_string(tb[HOMENET_FWD_A_NAME]), "web");
	assert_null(tb[HOMENET_FWD_A_PROTO]);
	assert_null(tb[HOMENET_FWD_A_EXT_PORT_MIN]);
	nlmsg_free(msg);
}

/* The rules of a FWD_REPLACE request: every top-level HOMENET_A_FWD. */
static int replace_rules(struct nl_msg *msg, struct nlattr **v, int max)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *a;
	int rem, n = 0;

	assert_int_equal(g->cmd, HOMENET_CMD_FWD_REPLACE);
	assert_true(nlh->nlmsg_flags & NLM_F_ACK);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem)
	{
		assert_int_equal(nla_type(a), HOMENET_A_FWD);
		if (n < max)
			v[n] = a;
		n++;
	}
	return n;
}

static void test_request_replace(void **state)
{
	struct hn_client c = { .family = 0x20 };
	struct nlattr *tb[HOMENET_FWD_A_MAX + 1], *one[2];
	struct hn_fwd v[2];
	struct nl_msg *msg;

	(void)state;
	v[0] = parse_ok("tcp 8081 to 192.168.0.4:80 name web");
	v[1] = parse_ok("udp 5000-5010 to 192.168.0.5 disabled");
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_REPLACE, v, 2, &msg), 0);
	assert_int_equal(replace_rules(msg, one, 2), 2);
	fwd_attrs(one[0], tb);
	assert_string_equal(nla_get_string(tb[HOMENET_FWD_A_NAME]), "web");
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MIN], 8081);
	assert_be16(tb[HOMENET_FWD_A_INT_PORT_MIN], 80);
	fwd_attrs(one[1], tb);
	assert_null(tb[HOMENET_FWD_A_NAME]);
	assert_be16(tb[HOMENET_FWD_A_EXT_PORT_MAX], 5010);
	assert_non_null(tb[HOMENET_FWD_A_DISABLED]);
	nlmsg_free(msg);
}

/* An empty set is a request with no rule. */
static void test_request_replace_empty(void **state)
{
	struct hn_client c = { .family = 0x20 };
	struct nl_msg *msg;

	(void)state;
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_REPLACE, NULL, 0, &msg), 0);
	assert_int_equal(replace_rules(msg, NULL, 0), 0);
	nlmsg_free(msg);
}

/*
 * Rules as large as they come fill the buffer sized for them, and 10,000
 * of them (far past what one 64 KiB attribute could hold) go in one
 * request: each rule is its own top-level attribute.
 */
static void test_request_replace_many(void **state)
{
	struct hn_client c = { .family = 0x20 };
	struct hn_fwd *v = calloc(10000, sizeof(*v));
	struct nl_msg *msg;
	int i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < 10000; i++) {
		v[i] = parse_ok("tcp+udp 1000-1010 to 10.0.0.2:2000-2010 from 10.1.0.0/16 "
				"name abcdefghijklmnopqrstuvwxyz01234 disabled");
		v[i].ext_port_min = v[i].ext_port_max = (uint16_t)(1 + i);
		v[i].int_port_min = v[i].int_port_max = (uint16_t)(2 + i);
	}
	assert_int_equal(hn_fwd_request(&c, HOMENET_CMD_FWD_REPLACE, v, 10000, &msg), 0);
	assert_int_equal(replace_rules(msg, NULL, 0), 10000);
	assert_true(nlmsg_hdr(msg)->nlmsg_len > 65535);
	nlmsg_free(msg);
	free(v);
}

/* A session a forward rule made: the flag, and the rule's name. */
static void test_session_forwarded(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct hn_session s;
	struct nlattr *nest;
	char *buf;

	(void)state;
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_SESSION_GET, HOMENET_GENL_VERSION));
	nest = nla_nest_start(msg, HOMENET_A_SESSION);
	assert_int_equal(nla_put_u8(msg, HOMENET_SESSION_A_PROTO, IPPROTO_TCP), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_SESSION_A_INT_ADDR, ADDR(192, 168, 0, 4)), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_SESSION_A_INT_PORT, htons(80)), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_SESSION_A_EXT_ADDR, ADDR(203, 0, 113, 1)), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_SESSION_A_EXT_PORT, htons(8081)), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_SESSION_A_REM_ADDR, ADDR(198, 51, 100, 9)), 0);
	assert_int_equal(nla_put_u16(msg, HOMENET_SESSION_A_REM_PORT, htons(40000)), 0);
	assert_int_equal(nla_put_u8(msg, HOMENET_SESSION_A_TCP_STATE, HOMENET_TCP_ESTABLISHED), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_SESSION_A_EXPIRES_MS, 7439001), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_SESSION_A_FLAGS,
				     HOMENET_SESSION_F_INBOUND | HOMENET_SESSION_F_FORWARD),
			 0);
	assert_int_equal(nla_put_string(msg, HOMENET_SESSION_A_RULE, "web"), 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hn_session_parse(nlmsg_hdr(msg), &s), 0);
	assert_string_equal(s.rule, "web");
	nlmsg_free(msg);

	buf = capture(false, print_session, &s);
	assert_string_equal(buf, "tcp 192.168.0.4:80 198.51.100.9:40000 via 203.0.113.1:8081 "
				 "expires 7440s established inbound forward rule web\n");
	free(buf);
	buf = capture(true, print_session, &s);
	assert_string_equal(buf,
			    "[{\"proto\":\"tcp\",\"inside_addr\":\"192.168.0.4\","
			    "\"inside_port\":80,\"outside_addr\":\"198.51.100.9\","
			    "\"outside_port\":40000,\"external_addr\":\"203.0.113.1\","
			    "\"external_port\":8081,\"expires\":7440,\"state\":\"established\","
			    "\"inbound\":true,\"embryonic\":false,\"hairpin\":false,"
			    "\"forward\":true,"
			    "\"rule\":\"web\"}]\n");
	free(buf);
}

static void test_list_grows(void **state)
{
	struct ctl_list l = { .size = sizeof(struct hn_fwd) };
	struct hn_fwd f = { 0 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		f.ext_port_min = (uint16_t)i;
		assert_int_equal(ctl_list_add(&f, &l), 0);
	}
	assert_int_equal(l.n, 3000);
	assert_int_equal(((struct hn_fwd *)l.v)[2999].ext_port_min, 2999);
	assert_int_equal(((struct hn_fwd *)l.v)[1024].ext_port_min, 1024);
	ctl_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_one_port),
		cmocka_unit_test(test_parse_range_every_keyword),
		cmocka_unit_test(test_parse_defaults_and_synonyms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_reply_parse),
		cmocka_unit_test(test_reply_parse_defaults),
		cmocka_unit_test(test_reply_parse_bad),
		cmocka_unit_test(test_print_reply),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_file_empty),
		cmocka_unit_test(test_read_file_errors),
		cmocka_unit_test(test_request_add),
		cmocka_unit_test(test_request_del),
		cmocka_unit_test(test_request_replace),
		cmocka_unit_test(test_request_replace_empty),
		cmocka_unit_test(test_request_replace_many),
		cmocka_unit_test(test_session_forwarded),
		cmocka_unit_test(test_list_grows),
	};

	return cmocka_run_group_tests_name("forward", tests, NULL, NULL);
}
