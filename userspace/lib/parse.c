// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for command-line words.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/homenet.h>

#include "parse.h"

int parse_ipv4(const char *s, uint32_t *addr, const char **why)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		*why = "is not an IPv4 address (A.B.C.D)";
		return -1;
	}
	*addr = a.s_addr;
	return 0;
}

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v, const char **why)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)*s)) {
		*why = "is not a number";
		return -1;
	}
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || *end) {
		*why = "is not a number";
		return -1;
	}
	if (x < min || x > max) {
		*why = "is out of range";
		return -1;
	}
	*v = (uint32_t)x;
	return 0;
}

int parse_prefix(const char *s, struct hn_prefix *p, const char **why)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	uint32_t len = 32, mask;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= sizeof(buf)) {
		*why = "is not a prefix (A.B.C.D/LEN)";
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_ipv4(buf, &p->addr, why) < 0) {
		*why = "is not a prefix (A.B.C.D/LEN)";
		return -1;
	}
	if (slash && parse_u32(slash + 1, 0, 32, &len, why) < 0) {
		*why = "has a bad prefix length (0-32)";
		return -1;
	}
	mask = len ? htonl(~0U << (32 - len)) : 0;
	if (p->addr & ~mask) {
		*why = "has host bits set after the prefix length";
		return -1;
	}
	p->len = (uint8_t)len;
	return 0;
}

int parse_prefix_list(const char *s, struct hn_prefix *list, unsigned int max, unsigned int *n,
		      const char **why)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int ret = 0;

	if (!copy) {
		*why = "cannot be copied (out of memory)";
		return -1;
	}
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == max) {
			*why = "has too many prefixes";
			ret = -1;
			break;
		}
		if (parse_prefix(tok, &list[*n], why) < 0) {
			ret = -1;
			break;
		}
		(*n)++;
	}
	if (!ret && !*n) {
		*why = "is an empty list";
		ret = -1;
	}
	free(copy);
	return ret;
}

int parse_port_range(const char *s, uint16_t *lo, uint16_t *hi, const char **why)
{
	const char *dash = strchr(s, '-');
	char buf[8];
	uint32_t a, b;

	if (!dash) {
		if (parse_u32(s, 1, 65535, &a, why) < 0)
			goto bad;
		*lo = *hi = (uint16_t)a;
		return 0;
	}
	if ((size_t)(dash - s) >= sizeof(buf))
		goto bad;
	memcpy(buf, s, dash - s);
	buf[dash - s] = '\0';
	if (parse_u32(buf, 1, 65535, &a, why) < 0 || parse_u32(dash + 1, 1, 65535, &b, why) < 0)
		goto bad;
	if (a > b) {
		*why = "is an empty range (LO > HI)";
		return -1;
	}
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
bad:
	*why = "is not a port or port range (1-65535, LO-HI)";
	return -1;
}

int parse_endpoint(const char *s, uint32_t *addr, uint16_t *port, bool port_optional,
		   const char **why)
{
	const char *colon = strrchr(s, ':');
	char buf[32];
	uint32_t p = 0;
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if ((!colon && !port_optional) || n >= sizeof(buf))
		goto bad;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_ipv4(buf, addr, why) < 0)
		goto bad;
	if (colon && parse_u32(colon + 1, 0, 65535, &p, why) < 0)
		goto bad;
	*port = (uint16_t)p;
	return 0;
bad:
	*why = port_optional ? "is not an address (A.B.C.D[:PORT])"
			     : "is not an address and port (A.B.C.D:PORT)";
	return -1;
}

int parse_proto(const char *s, uint8_t *proto, const char **why)
{
	if (!strcmp(s, "tcp"))
		*proto = IPPROTO_TCP;
	else if (!strcmp(s, "udp"))
		*proto = IPPROTO_UDP;
	else if (!strcmp(s, "icmp"))
		*proto = IPPROTO_ICMP;
	else {
		*why = "is not a protocol (tcp, udp, icmp)";
		return -1;
	}
	return 0;
}

int parse_fwd_proto(const char *s, uint8_t *proto, const char **why)
{
	if (!strcmp(s, "tcp"))
		*proto = HOMENET_FWD_TCP;
	else if (!strcmp(s, "udp"))
		*proto = HOMENET_FWD_UDP;
	else if (!strcmp(s, "tcp+udp") || !strcmp(s, "both"))
		*proto = HOMENET_FWD_TCP | HOMENET_FWD_UDP;
	else {
		*why = "is not a forward protocol (tcp, udp, tcp+udp)";
		return -1;
	}
	return 0;
}

int parse_rule_name(const char *s, char *name, const char **why)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

	if (!n || s[n] || n >= HN_FWD_NAME_LEN) {
		*why = "is not a rule name (1-31 of A-Z a-z 0-9 _ . -)";
		return -1;
	}
	memcpy(name, s, n + 1);
	return 0;
}

const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	default:
		return "?";
	}
}

const char *ipv4_str(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

const char *fwd_proto_name(uint8_t proto)
{
	switch (proto) {
	case HOMENET_FWD_TCP:
		return "tcp";
	case HOMENET_FWD_UDP:
		return "udp";
	case HOMENET_FWD_TCP | HOMENET_FWD_UDP:
		return "tcp+udp";
	default:
		return "?";
	}
}

const char *port_range_str(uint16_t lo, uint16_t hi, char *buf)
{
	if (lo == hi)
		snprintf(buf, PORT_RANGE_STRLEN, "%u", lo);
	else
		snprintf(buf, PORT_RANGE_STRLEN, "%u-%u", lo, hi);
	return buf;
}
