// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for homenetd's lease table and its decisions: one test per
 * case of RFC 2131 section 4.3 (and 4.1 for where replies go).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "leases.h"

/* 192.168.1.x */
#define A(x)	     htonl(0xc0a80100u | (x))
#define SERVER	     A(1)
#define OTHER_SERVER A(2)
#define BCAST	     htonl(0xffffffffu)

static const uint8_t mac1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t mac3[6] = { 2, 0, 0, 0, 0, 3 };

/* What the hook saw */
struct hook_log {
	unsigned int n;
	enum dhcp_event ev[16];
	struct dhcp_lease_info last;
	int fail; /* return this */
};

struct fix {
	struct dhcp_server s;
	struct hook_log log;
	struct dhcp_reply r;
	uint64_t now;
};

static int log_hook(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l, uint64_t now_ms)
{
	struct hook_log *log = ctx;

	(void)now_ms;
	if (log->fail)
		return log->fail;
	if (log->n < 16)
		log->ev[log->n] = ev;
	log->n++;
	log->last = *l;
	return 0;
}

/* 192.168.1.1/24, pool .100-.199, 1 h leases, no probing unless @probe. */
static int fix_setup(void **state, bool probe)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct dhcp_config c;
	const char *why = NULL;

	dhcp_config_init(&c);
	c.params.server_id = SERVER;
	c.params.netmask = htonl(0xffffff00);
	c.params.router = SERVER;
	c.pool_first = A(100);
	c.pool_last = A(199);
	c.lease_s = 3600;
	c.probe = probe;
	assert_int_equal(dhcp_server_init(&f->s, &c, &why), 0);
	f->s.hooks.lease_changed = log_hook;
	f->s.hooks.ctx = &f->log;
	f->now = 1000000;
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return fix_setup(state, false);
}

static int setup_probe(void **state)
{
	return fix_setup(state, true);
}

static int teardown(void **state)
{
	struct fix *f = *state;
	const char *why = NULL;

	assert_int_equal(dhcp_server_check(&f->s, &why), 0);
	dhcp_server_free(&f->s);
	free(f);
	return 0;
}

/* ---- requests, as dhcp_parse() gives them ---- */

static void msg_opt(struct dhcp_msg *m, uint8_t code, const void *v, size_t len)
{
	unsigned int c, end = 0;

	for (c = 0; c < 256; c++)
		if (m->opt_off[c] + m->opt_len[c] > end)
			end = m->opt_off[c] + m->opt_len[c];
	memcpy(m->opt_data + end, v, len);
	m->opt_off[code] = (uint16_t)end;
	m->opt_len[code] = (uint16_t)len;
	m->opt_seen[code / 8] |= (uint8_t)(1u << (code % 8));
}

static struct dhcp_msg *msg(uint8_t type, const uint8_t *hw)
{
	struct dhcp_msg *m = calloc(1, sizeof(*m));

	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	memcpy(m->chaddr, hw, 6);
	m->type = type;
	msg_opt(m, DHCP_OPT_MSG_TYPE, &type, 1);
	return m;
}

static struct dhcp_msg *discover(const uint8_t *hw)
{
	return msg(DHCPDISCOVER, hw);
}

/* SELECTING: server id and requested address */
static struct dhcp_msg *selecting(const uint8_t *hw, uint32_t server, uint32_t addr)
{
	struct dhcp_msg *m = msg(DHCPREQUEST, hw);

	m->server_id = server;
	m->requested_ip = addr;
	return m;
}

/* INIT-REBOOT: requested address only */
static struct dhcp_msg *init_reboot(const uint8_t *hw, uint32_t addr)
{
	struct dhcp_msg *m = msg(DHCPREQUEST, hw);

	m->requested_ip = addr;
	return m;
}

/* RENEWING (unicast) or, with the broadcast flag, REBINDING: ciaddr only */
static struct dhcp_msg *renewing(const uint8_t *hw, uint32_t ciaddr, bool broadcast)
{
	struct dhcp_msg *m = msg(DHCPREQUEST, hw);

	m->ciaddr = ciaddr;
	m->flags = broadcast ? DHCP_FLAG_BROADCAST : 0;
	return m;
}

/* DECLINE of @addr (option 50) or RELEASE of it (ciaddr), to @server (0: none) */
static struct dhcp_msg *give_back(uint8_t type, const uint8_t *hw, uint32_t addr, uint32_t server)
{
	struct dhcp_msg *m = msg(type, hw);

	if (type == DHCPDECLINE)
		m->requested_ip = addr;
	else
		m->ciaddr = addr;
	m->server_id = server;
	return m;
}

/* Hand @m to the server (and free it). */
static enum dhcp_action run(struct fix *f, struct dhcp_msg *m)
{
	enum dhcp_action a = dhcp_handle(&f->s, m, f->now, &f->r);
	const char *why = NULL;

	free(m);
	assert_int_equal(dhcp_server_check(&f->s, &why), 0);
	return a;
}

static void expect_reply(struct fix *f, enum dhcp_action a, uint8_t type, uint32_t yiaddr)
{
	assert_int_equal(a, DHCP_ACT_SEND);
	assert_int_equal(f->r.action, DHCP_ACT_SEND);
	assert_int_equal(f->r.type, type);
	assert_int_equal(f->r.yiaddr, yiaddr);
}

static void expect_none(struct fix *f, enum dhcp_action a, const char *why)
{
	assert_int_equal(a, DHCP_ACT_NONE);
	assert_string_equal(f->r.why, why);
}

