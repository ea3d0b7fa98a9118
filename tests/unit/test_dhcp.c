// SPDX-License-Identifier: GPL-2.0
/* Unit tests for homenetd's DHCP wire format: dhcp_parse() and dhcp_build(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "dhcp.h"

static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc };

/* A request being written: the fixed header, the cookie, then options. */
struct pkt {
	uint8_t b[DHCP_PACKET_MAX + 8];
	size_t len;
};

static void pkt_init(struct pkt *p, uint8_t type)
{
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };

	memset(p, 0, sizeof(*p));
	p->b[0] = BOOTREQUEST;
	p->b[1] = 1;
	p->b[2] = 6;
	memcpy(p->b + 4, "\x12\x34\x56\x78", 4);
	memcpy(p->b + 28, mac, 6);
	memcpy(p->b + 236, cookie, 4);
	p->len = 240;
	if (type) {
		p->b[p->len++] = DHCP_OPT_MSG_TYPE;
		p->b[p->len++] = 1;
		p->b[p->len++] = type;
	}
}

static void pkt_opt(struct pkt *p, uint8_t code, const void *v, uint8_t len)
{
	p->b[p->len++] = code;
	p->b[p->len++] = len;
	memcpy(p->b + p->len, v, len);
	p->len += len;
}

static void pkt_end(struct pkt *p)
{
	p->b[p->len++] = DHCP_OPT_END;
}

/* Parse @p into a heap msg (it is large), asserting success. */
static struct dhcp_msg *parse_ok(const struct pkt *p)
{
	struct dhcp_msg *m = malloc(sizeof(*m));
	const char *why = NULL;

	assert_non_null(m);
	assert_int_equal(dhcp_parse(p->b, p->len, m, &why), 0);
	return m;
}

static const char *parse_err(const void *buf, size_t len)
{
	struct dhcp_msg *m = malloc(sizeof(*m));
	const char *why = NULL;

	assert_non_null(m);
	assert_int_equal(dhcp_parse(buf, len, m, &why), -1);
	free(m);
	return why;
}

/* Option @code of @m is the @len bytes at @want */
static void expect_opt(const struct dhcp_msg *m, uint8_t code, const void *want, size_t len)
{
	size_t got = 0;
	const uint8_t *v = dhcp_opt_get(m, code, &got);

	assert_non_null(v);
	assert_int_equal(got, len);
	assert_memory_equal(v, want, len);
}

static void test_parse_header(void **state)
{
	struct pkt p;
	struct dhcp_msg *m;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	p.b[3] = 2;			     /* hops */
	p.b[8] = 0x01;			     /* secs 256 */
	p.b[10] = 0x80;			     /* broadcast flag */
	memcpy(p.b + 12, "\x0a\0\0\x05", 4); /* ciaddr */
	memcpy(p.b + 24, "\x0a\0\0\x01", 4); /* giaddr */
	pkt_end(&p);
	m = parse_ok(&p);
	assert_int_equal(m->op, BOOTREQUEST);
	assert_int_equal(m->htype, 1);
	assert_int_equal(m->hlen, 6);
	assert_int_equal(m->hops, 2);
	assert_memory_equal(&m->xid, "\x12\x34\x56\x78", 4);
	assert_int_equal(m->secs, 256);
	assert_int_equal(m->flags, DHCP_FLAG_BROADCAST);
	assert_int_equal(m->ciaddr, htonl(0x0a000005));
	assert_int_equal(m->giaddr, htonl(0x0a000001));
	assert_int_equal(m->yiaddr, 0);
	assert_memory_equal(m->chaddr, mac, 6);
	assert_int_equal(m->type, DHCPDISCOVER);
	assert_int_equal(m->requested_ip, 0);
	assert_int_equal(m->server_id, 0);
	assert_int_equal(m->lease_time, 0);
	assert_int_equal(m->max_msg_size, 0);
	free(m);
}

