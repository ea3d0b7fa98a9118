// SPDX-License-Identifier: GPL-2.0
/*
 * homenet.conf: one table of keys a section, then the checks that span
 * sections.
 *
 * libinih splits the "KEY = VALUE" lines.  It is fed a line at a time by
 * cfg_read_line(), which counts the lines (Debian builds inih without
 * INI_HANDLER_LINENO), strips comments ('#' or ';' at the start or after a
 * space) and indentation (so there are no continuation lines), and reads
 * the section headers itself: an empty section, or one given twice, is
 * seen where it stands.  The first error stops the reading.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>
#include <linux/homenet.h>

#include "config.h"
#include "parse.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define FIELD(obj, off) ((void *)((char *)(obj) + (off)))

#define CFG_KEYS_MAX 10			 /* keys a section has at the most */
#define CFG_TEXT_MAX 512		 /* a line's copy: longer than inih's lines */
#define CFG_TO_LEN   (HND_NAME_LEN + 12) /* "HOST:PORT-PORT" */
#define CFG_HEAD_LEN (HND_NAME_LEN + 12) /* "[forward NAME]" */
#define CFG_LIST_SEP ", \t"
#define CFG_NAME_WHY "(1-31 of A-Z a-z 0-9 _ . -)"

/* What a parser says of a value that it refuses. */
struct cfg_msg {
	const char *value; /* the value whole */
	const char *bad;   /* the token to quote: @value, or a word of it */
	const char *why;
};

struct cfg_key;
/* Set the field(s) of @k in the section's object @obj from @v (a copy). */
typedef int cfg_parse_fn(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m);

struct cfg_key {
	const char *name;
	cfg_parse_fn *parse;
	size_t off, off2;  /* the field(s) it sets in the object */
	uint32_t min, max; /* bounds of a number or a list */
	uint32_t present;  /* the HN_NAT_* bit it sets in [nat] */
};

/* Where a section and its keys stand in the file. */
struct cfg_lines {
	unsigned int sect;
	unsigned int key[CFG_KEYS_MAX]; /* 0: not given */
};

/* A [host] and a [forward] as read. */
struct host_read {
	struct hnd_host h;
	struct cfg_lines lines;
};

struct fwd_read {
	struct hn_fwd f;
	char to[CFG_TO_LEN]; /* resolved once every [host] is known */
	struct cfg_lines lines;
};

enum { S_WAN, S_LAN, S_DHCP, S_NAT, S_HOST, S_FORWARD, S_COUNT };
#define S_NAMED S_HOST /* the first of the sections that take a name */

struct cfg_sect {
	const char *name;
	const struct cfg_key *keys;
	unsigned int n_keys;
	unsigned int required;		  /* bit i: keys[i] must be given */
	size_t off;			  /* singletons: the object in struct hnd_config */
	size_t size, name_off, lines_off; /* named: the object read */
};

/* A growing array of objects read. */
struct cfg_array {
	void *v;
	size_t n, cap;
};

struct cfg_ctx {
	const char *name; /* the file, for messages */
	const char *pos;  /* the text not read yet */
	unsigned int line;
	struct hnd_config *cfg;

	const struct cfg_sect *sect; /* the section being read, its object */
	void *obj;
	struct cfg_lines *lines;
	char head[CFG_HEAD_LEN];

	struct cfg_lines single[S_NAMED];
	struct cfg_array named[S_COUNT - S_NAMED]; /* host_read, fwd_read */
	size_t *host_by_name;

	char *err;
	size_t errlen;
	bool failed;
	unsigned int failed_at; /* the line being read when it failed */
};

/* Only the first error is kept: what goes wrong after it may be its echo. */
__attribute__((format(printf, 3, 4))) static int cfg_error(struct cfg_ctx *c, unsigned int line,
							   const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->failed)
		return -1;
	c->failed = true;
	c->failed_at = c->line;
	n = line ? snprintf(c->err, c->errlen, "%s:%u: ", c->name, line)
		 : snprintf(c->err, c->errlen, "%s: ", c->name);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int cfg_nomem(struct cfg_ctx *c)
{
	return cfg_error(c, 0, "out of memory");
}

static uint32_t prefix_mask(unsigned int len)
{
	return len ? ~0U << (32 - len) : 0;
}

/*
 * Not in 0/8, 127/8 or 224/3 (multicast, reserved, broadcast): the kernel
 * refuses such an inside address for a forward rule, and so do we for any
 * address a host has.
 */
static bool unicast(uint32_t addr)
{
	uint32_t a = ntohl(addr);

	return a >> 24 && a >> 24 != 127 && a < 0xe0000000;
}

static int parse_unicast(const char *s, void *addr, const char **why)
{
	if (parse_ipv4(s, addr, why) < 0)
		return -1;
	if (!unicast(*(uint32_t *)addr)) {
		*why = "is not a unicast address";
		return -1;
	}
	return 0;
}

static int parse_prefix_elem(const char *s, void *p, const char **why)
{
	return parse_prefix(s, p, why);
}

/*
 * The words of @v (split at spaces and commas), each parsed by @one into the
 * next of the @max elements of @size in @arr; their count in *@n.
 */
static int parse_words(char *v, void *arr, size_t size, unsigned int max, unsigned int *n,
		       int (*one)(const char *w, void *elem, const char **why),
		       const char *too_many, struct cfg_msg *m)
{
	char *w, *save = NULL;

	*n = 0;
	for (w = strtok_r(v, CFG_LIST_SEP, &save); w; w = strtok_r(NULL, CFG_LIST_SEP, &save)) {
		m->bad = w;
		if (*n == max) {
			m->why = too_many;
			return -1;
		}
		if (one(w, (char *)arr + *n * size, &m->why) < 0)
			return -1;
		(*n)++;
	}
	m->bad = m->value;
	if (!*n) {
		m->why = "is an empty list";
		return -1;
	}
	return 0;
}