static void expect_nak(struct fix *f, enum dhcp_action a, const char *why)
{
	expect_reply(f, a, DHCPNAK, 0);
	assert_string_equal(f->r.message, why);
	assert_int_equal(f->r.lease_s, 0);
	assert_int_equal(f->r.dest, DHCP_DEST_BROADCAST);
	assert_int_equal(f->r.dest_addr, BCAST);
	assert_int_equal(f->r.dest_port, DHCP_CLIENT_PORT);
}

/* DISCOVER then REQUEST: the address the client was given */
static uint32_t lease(struct fix *f, const uint8_t *hw)
{
	uint32_t addr;

	assert_int_equal(run(f, discover(hw)), DHCP_ACT_SEND);
	addr = f->r.yiaddr;
	expect_reply(f, DHCP_ACT_SEND, DHCPOFFER, addr);
	expect_reply(f, run(f, selecting(hw, SERVER, addr)), DHCPACK, addr);
	return addr;
}

/* The table's view of @addr */
struct find {
	uint32_t addr;
	struct dhcp_lease_info l;
	bool found;
};

static int find_cb(void *ctx, const struct dhcp_lease_info *l)
{
	struct find *q = ctx;

	if (l->addr != q->addr)
		return 0;
	q->l = *l;
	q->found = true;
	return 1;
}

static struct dhcp_lease_info info(struct fix *f, uint32_t addr)
{
	struct find q = { .addr = addr };

	dhcp_lease_foreach(&f->s, f->now, find_cb, &q);
	if (!q.found)
		q.l.state = DHCP_LEASE_FREE;
	return q.l;
}

static enum dhcp_lease_state state_of(struct fix *f, uint32_t addr)
{
	return info(f, addr).state;
}

/* ---- setup ---- */

static void test_config_errors(void **state)
{
	static const struct {
		uint32_t first, last, mask, server, lease;
		const char *why;
	} bad[] = {
		{ 100, 99, 0xffffff00, 1, 3600, "pool's first address is after its last" },
		{ 100, 200, 0xff00ff00, 1, 3600,
		  "netmask is not a contiguous prefix of /30 or shorter" },
		{ 100, 200, 0xfffffffe, 1, 3600,
		  "netmask is not a contiguous prefix of /30 or shorter" },
		{ 100, 300, 0xffffff00, 1, 3600, "pool is not inside the server's subnet" },
		{ 100, 200, 0xffffff00, 0, 3600, "no server address" },
		{ 100, 200, 0xffffff00, 1, 59, "lease time is shorter than 60 s" },
		{ 0, 0x40000, 0xfff00000, 1, 3600, "pool is larger than 262144 addresses" },
	};
	struct dhcp_server s;
	struct dhcp_config c;
	const char *why = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dhcp_config_init(&c);
		c.params.netmask = htonl(bad[i].mask);
		c.params.server_id = bad[i].server ? htonl(0x0a000000 | bad[i].server) : 0;
		c.pool_first = htonl(0x0a000000 | bad[i].first);
		c.pool_last = htonl(0x0a000000 | bad[i].last);
		c.lease_s = bad[i].lease;
		assert_int_equal(dhcp_server_init(&s, &c, &why), -1);
		assert_string_equal(why, bad[i].why);
	}
	dhcp_config_init(&c);
	c.params.server_id = SERVER;
	c.params.netmask = htonl(0xffffff00);
	c.pool_first = c.pool_last = A(10);
	c.params.n_dns = 9;
	assert_int_equal(dhcp_server_init(&s, &c, &why), -1);
	assert_string_equal(why, "more than 8 DNS servers");
}

/* The server's own address, the network and broadcast addresses are never given. */
static void test_pool_reserves_server(void **state)
{
	struct dhcp_server s;
	struct dhcp_config c;
	const char *why = NULL;

	(void)state;
	dhcp_config_init(&c);
	c.params.server_id = SERVER;
	c.params.netmask = htonl(0xffffff00);
	c.pool_first = A(0);
	c.pool_last = A(255);
	assert_int_equal(dhcp_server_init(&s, &c, &why), 0);
	assert_int_equal(s.pool_size, 256);
	assert_int_equal(s.n_state[DHCP_LEASE_FREE], 253);
	assert_int_equal(s.n_state[DHCP_LEASE_RESERVED], 3);
	assert_int_equal(dhcp_server_check(&s, &why), 0);
	assert_int_equal(dhcp_next_expiry(&s), UINT64_MAX);
	dhcp_server_free(&s);
}

/* ---- DISCOVER (RFC 2131 4.3.1) ---- */

/* A new client gets the first free address, unicast to it at its MAC (4.1). */
static void test_discover_offer(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	assert_int_equal(f->r.lease_s, 3600);
	assert_int_equal(f->r.ciaddr, 0);
	assert_false(f->r.rapid_commit);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST_HW);
	assert_int_equal(f->r.dest_addr, A(100));
	assert_int_equal(f->r.dest_port, DHCP_CLIENT_PORT);
	l = info(f, A(100));
	assert_int_equal(l.state, DHCP_LEASE_OFFERED);
	assert_int_equal(l.expires_ms, f->now + 30000);
	assert_int_equal(l.key.kind, DHCP_KEY_HW);
	assert_int_equal(l.key.len, 7);
	assert_memory_equal(l.key.data, "\x01\x02\x00\x00\x00\x00\x01", 7);
	/* an offer is not a lease: nothing to save */
	assert_int_equal(f->log.n, 0);
	assert_int_equal(f->s.stats.rx[DHCPDISCOVER], 1);
	assert_int_equal(f->s.stats.tx[DHCPOFFER], 1);
}

