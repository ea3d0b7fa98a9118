/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between homenet's files.  Every symbol that leaves
 * its file carries the hn_ prefix.
 *
 * Locking, per network namespace (struct hn_net):
 * - hn->lock (mutex) serialises configuration: NAT_SET, the WAN address
 *   notifiers, hook registration.  Taken after RTNL when both are held
 *   (the notifiers run under RTNL); never take RTNL while holding it.
 * - hn->table.lock (spinlock, BH) serialises changes to the session and
 *   mapping tables: creation, deletion, GC.  Lookups take no lock: RCU.
 * - Packets see the configuration through RCU (hn->config).
 */
#ifndef _HOMENET_H
#define _HOMENET_H

#include <linux/netfilter.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <uapi/linux/homenet.h>

#include "htab.h"
#include "limits.h"

struct hn_prefix {
	__be32 addr;
	__be32 mask;
};

enum hn_timeout {
	HN_TO_UDP,
	HN_TO_TCP_EST,
	HN_TO_TCP_TRANS,
	HN_TO_ICMP,
	__HN_TO_MAX
};

/*
 * One immutable configuration: replaced whole (RCU) on every change, so a
 * packet always sees a consistent one.
 */
struct hn_config {
	int wan_ifindex;		/* 0: NAT is off */
	__be32 addr;			/* configured external address, 0 = auto */
	__be32 cur_addr;		/* the address in use, 0 = none yet */
	u16 port_min, port_max;
	u8 filter;			/* enum homenet_filter */
	u8 fastpath;			/* enum homenet_fastpath */
	u32 max_sessions;
	u32 timeout_sec[__HN_TO_MAX];
	unsigned long timeout[__HN_TO_MAX];	/* the same, in jiffies */
	unsigned int n_inside;
	struct hn_prefix inside[HN_INSIDE_MAX];
	struct rcu_head rcu;
};

enum hn_stat {
	HN_STAT_OUT_PACKETS,
	HN_STAT_OUT_BYTES,
	HN_STAT_IN_PACKETS,
	HN_STAT_IN_BYTES,
	HN_STAT_HAIRPIN_PACKETS,
	HN_STAT_ICMP_ERRORS,
	HN_STAT_SESSIONS_CREATED,
	HN_STAT_SESSIONS_EXPIRED,
	HN_STAT_DROP_NO_PORT,
	HN_STAT_DROP_TABLE_FULL,
	HN_STAT_DROP_FILTERED,
	HN_STAT_DROP_INVALID,
	HN_STAT_SESSIONS_EVICTED,
	HN_STAT_SYN_HELD,
	HN_STAT_FAST_PACKETS,
	HN_STAT_FAST_INGRESS,
	__HN_STAT_MAX
};

/* Per-CPU counters: the fast path never shares a cache line to count. */
struct hn_stats {
	u64 c[__HN_STAT_MAX];
	struct u64_stats_sync syncp;
};

/*
 * Lookup keys, built on the stack by the packet path.  The objects do not
 * embed them: they keep each field once, and the tables hash and compare
 * the fields (session.c), so a session is 64 bytes.
 */
struct hn_okey {		/* a session, seen from inside */
	__be32 int_addr;
	__be32 rem_addr;
	__be16 int_port;
	__be16 rem_port;
	u8 proto;
};

struct hn_ikey {		/* a session, seen from outside */
	__be32 rem_addr;
	__be16 ext_port;
	__be16 rem_port;
	u8 proto;
};

struct hn_mkey {		/* a mapping, by its inside endpoint */
	__be32 int_addr;
	__be16 int_port;
	u8 proto;
};

/*
 * A mapping binds one inside endpoint (proto, address, port) to one
 * external port, whatever the destination (endpoint-independent mapping,
 * RFC 4787 REQ-1).  It lives as long as one of its sessions does.
 */
struct hn_mapping {
	struct hn_hnode int_node;	/* by (proto, int_addr, int_port) */
	struct hn_hnode ext_node;	/* by (proto, ext_port) */
	__be32 int_addr;
	__be16 int_port;
	__be16 ext_port;
	u8 proto;
	u16 fast_iif;			/* fastpath.c: where fast_dst was learned */
	unsigned int nsessions;		/* under table.lock */
	struct hlist_head sessions;	/* under table.lock; RCU readers */
	struct rcu_head rcu;
	struct dst_entry *fast_dst;	/* fastpath.c: inbound route, held */
};