/* The parsers of the key tables. */

static int p_ifname(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	size_t n = strlen(v);

	if (!n || n >= IFNAMSIZ || strpbrk(v, "/: \t") || !strcmp(v, ".") || !strcmp(v, "..")) {
		m->why = "is not an interface name (1-15 characters, no / : or space)";
		return -1;
	}
	memcpy(FIELD(obj, k->off), v, n + 1);
	return 0;
}

static int p_addr(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	return parse_unicast(v, FIELD(obj, k->off), &m->why);
}

static int p_addr_auto(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	if (strcmp(v, "auto"))
		return p_addr(k, v, obj, m);
	*(uint32_t *)FIELD(obj, k->off) = 0;
	return 0;
}

/* "A.B.C.D/LEN": a host's address on a network, not the network's */
static int p_addr_len(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	char *slash = strchr(v, '/');
	uint32_t addr, len, mask;

	m->why = "is not an address and prefix length (A.B.C.D/LEN)";
	if (!slash)
		return -1;
	*slash = '\0';
	if (parse_unicast(v, &addr, &m->why) < 0)
		return -1;
	if (parse_u32(slash + 1, 1, 30, &len, &m->why) < 0) {
		m->why = "has a bad prefix length (1-30)";
		return -1;
	}
	mask = prefix_mask(len);
	if (!(ntohl(addr) & ~mask) || (ntohl(addr) & ~mask) == ~mask) {
		m->why = "is the network or broadcast address of its prefix";
		return -1;
	}
	*(uint32_t *)FIELD(obj, k->off) = addr;
	*(uint8_t *)FIELD(obj, k->off2) = (uint8_t)len;
	return 0;
}

static int p_range(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	uint32_t a[2];
	unsigned int n;

	if (parse_words(v, a, sizeof(a[0]), 2, &n, parse_unicast,
			"is one address too many (FIRST LAST)", m) < 0)
		return -1;
	if (n != 2) {
		m->why = "is not a range of addresses (FIRST LAST)";
		return -1;
	}
	if (ntohl(a[0]) > ntohl(a[1])) {
		m->why = "is an empty range (FIRST > LAST)";
		return -1;
	}
	*(uint32_t *)FIELD(obj, k->off) = a[0];
	*(uint32_t *)FIELD(obj, k->off2) = a[1];
	return 0;
}

static int p_dns(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	return parse_words(v, FIELD(obj, k->off), sizeof(uint32_t), k->max, FIELD(obj, k->off2),
			   parse_unicast, "is one address too many (8 at most)", m);
}

static int p_inside(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	return parse_words(v, FIELD(obj, k->off), sizeof(struct hn_prefix), k->max,
			   FIELD(obj, k->off2), parse_prefix_elem,
			   "is one prefix too many (16 at most)", m);
}

static const struct {
	char unit;
	uint32_t secs;
} dur_units[] = { { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };

/* "N", "Ns", "Nm", "Nh" or "Nd"; -ERANGE outside [min, max] seconds */
static int p_duration(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	unsigned long long x;
	uint32_t mult = 1;
	char *end;
	size_t i;

	m->why = "is not a duration (s, m, h, d)";
	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (*end) {
		for (i = 0; i < ARRAY_SIZE(dur_units) && *end != dur_units[i].unit; i++)
			;
		if (i == ARRAY_SIZE(dur_units) || end[1])
			return -1;
		mult = dur_units[i].secs;
	}
	if (errno || x > k->max / mult || x * mult < k->min)
		return -ERANGE;
	*(uint32_t *)FIELD(obj, k->off) = (uint32_t)(x * mult);
	return 0;
}

/* A number of digits; -ERANGE outside [min, max] */
static int p_number(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	bool digits = *v && !v[strspn(v, "0123456789")];

	if (parse_u32(v, k->min, k->max, FIELD(obj, k->off), &m->why) < 0)
		return digits ? -ERANGE : -1;
	return 0;
}

/* Labels of 1-63 letters, digits and inner '-', joined by '.' (RFC 1123) */
static int p_domain(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	size_t n = strlen(v), label = 0;
	const char *p;

	m->why = "is not a domain name (labels of A-Z a-z 0-9 - joined by .)";
	if (!n || n >= HND_DOMAIN_LEN)
		return -1;
	for (p = v; *p; p++) {
		if (*p == '.') {
			if (!label || p[-1] == '-')
				return -1;
			label = 0;
		} else if (!isalnum((unsigned char)*p) && (*p != '-' || !label)) {
			return -1;
		} else if (++label > 63) {
			return -1;
		}
	}
	if (!label || p[-1] == '-')
		return -1;
	memcpy(FIELD(obj, k->off), v, n + 1);
	return 0;
}

static int p_path(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	size_t n = strlen(v);

	if (*v != '/' || n >= PATH_MAX) {
		m->why = "is not an absolute path";
		return -1;
	}
	memcpy(FIELD(obj, k->off), v, n + 1);
	return 0;
}

/* The index of @v in the @n @words, or -1. */
static int word_index(const char *const *words, int n, const char *v)
{
	int i;

	for (i = 0; i < n && strcmp(v, words[i]); i++)
		;
	return i < n ? i : -1;
}

/* One of @n @names into the u8 at @k's field; @why names the kind. */
static int p_word(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m,
		  const char *const *names, int n, const char *why)
{
	int i = word_index(names, n, v);

	if (i < 0) {
		m->why = why;
		return -1;
	}
	*(uint8_t *)FIELD(obj, k->off) = (uint8_t)i;
	return 0;
}

static int p_filter(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	static const char *const names[] = {
		[HOMENET_FILTER_EIF] = "eif",
		[HOMENET_FILTER_ADF] = "adf",
		[HOMENET_FILTER_APDF] = "apdf",
	};

	return p_word(k, v, obj, m, names, ARRAY_SIZE(names), "is not a filter (eif, adf, apdf)");
}

static int p_fastpath(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	static const char *const names[] = {
		[HOMENET_FASTPATH_OFF] = "off",
		[HOMENET_FASTPATH_AUTO] = "auto",
		[HOMENET_FASTPATH_ON] = "on",
	};

	return p_word(k, v, obj, m, names, ARRAY_SIZE(names),
		      "is not a fast path mode (off, auto, on)");
}

static int p_ports(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	return parse_port_range(v, FIELD(obj, k->off), FIELD(obj, k->off2), &m->why);
}

static int hexval(char x)
{
	return isdigit((unsigned char)x) ? x - '0' : tolower((unsigned char)x) - 'a' + 10;
}

/* xx:xx:xx:xx:xx:xx (or with '-'), a device's own */
static int p_mac(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	uint8_t mac[HND_MAC_LEN];
	const char *p;
	int i;

	m->why = "is not a MAC address (xx:xx:xx:xx:xx:xx)";
	if (strlen(v) != 3 * HND_MAC_LEN - 1 || (v[2] != ':' && v[2] != '-'))
		return -1;
	for (i = 0, p = v; i < HND_MAC_LEN; i++, p += 3) {
		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
		    (i < HND_MAC_LEN - 1 && p[2] != v[2]))
			return -1;
		mac[i] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
	}
	if ((mac[0] & 1) || !memcmp(mac, "\0\0\0\0\0\0", HND_MAC_LEN)) {
		m->why = "is not a unicast MAC address";
		return -1;
	}
	memcpy(FIELD(obj, k->off), mac, HND_MAC_LEN);
	return 0;
}