/* Broadcast flag set: the OFFER is broadcast (4.1). */
static void test_discover_broadcast_flag(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m = discover(mac1);

	m->flags = DHCP_FLAG_BROADCAST;
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	assert_int_equal(f->r.dest, DHCP_DEST_BROADCAST);
	assert_int_equal(f->r.dest_addr, BCAST);
	assert_int_equal(f->r.dest_port, DHCP_CLIENT_PORT);
}

/* giaddr set: to the relay's server port (4.1); from a subnet not served: nothing. */
static void test_discover_relayed(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m = discover(mac1);

	m->giaddr = A(254);
	m->flags = DHCP_FLAG_BROADCAST;
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	assert_int_equal(f->r.dest, DHCP_DEST_RELAY);
	assert_int_equal(f->r.dest_addr, A(254));
	assert_int_equal(f->r.dest_port, DHCP_SERVER_PORT);

	m = discover(mac2);
	m->giaddr = htonl(0x0a000001);
	expect_none(f, run(f, m), "relayed from a network this server does not serve");
}

/* The requested address if it is free and in the pool, else the first free one. */
static void test_discover_requested_ip(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m = discover(mac1);

	m->requested_ip = A(150);
	expect_reply(f, run(f, m), DHCPOFFER, A(150));
	m = discover(mac2);
	m->requested_ip = A(150); /* held for mac1 */
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	m = discover(mac3);
	m->requested_ip = A(20); /* outside the pool */
	expect_reply(f, run(f, m), DHCPOFFER, A(101));
}

/* The offer hold: the same client gets the same address, another one another address. */
static void test_discover_offer_hold(void **state)
{
	struct fix *f = *state;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	f->now += 10000;
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	assert_int_equal(info(f, A(100)).expires_ms, f->now + 30000);
	expect_reply(f, run(f, discover(mac2)), DHCPOFFER, A(101));
	/* the hold ends: free, but remembered for mac1, and given out last */
	f->now += 30000;
	assert_int_equal(dhcp_expire(&f->s, f->now), 2);
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_FREE);
	assert_int_equal(info(f, A(100)).key.len, 7);
	expect_reply(f, run(f, discover(mac3)), DHCPOFFER, A(102));
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
}

/* A client with a lease is offered that lease, which stays bound. */
static void test_discover_bound_client(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	f->now += 5000;
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, addr);
	assert_int_equal(state_of(f, addr), DHCP_LEASE_BOUND);
	assert_int_equal(info(f, addr).expires_ms, f->now - 5000 + 3600000);
}

/* Every address taken: no answer, counted. */
static void test_discover_pool_exhausted(void **state)
{
	struct fix *f = *state;
	uint8_t hw[6] = { 2, 0, 0, 0, 1, 0 };
	int i;

	for (i = 0; i < 100; i++) {
		hw[5] = (uint8_t)i;
		expect_reply(f, run(f, discover(hw)), DHCPOFFER, A(100 + i));
	}
	expect_none(f, run(f, discover(mac1)), "no free address in the pool");
	assert_int_equal(f->s.stats.exhausted, 1);
}

/* Conflict check: a new dynamic address is probed first, then offered. */
static void test_discover_probe(void **state)
{
	struct fix *f = *state;

	assert_false(dhcp_probing(&f->s, A(100)));
	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	assert_int_equal(f->r.probe_addr, A(100));
	assert_true(f->r.probe_new);
	assert_string_equal(f->r.why, "check the address is unused before offering it");
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_PROBING);
	assert_true(dhcp_probing(&f->s, A(100)));
	/* a retransmission while the probe runs: the same probe, not a new one */
	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	assert_int_equal(f->r.probe_addr, A(100));
	assert_false(f->r.probe_new);
	/* the REQUEST of a client that was not offered it yet is refused */
	expect_nak(f, run(f, selecting(mac1, SERVER, A(100))),
		   "requested address is not leased to this client");
	/* another client does not get it meanwhile */
	assert_int_equal(run(f, discover(mac2)), DHCP_ACT_PROBE);
	assert_int_equal(f->r.probe_addr, A(101));
	assert_true(f->r.probe_new);
	f->now += 500;
	dhcp_probe_done(&f->s, A(100), false, f->now);
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_OFFERED);
	assert_false(dhcp_probing(&f->s, A(100)));
	assert_false(dhcp_probing(&f->s, A(20))); /* outside the pool */
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	assert_int_equal(f->s.stats.probes, 3);
}

/* A probe answered: the address rests in quarantine, the client is probed another. */
static void test_discover_probe_conflict(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l;

	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	dhcp_probe_done(&f->s, A(100), true, f->now);
	l = info(f, A(100));
	assert_int_equal(l.state, DHCP_LEASE_DECLINED);
	assert_int_equal(l.key.len, 0);
	assert_int_equal(l.expires_ms, f->now + 600000);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.ev[0], DHCP_EV_DECLINE);
	assert_int_equal(f->s.stats.conflicts, 1);
	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	assert_int_equal(f->r.probe_addr, A(101));
	/* a late or stray result changes nothing */
	dhcp_probe_done(&f->s, A(100), false, f->now);
	dhcp_probe_done(&f->s, A(150), true, f->now);
	dhcp_probe_done(&f->s, A(20), true, f->now);
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_DECLINED);
	assert_int_equal(state_of(f, A(150)), DHCP_LEASE_FREE);
}