/* Per-CPU counters of one forward rule. */
struct hn_rule_stats {
	u64 packets;
	u64 bytes;
	u64 sessions;
	struct u64_stats_sync syncp;
};

/*
 * A port forwarding rule (forward.c): external ports ext_lo..ext_hi of the
 * protocols in @proto go to @int_addr, port int_lo.. (1:1) or int_lo (when
 * int_lo == int_hi).  Immutable once in a set, but for @dead and @gen.
 */
struct hn_rule {
	refcount_t ref;			/* the set's, one per session */
	bool live;			/* has been in a set */
	bool dead;			/* has left the set: no new sessions */
	bool disabled;
	u8 proto;			/* HOMENET_FWD_TCP | _UDP */
	u16 ext_lo, ext_hi;
	u16 int_lo, int_hi;
	__be32 int_addr;
	struct hn_prefix src;		/* mask 0: from anywhere */
	u32 gen;			/* the newest set that holds it */
	char name[32];			/* HOMENET_FWD_NAME_LEN */
	struct hn_rule_stats __percpu *stats;
	struct dst_entry *fast_dst;	/* fastpath.c: inbound route, held */
	u16 fast_iif;
	struct rcu_head rcu;
};

enum {
	HN_FWD_NPROTO = 2,		/* TCP, UDP */
};

/* A published rule set: immutable, replaced whole. */
struct hn_ruleset {
	u32 gen;
	unsigned int n;
	unsigned int n_proto[HN_FWD_NPROTO];
	struct hn_rule **by_port[HN_FWD_NPROTO];	/* sorted by ext_lo */
	struct rcu_head rcu;
	struct hn_rule *rule[];		/* n in given order, then by_port[] */
};

/*
 * A session: one mapping used with one remote endpoint.  Sessions made by
 * a forward rule (HOMENET_SESSION_F_FORWARD) have no mapping and hold
 * their rule instead: hn_session_map() and hn_session_rule().
 *
 * 72 bytes, the fields of the fast path in the first cache line; no
 * rcu_head: the sweeps that unlink sessions free them in batches after a
 * grace period (struct hn_reap).
 */
struct hn_session {
	struct hn_hnode out_node;	/* by hn_okey */
	struct hn_hnode in_node;	/* by hn_ikey */
	__be32 int_addr;
	__be32 rem_addr;
	__be16 int_port;
	__be16 rem_port;
	__be16 ext_port;
	u8 proto;
	u8 tcp_state;			/* enum homenet_tcp_state */
	u32 expires;			/* jiffies, low 32 bits: time_after32() */
	u8 flags;			/* HOMENET_SESSION_F_* */
	u16 fast_iif;			/* fastpath.c: where fast_dst was learned */
	union {
		struct hn_mapping *map;	/* dynamic sessions */
		struct hn_rule *rule;	/* HOMENET_SESSION_F_FORWARD */
	};
	struct dst_entry *fast_dst;	/* fastpath.c: outbound route, held */
	struct hlist_node map_node;	/* in map->sessions; slow path only */
};

static inline struct hn_mapping *hn_session_map(const struct hn_session *s)
{
	return s->flags & HOMENET_SESSION_F_FORWARD ? NULL : s->map;
}

static inline struct hn_rule *hn_session_rule(const struct hn_session *s)
{
	return s->flags & HOMENET_SESSION_F_FORWARD ? s->rule : NULL;
}

/* The key that finds @s from inside. */
static inline struct hn_okey hn_session_okey(const struct hn_session *s)
{
	return (struct hn_okey){
		.int_addr = s->int_addr, .rem_addr = s->rem_addr,
		.int_port = s->int_port, .rem_port = s->rem_port,
		.proto = s->proto,
	};
}

static inline bool hn_session_expired_at(const struct hn_session *s,
					 unsigned long now)
{
	return time_after32((u32)now, READ_ONCE(s->expires));
}

/*
 * Sessions unlinked by one sweep, freed together once no packet can see
 * them any more (hn_reap_flush(): one grace period for the batch).
 */
struct hn_reap {
	unsigned int n, max;
	struct hn_session **v;
	struct hn_session *few[16];	/* when no bigger array could be had */
};

