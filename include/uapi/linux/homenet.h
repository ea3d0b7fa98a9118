/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * homenet: a home router (NAPT, port forwarding) in the Linux kernel.
 *
 * The generic netlink family "homenet" is the module's only interface.
 * Its specification is homenet.yaml beside this file; the two change
 * together.
 *
 * Conventions:
 * - Commands and attributes start at 1 and are append-only.
 * - IPv4 addresses and ports are in network byte order (as in
 *   nfnetlink_conntrack.h); every other integer is in host byte order.
 * - Every command is per network namespace: it acts on the namespace of
 *   the netlink socket that sends it.  Each namespace is its own router.
 * - Commands that change state, and those that read what the home's
 *   traffic shows (its sessions, forward rules with their counters,
 *   statistics), need CAP_NET_ADMIN in the user namespace that owns the
 *   network namespace, as conntrack does; the version and the NAT's
 *   configuration are for anyone to read.  Rejections carry an extack
 *   message.
 *
 * Commands:
 *
 * HOMENET_CMD_INFO_GET
 *	Read-only.  Request: no attributes.  Reply: HOMENET_A_INFO_VERSION.
 *
 * HOMENET_CMD_NAT_GET
 *	Read-only.  Reply: HOMENET_A_NAT, every homenet_nat_attr that applies
 *	(no WAN_IFINDEX while NAT is off).
 *
 * HOMENET_CMD_NAT_SET
 *	Admin.  Request: HOMENET_A_NAT with the attributes to change; the
 *	others keep their value.  The new configuration is checked whole and
 *	published at once, or refused whole.  Setting WAN_IFINDEX turns NAT
 *	on; HOMENET_NAT_A_OFF turns it off (sessions are flushed).  Changing
 *	the external address, port range or inside prefixes flushes the
 *	sessions they invalidate.
 *
 * HOMENET_CMD_SESSION_GET
 *	Admin, dump only.  Request may hold HOMENET_A_SESSION with PROTO
 *	and/or INT_ADDR as filters.  One message per session, each carrying
 *	HOMENET_A_SESSION.  A dump that raced with a change of the table ends
 *	with NLM_F_DUMP_INTR set: dump again.  Even then it holds every
 *	session that was there throughout, once unless the table was resized
 *	meanwhile (then perhaps twice), and may hold ones that came or went.
 *
 * HOMENET_CMD_SESSION_DEL
 *	Admin.  Request: HOMENET_A_SESSION with PROTO, INT_ADDR, INT_PORT,
 *	REM_ADDR, REM_PORT (for ICMP the ports are the echo identifier and 0).
 *	-ENOENT when there is no such session.
 *
 * HOMENET_CMD_SESSION_FLUSH
 *	Admin.  Deletes every session (and so every mapping).
 *
 * HOMENET_CMD_STATS_GET
 *	Admin.  Reply: HOMENET_A_STATS with every counter.
 *
 * Port forwarding rules (one set per namespace, in force while NAT is on):
 *
 * HOMENET_CMD_FWD_GET
 *	Admin, dump only.  One message per rule, each carrying
 *	HOMENET_A_FWD with every attribute that applies and its counters.
 *	NLM_F_DUMP_INTR when the set changed mid-dump.
 *
 * HOMENET_CMD_FWD_ADD
 *	Admin.  Request: HOMENET_A_FWD with PROTO, EXT_PORT_MIN, INT_ADDR and
 *	optionally EXT_PORT_MAX (default: MIN), INT_PORT_MIN (default:
 *	EXT_PORT_MIN), INT_PORT_MAX (default: the same span as the external
 *	range; else equal to INT_PORT_MIN, every external port to one
 *	internal port), SRC_ADDR + SRC_LEN, NAME, DISABLED.  -EEXIST when
 *	its ports overlap another rule's for a common protocol, or its name
 *	is taken.  Dynamic mappings holding one of its ports are removed
 *	with their sessions: the rule owns its ports from then on.
 *
 * HOMENET_CMD_FWD_DEL
 *	Admin.  Request: HOMENET_A_FWD with NAME, or with PROTO and one
 *	EXT_PORT_MIN inside the rule's range (PROTO must be the rule's).
 *	The rule's sessions go with it.  -ENOENT when there is no such rule.
 *
 * HOMENET_CMD_FWD_FLUSH
 *	Admin.  Deletes every rule and their sessions.
 *
 * HOMENET_CMD_FWD_REPLACE
 *	Admin.  Request: the whole new set, one top-level HOMENET_A_FWD per
 *	rule (none: an empty set; a nest could not hold 10,000 rules, a
 *	message can).  Checked whole, then published at once: a packet sees the
 *	old set or the new one.  A rule equal in every attribute to an old
 *	one keeps its counters and its sessions; the sessions of the others
 *	are deleted.
 */