/* A probe that never reports ends with the offer hold. */
static void test_discover_probe_lost(void **state)
{
	struct fix *f = *state;

	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	assert_int_equal(dhcp_next_expiry(&f->s), f->now + 30000);
	f->now += 30000;
	assert_int_equal(dhcp_expire(&f->s, f->now), 1);
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_FREE);
	/* the client's old address is not probed again */
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
}

/* Addresses the client held are not probed: they were its own. */
static void test_discover_no_probe_for_own(void **state)
{
	struct fix *f = *state;

	assert_int_equal(run(f, discover(mac1)), DHCP_ACT_PROBE);
	dhcp_probe_done(&f->s, A(100), false, f->now);
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	expect_reply(f, run(f, selecting(mac1, SERVER, A(100))), DHCPACK, A(100));
	expect_none(f, run(f, give_back(DHCPRELEASE, mac1, A(100), 0)), "lease released");
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	assert_int_equal(f->s.stats.probes, 1);
}

/* ---- REQUEST (RFC 2131 4.3.2) ---- */

/* SELECTING, our server id, the offered address: ACK, lease saved first. */
static void test_request_selecting(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;
	struct dhcp_lease_info l;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	m = selecting(mac1, SERVER, A(100));
	msg_opt(m, DHCP_OPT_HOSTNAME, "my laptop", 9);
	expect_reply(f, run(f, m), DHCPACK, A(100));
	assert_int_equal(f->r.lease_s, 3600);
	assert_int_equal(f->r.ciaddr, 0);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST_HW);
	assert_int_equal(f->r.dest_addr, A(100));
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.ev[0], DHCP_EV_GRANT);
	assert_int_equal(f->log.last.addr, A(100));
	assert_int_equal(f->log.last.state, DHCP_LEASE_BOUND);
	assert_int_equal(f->log.last.expires_ms, f->now + 3600000);
	assert_int_equal(f->log.last.lease_s, 3600);
	assert_false(f->log.last.is_static);
	assert_string_equal(f->log.last.name, "my-laptop");
	l = info(f, A(100));
	assert_int_equal(l.state, DHCP_LEASE_BOUND);
	assert_int_equal(l.expires_ms, f->now + 3600000);
	assert_string_equal(l.name, "my-laptop");
	assert_memory_equal(l.hw, mac1, 6);
}

/* SELECTING another server: our offer is withdrawn, silently. */
static void test_request_selecting_other_server(void **state)
{
	struct fix *f = *state;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	expect_none(f, run(f, selecting(mac1, OTHER_SERVER, A(100))),
		    "the client chose another server");
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_FREE);
	assert_int_equal(f->log.n, 0);
	assert_int_equal(f->s.n_state[DHCP_LEASE_OFFERED], 0);
}

/* SELECTING our server for an address we did not offer it: NAK, broadcast. */
static void test_request_selecting_wrong_address(void **state)
{
	struct fix *f = *state;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	expect_nak(f, run(f, selecting(mac1, SERVER, A(105))),
		   "requested address is not leased to this client");
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_OFFERED);
	assert_int_equal(state_of(f, A(105)), DHCP_LEASE_FREE);
	assert_int_equal(f->s.stats.tx[DHCPNAK], 1);
}

/* SELECTING after the offer lapsed and went to another client: NAK. */
static void test_request_selecting_offer_gone(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	f->now += 31000;
	m = discover(mac2);
	m->requested_ip = A(100);
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	expect_nak(f, run(f, selecting(mac1, SERVER, A(100))),
		   "requested address is not leased to this client");
	/* lapsed but still free: the client still gets it */
	expect_reply(f, run(f, discover(mac3)), DHCPOFFER, A(101));
	f->now += 31000;
	expect_reply(f, run(f, selecting(mac3, SERVER, A(101))), DHCPACK, A(101));
}

/* INIT-REBOOT for the client's own address: ACK. */
static void test_request_init_reboot(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	f->now += 60000;
	expect_reply(f, run(f, init_reboot(mac1, addr)), DHCPACK, addr);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST_HW);
	assert_int_equal(info(f, addr).expires_ms, f->now + 3600000);
}

/* INIT-REBOOT for another client's address, a free one, one off the network: NAK. */
static void test_request_init_reboot_nak(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	expect_nak(f, run(f, init_reboot(mac2, addr)),
		   "requested address is not leased to this client");
	expect_nak(f, run(f, init_reboot(mac2, A(150))),
		   "requested address is not leased to this client");
	expect_nak(f, run(f, init_reboot(mac1, htonl(0x0a000064))),
		   "requested address is not on this network");
	expect_nak(f, run(f, init_reboot(mac1, A(101))),
		   "requested address is not leased to this client");
	assert_int_equal(state_of(f, addr), DHCP_LEASE_BOUND);
	assert_int_equal(state_of(f, A(150)), DHCP_LEASE_FREE);
}

/* RENEWING: ciaddr, unicast; ACK with a fresh lease, unicast to ciaddr. */
static void test_request_renewing(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	f->now += 1800000;
	expect_reply(f, run(f, renewing(mac1, addr, false)), DHCPACK, addr);
	assert_int_equal(f->r.ciaddr, addr);
	assert_int_equal(f->r.lease_s, 3600);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST);
	assert_int_equal(f->r.dest_addr, addr);
	assert_int_equal(f->r.dest_port, DHCP_CLIENT_PORT);
	assert_int_equal(info(f, addr).expires_ms, f->now + 3600000);
	assert_int_equal(f->log.n, 2);
	assert_int_equal(f->log.ev[1], DHCP_EV_GRANT);
}