struct hn_table {
	struct hn_hash out;		/* sessions by hn_okey */
	struct hn_hash in;		/* sessions by hn_ikey */
	struct hn_hash by_int;		/* mappings by hn_mkey */
	struct hn_hash by_ext;		/* mappings by (proto, ext_port) */
	spinlock_t lock;		/* changes to all four */
	atomic_t nsessions;
	atomic_t nmappings;
	atomic_t gen;			/* bumped on every change: dumps */
	struct delayed_work gc_work;
};

/* Unsolicited SYNs held before they are answered (synhold.c). */
struct hn_syn_entry {
	struct sk_buff *skb;
	unsigned long deadline;		/* jiffies */
	__be32 saddr;			/* its connection: one entry each */
	__be16 sport, dport;
};

struct hn_synq {
	spinlock_t lock;		/* n and e[]; BH */
	unsigned int n;
	struct hn_syn_entry e[HN_SYN_HOLD_MAX];
};

struct hn_net {
	struct net *net;
	struct hn_config __rcu *config;
	struct hn_ruleset __rcu *rules;	/* forward rules, NULL: none */
	struct mutex lock;		/* configuration; see above */
	bool hooks_on;
	struct nf_hook_ops hook_ops[3];	/* registered while NAT is on */
	struct list_head ingress;	/* hooks.c: struct hn_ingress */
	struct hn_table table;
	struct hn_synq synq;
	struct hn_stats __percpu *stats;
};

extern unsigned int hn_net_id;

static inline struct hn_net *hn_pernet(const struct net *net)
{
	return net_generic(net, hn_net_id);
}

/* Count a translated packet: the packets counter @i and the bytes one after it. */
static inline void hn_count_packet(struct hn_net *hn, enum hn_stat i, unsigned int len)
{
	struct hn_stats *s = this_cpu_ptr(hn->stats);

	BUILD_BUG_ON(HN_STAT_OUT_PACKETS + 1 != HN_STAT_OUT_BYTES);
	BUILD_BUG_ON(HN_STAT_IN_PACKETS + 1 != HN_STAT_IN_BYTES);
	u64_stats_update_begin(&s->syncp);
	s->c[i]++;
	s->c[i + 1] += len;
	u64_stats_update_end(&s->syncp);
}

/* Count a packet of a forwarded session on its rule. */
static inline void hn_rule_count(struct hn_rule *r, unsigned int len)
{
	struct hn_rule_stats *s = this_cpu_ptr(r->stats);

	u64_stats_update_begin(&s->syncp);
	s->packets++;
	s->bytes += len;
	u64_stats_update_end(&s->syncp);
}

/* Count on this CPU; softirq or BH-disabled context. */
static inline void hn_count(struct hn_net *hn, enum hn_stat i, u64 n)
{
	struct hn_stats *s = this_cpu_ptr(hn->stats);

	u64_stats_update_begin(&s->syncp);
	s->c[i] += n;
	u64_stats_update_end(&s->syncp);
}

void hn_stats_sum(struct hn_net *hn, struct hn_stats *sum);

/*
 * NL_SET_ERR_MSG_ATTR() for a message chosen at run time; @msg must be a
 * string constant all the same (extack keeps the pointer).
 */
static inline void hn_set_err(struct netlink_ext_ack *extack,
			      const struct nlattr *attr, const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
}

/* Is @addr in one of the inside prefixes?  Per packet, so inline. */
static inline bool hn_inside(const struct hn_config *cfg, __be32 addr)
{
	unsigned int i;

	for (i = 0; i < cfg->n_inside; i++)
		if ((addr & cfg->inside[i].mask) == cfg->inside[i].addr)
			return true;
	return false;
}

/* config.c */
struct hn_config *hn_config_default(void);
struct hn_config *hn_config_copy(const struct hn_config *old);
int hn_config_apply(struct hn_net *hn, struct hn_config *cfg,
		    struct netlink_ext_ack *extack);
int hn_config_init(void);
void hn_config_exit(void);
void hn_config_net_exit(struct hn_net *hn);

/* session.c */
int hn_table_init(struct hn_table *t);
void hn_table_destroy(struct hn_table *t);
int hn_session_cache_init(void);
void hn_session_cache_exit(void);
struct hn_session *hn_session_out(struct hn_table *t, const struct hn_okey *k);
struct hn_session *hn_session_in(struct hn_table *t, const struct hn_ikey *k);
struct hn_mapping *hn_mapping_ext(struct hn_table *t, __be16 port, u8 proto);
struct hn_mapping *hn_mapping_int(struct hn_table *t, __be32 addr, __be16 port,
				  u8 proto);