static int p_fwd_proto(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	return parse_fwd_proto(v, FIELD(obj, k->off), &m->why);
}

/* Kept as written: the [host] it names may come later. */
static int p_to(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	size_t n = strlen(v);

	if (!n || n >= CFG_TO_LEN) {
		m->why = "is not HOST[:PORT[-PORT]]";
		return -1;
	}
	memcpy(FIELD(obj, k->off), v, n + 1);
	return 0;
}

static int p_from(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	if (parse_prefix(v, FIELD(obj, k->off), &m->why) < 0)
		return -1;
	*(bool *)FIELD(obj, k->off2) = true;
	return 0;
}

/* yes or no, into a "disabled" flag */
static int p_enabled(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	static const char *const words[] = { "no", "yes", "false", "true", "off", "on", "0", "1" };
	int i = word_index(words, ARRAY_SIZE(words), v);

	if (i < 0) {
		m->why = "is not yes or no";
		return -1;
	}
	*(bool *)FIELD(obj, k->off) = !(i & 1); /* the even ones say no */
	return 0;
}

/* yes or no, into a flag that says yes */
static int p_yes(const struct cfg_key *k, char *v, void *obj, struct cfg_msg *m)
{
	if (p_enabled(k, v, obj, m) < 0)
		return -1;
	*(bool *)FIELD(obj, k->off) = !*(bool *)FIELD(obj, k->off);
	return 0;
}

/* The key tables: the format, as homenet.conf(5) has it. */

enum { WAN_INTERFACE, WAN_ADDRESS };
static const struct cfg_key wan_keys[] = {
	[WAN_INTERFACE] = { "interface", p_ifname, offsetof(struct hnd_wan, ifname) },
	[WAN_ADDRESS] = { "address", p_addr_auto, offsetof(struct hnd_wan, addr) },
};

enum { LAN_INTERFACE, LAN_ADDRESS };
static const struct cfg_key lan_keys[] = {
	[LAN_INTERFACE] = { "interface", p_ifname, offsetof(struct hnd_lan, ifname) },
	[LAN_ADDRESS] = { "address", p_addr_len, offsetof(struct hnd_lan, addr),
			  offsetof(struct hnd_lan, prefix_len) },
};

enum {
	DHCP_RANGE,
	DHCP_LEASE_TIME,
	DHCP_DNS,
	DHCP_DOMAIN,
	DHCP_ROUTER,
	DHCP_DECLINE_TIME,
	DHCP_LEASE_FILE,
	DHCP_CONFLICT_CHECK
};
static const struct cfg_key dhcp_keys[] = {
	[DHCP_RANGE] = { "range", p_range, offsetof(struct hnd_dhcp, range_first),
			 offsetof(struct hnd_dhcp, range_last) },
	[DHCP_LEASE_TIME] = { "lease-time", p_duration, offsetof(struct hnd_dhcp, lease_time), 0,
			      HND_LEASE_TIME_MIN, HND_LEASE_TIME_MAX },
	[DHCP_DNS] = { "dns", p_dns, offsetof(struct hnd_dhcp, dns),
		       offsetof(struct hnd_dhcp, n_dns), 1, HND_DNS_MAX },
	[DHCP_DOMAIN] = { "domain", p_domain, offsetof(struct hnd_dhcp, domain) },
	[DHCP_ROUTER] = { "router", p_addr, offsetof(struct hnd_dhcp, router) },
	[DHCP_DECLINE_TIME] = { "decline-time", p_duration, offsetof(struct hnd_dhcp, decline_time),
				0, 1, HND_DECLINE_TIME_MAX },
	[DHCP_LEASE_FILE] = { "lease-file", p_path, offsetof(struct hnd_dhcp, lease_file) },
	[DHCP_CONFLICT_CHECK] = { "conflict-check", p_enabled,
				  offsetof(struct hnd_dhcp, no_conflict_check) },
};

#define NAT_TIMEOUT(key, i)                                                                        \
	{                                                                                          \
		.name = key, .parse = p_duration, .off = offsetof(struct hn_nat, timeout[i]),      \
		.min = 1, .max = HND_TIMEOUT_MAX, .present = HN_NAT_TIMEOUT << (i)                 \
	}