/* REBINDING: ciaddr, broadcast; the ACK still goes to ciaddr (4.1). */
static void test_request_rebinding(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	f->now += 3150000;
	expect_reply(f, run(f, renewing(mac1, addr, true)), DHCPACK, addr);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST);
	assert_int_equal(f->r.dest_addr, addr);
	assert_int_equal(info(f, addr).expires_ms, f->now + 3600000);
}

/* RENEWING or REBINDING an address that is not the client's: NAK. */
static void test_request_renewing_nak(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	expect_nak(f, run(f, renewing(mac2, addr, false)),
		   "requested address is not leased to this client");
	expect_nak(f, run(f, renewing(mac1, A(120), true)),
		   "requested address is not leased to this client");
	expect_nak(f, run(f, renewing(mac1, htonl(0x0a000001), false)),
		   "requested address is not on this network");
}

/* A lease that ran out but that nobody took is renewed. */
static void test_request_renew_after_expiry(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	f->now += 3600000;
	assert_int_equal(dhcp_expire(&f->s, f->now), 1);
	assert_int_equal(f->log.ev[1], DHCP_EV_EXPIRE);
	assert_int_equal(f->log.last.state, DHCP_LEASE_FREE);
	assert_int_equal(state_of(f, addr), DHCP_LEASE_FREE);
	expect_reply(f, run(f, renewing(mac1, addr, false)), DHCPACK, addr);
	assert_int_equal(state_of(f, addr), DHCP_LEASE_BOUND);
}

static void test_request_without_address(void **state)
{
	struct fix *f = *state;

	expect_none(f, run(f, msg(DHCPREQUEST, mac1)),
		    "REQUEST without server id, requested address or ciaddr");
}

/* The client asks for a shorter lease: granted, but not under 60 s. */
static void test_request_lease_time(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	m = selecting(mac1, SERVER, A(100));
	m->lease_time = 600;
	expect_reply(f, run(f, m), DHCPACK, A(100));
	assert_int_equal(f->r.lease_s, 600);
	m = renewing(mac1, A(100), false);
	m->lease_time = 10;
	expect_reply(f, run(f, m), DHCPACK, A(100));
	assert_int_equal(f->r.lease_s, 60);
	m = renewing(mac1, A(100), false);
	m->lease_time = 86400;
	expect_reply(f, run(f, m), DHCPACK, A(100));
	assert_int_equal(f->r.lease_s, 3600);
}

/* The lease cannot be saved: no ACK, nothing changes. */
static void test_request_hook_fails(void **state)
{
	struct fix *f = *state;

	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(100));
	f->log.fail = -1;
	expect_none(f, run(f, selecting(mac1, SERVER, A(100))), "the lease could not be saved");
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_OFFERED);
	f->log.fail = 0;
	expect_reply(f, run(f, selecting(mac1, SERVER, A(100))), DHCPACK, A(100));
}

/* ---- DECLINE, RELEASE, INFORM (RFC 2131 4.3.3 - 4.3.5) ---- */

static void test_decline(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);
	struct dhcp_lease_info l;

	expect_none(f, run(f, give_back(DHCPDECLINE, mac1, addr, SERVER)),
		    "declined address quarantined");
	l = info(f, addr);
	assert_int_equal(l.state, DHCP_LEASE_DECLINED);
	assert_int_equal(l.expires_ms, f->now + 600000);
	assert_int_equal(l.key.len, 0);
	assert_int_equal(f->log.ev[1], DHCP_EV_DECLINE);
	assert_int_equal(f->log.last.state, DHCP_LEASE_DECLINED);
	assert_int_equal(f->s.stats.declines, 1);
	/* the client starts over and gets another address */
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(101));
	/* after the quarantine the address is free */
	f->now += 600000;
	dhcp_expire(&f->s, f->now);
	assert_int_equal(state_of(f, addr), DHCP_LEASE_FREE);
}

/* RELEASE: free, the client remembered: its next DISCOVER gets the same address. */
static void test_release(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);
	struct dhcp_lease_info l;

	expect_none(f, run(f, give_back(DHCPRELEASE, mac1, addr, SERVER)), "lease released");
	l = info(f, addr);
	assert_int_equal(l.state, DHCP_LEASE_FREE);
	assert_int_equal(l.key.len, 7);
	assert_int_equal(f->log.ev[1], DHCP_EV_RELEASE);
	assert_int_equal(f->log.last.state, DHCP_LEASE_FREE);
	expect_reply(f, run(f, discover(mac2)), DHCPOFFER, A(101));
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, addr);
}

/* A DECLINE or RELEASE of somebody else's address, or for another server: ignored. */
static void test_give_back_ignored(void **state)
{
	static const struct {
		uint8_t type;
		const char *not_its, *other_server;
	} cases[] = {
		{ DHCPDECLINE, "DECLINE of an address not leased to this client",
		  "DECLINE for another server" },
		{ DHCPRELEASE, "RELEASE of an address not leased to this client",
		  "RELEASE for another server" },
	};
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expect_none(f, run(f, give_back(cases[i].type, mac2, addr, 0)), cases[i].not_its);
		expect_none(f, run(f, give_back(cases[i].type, mac1, addr, OTHER_SERVER)),
			    cases[i].other_server);
		expect_none(f, run(f, give_back(cases[i].type, mac1, A(150), SERVER)),
			    cases[i].not_its);
	}
	assert_int_equal(state_of(f, addr), DHCP_LEASE_BOUND);
	assert_int_equal(f->log.n, 1);
}