static void test_parse_options(void **state)
{
	static const uint8_t prl[] = { 1, 3, 6, 15 }, cid[] = { 1, 2, 0, 0, 0xaa, 0xbb, 0xcc };
	struct pkt p;
	struct dhcp_msg *m;
	size_t len;

	(void)state;
	pkt_init(&p, DHCPREQUEST);
	pkt_opt(&p, DHCP_OPT_REQUESTED_IP, "\xc0\xa8\x01\x64", 4);
	pkt_opt(&p, DHCP_OPT_SERVER_ID, "\xc0\xa8\x01\x01", 4);
	pkt_opt(&p, DHCP_OPT_LEASE_TIME, "\x00\x00\x0e\x10", 4);
	pkt_opt(&p, DHCP_OPT_MAX_MSG_SIZE, "\x05\xdc", 2);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, prl, sizeof(prl));
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, cid, sizeof(cid));
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "laptop", 6);
	pkt_opt(&p, 77, "", 0);
	pkt_end(&p);
	m = parse_ok(&p);
	assert_int_equal(m->type, DHCPREQUEST);
	assert_int_equal(m->requested_ip, htonl(0xc0a80164));
	assert_int_equal(m->server_id, htonl(0xc0a80101));
	assert_int_equal(m->lease_time, 3600);
	assert_int_equal(m->max_msg_size, 1500);
	expect_opt(m, DHCP_OPT_PARAM_LIST, prl, 4);
	expect_opt(m, DHCP_OPT_CLIENT_ID, cid, 7);
	expect_opt(m, DHCP_OPT_HOSTNAME, "laptop", 6);
	expect_opt(m, 77, "", 0);
	assert_null(dhcp_opt_get(m, 78, &len));
	assert_null(dhcp_opt_get(m, DHCP_OPT_OVERLOAD, &len));
	free(m);
}

/* PAD anywhere, no END at all: still read to the end of the packet. */
static void test_parse_pad_no_end(void **state)
{
	struct pkt p;
	struct dhcp_msg *m;
	size_t len;

	(void)state;
	pkt_init(&p, 0);
	p.b[p.len++] = DHCP_OPT_PAD;
	pkt_opt(&p, DHCP_OPT_MSG_TYPE, "\x08", 1);
	p.b[p.len++] = DHCP_OPT_PAD;
	p.b[p.len++] = DHCP_OPT_PAD;
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "x", 1);
	m = parse_ok(&p);
	assert_int_equal(m->type, DHCPINFORM);
	assert_non_null(dhcp_opt_get(m, DHCP_OPT_HOSTNAME, &len));
	free(m);

	/* and nothing after END is read */
	pkt_init(&p, DHCPDISCOVER);
	pkt_end(&p);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "x", 1);
	m = parse_ok(&p);
	assert_null(dhcp_opt_get(m, DHCP_OPT_HOSTNAME, &len));
	free(m);
}

/* RFC 3396: instances of one code are concatenated, in order. */
static void test_parse_concatenation(void **state)
{
	struct pkt p;
	struct dhcp_msg *m;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x01\x03", 2);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "lap", 3);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x06", 1);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "top", 3);
	pkt_end(&p);
	m = parse_ok(&p);
	expect_opt(m, DHCP_OPT_PARAM_LIST, "\x01\x03\x06", 3);
	expect_opt(m, DHCP_OPT_HOSTNAME, "laptop", 6);
	free(m);

	/* a fixed-size option split in two still has the right length */
	pkt_init(&p, DHCPREQUEST);
	pkt_opt(&p, DHCP_OPT_REQUESTED_IP, "\xc0\xa8", 2);
	pkt_opt(&p, DHCP_OPT_REQUESTED_IP, "\x01\x64", 2);
	pkt_end(&p);
	m = parse_ok(&p);
	assert_int_equal(m->requested_ip, htonl(0xc0a80164));
	free(m);

	/* twice a whole one is too long */
	pkt_init(&p, DHCPREQUEST);
	pkt_opt(&p, DHCP_OPT_REQUESTED_IP, "\xc0\xa8\x01\x64", 4);
	pkt_opt(&p, DHCP_OPT_REQUESTED_IP, "\xc0\xa8\x01\x64", 4);
	pkt_end(&p);
	assert_string_equal(parse_err(p.b, p.len), "option 50 (requested IP) is not 4 bytes long");
}

