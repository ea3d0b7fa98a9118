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
#include "nat.h"

struct hn_prefix {
	__be32 addr;
	__be32 mask;
};

/* Which way a packet goes through its session. */
enum hn_dir {
	HN_DIR_OUT,		/* from the inside endpoint to the remote one */
	HN_DIR_IN,		/* from the remote endpoint to the inside one */
};

enum hn_timeout {
	HN_TO_UDP,
	HN_TO_TCP_EST,
	HN_TO_TCP_TRANS,
	HN_TO_ICMP,
	HN_TO_EMBRYONIC,
	__HN_TO_MAX
};

/*
 * One immutable configuration: replaced whole (RCU) on every change, so a
 * packet always sees a consistent one.
 */
struct hn_config {
	u8 gen;				/* generation of its sessions: see hn_config_apply() */
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
	HN_STAT_DROP_INBOUND_LIMIT,
	HN_STAT_SESSIONS_EARLY_DROPPED,
	HN_STAT_DROP_SPOOFED,
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
	u8 gen;			/* the lookup's configuration's */
};

struct hn_ikey {		/* a session, seen from outside */
	__be32 rem_addr;
	__be16 ext_port;
	__be16 rem_port;
	u8 proto;
	u8 gen;
};

struct hn_mkey {		/* a mapping, by its inside endpoint */
	__be32 int_addr;
	__be16 int_port;
	u8 proto;
	u8 gen;
};

/*
 * A route learned for the fast path (fastpath.c): held, replaced with
 * xchg() and released after a grace period; @iif is the interface the
 * packet that taught it came in on.
 */
struct hn_route {
	struct dst_entry *dst;
	int iif;
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
	u8 gen;				/* of the configuration it was made under */
	unsigned int nsessions;		/* under table.lock */
	struct rcu_head rcu;
	struct hn_route route;		/* of its sessions' inbound packets */
};

/*
 * What address-dependent filtering asks (RFC 4787 REQ-8): has the mapping
 * on external port @ext_port a session towards @rem_addr that its inside
 * endpoint opened?  One permit per mapping and remote address, counted by
 * those sessions, so that an unsolicited packet costs one lookup however
 * many sessions the mapping has.  Freed at once when the last one goes:
 * the cache is SLAB_TYPESAFE_BY_RCU, and a lookup compares @key, which is
 * written whole, so it never takes a recycled permit for another's.
 */
struct hn_permit {
	struct hn_hnode node;
	u64 key;			/* hn_permit_key() */
	unsigned int n;			/* sessions; under table.lock */
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
 * int_lo == int_hi).  Immutable once in a set, but for @dead, @fresh and
 * @gen.
 */
struct hn_rule {
	refcount_t ref;			/* the set's, one per session */
	bool live;			/* has been in a set */
	bool fresh;			/* new in the set being committed */
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
	struct hn_route route;		/* of its sessions' inbound packets */
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
 * 64 bytes, one cache line; no rcu_head: the sweeps that unlink sessions
 * free them in batches after a grace period (struct hn_reap).
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
	u8 flags;			/* HOMENET_SESSION_F_*, HN_SF_*: written under table.lock */
	u8 gen;				/* of the configuration it was made under */
	u16 tcp_ack_hi;			/* TCP: high half of the inside host's last ACK */
	union {
		struct hn_mapping *map;	/* dynamic sessions */
		struct hn_rule *rule;	/* HOMENET_SESSION_F_FORWARD */
	};
	struct hn_route route;		/* of its outbound packets */
};

/*
 * A session's own flag, beside the HOMENET_SESSION_F_* it reports: an
 * inbound packet of it has been through routing and the forward path, so
 * its source address is one that routing takes from the interface it
 * came in on, and later ones may take the fast path.
 */
#define HN_SF_CONFIRMED		BIT(7)

/* Opened from outside (not hairpinned from inside)? */
static inline bool hn_session_outside(u8 flags)
{
	return (flags & (HOMENET_SESSION_F_INBOUND | HOMENET_SESSION_F_HAIRPIN)) ==
	       HOMENET_SESSION_F_INBOUND;
}

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
		.proto = s->proto, .gen = s->gen,
	};
}

/* Session key of a packet from inside endpoint @saddr to remote @daddr. */
static inline void hn_okey_of(struct hn_okey *k, const struct hn_config *cfg,
			      const struct hn_pkt *p, __be32 saddr, __be32 daddr)
{
	memset(k, 0, sizeof(*k));
	k->proto = p->proto;
	k->int_addr = saddr;
	k->int_port = p->sport;
	k->rem_addr = daddr;
	k->rem_port = p->proto == IPPROTO_ICMP ? 0 : p->dport;
	k->gen = cfg->gen;
}