#ifndef _UAPI_LINUX_HOMENET_H
#define _UAPI_LINUX_HOMENET_H

#define HOMENET_GENL_NAME	"homenet"
#define HOMENET_GENL_VERSION	1

enum homenet_cmd {
	HOMENET_CMD_UNSPEC,
	HOMENET_CMD_INFO_GET,
	HOMENET_CMD_NAT_GET,
	HOMENET_CMD_NAT_SET,
	HOMENET_CMD_SESSION_GET,
	HOMENET_CMD_SESSION_DEL,
	HOMENET_CMD_SESSION_FLUSH,
	HOMENET_CMD_STATS_GET,
	HOMENET_CMD_FWD_GET,
	HOMENET_CMD_FWD_ADD,
	HOMENET_CMD_FWD_DEL,
	HOMENET_CMD_FWD_FLUSH,
	HOMENET_CMD_FWD_REPLACE,

	__HOMENET_CMD_MAX
};

#define HOMENET_CMD_MAX (__HOMENET_CMD_MAX - 1)

/* Top-level attributes. */
enum homenet_attr {
	HOMENET_A_UNSPEC,
	HOMENET_A_INFO_VERSION,		/* string: module version */
	HOMENET_A_NAT,			/* nest: homenet_nat_attr */
	HOMENET_A_SESSION,		/* nest: homenet_session_attr */
	HOMENET_A_STATS,		/* nest: homenet_stats_attr */
	HOMENET_A_FWD,			/* nest: homenet_fwd_attr */

	__HOMENET_A_MAX
};

#define HOMENET_A_MAX (__HOMENET_A_MAX - 1)

/* How unsolicited inbound packets to a mapping are filtered (RFC 4787). */
enum homenet_filter {
	HOMENET_FILTER_EIF,	/* endpoint-independent: anyone may send */
	HOMENET_FILTER_ADF,	/* address-dependent: hosts contacted before */
	HOMENET_FILTER_APDF,	/* address and port dependent */

	__HOMENET_FILTER_MAX
};

#define HOMENET_FILTER_MAX (__HOMENET_FILTER_MAX - 1)

/*
 * Established sessions' packets translated and sent on from PRE_ROUTING
 * by the route an earlier packet took, past the forward path.
 */
enum homenet_fastpath {
	HOMENET_FASTPATH_OFF,
	HOMENET_FASTPATH_AUTO,	/* only while no other hook would be skipped */
	HOMENET_FASTPATH_ON,	/* skip FORWARD as a flowtable does */

	__HOMENET_FASTPATH_MAX
};

#define HOMENET_FASTPATH_MAX (__HOMENET_FASTPATH_MAX - 1)

/* Inside the HOMENET_A_NAT nest. */
enum homenet_nat_attr {
	HOMENET_NAT_A_UNSPEC,
	HOMENET_NAT_A_WAN_IFINDEX,	/* u32: the WAN interface */
	HOMENET_NAT_A_WAN_IFNAME,	/* string: reply only */
	HOMENET_NAT_A_ADDR,		/* be32: fixed external address; 0 = auto */
	HOMENET_NAT_A_ADDR_CURRENT,	/* be32: reply only, the address in use */
	HOMENET_NAT_A_INSIDE,		/* nest of HOMENET_PREFIX_A_* nests */
	HOMENET_NAT_A_PORT_MIN,		/* be16: external port range */
	HOMENET_NAT_A_PORT_MAX,		/* be16 */
	HOMENET_NAT_A_FILTER,		/* u8: enum homenet_filter */
	HOMENET_NAT_A_MAX_SESSIONS,	/* u32 */
	HOMENET_NAT_A_TIMEOUT_UDP,	/* u32: seconds */
	HOMENET_NAT_A_TIMEOUT_TCP_EST,	/* u32: seconds */
	HOMENET_NAT_A_TIMEOUT_TCP_TRANS,	/* u32: seconds */
	HOMENET_NAT_A_TIMEOUT_ICMP,	/* u32: seconds */
	HOMENET_NAT_A_OFF,		/* flag: request only, turn NAT off */
	HOMENET_NAT_A_FASTPATH,		/* u8: enum homenet_fastpath */
	HOMENET_NAT_A_TIMEOUT_EMBRYONIC,	/* u32: seconds, see below */