/* Option 52: file, then sname, carry options after the options field (RFC 2131 4.1). */
static void test_parse_overload(void **state)
{
	struct pkt p;
	struct dhcp_msg *m;

	(void)state;
	pkt_init(&p, 0);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, "\x03", 1);
	pkt_opt(&p, DHCP_OPT_HOSTNAME, "a", 1);
	pkt_end(&p);
	/* file (offset 108): type and more host name; sname (44): the rest */
	memcpy(p.b + 108, "\x35\x01\x03\x0c\x01\x62\xff", 7);
	memcpy(p.b + 44, "\x00\x0c\x01\x63\x32\x04\xc0\xa8\x01\x05", 10);
	m = parse_ok(&p);
	assert_int_equal(m->overload, 3);
	assert_int_equal(m->type, DHCPREQUEST);
	assert_int_equal(m->requested_ip, htonl(0xc0a80105));
	expect_opt(m, DHCP_OPT_HOSTNAME, "abc", 3);
	free(m);
}

/* Option 52's value says which of file and sname are read, file first. */
static void test_parse_overload_fields(void **state)
{
	static const struct {
		const char *overload, *host;
	} cases[] = {
		{ NULL, NULL },	  /* no option 52: file and sname are names */
		{ "\x01", "b" },  /* file only: its own option 52 does not add sname */
		{ "\x02", "c" },  /* sname only */
		{ "\x03", "bc" }, /* both */
	};
	struct dhcp_msg *m;
	struct pkt p;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pkt_init(&p, DHCPDISCOVER);
		if (cases[i].overload)
			pkt_opt(&p, DHCP_OPT_OVERLOAD, cases[i].overload, 1);
		pkt_end(&p);
		memcpy(p.b + 108, "\x0c\x01\x62\x34\x01\x03", 6);
		memcpy(p.b + 44, "\x0c\x01\x63", 3);
		m = parse_ok(&p);
		if (cases[i].host)
			expect_opt(m, DHCP_OPT_HOSTNAME, cases[i].host, strlen(cases[i].host));
		else
			assert_null(dhcp_opt_get(m, DHCP_OPT_HOSTNAME, &len));
		assert_int_equal(m->overload, cases[i].overload ? cases[i].overload[0] : 0);
		free(m);
	}
}

static void test_parse_overload_bad(void **state)
{
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, "\x04", 1);
	pkt_end(&p);
	assert_string_equal(parse_err(p.b, p.len), "option 52 (overload) is not 1, 2 or 3");
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, "\x01\x01", 2);
	pkt_end(&p);
	assert_string_equal(parse_err(p.b, p.len), "option 52 (overload) is not 1, 2 or 3");
	/* an option in file that runs past file's end */
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_OVERLOAD, "\x01", 1);
	pkt_end(&p);
	memcpy(p.b + 108 + 120, "\x0c\x09", 2);
	assert_string_equal(parse_err(p.b, p.len), "an option runs past the end of its field");
}

static void test_parse_malformed(void **state)
{
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	pkt_end(&p);
	assert_string_equal(parse_err(p.b, 239),
			    "shorter than 240 bytes (BOOTP header and magic cookie)");
	assert_string_equal(parse_err(p.b, 0),
			    "shorter than 240 bytes (BOOTP header and magic cookie)");
	assert_string_equal(parse_err(p.b, DHCP_PACKET_MAX + 1), "longer than 1500 bytes");
	p.b[238] = 0;
	assert_string_equal(parse_err(p.b, p.len), "no DHCP magic cookie");
	p.b[238] = 83;
	p.b[2] = 17;
	assert_string_equal(parse_err(p.b, p.len), "hardware address length (hlen) over 16");
}

static void test_parse_hlen16(void **state)
{
	struct pkt p;
	struct dhcp_msg *m;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	p.b[2] = 16;
	pkt_end(&p);
	m = parse_ok(&p);
	assert_int_equal(m->hlen, 16);
	free(m);
}