/* Session key of a packet from remote endpoint @saddr to the external one. */
static inline void hn_ikey_of(struct hn_ikey *k, const struct hn_config *cfg,
			      const struct hn_pkt *p, __be32 saddr)
{
	memset(k, 0, sizeof(*k));
	k->proto = p->proto;
	k->rem_addr = saddr;
	k->ext_port = p->dport;
	k->rem_port = p->proto == IPPROTO_ICMP ? 0 : p->sport;
	k->gen = cfg->gen;
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

/* A walk of every session in parts (hn_session_walk()): where it is. */
struct hn_walk {
	unsigned int bucket;	/* where the next part starts: bucket, */
	unsigned int skip;	/* ... sessions of it already seen, */
	unsigned int size;	/* ... in a table of this many buckets */
};

struct hn_walk_ops {
	void (*bucket)(void *arg);	/* a bucket begins */
	int (*visit)(const struct hn_session *s, void *arg);
	void (*undo)(void *arg);	/* forget the bucket that began */
};

struct hn_table {
	struct hn_hash out;		/* sessions by hn_okey */
	struct hn_hash in;		/* sessions by hn_ikey */
	struct hn_hash by_int;		/* mappings by hn_mkey */
	struct hn_hash by_ext;		/* mappings by (proto, ext_port) */
	struct hn_hash permits;		/* struct hn_permit by key */
	spinlock_t lock;		/* changes to all five, and to what follows */
	atomic_t nsessions;
	atomic_t nmappings;
	atomic_t gen;			/* bumped on every change: dumps */
	unsigned int noutside;		/* sessions opened from outside */
	unsigned int nembryonic;	/* ... not answered yet */
	/* embryonic sessions by remote host: a count-min sketch of two rows */
	u32 host_seed[2];
	u16 host_embryonic[2][HN_HOST_SLOTS];
	/* unlinked by a packet, to be freed after a grace period (reap_work) */
	unsigned int ndead;
	struct hn_session *dead[HN_DEAD_MAX];
	struct work_struct reap_work;
	struct delayed_work gc_work;
	unsigned int gc_from;		/* where the next GC sweep begins */
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
	struct mem_cgroup *memcg;	/* charged for the table: the namespace maker's */
	struct hn_config __rcu *config;
	struct hn_ruleset __rcu *rules;	/* forward rules, NULL: none */
	struct mutex lock;		/* configuration; see above */
	bool hooks_on;
	struct nf_hook_ops hook_ops[3];	/* registered while NAT is on */
	struct list_head ingress;	/* hooks.c: struct hn_ingress */
	struct hn_table table;
	u8 gen;				/* the newest configuration's generation */
	u8 swept_gen;			/* no session is older (config.c) */
	struct work_struct flush_work;	/* sweeps out older generations */
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
void hn_config_wait(struct hn_net *hn);
int hn_config_flush(struct hn_net *hn);
void hn_config_net_init(struct hn_net *hn);
int hn_config_init(void);
void hn_config_exit(void);
void hn_config_net_exit(struct hn_net *hn);

/* session.c */
int hn_table_init(struct hn_table *t, struct mem_cgroup *memcg);
void hn_table_destroy(struct hn_table *t);
int hn_session_cache_init(void);
void hn_session_cache_exit(void);
struct hn_session *hn_session_lookup_out(struct hn_table *t, const struct hn_okey *k);
struct hn_session *hn_session_lookup_in(struct hn_table *t, const struct hn_ikey *k);
struct hn_mapping *hn_mapping_lookup_ext(struct hn_table *t, __be16 port, u8 proto,
					 u8 gen);
struct hn_mapping *hn_mapping_lookup_int(struct hn_table *t, __be32 addr, __be16 port,
					 u8 proto, u8 gen);
struct hn_session *hn_session_create(struct hn_net *hn,
				     const struct hn_config *cfg,
				     const struct hn_okey *k, u8 flags,
				     __be16 want_ext_port, int *err);
struct hn_session *hn_session_create_fwd(struct hn_net *hn,
					 const struct hn_config *cfg,
					 const struct hn_okey *k, u8 flags,
					 __be16 ext_port, struct hn_rule *rule,
					 int *err);
struct hn_session *hn_session_find_or_create(struct hn_net *hn,
					     const struct hn_config *cfg,
					     const struct hn_okey *k, u8 flags, int *err);
bool hn_session_unlink(struct hn_table *t, struct hn_session *s,
		       struct hn_reap *r);
void hn_reap_init(struct hn_reap *r);
bool hn_reap_full(const struct hn_reap *r);
void hn_reap_flush(struct hn_reap *r);
void hn_reap_exit(struct hn_reap *r);
bool hn_local_port_used(struct net *net, const struct hn_config *cfg,
			const struct hn_okey *k, u16 port);
bool hn_session_delete(struct hn_net *hn, const struct hn_okey *k);
u64 hn_session_sweep(struct hn_net *hn,
		     bool (*fn)(const struct hn_session *s, unsigned long now, void *arg),
		     void *arg);
void hn_session_flush_all(struct hn_net *hn);
void hn_session_sweep_stale(struct hn_net *hn);
bool hn_mapping_allows(struct hn_table *t, const struct hn_mapping *m,
		       const struct hn_config *cfg, __be32 rem_addr, __be16 rem_port);
void hn_session_refresh(struct hn_session *s, const struct hn_config *cfg,
			unsigned long now);
void hn_session_seen(struct hn_net *hn, struct hn_session *s, const struct hn_config *cfg,
		     const struct hn_pkt *p, enum hn_dir dir);
void hn_session_confirm(struct hn_net *hn, struct hn_session *s, const struct hn_config *cfg);
unsigned int hn_session_walk(struct hn_net *hn, struct hn_walk *w,
			     const struct hn_walk_ops *ops, void *arg);
void hn_gc_start(struct hn_net *hn);
void hn_gc_stop(struct hn_net *hn);

/* nat.c */
bool hn_nat_translate(struct hn_net *hn, const struct hn_config *cfg,
		      struct sk_buff *skb, struct hn_session *s,
		      const struct hn_pkt *p, enum hn_dir dir);

/* icmp.c */
enum hn_icmp_place {
	HN_ICMP_OUT,		/* POST_ROUTING, leaving by the WAN */
	HN_ICMP_LOCAL,		/* ... from the router itself */
	HN_ICMP_IN,		/* PRE_ROUTING, from the WAN */
	HN_ICMP_HAIRPIN_IN,	/* PRE_ROUTING, inside host to the external address */
	HN_ICMP_HAIRPIN_OUT,	/* POST_ROUTING, inside to inside */
};

unsigned int hn_icmp_error(struct hn_net *hn, const struct hn_config *cfg,
			   struct sk_buff *skb, enum hn_icmp_place where);
unsigned int hn_drop_no_session(struct hn_net *hn, struct sk_buff *skb, int err,
				const struct nf_hook_state *state);

/* hairpin.c */
bool hn_ext_target(struct hn_net *hn, const struct hn_config *cfg, u8 proto, __be16 port,
		   struct hn_rule **rule, __be32 *addr, __be16 *int_port);
unsigned int hn_hairpin_in(struct hn_net *hn, const struct hn_config *cfg,
			   struct sk_buff *skb, const struct hn_pkt *p,
			   const struct nf_hook_state *state);
unsigned int hn_hairpin_out(struct hn_net *hn, const struct hn_config *cfg,
			    struct sk_buff *skb, const struct hn_pkt *p);
__be16 hn_hairpin_port(struct hn_net *hn, const struct hn_config *cfg,
		       u8 proto, __be32 sa, __be16 sp, __be32 da, __be16 dp);

/* fastpath.c */
bool hn_fast_enabled(const struct hn_net *hn, const struct hn_config *cfg,
		     const struct nf_hook_state *state);
struct dst_entry *hn_fast_route(const struct sk_buff *skb, const struct hn_route *r,
				bool ingress);
unsigned int hn_fast_xmit(struct hn_net *hn, const struct nf_hook_state *state,
			  struct sk_buff *skb, struct dst_entry *dst);
void hn_fast_learn(struct hn_route *r, const struct sk_buff *skb);
void hn_fast_forget(struct hn_route *r);
unsigned int hn_fast_out(struct hn_net *hn, const struct hn_config *cfg,
			 struct sk_buff *skb, const struct nf_hook_state *state);
unsigned int hn_fast_in(struct hn_net *hn, const struct hn_config *cfg,
			struct sk_buff *skb, const struct nf_hook_state *state,
			struct hn_session *s, const struct hn_pkt *p);
unsigned int hn_fast_in_ingress(struct hn_net *hn, const struct hn_config *cfg,
				struct sk_buff *skb, const struct nf_hook_state *state);

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
#if IS_ENABLED(CONFIG_NETFILTER_INGRESS)
void hn_ingress_add(struct hn_net *hn, struct net_device *dev);
void hn_ingress_del(struct hn_net *hn, const struct net_device *dev);
#else
static inline void hn_ingress_add(struct hn_net *hn, struct net_device *dev) {}
static inline void hn_ingress_del(struct hn_net *hn, const struct net_device *dev) {}
#endif

/* netlink.c */
extern struct genl_family hn_genl_family;
int hn_genl_init(void);
void hn_genl_exit(void);

#endif /* _HOMENET_H */
