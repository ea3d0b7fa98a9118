// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv4 wire format: parse a request, build a reply (RFC 2131, 2132, 3396).
 */
#include <string.h>

#include "dhcp.h"

/* Offsets in the fixed BOOTP header (RFC 2131 figure 1) */
enum {
	OFF_OP = 0,
	OFF_HTYPE = 1,
	OFF_HLEN = 2,
	OFF_HOPS = 3,
	OFF_XID = 4,
	OFF_SECS = 8,
	OFF_FLAGS = 10,
	OFF_CIADDR = 12,
	OFF_YIADDR = 16,
	OFF_SIADDR = 20,
	OFF_GIADDR = 24,
	OFF_CHADDR = 28,
	OFF_SNAME = 44,
	OFF_FILE = 108,
	OFF_COOKIE = 236,
};

static const uint8_t dhcp_cookie[4] = { 99, 130, 83, 99 };

/* Length rules for the options that are decoded; others are taken as they come. */
static const struct {
	uint8_t code;
	uint16_t min, max;
	const char *why;
} opt_rules[] = {
	{ DHCP_OPT_MSG_TYPE, 1, 1, "option 53 (message type) is not 1 byte long" },
	{ DHCP_OPT_REQUESTED_IP, 4, 4, "option 50 (requested IP) is not 4 bytes long" },
	{ DHCP_OPT_SERVER_ID, 4, 4, "option 54 (server identifier) is not 4 bytes long" },
	{ DHCP_OPT_LEASE_TIME, 4, 4, "option 51 (lease time) is not 4 bytes long" },
	{ DHCP_OPT_MAX_MSG_SIZE, 2, 2, "option 57 (maximum message size) is not 2 bytes long" },
	{ DHCP_OPT_CLIENT_ID, 2, DHCP_PACKET_MAX,
	  "option 61 (client identifier) is shorter than 2" },
	{ DHCP_OPT_HOSTNAME, 1, DHCP_PACKET_MAX, "option 12 (host name) is empty" },
	{ DHCP_OPT_PARAM_LIST, 1, DHCP_PACKET_MAX, "option 55 (parameter request list) is empty" },
};

/* The options an OFFER or ACK carries when the client did not ask for them */
static const uint8_t default_opts[] = {
	DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER,	   DHCP_OPT_DNS, DHCP_OPT_DOMAIN,
	DHCP_OPT_BROADCAST,   DHCP_OPT_LEASE_TIME, DHCP_OPT_T1,	 DHCP_OPT_T2,
};

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* An address is kept in network order: copied, not converted. */
static uint32_t get_addr(const uint8_t *p)
{
	uint32_t a;

	memcpy(&a, p, sizeof(a));
	return a;
}

static bool opt_seen(const struct dhcp_msg *m, uint8_t code)
{
	return m->opt_seen[code / 8] & (1u << (code % 8));
}

/*
 * The two passes over the option fields: the first sums every code's
 * length (instances of a code are concatenated, RFC 3396), the second
 * copies the values into place.
 */
enum walk_pass {
	WALK_COUNT,
	WALK_COPY,
};

static void opt_count(struct dhcp_msg *m, uint8_t code, const uint8_t *v, uint8_t len)
{
	m->opt_seen[code / 8] |= (uint8_t)(1u << (code % 8));
	m->opt_len[code] += len;
	/* The first one counts: file and sname are walked by it in both passes */
	if (code == DHCP_OPT_OVERLOAD && len == 1 && !m->overload)
		m->overload = v[0];
}

/* In the copy pass opt_len[] counts what is already in place. */
static void opt_copy(struct dhcp_msg *m, uint8_t code, const uint8_t *v, uint8_t len)
{
	memcpy(m->opt_data + m->opt_off[code] + m->opt_len[code], v, len);
	m->opt_len[code] += len;
}

/* Walk one field (options, file or sname): PAD is skipped, END or the field's end stops. */
static int walk_field(struct dhcp_msg *m, const uint8_t *f, size_t len, enum walk_pass pass,
		      const char **why)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = f[i];

		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return 0;
		if (i + 2 > len || i + 2 + f[i + 1] > len) {
			*why = "an option runs past the end of its field";
			return -1;
		}
		if (pass == WALK_COUNT)
			opt_count(m, code, f + i + 2, f[i + 1]);
		else
			opt_copy(m, code, f + i + 2, f[i + 1]);
		i += 2 + (size_t)f[i + 1];
	}
	return 0;
}