static void test_parse_bad_lengths(void **state)
{
	static const struct {
		uint8_t code, len;
		const char *why;
	} bad[] = {
		{ DHCP_OPT_MSG_TYPE, 2, "option 53 (message type) is not 1 byte long" },
		{ DHCP_OPT_REQUESTED_IP, 3, "option 50 (requested IP) is not 4 bytes long" },
		{ DHCP_OPT_SERVER_ID, 5, "option 54 (server identifier) is not 4 bytes long" },
		{ DHCP_OPT_LEASE_TIME, 2, "option 51 (lease time) is not 4 bytes long" },
		{ DHCP_OPT_MAX_MSG_SIZE, 1,
		  "option 57 (maximum message size) is not 2 bytes long" },
		{ DHCP_OPT_CLIENT_ID, 1, "option 61 (client identifier) is shorter than 2" },
		{ DHCP_OPT_HOSTNAME, 0, "option 12 (host name) is empty" },
		{ DHCP_OPT_PARAM_LIST, 0, "option 55 (parameter request list) is empty" },
	};
	static const uint8_t zeros[8];
	struct pkt p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pkt_init(&p, bad[i].code == DHCP_OPT_MSG_TYPE ? 0 : DHCPDISCOVER);
		pkt_opt(&p, bad[i].code, zeros, bad[i].len);
		pkt_end(&p);
		assert_string_equal(parse_err(p.b, p.len), bad[i].why);
	}
}

/* An option whose length byte, or value, is cut by the end of the packet. */
static void test_parse_truncated_option(void **state)
{
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	p.b[p.len++] = DHCP_OPT_HOSTNAME;
	assert_string_equal(parse_err(p.b, p.len), "an option runs past the end of its field");
	p.b[p.len++] = 10;
	p.b[p.len++] = 'x';
	assert_string_equal(parse_err(p.b, p.len), "an option runs past the end of its field");
}

/* ---- building ---- */

static struct dhcp_params params(void)
{
	struct dhcp_params p = {
		.server_id = htonl(0xc0a80101),
		.netmask = htonl(0xffffff00),
		.router = htonl(0xc0a80101),
		.broadcast = htonl(0xc0a801ff),
		.dns = { htonl(0xc0a80101), htonl(0x01010101) },
		.n_dns = 2,
	};

	strcpy(p.domain, "lan");
	return p;
}

static struct dhcp_reply offer_reply(void)
{
	struct dhcp_reply r = {
		.action = DHCP_ACT_SEND,
		.type = DHCPOFFER,
		.yiaddr = htonl(0xc0a80164),
		.lease_s = 3600,
	};

	return r;
}

/*
 * Build @r for the request in @p (its END is added here), check the codes
 * of the reply's options are @want in that order, and return the reply
 * parsed back (free it).
 */
static struct dhcp_msg *build_expect(struct pkt *p, const struct dhcp_reply *r,
				     const struct dhcp_params *pp, const uint8_t *want, size_t n)
{
	struct dhcp_msg *req, *out = malloc(sizeof(*out));
	uint8_t buf[DHCP_PACKET_MAX], codes[64];
	const char *why = NULL;
	size_t i = DHCP_OPTIONS_OFF, k = 0;
	int len;

	pkt_end(p);
	req = parse_ok(p);
	len = dhcp_build(req, r, pp, buf, sizeof(buf));
	assert_true(len >= DHCP_REPLY_MIN);
	assert_int_equal(dhcp_parse(buf, (size_t)len, out, &why), 0);
	for (; buf[i] != DHCP_OPT_END && k < sizeof(codes); i += 2 + buf[i + 1])
		codes[k++] = buf[i];
	assert_int_equal(k, n);
	assert_memory_equal(codes, want, n);
	assert_int_equal(out->op, BOOTREPLY);
	assert_memory_equal(&out->xid, "\x12\x34\x56\x78", 4);
	assert_memory_equal(out->chaddr, mac, 6);
	assert_int_equal(out->type, r->type);
	assert_int_equal(out->server_id, pp->server_id);
	free(req);
	return out;
}