static const struct cfg_key nat_keys[] = {
	{ "filter", p_filter, offsetof(struct hn_nat, filter), .present = HN_NAT_FILTER },
	{ "fastpath", p_fastpath, offsetof(struct hn_nat, fastpath), .present = HN_NAT_FASTPATH },
	{ "ports", p_ports, offsetof(struct hn_nat, port_min), offsetof(struct hn_nat, port_max),
	  .present = HN_NAT_PORTS },
	{ "max-sessions", p_number, offsetof(struct hn_nat, max_sessions), 0, 1, HND_SESSIONS_MAX,
	  HN_NAT_MAX_SESSIONS },
	NAT_TIMEOUT("timeout-udp", HN_TO_UDP),
	NAT_TIMEOUT("timeout-tcp", HN_TO_TCP),
	NAT_TIMEOUT("timeout-tcp-transitory", HN_TO_TCP_TRANS),
	NAT_TIMEOUT("timeout-icmp", HN_TO_ICMP),
	NAT_TIMEOUT("timeout-embryonic", HN_TO_EMBRYONIC),
	{ "inside", p_inside, offsetof(struct hn_nat, inside), offsetof(struct hn_nat, n_inside), 1,
	  HN_INSIDE_MAX, HN_NAT_INSIDE },
};

enum { HOST_MAC, HOST_ADDRESS, HOST_LEASE_TIME, HOST_IGNORE };
static const struct cfg_key host_keys[] = {
	[HOST_MAC] = { "mac", p_mac, offsetof(struct host_read, h.mac) },
	[HOST_ADDRESS] = { "address", p_addr, offsetof(struct host_read, h.addr) },
	[HOST_LEASE_TIME] = { "lease-time", p_duration, offsetof(struct host_read, h.lease_time), 0,
			      HND_LEASE_TIME_MIN, HND_LEASE_TIME_MAX },
	[HOST_IGNORE] = { "ignore", p_yes, offsetof(struct host_read, h.ignore) },
};

enum { FWD_PROTOCOL, FWD_PORT, FWD_TO, FWD_FROM, FWD_ENABLED };
static const struct cfg_key fwd_keys[] = {
	[FWD_PROTOCOL] = { "protocol", p_fwd_proto, offsetof(struct fwd_read, f.proto) },
	[FWD_PORT] = { "port", p_ports, offsetof(struct fwd_read, f.ext_port_min),
		       offsetof(struct fwd_read, f.ext_port_max) },
	[FWD_TO] = { "to", p_to, offsetof(struct fwd_read, to) },
	[FWD_FROM] = { "from", p_from, offsetof(struct fwd_read, f.src),
		       offsetof(struct fwd_read, f.has_src) },
	[FWD_ENABLED] = { "enabled", p_enabled, offsetof(struct fwd_read, f.disabled) },
};

#define KEYS(t) .keys = t, .n_keys = ARRAY_SIZE(t)
#define NAMED(t, name_field)                                                                       \
	.size = sizeof(t), .name_off = offsetof(t, name_field), .lines_off = offsetof(t, lines)

static const struct cfg_sect sects[S_COUNT] = {
	[S_WAN] = { "wan", KEYS(wan_keys), .required = 1U << WAN_INTERFACE,
		    .off = offsetof(struct hnd_config, wan) },
	[S_LAN] = { "lan", KEYS(lan_keys), .required = 1U << LAN_INTERFACE | 1U << LAN_ADDRESS,
		    .off = offsetof(struct hnd_config, lan) },
	[S_DHCP] = { "dhcp", KEYS(dhcp_keys), .required = 1U << DHCP_RANGE,
		     .off = offsetof(struct hnd_config, dhcp) },
	[S_NAT] = { "nat", KEYS(nat_keys), .off = offsetof(struct hnd_config, nat) },
	[S_HOST] = { "host", KEYS(host_keys), .required = 1U << HOST_MAC | 1U << HOST_ADDRESS,
		     NAMED(struct host_read, h.name) },
	[S_FORWARD] = { "forward", KEYS(fwd_keys),
			.required = 1U << FWD_PROTOCOL | 1U << FWD_PORT | 1U << FWD_TO,
			NAMED(struct fwd_read, f.name) },
};

_Static_assert(ARRAY_SIZE(dhcp_keys) <= CFG_KEYS_MAX && ARRAY_SIZE(nat_keys) <= CFG_KEYS_MAX,
	       "struct cfg_lines holds every key's line");

static struct host_read *hosts_read(const struct cfg_ctx *c)
{
	return c->named[S_HOST - S_NAMED].v;
}

static struct fwd_read *fwds_read(const struct cfg_ctx *c)
{
	return c->named[S_FORWARD - S_NAMED].v;
}

/* The end of a section: every key it needs is there. */
static int cfg_close(struct cfg_ctx *c)
{
	const struct cfg_sect *s = c->sect;
	unsigned int i;

	for (i = 0; s && i < s->n_keys; i++)
		if ((s->required >> i & 1) && !c->lines->key[i])
			return cfg_error(c, c->lines->sect, "%s has no \"%s\"", c->head,
					 s->keys[i].name);
	c->sect = NULL;
	return 0;
}

/* A new [host] or [forward] called @name, zeroed. */
static void *cfg_add_named(struct cfg_ctx *c, const struct cfg_sect *s, const char *name)
{
	struct cfg_array *a = &c->named[s - sects - S_NAMED];
	size_t cap = a->cap ? 2 * a->cap : 16;
	void *obj, *v;

	if (a->n == a->cap) {
		v = realloc(a->v, cap * s->size);
		if (!v)
			return NULL;
		a->v = v;
		a->cap = cap;
	}
	obj = (char *)a->v + a->n++ * s->size;
	memset(obj, 0, s->size);
	strcpy(FIELD(obj, s->name_off), name);
	return obj;
}