/* INFORM: an ACK with the options, no address, no lease time; to ciaddr. */
static void test_inform(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m = msg(DHCPINFORM, mac1);

	m->ciaddr = A(50);
	expect_reply(f, run(f, m), DHCPACK, 0);
	assert_int_equal(f->r.ciaddr, A(50));
	assert_int_equal(f->r.lease_s, 0);
	assert_int_equal(f->r.dest, DHCP_DEST_UNICAST);
	assert_int_equal(f->r.dest_addr, A(50));
	assert_int_equal(f->log.n, 0);
	assert_int_equal(f->s.n_keyed, 0);
}

/* ---- static bindings ---- */

static void add_static(struct fix *f, const uint8_t *hw, uint32_t addr, const char *name)
{
	struct dhcp_static st = { .addr = addr };
	const char *why = NULL;

	memcpy(st.mac, hw, 6);
	strcpy(st.name, name);
	assert_int_equal(dhcp_static_add(&f->s, &st, f->now, &why), 0);
}

/* The static address, never probed; the binding's name and lease time. */
static void test_static_binding(void **state)
{
	struct fix *f = *state;
	struct dhcp_static st = { .mac = { 2, 0, 0, 0, 0, 1 }, .addr = A(150), .lease_s = 7200 };
	const char *why = NULL;
	struct dhcp_msg *m;

	strcpy(st.name, "nas");
	assert_int_equal(dhcp_static_add(&f->s, &st, f->now, &why), 0);
	f->s.cfg.probe = true;
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(150));
	assert_int_equal(f->r.lease_s, 7200);
	m = selecting(mac1, SERVER, A(150));
	msg_opt(m, DHCP_OPT_HOSTNAME, "other", 5);
	expect_reply(f, run(f, m), DHCPACK, A(150));
	assert_true(f->log.last.is_static);
	assert_string_equal(f->log.last.name, "nas");
	assert_int_equal(dhcp_static_find(&f->s, mac1)->expires_ms, f->now + 7200000);
	assert_int_equal(info(f, A(150)).state, DHCP_LEASE_BOUND);
	assert_true(info(f, A(150)).is_static);
	/* INIT-REBOOT and RENEWING of it */
	expect_reply(f, run(f, init_reboot(mac1, A(150))), DHCPACK, A(150));
	expect_reply(f, run(f, renewing(mac1, A(150), false)), DHCPACK, A(150));
	expect_nak(f, run(f, init_reboot(mac1, A(100))), "this client has another address");
	/* nothing of the pool was used */
	assert_int_equal(f->s.n_keyed, 0);
}

/* A static address is never given to another client, even when it asks for it. */
static void test_static_never_given(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;

	add_static(f, mac1, A(100), "pc");
	m = discover(mac2);
	m->requested_ip = A(100);
	expect_reply(f, run(f, m), DHCPOFFER, A(101));
	expect_nak(f, run(f, init_reboot(mac2, A(100))),
		   "requested address is not leased to this client");
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_RESERVED);
}

/* "Reserve this address" at run time: a dynamic lease on it ends; deleting frees it. */
static void test_static_add_evicts(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);
	const struct dhcp_static *st;

	add_static(f, mac2, addr, "printer");
	assert_int_equal(f->log.ev[1], DHCP_EV_RELEASE);
	assert_int_equal(f->log.last.addr, addr);
	assert_int_equal(f->log.last.key.len, 0);
	expect_nak(f, run(f, renewing(mac1, addr, false)),
		   "requested address is not leased to this client");
	expect_reply(f, run(f, discover(mac2)), DHCPOFFER, addr);
	st = dhcp_static_find(&f->s, mac2);
	assert_non_null(st);
	assert_string_equal(st->name, "printer");
	assert_int_equal(dhcp_static_del(&f->s, mac2), 0);
	assert_int_equal(dhcp_static_del(&f->s, mac2), -1);
	assert_null(dhcp_static_find(&f->s, mac2));
	assert_int_equal(state_of(f, addr), DHCP_LEASE_FREE);
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(101));
}

/* The dynamic lease a client had before it got a binding is freed at its first ACK. */
static void test_static_frees_old_lease(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);

	add_static(f, mac1, A(180), "pc");
	expect_reply(f, run(f, discover(mac1)), DHCPOFFER, A(180));
	expect_reply(f, run(f, selecting(mac1, SERVER, A(180))), DHCPACK, A(180));
	assert_int_equal(state_of(f, addr), DHCP_LEASE_FREE);
	assert_int_equal(f->s.n_keyed, 0);
	assert_int_equal(f->log.ev[1], DHCP_EV_GRANT);
	assert_int_equal(f->log.ev[2], DHCP_EV_RELEASE);
}

static void test_static_ignore(void **state)
{
	struct fix *f = *state;
	struct dhcp_static st = { .mac = { 2, 0, 0, 0, 0, 1 }, .addr = A(20), .ignore = true };
	const char *why = NULL;

	assert_int_equal(dhcp_static_add(&f->s, &st, f->now, &why), 0);
	expect_none(f, run(f, discover(mac1)), "host is ignored");
	expect_none(f, run(f, msg(DHCPINFORM, mac1)), "host is ignored");
}