	__HOMENET_NAT_A_MAX
};

#define HOMENET_NAT_A_MAX (__HOMENET_NAT_A_MAX - 1)

/* One element of HOMENET_NAT_A_INSIDE (its type is ignored: 1..n). */
enum homenet_prefix_attr {
	HOMENET_PREFIX_A_UNSPEC,
	HOMENET_PREFIX_A_ADDR,		/* be32 */
	HOMENET_PREFIX_A_LEN,		/* u8: 0..32 */

	__HOMENET_PREFIX_A_MAX
};

#define HOMENET_PREFIX_A_MAX (__HOMENET_PREFIX_A_MAX - 1)

/*
 * TCP state of a session, as far as the NAT follows it (RFC 7857).  An
 * RST or FIN from outside ends an established session only when its
 * sequence number is near what the inside host expects.
 */
enum homenet_tcp_state {
	HOMENET_TCP_NONE,		/* not TCP */
	HOMENET_TCP_SYN_SENT,		/* SYN seen from the side that opened */
	HOMENET_TCP_ESTABLISHED,	/* the handshake done */
	HOMENET_TCP_FIN_WAIT,		/* FIN seen one way */
	HOMENET_TCP_CLOSING,		/* FIN seen both ways */
	HOMENET_TCP_RESET,		/* RST seen */
	HOMENET_TCP_SYN_RECV,		/* and the other side's SYN */

	__HOMENET_TCP_MAX
};

/* Inside the HOMENET_A_SESSION nest. */
enum homenet_session_attr {
	HOMENET_SESSION_A_UNSPEC,
	HOMENET_SESSION_A_PROTO,	/* u8: IPPROTO_TCP, _UDP, _ICMP */
	HOMENET_SESSION_A_INT_ADDR,	/* be32: inside host */
	HOMENET_SESSION_A_INT_PORT,	/* be16: its port (ICMP: echo id) */
	HOMENET_SESSION_A_EXT_ADDR,	/* be32: reply only */
	HOMENET_SESSION_A_EXT_PORT,	/* be16: reply only */
	HOMENET_SESSION_A_REM_ADDR,	/* be32: remote host */
	HOMENET_SESSION_A_REM_PORT,	/* be16: its port (ICMP: 0) */
	HOMENET_SESSION_A_TCP_STATE,	/* u8: enum homenet_tcp_state */
	HOMENET_SESSION_A_EXPIRES_MS,	/* u32: reply only, time left */
	HOMENET_SESSION_A_FLAGS,	/* u32: reply only, HOMENET_SESSION_F_* */
	HOMENET_SESSION_A_RULE,		/* string: reply only, forward rule name */

	__HOMENET_SESSION_A_MAX
};

#define HOMENET_SESSION_A_MAX (__HOMENET_SESSION_A_MAX - 1)

#define HOMENET_SESSION_F_INBOUND	(1U << 0)	/* opened from outside */
#define HOMENET_SESSION_F_HAIRPIN	(1U << 1)	/* inside to inside */
#define HOMENET_SESSION_F_FORWARD	(1U << 2)	/* made by a forward rule */
/*
 * Opened from outside, and the inside host has not answered yet (TCP: the
 * handshake is not done).  Such sessions live TIMEOUT_EMBRYONIC seconds,
 * a remote host has at most a few dozen at once, sessions opened from
 * outside hold at most half of MAX_SESSIONS, and when the table is full
 * they are the first to go to make room.
 */