/* "[TYPE]" or "[TYPE NAME]", the start of a section, in @text */
static int cfg_section(struct cfg_ctx *c, const char *text)
{
	const char *close = strchr(text, ']'), *why;
	char buf[CFG_TEXT_MAX], *type, *name, *end;
	const struct cfg_sect *s;
	size_t id;

	if (cfg_close(c) < 0)
		return -1;
	if (!close)
		return cfg_error(c, c->line, "\"%s\" has no closing ']'", text);
	if (close[1] && close[1] != '#' && close[1] != ';') /* "[lan]# the home" */
		return cfg_error(c, c->line, "\"%s\" has more after ']'", text);
	snprintf(buf, sizeof(buf), "%.*s", (int)(close - text - 1), text + 1);
	type = buf + strspn(buf, " \t");
	for (end = type + strlen(type); end > type && isspace((unsigned char)end[-1]); end--)
		end[-1] = '\0';
	name = type + strcspn(type, " \t");
	if (*name) {
		*name++ = '\0';
		name += strspn(name, " \t"); /* "[host my nas]": "my nas", not a name */
	}
	for (id = 0; id < S_COUNT && strcmp(type, sects[id].name); id++)
		;
	if (id == S_COUNT)
		return cfg_error(c, c->line,
				 "\"%s\" is not a section ([wan], [lan], [dhcp], [nat], "
				 "[host NAME], [forward NAME])",
				 text);
	s = &sects[id];
	if (id < S_NAMED) {
		if (*name)
			return cfg_error(c, c->line, "\"%s\": [%s] takes no name", text, s->name);
		if (c->single[id].sect)
			return cfg_error(c, c->line, "\"%s\" is given twice (first on line %u)",
					 text, c->single[id].sect);
		c->obj = FIELD(c->cfg, s->off);
		c->lines = &c->single[id];
		snprintf(c->head, sizeof(c->head), "[%s]", s->name);
	} else {
		char valid[HND_NAME_LEN];

		if (!*name)
			return cfg_error(c, c->line, "\"%s\" needs a name: [%s NAME]", text,
					 s->name);
		if (parse_rule_name(name, valid, &why) < 0)
			return cfg_error(c, c->line, "\"%s\" is not a %s name " CFG_NAME_WHY, name,
					 s->name);
		if (id == S_HOST && !parse_ipv4(name, &(uint32_t){ 0 }, &why))
			return cfg_error(c, c->line,
					 "\"%s\" is not a host name: it reads as an address", name);
		c->obj = cfg_add_named(c, s, name);
		if (!c->obj)
			return cfg_nomem(c);
		c->lines = FIELD(c->obj, s->lines_off);
		snprintf(c->head, sizeof(c->head), "[%s %s]", s->name, name);
	}
	c->lines->sect = c->line;
	c->sect = s;
	return 0;
}

/* [*@s, *@e) without a BOM, indentation, a comment and trailing space. */
static void cfg_trim(const char **s, const char **e, bool first)
{
	const char *p;

	if (first && *e - *s >= 3 && !memcmp(*s, "\xef\xbb\xbf", 3))
		*s += 3;
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	for (p = *s; p < *e; p++) {
		if ((*p == '#' || *p == ';') && (p == *s || isspace((unsigned char)p[-1]))) {
			*e = p;
			break;
		}
	}
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/* inih's reader: the next line, trimmed, headers handled; NULL at the end or an error. */
static char *cfg_read_line(char *str, int num, void *stream)
{
	struct cfg_ctx *c = stream;
	const char *s = c->pos, *e;

	if (c->failed || !*s)
		return NULL;
	e = strchrnul(s, '\n');
	c->pos = *e ? e + 1 : e;
	c->line++;
	cfg_trim(&s, &e, c->line == 1);
	if (e - s >= num) {
		cfg_error(c, c->line, "the line is longer than %d characters", num - 1);
		return NULL;
	}
	memcpy(str, s, e - s);
	str[e - s] = '\0';
	if (*str == '[') {
		if (cfg_section(c, str) < 0)
			return NULL;
	} else if (*str && !strpbrk(str, "=:")) {
		cfg_error(c, c->line, "\"%s\" is not KEY = VALUE", str);
		return NULL;
	}
	return str;
}

/* The keys of @s, for a message. */
static const char *key_list(const struct cfg_sect *s, char *buf, size_t len)
{
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < s->n_keys && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "", s->keys[i].name);
	return buf;
}

static int dur_str(uint32_t secs, char *buf, size_t len)
{
	size_t u;

	for (u = 0; secs % dur_units[u].secs; u++) /* the last unit is 1 s */
		;
	return snprintf(buf, len, "%u%c", secs / dur_units[u].secs, dur_units[u].unit);
}

/* The bounds of @k, for a message: "1-4194304", "1m-365d". */
static const char *key_bounds(const struct cfg_key *k, char *buf, size_t len)
{
	int n;

	if (k->parse != p_duration) {
		snprintf(buf, len, "%u-%u", k->min, k->max);
		return buf;
	}
	n = dur_str(k->min, buf, len);
	buf[n++] = '-';
	dur_str(k->max, buf + n, len - n);
	return buf;
}

/* KEY = VALUE in the section being read. */
static int cfg_set(struct cfg_ctx *c, const char *key, const char *value)
{
	const struct cfg_sect *s = c->sect;
	struct cfg_msg m = { .value = value, .bad = value };
	char buf[CFG_TEXT_MAX];
	const struct cfg_key *k;
	unsigned int i;
	int ret;

	if (!s)
		return cfg_error(c, c->line, "\"%s\" is outside any section", key);
	for (i = 0; i < s->n_keys && strcmp(key, s->keys[i].name); i++)
		;
	if (i == s->n_keys)
		return cfg_error(c, c->line, "\"%s\" is not a key of %s (%s)", key, c->head,
				 key_list(s, buf, sizeof(buf)));
	if (c->lines->key[i])
		return cfg_error(c, c->line, "\"%s\" is given twice in %s (first on line %u)", key,
				 c->head, c->lines->key[i]);
	c->lines->key[i] = c->line;
	k = &s->keys[i];
	snprintf(buf, sizeof(buf), "%s", value);
	ret = k->parse(k, buf, c->obj, &m);
	if (ret == -ERANGE)
		return cfg_error(c, c->line, "\"%s\" is out of range (%s)", value,
				 key_bounds(k, buf, sizeof(buf)));
	if (ret < 0)
		return cfg_error(c, c->line, "\"%s\" %s", m.bad, m.why);
	c->cfg->nat.present |= k->present;
	return 0;
}