static void test_static_errors(void **state)
{
	static const struct {
		uint32_t addr;
		const uint8_t *mac;
		uint32_t lease_s;
		const char *why;
	} bad[] = {
		{ 0x0a000001, mac2, 0, "address is not a host address of the served subnet" },
		{ 0xc0a80100, mac2, 0, "address is not a host address of the served subnet" },
		{ 0xc0a801ff, mac2, 0, "address is not a host address of the served subnet" },
		{ 0xc0a80101, mac2, 0, "address is the server's own" },
		{ 0xc0a80114, mac1, 0, "MAC address already has a static binding" },
		{ 0xc0a8010a, mac2, 0, "address already belongs to another static binding" },
		{ 0xc0a80114, mac2, 30, "lease time is shorter than 60 s" },
	};
	struct fix *f = *state;
	struct dhcp_static st;
	const char *why = NULL;
	size_t i;

	add_static(f, mac1, A(10), "a");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&st, 0, sizeof(st));
		st.addr = htonl(bad[i].addr);
		st.lease_s = bad[i].lease_s;
		memcpy(st.mac, bad[i].mac, 6);
		assert_int_equal(dhcp_static_add(&f->s, &st, f->now, &why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

/* ---- client identity ---- */

/* Option 61 is the key: one MAC, two client ids (dual boot), two leases. */
static void test_client_id_key(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;

	m = discover(mac1);
	msg_opt(m, DHCP_OPT_CLIENT_ID, "\xff\x01\x02\x03", 4);
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	m = discover(mac1);
	msg_opt(m, DHCP_OPT_CLIENT_ID, "\xff\x09\x09\x09", 4);
	expect_reply(f, run(f, m), DHCPOFFER, A(101));
	/* the same client id from another NIC: the same lease */
	m = discover(mac2);
	msg_opt(m, DHCP_OPT_CLIENT_ID, "\xff\x01\x02\x03", 4);
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	assert_int_equal(info(f, A(100)).key.kind, DHCP_KEY_CLIENT_ID);
}

/* A lease made by MAC alone (PXE) is taken over when the OS sends a client id. */
static void test_client_id_takeover(void **state)
{
	struct fix *f = *state;
	uint32_t addr = lease(f, mac1);
	struct dhcp_msg *m = init_reboot(mac1, addr);

	msg_opt(m, DHCP_OPT_CLIENT_ID, "\x01\x02\x00\x00\x00\x00\x01", 7);
	expect_reply(f, run(f, m), DHCPACK, addr);
	assert_int_equal(info(f, addr).key.kind, DHCP_KEY_CLIENT_ID);
	assert_int_equal(f->s.n_keyed, 1);
	/* from then on, the MAC alone is somebody else */
	expect_nak(f, run(f, renewing(mac1, addr, false)),
		   "requested address is not leased to this client");
}

/* Requests the server does not answer. */
static void test_not_served(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m;

	m = discover(mac1);
	m->op = BOOTREPLY;
	expect_none(f, run(f, m), "not a BOOTREQUEST");
	m = discover(mac1);
	m->type = 0;
	expect_none(f, run(f, m), "BOOTP request (no DHCP message type)");
	expect_none(f, run(f, msg(DHCPOFFER, mac1)), "not a message a client sends");
	expect_none(f, run(f, msg(DHCPACK, mac1)), "not a message a client sends");
	expect_none(f, run(f, msg(42, mac1)), "not a message a client sends");
	m = discover(mac1);
	m->hlen = 0;
	expect_none(f, run(f, m), "no client identifier and no hardware address");
	assert_int_equal(f->s.stats.rx[0], 2);
	assert_int_equal(f->s.n_keyed, 0);
}

/* RFC 4039: DISCOVER with rapid commit, allowed: ACK at once. */
static void test_rapid_commit(void **state)
{
	struct fix *f = *state;
	struct dhcp_msg *m = discover(mac1);

	msg_opt(m, DHCP_OPT_RAPID_COMMIT, "", 0);
	expect_reply(f, run(f, m), DHCPOFFER, A(100));
	assert_false(f->r.rapid_commit);
	f->s.cfg.rapid_commit = true;
	m = discover(mac1);
	msg_opt(m, DHCP_OPT_RAPID_COMMIT, "", 0);
	expect_reply(f, run(f, m), DHCPACK, A(100));
	assert_true(f->r.rapid_commit);
	assert_int_equal(state_of(f, A(100)), DHCP_LEASE_BOUND);
	assert_int_equal(f->log.ev[0], DHCP_EV_GRANT);
	/* without the option: the usual OFFER */
	expect_reply(f, run(f, discover(mac2)), DHCPOFFER, A(101));
}

/* ---- the table ---- */

static int count_cb(void *ctx, const struct dhcp_lease_info *l)
{
	unsigned int *n = ctx;

	n[l->is_static ? 0 : 1]++;
	return 0;
}

static void test_foreach_and_live(void **state)
{
	struct fix *f = *state;
	unsigned int n[2] = { 0, 0 };

	add_static(f, mac3, A(20), "tv");
	lease(f, mac1);
	expect_reply(f, run(f, discover(mac2)), DHCPOFFER, A(101));
	run(f, give_back(DHCPDECLINE, mac2, A(101), 0));
	assert_int_equal(dhcp_lease_foreach(&f->s, f->now, count_cb, n), 0);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 2);
	assert_int_equal(dhcp_server_live(&f->s), 2);
	assert_int_equal(info(f, A(20)).state, DHCP_LEASE_RESERVED);
	assert_string_equal(info(f, A(20)).name, "tv");
	assert_int_equal(
		dhcp_lease_foreach(&f->s, f->now, find_cb, &(struct find){ .addr = A(100) }), 1);
	assert_string_equal(dhcp_lease_state_name(DHCP_LEASE_BOUND), "bound");
	assert_string_equal(dhcp_lease_state_name(DHCP_LEASE_STATES), "unknown");
}

static void test_restore(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l = { .addr = A(120), .state = DHCP_LEASE_BOUND, .lease_s = 3600 };
	const char *why = NULL;

	l.expires_ms = f->now + 1000;
	l.key.kind = DHCP_KEY_HW;
	l.key.len = 7;
	memcpy(l.key.data, "\x01\x02\x00\x00\x00\x00\x01", 7);
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), 0);
	assert_int_equal(state_of(f, A(120)), DHCP_LEASE_BOUND);
	expect_reply(f, run(f, renewing(mac1, A(120), false)), DHCPACK, A(120));
	/* the same client at a new address: its old one is free */
	l.addr = A(130);
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), 0);
	assert_int_equal(state_of(f, A(120)), DHCP_LEASE_FREE);
	/* expired: back as a hint */
	l.addr = A(140);
	l.expires_ms = f->now;
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), 0);
	assert_int_equal(state_of(f, A(140)), DHCP_LEASE_FREE);
	assert_int_equal(info(f, A(140)).key.len, 7);
	l.addr = A(20);
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), -1);
	assert_string_equal(why, "address is outside the pool");
	add_static(f, mac2, A(110), "x");
	l.addr = A(110);
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), -1);
	assert_string_equal(why, "address is reserved (a static binding or the server's)");
	l.addr = A(111);
	l.state = DHCP_LEASE_OFFERED;
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), -1);
	assert_string_equal(why, "state cannot be restored");
	l.state = DHCP_LEASE_BOUND;
	l.key.len = 0;
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), -1);
	assert_string_equal(why, "bound lease without a client");
	l.key.len = 65;
	assert_int_equal(dhcp_lease_restore(&f->s, &l, f->now, &why), -1);
	assert_string_equal(why, "client key is malformed");
}