/* Walk the options field, then file and sname when option 52 says so (RFC 2131 4.1). */
static int walk_all(struct dhcp_msg *m, const uint8_t *pkt, size_t len, enum walk_pass pass,
		    const char **why)
{
	if (walk_field(m, pkt + DHCP_OPTIONS_OFF, len - DHCP_OPTIONS_OFF, pass, why) < 0)
		return -1;
	if (pass == WALK_COUNT && opt_seen(m, DHCP_OPT_OVERLOAD) &&
	    (m->opt_len[DHCP_OPT_OVERLOAD] != 1 || m->overload < 1 || m->overload > 3)) {
		*why = "option 52 (overload) is not 1, 2 or 3";
		return -1;
	}
	if ((m->overload & DHCP_OVERLOAD_FILE) &&
	    walk_field(m, pkt + OFF_FILE, DHCP_FILE_LEN, pass, why) < 0)
		return -1;
	if ((m->overload & DHCP_OVERLOAD_SNAME) &&
	    walk_field(m, pkt + OFF_SNAME, DHCP_SNAME_LEN, pass, why) < 0)
		return -1;
	return 0;
}

/* Between the passes: give each code its place in opt_data, and zero its fill count. */
static void opt_layout(struct dhcp_msg *m)
{
	unsigned int code, off = 0;

	for (code = 0; code < 256; code++) {
		m->opt_off[code] = (uint16_t)off;
		off += m->opt_len[code];
		m->opt_len[code] = 0;
	}
}

static int check_opt_lengths(const struct dhcp_msg *m, const char **why)
{
	size_t i;

	for (i = 0; i < sizeof(opt_rules) / sizeof(opt_rules[0]); i++) {
		uint8_t c = opt_rules[i].code;

		if (opt_seen(m, c) &&
		    (m->opt_len[c] < opt_rules[i].min || m->opt_len[c] > opt_rules[i].max)) {
			*why = opt_rules[i].why;
			return -1;
		}
	}
	return 0;
}

/* Fill the named fields from the options that have them. */
static void decode_opts(struct dhcp_msg *m)
{
	size_t len;
	const uint8_t *v;

	if ((v = dhcp_opt_get(m, DHCP_OPT_MSG_TYPE, &len)))
		m->type = v[0];
	if ((v = dhcp_opt_get(m, DHCP_OPT_REQUESTED_IP, &len)))
		m->requested_ip = get_addr(v);
	if ((v = dhcp_opt_get(m, DHCP_OPT_SERVER_ID, &len)))
		m->server_id = get_addr(v);
	if ((v = dhcp_opt_get(m, DHCP_OPT_LEASE_TIME, &len)))
		m->lease_time = get_be32(v);
	if ((v = dhcp_opt_get(m, DHCP_OPT_MAX_MSG_SIZE, &len)))
		m->max_msg_size = get_be16(v);
}

static void parse_header(struct dhcp_msg *m, const uint8_t *p)
{
	m->op = p[OFF_OP];
	m->htype = p[OFF_HTYPE];
	m->hlen = p[OFF_HLEN];
	m->hops = p[OFF_HOPS];
	memcpy(&m->xid, p + OFF_XID, sizeof(m->xid));
	m->secs = get_be16(p + OFF_SECS);
	m->flags = get_be16(p + OFF_FLAGS);
	m->ciaddr = get_addr(p + OFF_CIADDR);
	m->yiaddr = get_addr(p + OFF_YIADDR);
	m->siaddr = get_addr(p + OFF_SIADDR);
	m->giaddr = get_addr(p + OFF_GIADDR);
	memcpy(m->chaddr, p + OFF_CHADDR, DHCP_CHADDR_LEN);
}