/* inih's handler: nonzero when the line is taken. */
static int cfg_handle(void *user, const char *section, const char *key, const char *value)
{
	(void)section; /* cfg_section() read it */
	return !cfg_set(user, key, value);
}

/* Sorting the objects read without moving them: an index, ties in file order. */
struct cfg_order {
	const void *base;
	size_t size;
	int (*cmp)(const void *a, const void *b);
};

#define ORDER_ELEM(o, i) ((const char *)(o)->base + (i) * (o)->size)

static int order_cmp(const void *a, const void *b, void *arg)
{
	const struct cfg_order *o = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = o->cmp(ORDER_ELEM(o, i), ORDER_ELEM(o, j));

	return r ? r : (i > j) - (i < j);
}

/*
 * Of the neighbours in the sorted @idx that clash (by @clash, or by @o->cmp
 * finding them equal when it is NULL), the pair whose later one comes first
 * in the file, as *@a < *@b.  False when none clash.
 */
static bool first_clash(const struct cfg_order *o, const size_t *idx, size_t n,
			bool (*clash)(const void *prev, const void *next), size_t *a, size_t *b)
{
	bool found = false;
	size_t i, lo, hi;

	for (i = 1; i < n; i++) {
		const void *p = ORDER_ELEM(o, idx[i - 1]), *q = ORDER_ELEM(o, idx[i]);

		if (clash ? !clash(p, q) : o->cmp(p, q))
			continue;
		lo = idx[i - 1] < idx[i] ? idx[i - 1] : idx[i];
		hi = idx[i - 1] < idx[i] ? idx[i] : idx[i - 1];
		if (!found || hi < *b) {
			*a = lo;
			*b = hi;
			found = true;
		}
	}
	return found;
}

/* An index of the @n objects for which @keep is true (all if NULL), sorted. */
static size_t *order_index(const struct cfg_order *o, size_t n, bool (*keep)(const void *, int),
			   int arg, size_t *kept)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), i;

	if (!idx)
		return NULL;
	for (*kept = 0, i = 0; i < n; i++)
		if (!keep || keep(ORDER_ELEM(o, i), arg))
			idx[(*kept)++] = i;
	qsort_r(idx, *kept, sizeof(*idx), order_cmp, (void *)o);
	return idx;
}

static int host_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct host_read *)a)->h.name, ((const struct host_read *)b)->h.name);
}

static int host_cmp_mac(const void *a, const void *b)
{
	return memcmp(((const struct host_read *)a)->h.mac, ((const struct host_read *)b)->h.mac,
		      HND_MAC_LEN);
}

static int host_cmp_addr(const void *a, const void *b)
{
	uint32_t x = ntohl(((const struct host_read *)a)->h.addr);
	uint32_t y = ntohl(((const struct host_read *)b)->h.addr);

	return (x > y) - (x < y);
}

static int fwd_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct fwd_read *)a)->f.name, ((const struct fwd_read *)b)->f.name);
}

static int fwd_cmp_port(const void *a, const void *b)
{
	return (int)((const struct fwd_read *)a)->f.ext_port_min -
	       (int)((const struct fwd_read *)b)->f.ext_port_min;
}

static bool fwd_has_proto(const void *f, int proto)
{
	return ((const struct fwd_read *)f)->f.proto & proto;
}

/* Sorted by their first port, two rules overlap when the second starts in the first. */
static bool fwd_overlap(const void *prev, const void *next)
{
	return ((const struct fwd_read *)next)->f.ext_port_min <=
	       ((const struct fwd_read *)prev)->f.ext_port_max;
}

/* Why @addr cannot be a host's on the LAN, or NULL. */
static const char *lan_host_why(const struct hnd_lan *lan, uint32_t addr)
{
	uint32_t mask = prefix_mask(lan->prefix_len), net = ntohl(lan->addr) & mask;
	uint32_t a = ntohl(addr);

	if ((a & mask) != net)
		return "is not inside the LAN";
	if (a == net)
		return "is the LAN's network address";
	if (a == (net | ~mask))
		return "is the LAN's broadcast address";
	if (addr == lan->addr)
		return "is the router's own address";
	return NULL;
}

/* @addr a host's on the LAN, or an error at @line naming it. */
static int check_lan_host(struct cfg_ctx *c, uint32_t addr, unsigned int line)
{
	const char *why = lan_host_why(&c->cfg->lan, addr);
	char a[INET_ADDRSTRLEN], l[INET_ADDRSTRLEN];

	if (!why)
		return 0;
	return cfg_error(c, line, "\"%s\" %s (%s/%u, line %u)", ipv4_str(addr, a), why,
			 ipv4_str(c->cfg->lan.addr, l), c->cfg->lan.prefix_len,
			 c->single[S_LAN].key[LAN_ADDRESS]);
}

static int check_sections(struct cfg_ctx *c)
{
	static const int needed[] = { S_WAN, S_LAN };
	unsigned int last = c->line ? c->line : 1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(needed); i++)
		if (!c->single[needed[i]].sect)
			return cfg_error(c, last, "there is no [%s] section",
					 sects[needed[i]].name);
	if (!strcmp(c->cfg->wan.ifname, c->cfg->lan.ifname))
		return cfg_error(c, c->single[S_LAN].key[LAN_INTERFACE],
				 "\"%s\" is the WAN interface too (line %u)", c->cfg->lan.ifname,
				 c->single[S_WAN].key[WAN_INTERFACE]);
	return 0;
}

