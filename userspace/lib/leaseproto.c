// SPDX-License-Identifier: GPL-2.0
/*
 * The lease lines of homenetd's control socket (see leaseproto.h).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaseproto.h"

const char *hnd_control_path(void)
{
	const char *p = getenv(HND_CONTROL_ENV);

	return p && *p ? p : HND_CONTROL_PATH;
}

/* A name goes on the line as one word: "-" for none. */
static bool hnd_name_ok(const char *name)
{
	if (!*name || !strcmp(name, "-"))
		return false;
	for (; *name; name++)
		if (*name <= ' ' || *name > '~')
			return false;
	return true;
}

int hnd_lease_format(char *buf, size_t len, const struct hnd_lease_info *l)
{
	char addr[INET_ADDRSTRLEN], expires[24];
	const uint8_t *m = l->mac;
	int n;

	if (!inet_ntop(AF_INET, &l->addr, addr, sizeof(addr)))
		return -1;
	if (l->expires_s < 0)
		snprintf(expires, sizeof(expires), "never");
	else
		snprintf(expires, sizeof(expires), "%" PRId64, l->expires_s);
	n = snprintf(buf, len, "lease %02x:%02x:%02x:%02x:%02x:%02x %s %s %s %s\n", m[0], m[1],
		     m[2], m[3], m[4], m[5], addr, expires, l->is_static ? "static" : "dynamic",
		     hnd_name_ok(l->name) ? l->name : "-");
	return n < 0 || (size_t)n >= len ? -1 : n;
}

int hnd_lease_parse(const char *line, struct hnd_lease_info *l, const char **why)
{
	char mac[32], addr[32], expires[32], type[16], name[HND_LEASE_NAME_MAX];
	unsigned int m[6];
	char *end;
	int i;

	if (!strcmp(line, "end"))
		return 0;
	if (!strncmp(line, "error ", 6)) {
		*why = line + 6;
		return -1;
	}
	*why = "is not a lease line";
	if (sscanf(line, "lease %31s %31s %31s %15s %63s", mac, addr, expires, type, name) != 5)
		return -1;
	memset(l, 0, sizeof(*l));
	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		l->mac[i] = (uint8_t)m[i];
	if (inet_pton(AF_INET, addr, &l->addr) != 1)
		return -1;
	if (!strcmp(expires, "never")) {
		l->expires_s = -1;
	} else {
		l->expires_s = strtoll(expires, &end, 10);
		if (*end || l->expires_s < 0)
			return -1;
	}
	if (strcmp(type, "static") && strcmp(type, "dynamic"))
		return -1;
	l->is_static = !strcmp(type, "static");
	if (strcmp(name, "-"))
		snprintf(l->name, sizeof(l->name), "%s", name);
	return 1;
}