static void test_build_offer_prl_order(void **state)
{
	static const uint8_t prl[] = { 6, 3, 1, 200, 15, 3, 28, 59, 58, 51 };
	static const uint8_t want[] = { 53, 54, 6, 3, 1, 15, 28, 59, 58, 51 };
	struct dhcp_params pp = params();
	struct dhcp_reply r = offer_reply();
	struct dhcp_msg *out;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPDISCOVER);
	p.b[10] = 0x80;
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, prl, sizeof(prl));
	out = build_expect(&p, &r, &pp, want, sizeof(want));
	assert_int_equal(out->htype, 1);
	assert_int_equal(out->hlen, 6);
	assert_int_equal(out->flags, DHCP_FLAG_BROADCAST);
	assert_int_equal(out->yiaddr, htonl(0xc0a80164));
	assert_int_equal(out->ciaddr, 0);
	assert_int_equal(out->siaddr, 0);
	assert_int_equal(out->lease_time, 3600);
	expect_opt(out, DHCP_OPT_T1, "\x00\x00\x07\x08", 4); /* 1800 */
	expect_opt(out, DHCP_OPT_T2, "\x00\x00\x0c\x4e", 4); /* 3150 */
	expect_opt(out, DHCP_OPT_DNS, "\xc0\xa8\x01\x01\x01\x01\x01\x01", 8);
	expect_opt(out, DHCP_OPT_DOMAIN, "lan", 3);
	expect_opt(out, DHCP_OPT_SUBNET_MASK, "\xff\xff\xff\x00", 4);
	expect_opt(out, DHCP_OPT_BROADCAST, "\xc0\xa8\x01\xff", 4);
	expect_opt(out, DHCP_OPT_ROUTER, "\xc0\xa8\x01\x01", 4);
	free(out);
}

/* No request list: the defaults, in their order; absent parameters left out. */
static void test_build_ack_defaults(void **state)
{
	static const uint8_t want[] = { 53, 54, 1, 6, 51, 58, 59 };
	struct dhcp_params pp = params();
	struct dhcp_reply r = offer_reply();
	struct dhcp_msg *out;
	struct pkt p;

	(void)state;
	pp.router = 0;
	pp.broadcast = 0;
	pp.domain[0] = '\0';
	pp.n_dns = 1;
	r.type = DHCPACK;
	r.ciaddr = htonl(0xc0a80164);
	pkt_init(&p, DHCPREQUEST);
	out = build_expect(&p, &r, &pp, want, sizeof(want));
	assert_int_equal(out->ciaddr, htonl(0xc0a80164));
	assert_int_equal(out->flags, 0);
	free(out);
}

/* A NAK carries 53, 54, 56 and nothing of the lease; through a relay it asks for broadcast. */
static void test_build_nak(void **state)
{
	static const uint8_t want[] = { 53, 54, 56 };
	struct dhcp_params pp = params();
	struct dhcp_reply r = { .type = DHCPNAK, .message = "wrong network" };
	struct dhcp_msg *out;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPREQUEST);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x01\x03\x06", 3);
	memcpy(p.b + 24, "\x0a\0\0\x01", 4);
	out = build_expect(&p, &r, &pp, want, sizeof(want));
	assert_int_equal(out->yiaddr, 0);
	assert_int_equal(out->giaddr, htonl(0x0a000001));
	assert_int_equal(out->flags, DHCP_FLAG_BROADCAST);
	expect_opt(out, DHCP_OPT_MESSAGE, "wrong network", strlen("wrong network"));
	free(out);
}

/* The ACK to an INFORM: no lease time, T1 or T2; yiaddr 0, ciaddr the client's. */
static void test_build_inform_ack(void **state)
{
	static const uint8_t want[] = { 53, 54, 3, 1, 6, 15, 28 };
	struct dhcp_params pp = params();
	struct dhcp_reply r = { .type = DHCPACK, .ciaddr = htonl(0xc0a80105) };
	struct dhcp_msg *out;
	struct pkt p;

	(void)state;
	pkt_init(&p, DHCPINFORM);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x03\x33\x3a", 3);
	out = build_expect(&p, &r, &pp, want, sizeof(want));
	assert_int_equal(out->yiaddr, 0);
	assert_int_equal(out->ciaddr, htonl(0xc0a80105));
	assert_int_equal(out->lease_time, 0);
	free(out);
}