static int check_dhcp(struct cfg_ctx *c)
{
	struct hnd_dhcp *d = &c->cfg->dhcp;
	const unsigned int *line = c->single[S_DHCP].key;
	uint32_t lan = ntohl(c->cfg->lan.addr);
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];

	d->enabled = c->single[S_DHCP].sect;
	if (!line[DHCP_ROUTER])
		d->router = c->cfg->lan.addr;
	else if (d->router != c->cfg->lan.addr &&
		 check_lan_host(c, d->router, line[DHCP_ROUTER]) < 0)
		return -1;
	if (!d->enabled)
		return 0;
	if (check_lan_host(c, d->range_first, line[DHCP_RANGE]) < 0 ||
	    check_lan_host(c, d->range_last, line[DHCP_RANGE]) < 0)
		return -1;
	if (ntohl(d->range_first) <= lan && lan <= ntohl(d->range_last))
		return cfg_error(c, line[DHCP_RANGE], "\"%s %s\" holds the router's address %s",
				 ipv4_str(d->range_first, a), ipv4_str(d->range_last, b),
				 ipv4_str(c->cfg->lan.addr, r));
	return 0;
}

/* Names, MACs and addresses unique; the index by name is kept for the forwards. */
static int check_hosts(struct cfg_ctx *c)
{
	const struct host_read *h = hosts_read(c);
	size_t i, n = c->named[S_HOST - S_NAMED].n, x, y, kept;
	struct cfg_order o = { h, sizeof(*h), host_cmp_name };
	char s[INET_ADDRSTRLEN + HND_MAC_LEN * 3];
	size_t *idx;
	int ret = 0;

	for (i = 0; i < n; i++)
		if (check_lan_host(c, h[i].h.addr, h[i].lines.key[HOST_ADDRESS]) < 0)
			return -1;
	c->host_by_name = order_index(&o, n, NULL, 0, &kept);
	if (!c->host_by_name)
		return cfg_nomem(c);
	if (first_clash(&o, c->host_by_name, n, NULL, &x, &y))
		return cfg_error(c, h[y].lines.sect,
				 "\"[host %s]\" is given twice (first on line %u)", h[y].h.name,
				 h[x].lines.sect);
	o.cmp = host_cmp_mac;
	idx = order_index(&o, n, NULL, 0, &kept);
	if (!idx)
		return cfg_nomem(c);
	if (first_clash(&o, idx, n, NULL, &x, &y)) {
		for (i = 0; i < HND_MAC_LEN; i++)
			sprintf(s + 3 * i, "%02x%s", h[y].h.mac[i], i < HND_MAC_LEN - 1 ? ":" : "");
		ret = cfg_error(c, h[y].lines.key[HOST_MAC],
				"\"%s\" is the MAC address of [host %s] already (line %u)", s,
				h[x].h.name, h[x].lines.key[HOST_MAC]);
	}
	o.cmp = host_cmp_addr;
	qsort_r(idx, n, sizeof(*idx), order_cmp, &o);
	if (!ret && first_clash(&o, idx, n, NULL, &x, &y))
		ret = cfg_error(c, h[y].lines.key[HOST_ADDRESS],
				"\"%s\" is the address of [host %s] already (line %u)",
				ipv4_str(h[y].h.addr, s), h[x].h.name,
				h[x].lines.key[HOST_ADDRESS]);
	free(idx);
	return ret;
}

