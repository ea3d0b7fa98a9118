/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket between homenetd and homenetctl: a Unix stream socket
 * (root and group only).  A client sends one request line and reads the
 * reply to its end; the daemon closes the connection after it.
 *
 *   request  "leases\n"
 *   reply    one line per lease:
 *            "lease MAC ADDR EXPIRES static|dynamic NAME\n"
 *            (EXPIRES: seconds left, or "never"; NAME: the host name, or
 *            "-"), then "end\n".  Any other reply line is "error TEXT\n".
 */
#ifndef HN_LEASEPROTO_H
#define HN_LEASEPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HND_CONTROL_PATH   "/run/homenet/homenetd.sock"
/* Environment variable that overrides the path, for both sides. */
#define HND_CONTROL_ENV	   "HOMENETD_SOCKET"
#define HND_LEASE_NAME_MAX 64

struct hnd_lease_info {
	uint8_t mac[6];
	uint32_t addr;	   /* network byte order */
	int64_t expires_s; /* seconds left; -1: never (static) */
	bool is_static;
	char name[HND_LEASE_NAME_MAX]; /* "" when none */
};

/* The control socket's path: $HOMENETD_SOCKET, else the default. */
const char *hnd_control_path(void);

/* Format @l as a reply line (with its newline); the length, or -1. */
int hnd_lease_format(char *buf, size_t len, const struct hnd_lease_info *l);
/*
 * Parse one reply line (without its newline) into @l.  Returns 1 for a
 * lease, 0 for "end", -1 for a malformed line (@why says what).
 */
int hnd_lease_parse(const char *line, struct hnd_lease_info *l, const char **why);

#endif /* HN_LEASEPROTO_H */