struct hn_session *hn_session_create(struct hn_net *hn,
				     const struct hn_config *cfg,
				     const struct hn_okey *k, u8 flags,
				     __be16 want_ext_port, int *err);
struct hn_session *hn_session_create_fwd(struct hn_net *hn,
					 const struct hn_config *cfg,
					 const struct hn_okey *k, u8 flags,
					 __be16 ext_port, struct hn_rule *rule,
					 int *err);
bool hn_session_unlink(struct hn_table *t, struct hn_session *s,
		       struct hn_reap *r);
void hn_reap_init(struct hn_reap *r);
bool hn_reap_full(const struct hn_reap *r);
void hn_reap_flush(struct hn_reap *r);
void hn_reap_exit(struct hn_reap *r);
bool hn_local_port_used(struct net *net, const struct hn_config *cfg,
			const struct hn_okey *k, u16 port);
bool hn_session_delete(struct hn_net *hn, const struct hn_okey *k);
void hn_session_sweep(struct hn_net *hn,
		      bool (*fn)(struct hn_session *s, unsigned long now),
		      u64 *removed);
void hn_session_flush(struct hn_net *hn);
bool hn_mapping_allows(const struct hn_mapping *m, const struct hn_config *cfg,
		       __be32 rem_addr, __be16 rem_port);
void hn_session_refresh(struct hn_session *s, const struct hn_config *cfg,
			unsigned long now);
void hn_gc_start(struct hn_net *hn);
void hn_gc_stop(struct hn_net *hn);

/* hooks.c: the devices' receive hooks (fast path) */
void hn_ingress_add(struct hn_net *hn, struct net_device *dev);
void hn_ingress_del(struct hn_net *hn, const struct net_device *dev);

/* fastpath.c */
bool hn_fast_enabled(const struct hn_net *hn, const struct hn_config *cfg,
		     const struct nf_hook_state *state);
struct dst_entry *hn_fast_route(const struct sk_buff *skb, struct dst_entry *const *dstp,
				const u16 *iifp, bool ingress);
unsigned int hn_fast_xmit(struct hn_net *hn, const struct nf_hook_state *state,
			  struct sk_buff *skb, struct dst_entry *dst);
void hn_fast_learn(struct dst_entry **dstp, u16 *iifp, const struct sk_buff *skb);
void hn_fast_forget(struct dst_entry **dstp);

/* portalloc.c */
typedef bool (*hn_port_free_t)(void *arg, u16 port);
u16 hn_port_choose(u16 lo, u16 hi, u16 want, u32 rnd,
		   hn_port_free_t is_free, void *arg);

/* forward.c */
struct hn_rule *hn_rule_alloc(void);
void hn_rule_put(struct hn_rule *r);
bool hn_rule_get(struct hn_rule *r);
const char *hn_rule_check(const struct hn_rule *r);
struct hn_rule *hn_rule_find(const struct hn_ruleset *rs, u8 ipproto, u16 port);
u16 hn_rule_int_port(const struct hn_rule *r, u16 port);
bool hn_rule_admits(const struct hn_rule *r, __be32 saddr);
void hn_rule_stats_sum(const struct hn_rule *r, struct hn_rule_stats *sum);
struct hn_ruleset *hn_ruleset_build(struct hn_rule *const *rules, unsigned int n,
				    const struct nlattr *const *attrs,
				    struct netlink_ext_ack *extack, int *err);
int hn_fwd_commit(struct hn_net *hn, struct hn_rule **rules, unsigned int n,
		  const struct nlattr *const *attrs, struct netlink_ext_ack *extack);
struct hn_rule **hn_fwd_current(struct hn_net *hn, unsigned int extra,
				unsigned int *n);
void hn_fwd_net_exit(struct hn_net *hn);

/* synhold.c */
struct tcphdr;
void hn_syn_init(struct hn_synq *q);
unsigned int hn_syn_hold(struct hn_net *hn, struct sk_buff *skb,
			 const struct tcphdr *th);
void hn_syn_expire(struct hn_net *hn);
void hn_syn_purge(struct hn_net *hn, struct net_device *dev);

/* hooks.c */
int hn_hooks_register(struct hn_net *hn);
void hn_hooks_unregister(struct hn_net *hn);

/* netlink.c */
extern struct genl_family hn_genl_family;
int hn_genl_init(void);
void hn_genl_exit(void);

#endif /* _HOMENET_H */
