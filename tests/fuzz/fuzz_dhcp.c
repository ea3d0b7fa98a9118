// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for homenetd's DHCP server: bytes -> dhcp_parse() ->
 * dhcp_handle() -> dhcp_build() -> dhcp_parse() of the reply.
 *
 * The input is one packet.  A new server (a pool of 8 with a static
 * binding inside it and one outside, probing and rapid commit on) is made
 * for every input, so that a crash replays from its input alone.  After
 * the packet itself, the harness walks the same client through the rest
 * of its life (probe result, REQUEST, renewal, DECLINE or RELEASE,
 * expiry), with the fuzzed options, and checks the table after each step.
 * Bits of the input's length choose the probe result, the end of the
 * lease and whether the lease journal (the hook) fails.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "leases.h"

#define A(x) htonl(0xc0a80100u | (x))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The journal: fails when asked to (the ctx), as a full disk would. */
static int journal(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l, uint64_t now_ms)
{
	(void)now_ms;
	if (l->key.len > DHCP_KEY_MAX || (ev == DHCP_EV_GRANT && l->state != DHCP_LEASE_BOUND))
		abort();
	return *(const bool *)ctx ? -1 : 0;
}

static void check(const struct dhcp_server *s)
{
	const char *why;

	if (dhcp_server_check(s, &why) < 0)
		abort();
}

static void server_new(struct dhcp_server *s, const bool *journal_fails)
{
	struct dhcp_static st = { .mac = { 2, 0, 0, 0, 0, 1 }, .addr = A(12) };
	struct dhcp_config c;
	const char *why;

	dhcp_config_init(&c);
	c.params.server_id = A(1);
	c.params.netmask = htonl(0xffffff00);
	c.params.router = A(1);
	c.params.dns[0] = A(1);
	c.params.n_dns = 1;
	strcpy(c.params.domain, "lan");
	c.pool_first = A(10);
	c.pool_last = A(17);
	c.lease_s = 600;
	c.rapid_commit = true;
	if (dhcp_server_init(s, &c, &why) < 0 || dhcp_static_add(s, &st, 0, &why) < 0)
		abort();
	st.mac[5] = 2;
	st.addr = A(50);
	st.ignore = true;
	if (dhcp_static_add(s, &st, 0, &why) < 0)
		abort();
	s->hooks.lease_changed = journal;
	s->hooks.ctx = (void *)journal_fails;
}

/* Build the reply and read it back: it must parse, and say what was decided. */
static void build_reply(const struct dhcp_msg *req, const struct dhcp_reply *r,
			const struct dhcp_params *p)
{
	static const size_t sizes[] = { DHCP_BUF_MIN, DHCP_PACKET_MAX };
	uint8_t buf[DHCP_PACKET_MAX];
	struct dhcp_msg *back = malloc(sizeof(*back));
	const char *why;
	size_t i;
	int len;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		len = dhcp_build(req, r, p, buf, sizes[i]);
		if (len < DHCP_REPLY_MIN || (size_t)len > sizes[i] ||
		    dhcp_parse(buf, (size_t)len, back, &why) < 0 || back->type != r->type ||
		    back->yiaddr != r->yiaddr || back->server_id != p->server_id ||
		    (r->lease_s && back->lease_time != r->lease_s))
			abort();
	}
	free(back);
}

/* Hand @m to the server; the address it was given (or probed), else @prev. */
static uint32_t serve(struct dhcp_server *s, const struct dhcp_msg *m, uint64_t now, bool in_use,
		      uint32_t prev)
{
	struct dhcp_reply r;

	switch (dhcp_handle(s, m, now, &r)) {
	case DHCP_ACT_PROBE:
		dhcp_probe_done(s, r.probe_addr, in_use, now);
		prev = r.probe_addr;
		break;
	case DHCP_ACT_SEND:
		build_reply(m, &r, &s->cfg.params);
		if (r.yiaddr)
			prev = r.yiaddr;
		break;
	case DHCP_ACT_NONE:
		if (!r.why)
			abort();
		break;
	}
	check(s);
	return prev;
}

/* The same client, later in its life: REQUEST, renewal, then DECLINE or RELEASE. */
static void follow_up(struct dhcp_server *s, struct dhcp_msg *m, uint64_t now, size_t size,
		      uint32_t addr)
{
	m->op = BOOTREQUEST;
	m->type = DHCPREQUEST;
	m->server_id = s->cfg.params.server_id;
	m->requested_ip = addr;
	m->ciaddr = 0;
	serve(s, m, now + 1000, false, addr);
	m->server_id = m->requested_ip = 0;
	m->ciaddr = addr;
	serve(s, m, now + 300000, false, addr);
	m->type = size & 8 ? DHCPDECLINE : DHCPRELEASE;
	m->requested_ip = addr;
	serve(s, m, now + 301000, false, addr);
	dhcp_expire(s, now + (size & 16 ? 601000 : 86400000));
	check(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcp_server s;
	struct dhcp_msg *m = malloc(sizeof(*m));
	bool journal_fails = size & 4;
	const char *why;
	uint32_t addr = 0;
	uint64_t now = 1000;

	if (dhcp_parse(data, size, m, &why) == 0) {
		server_new(&s, &journal_fails);
		addr = serve(&s, m, now, size & 1, addr);
		/* again, once the probe has answered */
		addr = serve(&s, m, now + 500, size & 1, addr);
		if (addr)
			follow_up(&s, m, now + 500, size, addr);
		dhcp_server_free(&s);
	} else if (!why) {
		abort();
	}
	free(m);
	return 0;
}
