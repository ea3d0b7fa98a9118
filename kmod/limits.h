/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named limits and defaults, in one place.
 */
#ifndef _HOMENET_LIMITS_H
#define _HOMENET_LIMITS_H

enum {
	/* Inside prefixes one router accepts (default: the RFC 1918 ranges). */
	HN_INSIDE_MAX = 16,

	/* Default timeouts in seconds (RFC 4787 REQ-5, RFC 5382, RFC 5508). */
	HN_DEF_TIMEOUT_UDP = 300,
	HN_DEF_TIMEOUT_TCP_EST = 7440,
	HN_DEF_TIMEOUT_TCP_TRANS = 240,
	HN_DEF_TIMEOUT_ICMP = 60,
	/*
	 * A session opened from outside that the inside host has not
	 * answered (TCP: before the handshake is done); and before its
	 * first packet has been through the forward path at all.
	 */
	HN_DEF_TIMEOUT_EMBRYONIC = 30,
	HN_UNCONFIRMED_SEC = 2,
	/* No timeout may be set shorter or longer than these. */
	HN_TIMEOUT_MIN = 1,
	HN_TIMEOUT_MAX = 7 * 24 * 3600,

	HN_DEF_MAX_SESSIONS = 65536,
	HN_MAX_SESSIONS_LIMIT = 4 * 1024 * 1024,
	/* ... and in a network namespace that a user namespace owns */
	HN_MAX_SESSIONS_USERNS = 256 * 1024,
	/*
	 * What the internet may hold of the table: embryonic sessions per
	 * remote host (counted in two rows of HN_HOST_SLOTS by keyed hashes
	 * of the address: a host is held to the smaller of its two counts,
	 * so another shares its limit only if both its slots collide), and
	 * sessions opened from outside, a half of max-sessions; the rest is
	 * the LAN's.  When the table is full, a new session takes the place
	 * of one in HN_EVICT_BUCKETS buckets from a random one that has
	 * timed out, else is embryonic, else (for one from inside) is TCP
	 * not established; never of an established one.  Up to HN_DEAD_MAX
	 * wait for their grace period.
	 */
	HN_EMBRYONIC_PER_HOST = 64,
	HN_HOST_SLOTS = 1024,
	HN_EVICT_BUCKETS = 8,
	HN_DEAD_MAX = 256,
	/* Hash tables (htab.h): 16 buckets at the least, a chain of 1 at the limit. */
	HN_HASH_MIN_SHIFT = 4,
	HN_HASH_MAX_SHIFT = 22,

	/*
	 * Port search when the source port cannot be kept: bounded, from a
	 * random start (RFC 6056), first keeping parity (RFC 4787 REQ-4).
	 * We are in softirq: a packet never waits on a long search.
	 */
	HN_PORT_TRIES = 256,

	/* Forward rules one namespace holds. */
	HN_FWD_MAX_RULES = 65536,

	/*
	 * Unsolicited inbound SYNs to the pool are held this long before the
	 * ICMP port unreachable (RFC 5382 REQ-4: at least 6 s), this many
	 * per namespace at most (beyond: dropped unanswered).
	 */
	HN_SYN_HOLD_SEC = 6,
	HN_SYN_HOLD_MAX = 64,

	/*
	 * Expired sessions are collected this often (seconds), from
	 * HN_GC_MIN_BUCKETS buckets or an HN_GC_PARTS'th of the table,
	 * whichever is more: a small table whole each time, a large one
	 * within HN_GC_PARTS seconds.
	 */
	HN_GC_INTERVAL = 1,
	HN_GC_MIN_BUCKETS = 16384,
	HN_GC_PARTS = 8,

	/*
	 * The fast path's place among a device's ingress hooks: before the
	 * usual filter chains (priority 0), which "auto" then sees it skip.
	 */
	HN_INGRESS_PRIORITY = -10,
};

#endif /* _HOMENET_LIMITS_H */