int dhcp_parse(const void *buf, size_t len, struct dhcp_msg *m, const char **why)
{
	const uint8_t *p = buf;

	memset(m, 0, offsetof(struct dhcp_msg, opt_data));
	if (len < DHCP_OPTIONS_OFF) {
		*why = "shorter than 240 bytes (BOOTP header and magic cookie)";
		return -1;
	}
	if (len > DHCP_PACKET_MAX) {
		*why = "longer than 1500 bytes";
		return -1;
	}
	if (memcmp(p + OFF_COOKIE, dhcp_cookie, sizeof(dhcp_cookie))) {
		*why = "no DHCP magic cookie";
		return -1;
	}
	parse_header(m, p);
	if (m->hlen > DHCP_CHADDR_LEN) {
		*why = "hardware address length (hlen) over 16";
		return -1;
	}
	if (walk_all(m, p, len, WALK_COUNT, why) < 0)
		return -1;
	opt_layout(m);
	walk_all(m, p, len, WALK_COPY, why);
	if (check_opt_lengths(m, why) < 0)
		return -1;
	decode_opts(m);
	return 0;
}

const uint8_t *dhcp_opt_get(const struct dhcp_msg *m, uint8_t code, size_t *len)
{
	if (!opt_seen(m, code))
		return NULL;
	*len = m->opt_len[code];
	return m->opt_data + m->opt_off[code];
}