/* Options 61 and 82 are echoed, 82 last; option 80 marks a rapid commit. */
static void test_build_echo_rapid_commit(void **state)
{
	static const uint8_t want[] = { 53, 54, 1, 3, 6, 15, 28, 51, 58, 59, 80, 61, 82 };
	struct dhcp_params pp = params();
	struct dhcp_reply r = offer_reply();
	struct dhcp_msg *out;
	struct pkt p;

	(void)state;
	r.type = DHCPACK;
	r.rapid_commit = true;
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_RELAY_AGENT, "\x01\x03\x65\x74\x68", 5);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, "\x01\x02\x00\x00\xaa\xbb\xcc", 7);
	pkt_opt(&p, DHCP_OPT_RAPID_COMMIT, "", 0);
	out = build_expect(&p, &r, &pp, want, sizeof(want));
	expect_opt(out, DHCP_OPT_RELAY_AGENT, "\x01\x03\x65\x74\x68", 5);
	expect_opt(out, DHCP_OPT_CLIENT_ID, "\x01\x02\x00\x00\xaa\xbb\xcc", 7);
	free(out);
}

/* A long domain fits a client that accepts 1500 bytes, not one that takes 576. */
static void test_build_max_message_size(void **state)
{
	struct dhcp_params pp = params();
	struct dhcp_reply r = offer_reply();
	struct dhcp_msg *req, *out = malloc(sizeof(*out));
	uint8_t buf[DHCP_PACKET_MAX];
	const char *why;
	size_t len;
	struct pkt p;
	int n;

	(void)state;
	memset(pp.domain, 'd', 250);
	pp.domain[250] = '\0';
	pp.n_dns = DHCP_DNS_MAX;
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x0f\x06\x01\x03", 4);
	pkt_end(&p);
	req = parse_ok(&p);

	/* 548 bytes: 53, 54, then 15 (252) fits, 6 (34) too, then 51 keeps its room */
	n = dhcp_build(req, &r, &pp, buf, sizeof(buf));
	assert_true(n <= DHCP_MIN_DATAGRAM - DHCP_IP_UDP_LEN);
	assert_int_equal(dhcp_parse(buf, (size_t)n, out, &why), 0);
	assert_non_null(dhcp_opt_get(out, DHCP_OPT_DOMAIN, &len));
	assert_int_equal(out->lease_time, 3600);
	assert_non_null(dhcp_opt_get(out, DHCP_OPT_SUBNET_MASK, &len));

	/* the longest domain: it and the DNS list fill the room, 51 still goes in */
	memset(pp.domain, 'd', 253);
	pp.domain[253] = '\0';
	pp.n_dns = DHCP_DNS_MAX;
	req->max_msg_size = 400; /* below 576: taken as 576 */
	memset(pp.dns, 1, sizeof(pp.dns));
	n = dhcp_build(req, &r, &pp, buf, sizeof(buf));
	assert_true(n <= 548);
	assert_int_equal(dhcp_parse(buf, (size_t)n, out, &why), 0);
	assert_int_equal(out->lease_time, 3600);

	/* and a client that takes 1500 gets it all */
	req->max_msg_size = 1500;
	n = dhcp_build(req, &r, &pp, buf, sizeof(buf));
	assert_true(n > 548);
	assert_int_equal(dhcp_parse(buf, (size_t)n, out, &why), 0);
	assert_non_null(dhcp_opt_get(out, DHCP_OPT_DOMAIN, &len));
	assert_int_equal(len, 253);
	assert_non_null(dhcp_opt_get(out, DHCP_OPT_DNS, &len));
	assert_int_equal(len, 32);

	/* ... unless the buffer is smaller */
	n = dhcp_build(req, &r, &pp, buf, DHCP_BUF_MIN);
	assert_true(n <= DHCP_BUF_MIN);
	assert_int_equal(dhcp_build(req, &r, &pp, buf, DHCP_BUF_MIN - 1), -1);
	free(req);
	free(out);
}