/* 100,000 clients in a /14: every one gets its own address, quickly. */
static void test_scale_100k(void **state)
{
	struct dhcp_server *s = calloc(1, sizeof(*s));
	struct dhcp_msg *m = calloc(1, sizeof(*m));
	struct dhcp_reply r;
	struct dhcp_config c;
	const char *why = NULL;
	struct timespec t0, t1;
	uint32_t i, first = 0x0a000000, seen = 0;
	double secs;

	(void)state;
	dhcp_config_init(&c);
	c.params.server_id = htonl(0x0a000001);
	c.params.netmask = htonl(0xfffc0000);
	c.pool_first = htonl(0x0a000002);
	c.pool_last = htonl(0x0a03fffe);
	c.probe = false;
	assert_int_equal(dhcp_server_init(s, &c, &why), 0);
	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->chaddr[0] = 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100000; i++) {
		memcpy(m->chaddr + 2, &i, 4);
		m->type = DHCPDISCOVER;
		m->server_id = m->requested_ip = 0;
		assert_int_equal(dhcp_handle(s, m, 1000 + i, &r), DHCP_ACT_SEND);
		m->type = DHCPREQUEST;
		m->server_id = c.params.server_id;
		m->requested_ip = r.yiaddr;
		assert_int_equal(dhcp_handle(s, m, 1000 + i, &r), DHCP_ACT_SEND);
		assert_int_equal(r.type, DHCPACK);
		seen += ntohl(r.yiaddr) - first == i + 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(seen, 100000);
	assert_int_equal(s->n_state[DHCP_LEASE_BOUND], 100000);
	assert_true(secs < 2.0);
	/* and a renewal of the last among them all */
	m->type = DHCPREQUEST;
	m->server_id = m->requested_ip = 0;
	m->ciaddr = r.yiaddr;
	assert_int_equal(dhcp_handle(s, m, 5000000, &r), DHCP_ACT_SEND);
	assert_int_equal(r.type, DHCPACK);
	/* they all run out at once */
	assert_int_equal(dhcp_expire(s, 1000 + 43200 * 1000ull + 100000), 99999);
	assert_int_equal(dhcp_server_check(s, &why), 0);
	dhcp_server_free(s);
	free(s);
	free(m);
}

#define T(fn)  cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define TP(fn) cmocka_unit_test_setup_teardown(fn, setup_probe, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_pool_reserves_server),
		T(test_discover_offer),
		T(test_discover_broadcast_flag),
		T(test_discover_relayed),
		T(test_discover_requested_ip),
		T(test_discover_offer_hold),
		T(test_discover_bound_client),
		T(test_discover_pool_exhausted),
		TP(test_discover_probe),
		TP(test_discover_probe_conflict),
		TP(test_discover_probe_lost),
		TP(test_discover_no_probe_for_own),
		T(test_request_selecting),
		T(test_request_selecting_other_server),
		T(test_request_selecting_wrong_address),
		T(test_request_selecting_offer_gone),
		T(test_request_init_reboot),
		T(test_request_init_reboot_nak),
		T(test_request_renewing),
		T(test_request_rebinding),
		T(test_request_renewing_nak),
		T(test_request_renew_after_expiry),
		T(test_request_without_address),
		T(test_request_lease_time),
		T(test_request_hook_fails),
		T(test_decline),
		T(test_release),
		T(test_give_back_ignored),
		T(test_inform),
		T(test_static_binding),
		T(test_static_never_given),
		T(test_static_add_evicts),
		T(test_static_frees_old_lease),
		T(test_static_ignore),
		T(test_static_errors),
		T(test_client_id_key),
		T(test_client_id_takeover),
		T(test_not_served),
		T(test_rapid_commit),
		T(test_foreach_and_live),
		T(test_restore),
		cmocka_unit_test(test_scale_100k),
	};

	return cmocka_run_group_tests_name("leases", tests, NULL, NULL);
}