static const struct host_read *host_find(const struct cfg_ctx *c, const char *name)
{
	const struct host_read *h = hosts_read(c);
	size_t lo = 0, hi = c->named[S_HOST - S_NAMED].n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(name, h[c->host_by_name[mid]].h.name);
		if (!r)
			return &h[c->host_by_name[mid]];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * "to = HOST[:PORT[-PORT]]": the inside address and ports of @r.  Without a
 * port, the external ones; one port for an external range is the first of
 * as many; a range is as long as the external one, or one port.
 */
static int fwd_resolve(struct cfg_ctx *c, struct fwd_read *r)
{
	unsigned int line = r->lines.key[FWD_TO], span = r->f.ext_port_max - r->f.ext_port_min;
	char host[CFG_TO_LEN], *ports;
	const struct host_read *h;
	const char *why;
	uint16_t lo, hi;

	strcpy(host, r->to);
	ports = strchr(host, ':');
	if (ports)
		*ports++ = '\0';
	if (!parse_ipv4(host, &r->f.int_addr, &why)) {
		if (!unicast(r->f.int_addr))
			return cfg_error(c, line, "\"%s\" is not a unicast address", host);
	} else {
		h = host_find(c, host);
		if (!h)
			return cfg_error(c, line, "\"%s\" is neither a [host] nor an address",
					 host);
		r->f.int_addr = h->h.addr;
	}
	if (!ports) {
		r->f.int_port_min = r->f.ext_port_min;
		r->f.int_port_max = r->f.ext_port_max;
		return 0;
	}
	if (parse_port_range(ports, &lo, &hi, &why) < 0)
		return cfg_error(c, line,
				 "\"%s\" has a bad port or range after the host (1-65535, LO-HI)",
				 r->to);
	if (!strchr(ports, '-')) {
		if (lo + span > UINT16_MAX)
			return cfg_error(c, line,
					 "\"%s\" leaves fewer ports up to 65535 than the external "
					 "range has",
					 r->to);
		hi = (uint16_t)(lo + span);
	} else if (hi != lo && (unsigned int)(hi - lo) != span) {
		return cfg_error(c, line,
				 "\"%s\" is a range of another length than the external one "
				 "(give one port, or as many)",
				 r->to);
	}
	r->f.int_port_min = lo;
	r->f.int_port_max = hi;
	return 0;
}

/* Names unique, [host]s resolved, no port of a protocol in two rules. */
static int check_fwds(struct cfg_ctx *c)
{
	static const uint8_t protos[] = { HOMENET_FWD_TCP, HOMENET_FWD_UDP };
	struct fwd_read *f = fwds_read(c);
	size_t i, n = c->named[S_FORWARD - S_NAMED].n, x, y, kept;
	struct cfg_order o = { f, sizeof(*f), fwd_cmp_name };
	char p[PORT_RANGE_STRLEN], q[PORT_RANGE_STRLEN];
	size_t *idx;
	int ret = 0;

	if (n > HND_FWDS_MAX)
		return cfg_error(c, f[HND_FWDS_MAX].lines.sect,
				 "[forward %s] is one forward too many (%u at most)",
				 f[HND_FWDS_MAX].f.name, HND_FWDS_MAX);
	idx = order_index(&o, n, NULL, 0, &kept);
	if (!idx)
		return cfg_nomem(c);
	if (first_clash(&o, idx, n, NULL, &x, &y))
		ret = cfg_error(c, f[y].lines.sect,
				"\"[forward %s]\" is given twice (first on line %u)", f[y].f.name,
				f[x].lines.sect);
	free(idx);
	for (i = 0; !ret && i < n; i++)
		ret = fwd_resolve(c, &f[i]);
	o.cmp = fwd_cmp_port;
	for (i = 0; !ret && i < ARRAY_SIZE(protos); i++) {
		idx = order_index(&o, n, fwd_has_proto, protos[i], &kept);
		if (!idx)
			return cfg_nomem(c);
		if (first_clash(&o, idx, kept, fwd_overlap, &x, &y))
			ret = cfg_error(c, f[y].lines.key[FWD_PORT],
					"port \"%s\" of [forward %s] overlaps [forward %s] "
					"(port %s, line %u) for %s",
					port_range_str(f[y].f.ext_port_min, f[y].f.ext_port_max, p),
					f[y].f.name, f[x].f.name,
					port_range_str(f[x].f.ext_port_min, f[x].f.ext_port_max, q),
					f[x].lines.key[FWD_PORT], fwd_proto_name(protos[i]));
		free(idx);
	}
	return ret;
}

/* The hosts and rules read, into @c->cfg. */
static int cfg_publish(struct cfg_ctx *c)
{
	const struct host_read *h = hosts_read(c);
	const struct fwd_read *f = fwds_read(c);
	struct hnd_config *cfg = c->cfg;
	size_t i;

	cfg->n_hosts = c->named[S_HOST - S_NAMED].n;
	cfg->n_fwds = c->named[S_FORWARD - S_NAMED].n;
	cfg->hosts = calloc(cfg->n_hosts ? cfg->n_hosts : 1, sizeof(*cfg->hosts));
	cfg->fwds = calloc(cfg->n_fwds ? cfg->n_fwds : 1, sizeof(*cfg->fwds));
	if (!cfg->hosts || !cfg->fwds)
		return cfg_nomem(c);
	for (i = 0; i < cfg->n_hosts; i++)
		cfg->hosts[i] = h[i].h;
	for (i = 0; i < cfg->n_fwds; i++)
		cfg->fwds[i] = f[i].f;
	return 0;
}

int hnd_config_parse(const char *text, const char *name, struct hnd_config *cfg, char *err,
		     size_t errlen)
{
	struct hnd_config new = {
		.dhcp = { .lease_time = HND_LEASE_TIME_DEF,
			  .decline_time = HND_DECLINE_TIME_DEF,
			  .lease_file = HND_LEASE_FILE_DEF },
	};
	struct cfg_ctx c = { .name = name, .pos = text, .cfg = &new, .err = err, .errlen = errlen };
	size_t i;
	int ret;

	ret = ini_parse_stream(cfg_read_line, &c, cfg_handle, &c);
	if (ret > 0 && (!c.failed || (unsigned int)ret < c.failed_at)) {
		/* inih saw what cfg_read_line() did not: not expected */
		c.failed = false;
		cfg_error(&c, (unsigned int)ret, "not [SECTION] or KEY = VALUE");
	} else if (ret < 0) {
		cfg_nomem(&c);
	}
	if (!c.failed && !cfg_close(&c) && !check_sections(&c) && !check_dhcp(&c) &&
	    !check_hosts(&c) && !check_fwds(&c))
		cfg_publish(&c);
	for (i = 0; i < ARRAY_SIZE(c.named); i++)
		free(c.named[i].v);
	free(c.host_by_name);
	if (c.failed) {
		hnd_config_free(&new);
		return -1;
	}
	*cfg = new;
	return 0;
}

int hnd_config_load(const char *path, struct hnd_config *cfg, char *err, size_t errlen)
{
	FILE *in = fopen(path, "r");
	unsigned int line = 1;
	char *text = NULL;
	ssize_t n, i;
	size_t cap = 0;
	int ret = -1;

	if (!in) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* The whole file, unless it has a NUL byte: up to that */
	n = getdelim(&text, &cap, '\0', in);
	if (n < 0 && ferror(in)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	} else if (n > 0 && !text[n - 1]) {
		for (i = 0; i < n; i++)
			line += text[i] == '\n';
		snprintf(err, errlen, "%s:%u: the line has a NUL byte", path, line);
	} else {
		ret = hnd_config_parse(n > 0 ? text : "", path, cfg, err, errlen);
	}
	free(text);
	fclose(in);
	return ret;
}

void hnd_config_free(struct hnd_config *cfg)
{
	free(cfg->hosts);
	free(cfg->fwds);
	cfg->hosts = NULL;
	cfg->fwds = NULL;
	cfg->n_hosts = 0;
	cfg->n_fwds = 0;
}