const char *dhcp_type_name(uint8_t type)
{
	static const char *const names[] = {
		[DHCPDISCOVER] = "DISCOVER", [DHCPOFFER] = "OFFER",   [DHCPREQUEST] = "REQUEST",
		[DHCPDECLINE] = "DECLINE",   [DHCPACK] = "ACK",	      [DHCPNAK] = "NAK",
		[DHCPRELEASE] = "RELEASE",   [DHCPINFORM] = "INFORM",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

/*
 * The options area of a reply being written.  @reserve bytes at the end
 * are kept for option 51 until it is written, so that a long optional
 * option cannot crowd out the lease time RFC 2131 requires.
 */
struct opt_writer {
	uint8_t *p;
	size_t len, limit, reserve;
	uint8_t done[256 / 8]; /* codes already written */
};

static bool opt_put(struct opt_writer *w, uint8_t code, const void *v, size_t len)
{
	size_t reserve = code == DHCP_OPT_LEASE_TIME ? 0 : w->reserve;

	if (len > 255 || w->len + 2 + len + reserve > w->limit)
		return false;
	w->p[w->len++] = code;
	w->p[w->len++] = (uint8_t)len;
	if (len)
		memcpy(w->p + w->len, v, len);
	w->len += len;
	w->done[code / 8] |= (uint8_t)(1u << (code % 8));
	if (code == DHCP_OPT_LEASE_TIME)
		w->reserve = 0;
	return true;
}

static bool opt_done(const struct opt_writer *w, uint8_t code)
{
	return w->done[code / 8] & (1u << (code % 8));
}

/*
 * The value this server gives for option @code in @v (at least 255
 * bytes): its length, or 0 when it has none to give.
 */
static size_t param_value(uint8_t code, const struct dhcp_reply *r, const struct dhcp_params *p,
			  uint8_t *v)
{
	switch (code) {
	case DHCP_OPT_SUBNET_MASK:
		memcpy(v, &p->netmask, 4);
		return 4;
	case DHCP_OPT_ROUTER:
		memcpy(v, &p->router, 4);
		return p->router ? 4 : 0;
	case DHCP_OPT_DNS:
		memcpy(v, p->dns, 4 * p->n_dns);
		return 4 * (size_t)p->n_dns;
	case DHCP_OPT_DOMAIN:
		memcpy(v, p->domain, strnlen(p->domain, DHCP_DOMAIN_MAX));
		return strnlen(p->domain, DHCP_DOMAIN_MAX);
	case DHCP_OPT_BROADCAST:
		memcpy(v, &p->broadcast, 4);
		return p->broadcast ? 4 : 0;
	case DHCP_OPT_LEASE_TIME:
		put_be32(v, r->lease_s);
		return r->lease_s ? 4 : 0;
	case DHCP_OPT_T1: /* RFC 2131 4.4.5: half the lease */
		put_be32(v, r->lease_s / 2);
		return r->lease_s ? 4 : 0;
	case DHCP_OPT_T2: /* and 7/8 of it */
		put_be32(v, (uint32_t)((uint64_t)r->lease_s * 7 / 8));
		return r->lease_s ? 4 : 0;
	default:
		return 0;
	}
}

static void put_param(struct opt_writer *w, uint8_t code, const struct dhcp_reply *r,
		      const struct dhcp_params *p)
{
	uint8_t v[256];
	size_t len;

	if (opt_done(w, code))
		return;
	len = param_value(code, r, p, v);
	if (len)
		opt_put(w, code, v, len);
}

/* OFFER/ACK: the client's parameter request list in its order, then our defaults. */
static void put_params(struct opt_writer *w, const struct dhcp_msg *req, const struct dhcp_reply *r,
		       const struct dhcp_params *p)
{
	const uint8_t *prl;
	size_t i, n = 0;

	prl = dhcp_opt_get(req, DHCP_OPT_PARAM_LIST, &n);
	for (i = 0; prl && i < n; i++)
		put_param(w, prl[i], r, p);
	for (i = 0; i < sizeof(default_opts); i++)
		put_param(w, default_opts[i], r, p);
}

/* Copy option @code of the request into the reply, when it has one and it fits. */
static void echo_opt(struct opt_writer *w, const struct dhcp_msg *req, uint8_t code)
{
	const uint8_t *v;
	size_t len;

	v = dhcp_opt_get(req, code, &len);
	if (v)
		opt_put(w, code, v, len);
}

/* Room for the options: the client's limit (at least 576, RFC 2131) or the buffer's. */
static size_t reply_limit(const struct dhcp_msg *req, size_t size)
{
	size_t max = DHCP_MIN_DATAGRAM;

	if (req->max_msg_size > max)
		max = req->max_msg_size;
	max -= DHCP_IP_UDP_LEN;
	return max < size ? max : size;
}

static void build_header(uint8_t *b, const struct dhcp_msg *req, const struct dhcp_reply *r)
{
	uint16_t flags = req->flags;

	/* RFC 2131 4.3.2: a NAK through a relay asks it to broadcast */
	if (r->type == DHCPNAK && req->giaddr)
		flags |= DHCP_FLAG_BROADCAST;
	b[OFF_OP] = BOOTREPLY;
	b[OFF_HTYPE] = req->htype;
	b[OFF_HLEN] = req->hlen;
	memcpy(b + OFF_XID, &req->xid, 4);
	b[OFF_FLAGS] = (uint8_t)(flags >> 8);
	b[OFF_FLAGS + 1] = (uint8_t)flags;
	memcpy(b + OFF_CIADDR, &r->ciaddr, 4);
	memcpy(b + OFF_YIADDR, &r->yiaddr, 4);
	memcpy(b + OFF_GIADDR, &req->giaddr, 4);
	memcpy(b + OFF_CHADDR, req->chaddr, DHCP_CHADDR_LEN);
	memcpy(b + OFF_COOKIE, dhcp_cookie, sizeof(dhcp_cookie));
}

int dhcp_build(const struct dhcp_msg *req, const struct dhcp_reply *r, const struct dhcp_params *p,
	       void *buf, size_t size)
{
	uint8_t *b = buf;
	struct opt_writer w = { .p = b + DHCP_OPTIONS_OFF };
	size_t len;

	if (size < DHCP_BUF_MIN)
		return -1;
	memset(b, 0, DHCP_REPLY_MIN);
	build_header(b, req, r);
	/* One byte stays for END; 53 and 54 are small enough to always fit. */
	w.limit = reply_limit(req, size) - DHCP_OPTIONS_OFF - 1;
	w.reserve = r->lease_s ? 6 : 0;
	opt_put(&w, DHCP_OPT_MSG_TYPE, &r->type, 1);
	opt_put(&w, DHCP_OPT_SERVER_ID, &p->server_id, 4);
	if (r->type == DHCPNAK) {
		if (r->message)
			opt_put(&w, DHCP_OPT_MESSAGE, r->message, strlen(r->message));
	} else {
		put_params(&w, req, r, p);
		if (r->rapid_commit)
			opt_put(&w, DHCP_OPT_RAPID_COMMIT, NULL, 0);
	}
	echo_opt(&w, req, DHCP_OPT_CLIENT_ID);
	/* RFC 3046 2.2: the relay agent option comes last */
	echo_opt(&w, req, DHCP_OPT_RELAY_AGENT);
	w.p[w.len++] = DHCP_OPT_END;
	len = DHCP_OPTIONS_OFF + w.len;
	return (int)(len < DHCP_REPLY_MIN ? DHCP_REPLY_MIN : len);
}