#define HOMENET_SESSION_F_EMBRYONIC	(1U << 3)

/* Inside the HOMENET_A_STATS nest: u64 counters unless noted. */
enum homenet_stats_attr {
	HOMENET_STATS_A_UNSPEC,
	HOMENET_STATS_A_PAD,
	HOMENET_STATS_A_SESSIONS,	/* u32: sessions now */
	HOMENET_STATS_A_MAPPINGS,	/* u32: mappings now */
	HOMENET_STATS_A_OUT_PACKETS,	/* translated outbound */
	HOMENET_STATS_A_OUT_BYTES,
	HOMENET_STATS_A_IN_PACKETS,	/* translated inbound */
	HOMENET_STATS_A_IN_BYTES,
	HOMENET_STATS_A_HAIRPIN_PACKETS,
	HOMENET_STATS_A_ICMP_ERRORS,	/* ICMP errors translated */
	HOMENET_STATS_A_SESSIONS_CREATED,
	HOMENET_STATS_A_SESSIONS_EXPIRED,
	HOMENET_STATS_A_DROP_NO_PORT,	/* no free external port */
	HOMENET_STATS_A_DROP_TABLE_FULL,	/* max-sessions reached */
	HOMENET_STATS_A_DROP_FILTERED,	/* inbound refused by filtering */
	HOMENET_STATS_A_DROP_INVALID,	/* malformed or untranslatable */
	HOMENET_STATS_A_SESSIONS_EVICTED,	/* a new forward rule took their port */
	HOMENET_STATS_A_SYN_HELD,	/* unsolicited SYNs held (RFC 5382 REQ-4) */
	HOMENET_STATS_A_FAST_PACKETS,	/* sent on by the fast path */
	HOMENET_STATS_A_FAST_INGRESS,	/* of those, taken before ip_rcv() */
	HOMENET_STATS_A_DROP_INBOUND_LIMIT,	/* a remote host's embryonic sessions */
	HOMENET_STATS_A_SESSIONS_EARLY_DROPPED,	/* made room for a new one */
	HOMENET_STATS_A_DROP_SPOOFED,	/* from outside, from our own address */

	__HOMENET_STATS_A_MAX
};

#define HOMENET_STATS_A_MAX (__HOMENET_STATS_A_MAX - 1)

/* HOMENET_FWD_A_PROTO: a bit per protocol. */
#define HOMENET_FWD_TCP		(1U << 0)
#define HOMENET_FWD_UDP		(1U << 1)

/* Longest rule name, with its NUL. */
#define HOMENET_FWD_NAME_LEN	32

/* Inside the HOMENET_A_FWD nest. */
enum homenet_fwd_attr {
	HOMENET_FWD_A_UNSPEC,
	HOMENET_FWD_A_PAD,
	HOMENET_FWD_A_NAME,		/* string: < HOMENET_FWD_NAME_LEN */
	HOMENET_FWD_A_PROTO,		/* u8: HOMENET_FWD_TCP | _UDP */
	HOMENET_FWD_A_EXT_PORT_MIN,	/* be16: external port range */
	HOMENET_FWD_A_EXT_PORT_MAX,	/* be16 */
	HOMENET_FWD_A_INT_ADDR,		/* be32: the inside host */
	HOMENET_FWD_A_INT_PORT_MIN,	/* be16: its port range */
	HOMENET_FWD_A_INT_PORT_MAX,	/* be16 */
	HOMENET_FWD_A_SRC_ADDR,		/* be32: only from this prefix */
	HOMENET_FWD_A_SRC_LEN,		/* u8: 0..32 */
	HOMENET_FWD_A_DISABLED,		/* flag */
	HOMENET_FWD_A_PACKETS,		/* u64: reply only, both ways */
	HOMENET_FWD_A_BYTES,		/* u64: reply only */
	HOMENET_FWD_A_SESSIONS,		/* u64: reply only, sessions made */

	__HOMENET_FWD_A_MAX
};

#define HOMENET_FWD_A_MAX (__HOMENET_FWD_A_MAX - 1)

#endif /* _UAPI_LINUX_HOMENET_H */