/* 51 is never crowded out by a long parameter the client asked for first. */
static void test_build_lease_time_reserved(void **state)
{
	struct dhcp_params pp = params();
	struct dhcp_reply r = offer_reply();
	struct dhcp_msg *req, *out = malloc(sizeof(*out));
	uint8_t buf[DHCP_PACKET_MAX], cid[255];
	const char *why;
	struct pkt p;
	size_t len;
	int n;

	(void)state;
	memset(pp.domain, 'd', 253);
	pp.domain[253] = '\0';
	memset(cid, 7, sizeof(cid));
	pkt_init(&p, DHCPDISCOVER);
	pkt_opt(&p, DHCP_OPT_PARAM_LIST, "\x0f\x06\x33", 3);
	pkt_opt(&p, DHCP_OPT_CLIENT_ID, cid, sizeof(cid));
	pkt_end(&p);
	req = parse_ok(&p);
	n = dhcp_build(req, &r, &pp, buf, sizeof(buf));
	assert_int_equal(dhcp_parse(buf, (size_t)n, out, &why), 0);
	assert_int_equal(out->lease_time, 3600);
	assert_int_equal(out->type, DHCPOFFER);
	assert_int_equal(out->server_id, pp.server_id);
	/* the 255-byte client id did not fit next to the domain */
	assert_null(dhcp_opt_get(out, DHCP_OPT_CLIENT_ID, &len));
	free(req);
	free(out);
}

/* A short reply is padded to the 300 bytes of BOOTP, with zeros. */
static void test_build_padding(void **state)
{
	struct dhcp_params pp = { .server_id = htonl(0xc0a80101) };
	struct dhcp_reply r = { .type = DHCPNAK };
	struct dhcp_msg *req;
	uint8_t buf[DHCP_PACKET_MAX];
	struct pkt p;
	int i, n;

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	pkt_init(&p, DHCPREQUEST);
	pkt_end(&p);
	req = parse_ok(&p);
	n = dhcp_build(req, &r, &pp, buf, sizeof(buf));
	assert_int_equal(n, DHCP_REPLY_MIN);
	/* 53 (3) + 54 (6) + END */
	assert_int_equal(buf[DHCP_OPTIONS_OFF + 9], DHCP_OPT_END);
	for (i = DHCP_OPTIONS_OFF + 10; i < n; i++)
		assert_int_equal(buf[i], 0);
	for (i = 44; i < 236; i++) /* sname, file */
		assert_int_equal(buf[i], 0);
	free(req);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(dhcp_type_name(DHCPDISCOVER), "DISCOVER");
	assert_string_equal(dhcp_type_name(DHCPINFORM), "INFORM");
	assert_string_equal(dhcp_type_name(DHCPNAK), "NAK");
	assert_string_equal(dhcp_type_name(0), "unknown");
	assert_string_equal(dhcp_type_name(9), "unknown");
	assert_string_equal(dhcp_type_name(255), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_header),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parse_pad_no_end),
		cmocka_unit_test(test_parse_concatenation),
		cmocka_unit_test(test_parse_overload),
		cmocka_unit_test(test_parse_overload_fields),
		cmocka_unit_test(test_parse_overload_bad),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_hlen16),
		cmocka_unit_test(test_parse_bad_lengths),
		cmocka_unit_test(test_parse_truncated_option),
		cmocka_unit_test(test_build_offer_prl_order),
		cmocka_unit_test(test_build_ack_defaults),
		cmocka_unit_test(test_build_nak),
		cmocka_unit_test(test_build_inform_ack),
		cmocka_unit_test(test_build_echo_rapid_commit),
		cmocka_unit_test(test_build_max_message_size),
		cmocka_unit_test(test_build_lease_time_reserved),
		cmocka_unit_test(test_build_padding),
		cmocka_unit_test(test_type_names),
	};

	return cmocka_run_group_tests_name("dhcp", tests, NULL, NULL);
}
