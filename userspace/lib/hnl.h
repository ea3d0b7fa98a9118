/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnl: the one place in userspace that speaks the "homenet" generic netlink
 * family (libnl-genl-3).  Callers see plain structs; nothing above this
 * layer includes a netlink header.
 *
 * Functions return 0 or a negative errno.  When the kernel refuses a request
 * its extack message, if any, is left in hn_client.err.
 */
#ifndef HNL_H
#define HNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_msg;
struct nl_sock;
struct nlmsghdr;

#define HN_ERR_MAX 256

struct hn_client {
	struct nl_sock *sk;
	int family;	      /* generic netlink family id */
	char err[HN_ERR_MAX]; /* last error, for the user */
};

struct hn_info {
	char version[64]; /* module version */
};

/* Addresses and prefixes are in network byte order, ports in host order. */
struct hn_prefix {
	uint32_t addr;
	uint8_t len;
};

enum { HN_TO_UDP, HN_TO_TCP, HN_TO_TCP_TRANS, HN_TO_ICMP, HN_TO_EMBRYONIC, HN_TO_COUNT };

#define HN_INSIDE_MAX 16

/* Which fields of struct hn_nat a NAT_SET carries. */
enum {
	HN_NAT_WAN = 1 << 0,
	HN_NAT_ADDR = 1 << 1,
	HN_NAT_INSIDE = 1 << 2,
	HN_NAT_PORTS = 1 << 3,
	HN_NAT_FILTER = 1 << 4,
	HN_NAT_MAX_SESSIONS = 1 << 5,
	HN_NAT_TIMEOUT = 1 << 6, /* shifted by the timeout's index: 6..10 */
	HN_NAT_OFF = 1 << 12,
	HN_NAT_FASTPATH = 1 << 13,
};

struct hn_nat {
	uint32_t present; /* HN_NAT_* for a set; all for a get */
	uint32_t wan_ifindex;
	char wan_ifname[16];
	uint32_t addr;	   /* configured, 0 = auto */
	uint32_t cur_addr; /* in use (get only) */
	unsigned int n_inside;
	struct hn_prefix inside[HN_INSIDE_MAX];
	uint16_t port_min, port_max;
	uint8_t filter;	  /* HOMENET_FILTER_* */
	uint8_t fastpath; /* HOMENET_FASTPATH_* */
	uint32_t max_sessions;
	uint32_t timeout[HN_TO_COUNT]; /* seconds */
};

/* A forward rule's name, its NUL included (HOMENET_FWD_NAME_LEN). */
#define HN_FWD_NAME_LEN 32

struct hn_session {
	uint8_t proto;
	uint32_t int_addr, ext_addr, rem_addr;
	uint16_t int_port, ext_port, rem_port;
	uint8_t tcp_state;
	uint32_t expires_ms;
	uint32_t flags;
	char rule[HN_FWD_NAME_LEN]; /* the forward rule that made it, or "" */
};

/*
 * A port forwarding rule: the router's external ports to an inside host's.
 * The ranges are whole (the kernel's defaults filled in): the inside range
 * spans as many ports as the external one, or is one port.
 */
struct hn_fwd {
	char name[HN_FWD_NAME_LEN]; /* "" = none */
	uint8_t proto;		    /* HOMENET_FWD_TCP | HOMENET_FWD_UDP */
	uint16_t ext_port_min, ext_port_max;
	uint32_t int_addr;
	uint16_t int_port_min, int_port_max;
	bool has_src; /* only sources in @src are forwarded */
	struct hn_prefix src;
	bool disabled;
	uint64_t packets, bytes, sessions; /* get only */
};

enum {
	HN_ST_OUT_PACKETS,
	HN_ST_OUT_BYTES,
	HN_ST_IN_PACKETS,
	HN_ST_IN_BYTES,
	HN_ST_HAIRPIN_PACKETS,
	HN_ST_ICMP_ERRORS,
	HN_ST_SESSIONS_CREATED,
	HN_ST_SESSIONS_EXPIRED,
	HN_ST_DROP_NO_PORT,
	HN_ST_DROP_TABLE_FULL,
	HN_ST_DROP_FILTERED,
	HN_ST_DROP_INVALID,
	HN_ST_SESSIONS_EVICTED,
	HN_ST_SYN_HELD,
	HN_ST_FAST_PACKETS,
	HN_ST_FAST_INGRESS,
	HN_ST_DROP_INBOUND_LIMIT,
	HN_ST_SESSIONS_EARLY_DROPPED,
	HN_ST_DROP_SPOOFED,
	HN_ST_COUNT
};

struct hn_stats {
	uint32_t sessions, mappings;
	uint64_t c[HN_ST_COUNT];
};

/* The names of the counters, as the CLI and JSON show them. */
extern const char *const hn_stat_names[HN_ST_COUNT];

/*
 * Called for each object of a dump (a struct hn_session, hn_fwd...): a
 * positive return stops the dump, a negative one stops it and fails it.
 */
typedef int (*hn_dump_cb)(const void *obj, void *arg);

int hn_client_open(struct hn_client *c);
void hn_client_close(struct hn_client *c);

int hn_info_get(struct hn_client *c, struct hn_info *info);
int hn_nat_get(struct hn_client *c, struct hn_nat *nat);
int hn_nat_set(struct hn_client *c, const struct hn_nat *nat);
/*
 * Dump the sessions (filters: @proto, @int_addr; 0 = any).  Returns
 * -EINTR when the table changed during the dump: what @cb saw holds every
 * session that stayed (twice if the table was resized) and perhaps some
 * that came or went; dump again for a consistent one.
 */
int hn_session_dump(struct hn_client *c, uint8_t proto, uint32_t int_addr, hn_dump_cb cb,
		    void *arg);
int hn_session_del(struct hn_client *c, const struct hn_session *s);
int hn_session_flush(struct hn_client *c);
int hn_stats_get(struct hn_client *c, struct hn_stats *st);

/* Dump the forward rules, as hn_session_dump (-EINTR: the set changed). */
int hn_fwd_dump(struct hn_client *c, hn_dump_cb cb, void *arg);
int hn_fwd_add(struct hn_client *c, const struct hn_fwd *f);
/* Delete the rule named @f->name or, when it is "", @f->proto's rule holding ext_port_min. */
int hn_fwd_del(struct hn_client *c, const struct hn_fwd *f);
int hn_fwd_flush(struct hn_client *c);
/* Replace the whole set with the @n rules of @v (none: no rule), at once. */
int hn_fwd_replace(struct hn_client *c, const struct hn_fwd *v, size_t n);

/* Exposed for the unit tests: decoding of kernel messages. */
int hn_info_parse(const struct nlmsghdr *nlh, struct hn_info *info);
int hn_nat_parse(const struct nlmsghdr *nlh, struct hn_nat *nat);
int hn_session_parse(const struct nlmsghdr *nlh, struct hn_session *s);
int hn_stats_parse(const struct nlmsghdr *nlh, struct hn_stats *st);
int hn_fwd_parse(const struct nlmsghdr *nlh, struct hn_fwd *f);
/*
 * Exposed for the unit tests: the request of HOMENET_CMD_FWD_ADD (@n = 1),
 * _DEL (@n = 1) or _REPLACE (@n rules, one top-level attribute each) in
 * *@msgp.
 */
int hn_fwd_request(struct hn_client *c, int cmd, const struct hn_fwd *v, size_t n,
		   struct nl_msg **msgp);
int hn_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* HNL_H */
