// SPDX-License-Identifier: GPL-2.0
/*
 * The session table: mappings (inside endpoint <-> external port) and the
 * sessions that use them (one per remote endpoint), each in two RCU hash
 * tables so a packet finds its session with one lookup from either side.
 *
 * Packets look up without locks.  Creation, deletion and GC take
 * table.lock.  Objects are freed after an RCU grace period.
 */
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/inet_hashtables.h>
#include <net/udp.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

static struct kmem_cache *hn_session_cache __read_mostly;
static struct kmem_cache *hn_mapping_cache __read_mostly;

/*
 * The objects keep each field once (struct hn_session): the tables hash
 * and compare those fields against the lookup keys.  Each table has a
 * hash of the fields, a match of a node against a key, and the hash of a
 * node for its resizes.
 */
static inline u32 hn_out_hash(__be32 int_addr, __be32 rem_addr, __be16 int_port,
			      __be16 rem_port, u8 proto, u32 seed)
{
	return jhash_3words((__force u32)int_addr, (__force u32)rem_addr,
			    (__force u32)int_port << 16 | (__force u32)rem_port,
			    seed + proto);
}

static inline struct hn_session *hn_out_entry(const struct hn_hnode *n)
{
	return container_of(n, struct hn_session, out_node);
}

static u32 hn_out_node_hash(const struct hn_hnode *n, u32 seed)
{
	const struct hn_session *s = hn_out_entry(n);

	return hn_out_hash(s->int_addr, s->rem_addr, s->int_port, s->rem_port,
			   s->proto, seed);
}

static bool hn_out_match(const struct hn_hnode *n, const void *key)
{
	const struct hn_session *s = hn_out_entry(n);
	const struct hn_okey *k = key;

	return k->int_addr == s->int_addr && k->rem_addr == s->rem_addr &&
	       k->int_port == s->int_port && k->rem_port == s->rem_port &&
	       k->proto == s->proto;
}

static inline u32 hn_in_hash(__be32 rem_addr, __be16 ext_port, __be16 rem_port,
			     u8 proto, u32 seed)
{
	return jhash_2words((__force u32)rem_addr,
			    (__force u32)ext_port << 16 | (__force u32)rem_port,
			    seed + proto);
}

static inline struct hn_session *hn_in_entry(const struct hn_hnode *n)
{
	return container_of(n, struct hn_session, in_node);
}

static u32 hn_in_node_hash(const struct hn_hnode *n, u32 seed)
{
	const struct hn_session *s = hn_in_entry(n);

	return hn_in_hash(s->rem_addr, s->ext_port, s->rem_port, s->proto, seed);
}

static bool hn_in_match(const struct hn_hnode *n, const void *key)
{
	const struct hn_session *s = hn_in_entry(n);
	const struct hn_ikey *k = key;

	return k->rem_addr == s->rem_addr && k->ext_port == s->ext_port &&
	       k->rem_port == s->rem_port && k->proto == s->proto;
}

static inline u32 hn_int_hash(__be32 int_addr, __be16 int_port, u8 proto, u32 seed)
{
	return jhash_2words((__force u32)int_addr, (__force u32)int_port, seed + proto);
}

static inline struct hn_mapping *hn_int_entry(const struct hn_hnode *n)
{
	return container_of(n, struct hn_mapping, int_node);
}

static u32 hn_int_node_hash(const struct hn_hnode *n, u32 seed)
{
	const struct hn_mapping *m = hn_int_entry(n);

	return hn_int_hash(m->int_addr, m->int_port, m->proto, seed);
}

static bool hn_int_match(const struct hn_hnode *n, const void *key)
{
	const struct hn_mapping *m = hn_int_entry(n);
	const struct hn_mkey *k = key;

	return k->int_addr == m->int_addr && k->int_port == m->int_port &&
	       k->proto == m->proto;
}

struct hn_xkey {		/* a mapping, by its external port */
	__be16 ext_port;
	u8 proto;
};

static inline u32 hn_ext_hash(__be16 ext_port, u8 proto, u32 seed)
{
	return jhash_1word((__force u32)ext_port, seed + proto);
}

static inline struct hn_mapping *hn_ext_entry(const struct hn_hnode *n)
{
	return container_of(n, struct hn_mapping, ext_node);
}

static u32 hn_ext_node_hash(const struct hn_hnode *n, u32 seed)
{
	const struct hn_mapping *m = hn_ext_entry(n);

	return hn_ext_hash(m->ext_port, m->proto, seed);
}

static bool hn_ext_match(const struct hn_hnode *n, const void *key)
{
	const struct hn_mapping *m = hn_ext_entry(n);
	const struct hn_xkey *k = key;

	return k->ext_port == m->ext_port && k->proto == m->proto;
}

/* Each object in and out of its two tables.  Under table.lock. */
static void hn_session_link(struct hn_table *t, struct hn_session *s)
{
	hn_hash_insert(&t->out, &s->out_node, hn_out_node_hash(&s->out_node, t->out.seed));
	hn_hash_insert(&t->in, &s->in_node, hn_in_node_hash(&s->in_node, t->in.seed));
}

/*
 * The out table decides who unlinks: whoever removes the out node owns the
 * session.  The in node is linked and unlinked with it under table.lock, so
 * finding it gone is a bug, and returning an error then would leave the
 * session unhashed from out but never freed.
 */
static int hn_session_unhash(struct hn_table *t, struct hn_session *s)
{
	int ret;

	ret = hn_hash_remove(&t->out, &s->out_node, hn_out_node_hash(&s->out_node, t->out.seed));
	if (ret)
		return ret;
	WARN_ON_ONCE(hn_hash_remove(&t->in, &s->in_node,
				    hn_in_node_hash(&s->in_node, t->in.seed)));
	return 0;
}

static void hn_mapping_link(struct hn_table *t, struct hn_mapping *m)
{
	hn_hash_insert(&t->by_int, &m->int_node, hn_int_node_hash(&m->int_node, t->by_int.seed));
	hn_hash_insert(&t->by_ext, &m->ext_node, hn_ext_node_hash(&m->ext_node, t->by_ext.seed));
}

static void hn_mapping_unhash(struct hn_table *t, struct hn_mapping *m)
{
	WARN_ON_ONCE(hn_hash_remove(&t->by_int, &m->int_node,
				    hn_int_node_hash(&m->int_node, t->by_int.seed)));
	WARN_ON_ONCE(hn_hash_remove(&t->by_ext, &m->ext_node,
				    hn_ext_node_hash(&m->ext_node, t->by_ext.seed)));
}

int hn_table_init(struct hn_table *t)
{
	static u32 (*const hashfn[])(const struct hn_hnode *n, u32 seed) = {
		hn_out_node_hash, hn_in_node_hash, hn_int_node_hash, hn_ext_node_hash,
	};
	struct hn_hash *h[] = { &t->out, &t->in, &t->by_int, &t->by_ext };
	unsigned int i;
	int ret;

	spin_lock_init(&t->lock);
	atomic_set(&t->nsessions, 0);
	atomic_set(&t->nmappings, 0);
	atomic_set(&t->gen, 0);
	for (i = 0; i < ARRAY_SIZE(h); i++) {
		ret = hn_hash_init(h[i], &t->lock, &t->gen, hashfn[i],
				   HN_HASH_MIN_SHIFT, HN_HASH_MAX_SHIFT);
		if (ret) {
			while (i--)
				hn_hash_destroy(h[i]);
			return ret;
		}
	}
	return 0;
}

/* The table must be empty (hn_session_flush) and no packet may use it. */
void hn_table_destroy(struct hn_table *t)
{
	WARN_ON(atomic_read(&t->nsessions) || atomic_read(&t->nmappings));
	hn_hash_destroy(&t->by_ext);
	hn_hash_destroy(&t->by_int);
	hn_hash_destroy(&t->in);
	hn_hash_destroy(&t->out);
}

/* Lookups: under RCU, or table.lock. */
struct hn_session *hn_session_out(struct hn_table *t, const struct hn_okey *k)
{
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->out, hn_out_hash(k->int_addr, k->rem_addr, k->int_port,
						k->rem_port, k->proto, t->out.seed),
			   k, hn_out_match);
	return n ? hn_out_entry(n) : NULL;
}

struct hn_session *hn_session_in(struct hn_table *t, const struct hn_ikey *k)
{
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->in, hn_in_hash(k->rem_addr, k->ext_port, k->rem_port,
					      k->proto, t->in.seed),
			   k, hn_in_match);
	return n ? hn_in_entry(n) : NULL;
}

struct hn_mapping *hn_mapping_ext(struct hn_table *t, __be16 port, u8 proto)
{
	struct hn_xkey k = { .ext_port = port, .proto = proto };
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->by_ext, hn_ext_hash(port, proto, t->by_ext.seed), &k,
			   hn_ext_match);
	return n ? hn_ext_entry(n) : NULL;
}

struct hn_mapping *hn_mapping_int(struct hn_table *t, __be32 addr, __be16 port,
				  u8 proto)
{
	struct hn_mkey k = { .int_addr = addr, .int_port = port, .proto = proto };
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->by_int, hn_int_hash(addr, port, proto, t->by_int.seed), &k,
			   hn_int_match);
	return n ? hn_int_entry(n) : NULL;
}

/*
 * May an unsolicited packet from @rem_addr:@rem_port use mapping @m?
 * (RFC 4787 REQ-8.)  Called under RCU; a miss on the exact session was
 * already seen, so APDF never allows.
 */
bool hn_mapping_allows(const struct hn_mapping *m, const struct hn_config *cfg,
		       __be32 rem_addr, __be16 rem_port)
{
	struct hn_session *s;

	switch (cfg->filter) {
	case HOMENET_FILTER_EIF:
		return true;
	case HOMENET_FILTER_ADF:
		hlist_for_each_entry_rcu(s, &m->sessions, map_node)
			if (s->rem_addr == rem_addr &&
			    !(s->flags & HOMENET_SESSION_F_INBOUND))
				return true;
		return false;
	default:
		return false;
	}
}

static unsigned long hn_timeout_of(const struct hn_session *s,
				   const struct hn_config *cfg)
{
	switch (s->proto) {
	case IPPROTO_TCP:
		return s->tcp_state == HOMENET_TCP_ESTABLISHED ?
			cfg->timeout[HN_TO_TCP_EST] : cfg->timeout[HN_TO_TCP_TRANS];
	case IPPROTO_UDP:
		return cfg->timeout[HN_TO_UDP];
	default:
		return cfg->timeout[HN_TO_ICMP];
	}
}

/*
 * Push the session's expiry out.  Written only when it moves by a tick or
 * more, so back-to-back packets on one CPU do not keep dirtying the line.
 */
void hn_session_refresh(struct hn_session *s, const struct hn_config *cfg,
			unsigned long now)
{
	u32 expires = (u32)(now + hn_timeout_of(s, cfg));

	if (READ_ONCE(s->expires) != expires)
		WRITE_ONCE(s->expires, expires);
}

/*
 * Does the router itself use @port of its external address: a listening
 * TCP socket, a TCP connection to the session's remote endpoint, or a
 * bound UDP socket that would receive from it?  A mapping there would
 * steal the router's own traffic.
 */
bool hn_local_port_used(struct net *net, const struct hn_config *cfg,
			const struct hn_okey *k, u16 port)
{
	struct sock *sk;

	if (!net)	/* KUnit: no namespace, no sockets */
		return false;
	switch (k->proto) {
	case IPPROTO_TCP: {
		struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;

		if (__inet_lookup_listener(net, hinfo, NULL, 0, k->rem_addr,
					   k->rem_port, cfg->cur_addr, port,
					   cfg->wan_ifindex, 0))
			return true;
		sk = __inet_lookup_established(net, hinfo, k->rem_addr, k->rem_port,
					       cfg->cur_addr, port,
					       cfg->wan_ifindex, 0);
		if (sk)
			sock_gen_put(sk);
		return sk;
	}
	case IPPROTO_UDP:
		return __udp4_lib_lookup(net, k->rem_addr, k->rem_port,
					 cfg->cur_addr, htons(port),
					 cfg->wan_ifindex, 0, &udp_table, NULL);
	default:
		return false;
	}
}

struct hn_port_probe {
	struct hn_net *hn;
	const struct hn_config *cfg;
	const struct hn_ruleset *rules;
	const struct hn_okey *k;
};

/*
 * May a new mapping take external @port?  Not if a mapping has it, a
 * forward rule owns it (enabled or not), or the router uses it.
 */
static bool hn_ext_port_free(void *arg, u16 port)
{
	struct hn_port_probe *p = arg;

	return !hn_mapping_ext(&p->hn->table, htons(port), p->k->proto) &&
	       !hn_rule_find(p->rules, p->k->proto, port) &&
	       !hn_local_port_used(p->hn->net, p->cfg, p->k, port);
}

/* Find or make the mapping for an inside endpoint.  Under table.lock. */
static struct hn_mapping *hn_mapping_get(struct hn_net *hn,
					 const struct hn_config *cfg,
					 const struct hn_okey *k,
					 __be16 want, int *err)
{
	struct hn_table *t = &hn->table;
	struct hn_port_probe probe = {
		.hn = hn, .cfg = cfg, .rules = rcu_dereference_bh(hn->rules), .k = k,
	};
	struct hn_mapping *m;
	u16 port;

	lockdep_assert_held(&t->lock);
	m = hn_mapping_int(t, k->int_addr, k->int_port, k->proto);
	if (m)
		return m;

	port = hn_port_choose(cfg->port_min, cfg->port_max, ntohs(want),
			      get_random_u32(), hn_ext_port_free, &probe);
	if (!port) {
		*err = -EADDRINUSE;
		return NULL;
	}
	m = kmem_cache_zalloc(hn_mapping_cache, GFP_ATOMIC);
	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	m->int_addr = k->int_addr;
	m->int_port = k->int_port;
	m->ext_port = htons(port);
	m->proto = k->proto;
	INIT_HLIST_HEAD(&m->sessions);
	hn_mapping_link(t, m);
	atomic_inc(&t->nmappings);
	return m;
}

/*
 * Mappings are freed with call_rcu(), not kfree_rcu(): rcu_barrier() waits
 * for the former only, and the cache is destroyed right after it.
 */
static void hn_mapping_free_rcu(struct rcu_head *head)
{
	struct hn_mapping *m = container_of(head, struct hn_mapping, rcu);

	hn_fast_forget(&m->fast_dst);
	kmem_cache_free(hn_mapping_cache, m);
}

/*
 * Sessions have no rcu_head (16 bytes each): they are unlinked only in
 * process context, collected in a struct hn_reap and freed a batch at a
 * time after one grace period.
 */
enum {
	HN_REAP_BATCH = 4096,
	HN_SWEEP_BUCKETS = 256,	/* swept per hold of table.lock */
};

void hn_reap_init(struct hn_reap *r)
{
	r->n = 0;
	r->v = kvmalloc_array(HN_REAP_BATCH, sizeof(*r->v), GFP_KERNEL | __GFP_NOWARN);
	r->max = HN_REAP_BATCH;
	if (!r->v) {
		r->v = r->few;
		r->max = ARRAY_SIZE(r->few);
	}
}

bool hn_reap_full(const struct hn_reap *r)
{
	return r->n == r->max;
}

/* Free what @r holds.  No RCU read side held; may sleep. */
void hn_reap_flush(struct hn_reap *r)
{
	unsigned int i;

	might_sleep();
	if (!r->n)
		return;
	synchronize_rcu();
	for (i = 0; i < r->n; i++) {
		hn_fast_forget(&r->v[i]->fast_dst);
		kmem_cache_free(hn_session_cache, r->v[i]);
	}
	r->n = 0;
}

void hn_reap_exit(struct hn_reap *r)
{
	hn_reap_flush(r);
	if (r->v != r->few)
		kvfree(r->v);
}

/* Drop a session's hold on its mapping.  Under table.lock. */
static void hn_mapping_put(struct hn_table *t, struct hn_mapping *m)
{
	lockdep_assert_held(&t->lock);
	if (--m->nsessions)
		return;
	hn_mapping_unhash(t, m);
	atomic_dec(&t->nmappings);
	call_rcu(&m->rcu, hn_mapping_free_rcu);
}

/*
 * Create the session @k under table.lock: with the mapping of its inside
 * endpoint (made if need be, @want the external port to try first), or,
 * for a forward @rule, on external port @want with no mapping.
 */
static struct hn_session *hn_session_make(struct hn_net *hn,
					  const struct hn_config *cfg,
					  const struct hn_okey *k, u8 flags,
					  __be16 want, struct hn_rule *rule,
					  int *err)
{
	struct hn_table *t = &hn->table;
	struct hn_mapping *m = NULL;
	struct hn_session *s;

	spin_lock_bh(&t->lock);
	s = hn_session_out(t, k);
	if (s)
		goto out_unlock;

	if (atomic_read(&t->nsessions) >= cfg->max_sessions) {
		*err = -ENOSPC;
		goto out_unlock;
	}
	if (rule) {
		if (!hn_rule_get(rule)) {
			*err = -ENOENT;
			goto out_unlock;
		}
	} else {
		m = hn_mapping_get(hn, cfg, k, want, err);
		if (!m)
			goto out_unlock;
		want = m->ext_port;
	}

	s = kmem_cache_zalloc(hn_session_cache, GFP_ATOMIC);
	if (!s) {
		*err = -ENOMEM;
		goto err_map;
	}
	s->int_addr = k->int_addr;
	s->rem_addr = k->rem_addr;
	s->int_port = k->int_port;
	s->rem_port = k->rem_port;
	s->ext_port = want;
	s->proto = k->proto;
	s->flags = rule ? flags | HOMENET_SESSION_F_FORWARD : flags;
	if (rule)
		s->rule = rule;
	else
		s->map = m;
	s->tcp_state = k->proto == IPPROTO_TCP ? HOMENET_TCP_SYN_SENT : HOMENET_TCP_NONE;
	hn_session_refresh(s, cfg, jiffies);

	hn_session_link(t, s);
	if (m) {
		m->nsessions++;
		hlist_add_head_rcu(&s->map_node, &m->sessions);
	} else {
		struct hn_rule_stats *st = this_cpu_ptr(rule->stats);

		u64_stats_update_begin(&st->syncp);
		st->sessions++;
		u64_stats_update_end(&st->syncp);
	}
	atomic_inc(&t->nsessions);
	atomic_inc(&t->gen);
	hn_count(hn, HN_STAT_SESSIONS_CREATED, 1);
	goto out_unlock;

err_map:
	if (m) {
		/* a mapping made for this session alone goes with it */
		m->nsessions++;
		hn_mapping_put(t, m);
	}
	if (rule)
		hn_rule_put(rule);
out_unlock:
	spin_unlock_bh(&t->lock);
	return s;
}

/*
 * Create the session @k (inside endpoint, remote endpoint), with a new
 * mapping if the inside endpoint has none.  @want_ext_port is the external
 * port to try first (the inside port for outbound sessions).  Returns the
 * session (a concurrent creator's, if it won) or NULL with *err set:
 * -ENOSPC table full, -EADDRINUSE no free port, -ENOMEM.
 * Called under RCU (softirq or process context).
 */
struct hn_session *hn_session_create(struct hn_net *hn,
				     const struct hn_config *cfg,
				     const struct hn_okey *k, u8 flags,
				     __be16 want_ext_port, int *err)
{
	return hn_session_make(hn, cfg, k, flags, want_ext_port, NULL, err);
}

/*
 * Create the session @k of forward rule @rule on its external port
 * @ext_port.  As hn_session_create(); also -ENOENT when the rule is
 * leaving.  A session found already may be on another port: the caller
 * checks.
 */
struct hn_session *hn_session_create_fwd(struct hn_net *hn,
					 const struct hn_config *cfg,
					 const struct hn_okey *k, u8 flags,
					 __be16 ext_port, struct hn_rule *rule,
					 int *err)
{
	return hn_session_make(hn, cfg, k, flags | HOMENET_SESSION_F_FORWARD,
			       ext_port, rule, err);
}

/*
 * Unlink @s into @r (which must not be full); false if someone else already
 * did.  Under table.lock.
 */
bool hn_session_unlink(struct hn_table *t, struct hn_session *s,
		       struct hn_reap *r)
{
	struct hn_mapping *m = hn_session_map(s);
	struct hn_rule *rule = hn_session_rule(s);

	lockdep_assert_held(&t->lock);
	if (WARN_ON_ONCE(hn_reap_full(r)))
		return false;
	if (hn_session_unhash(t, s))
		return false;
	if (m) {
		hlist_del_rcu(&s->map_node);
		hn_mapping_put(t, m);
	}
	if (rule)
		hn_rule_put(rule);	/* freed after a grace period */
	atomic_dec(&t->nsessions);
	atomic_inc(&t->gen);
	r->v[r->n++] = s;
	return true;
}

/*
 * Delete the session @k names; false if there is none.  Process context,
 * outside any RCU read side: it waits for a grace period.  Found under
 * table.lock, so no one can free it between the lookup and the unlink.
 */
bool hn_session_delete(struct hn_net *hn, const struct hn_okey *k)
{
	struct hn_reap r = { .v = r.few, .max = ARRAY_SIZE(r.few) };
	struct hn_session *s;
	bool found = false;

	might_sleep();
	spin_lock_bh(&hn->table.lock);
	s = hn_session_out(&hn->table, k);
	if (s)
		found = hn_session_unlink(&hn->table, s, &r);
	spin_unlock_bh(&hn->table.lock);
	hn_reap_flush(&r);
	return found;
}

/*
 * Visit every session, @fn deciding (under table.lock) which go.  Sleeps
 * between batches of buckets; process context, no RCU held by the
 * caller.  No resize runs meanwhile: every session there at the start
 * and still there at the end is visited.
 */
void hn_session_sweep(struct hn_net *hn,
		      bool (*fn)(struct hn_session *s, unsigned long now),
		      u64 *removed)
{
	struct hn_table *t = &hn->table;
	struct hn_hnode *n, *next;
	struct hn_htbl *tbl;
	struct hn_reap r;
	unsigned int i = 0, end;

	hn_reap_init(&r);
	mutex_lock(&t->out.mutex);
	tbl = hn_hash_table(&t->out);
	while (i < hn_htbl_size(tbl)) {
		end = min(i + HN_SWEEP_BUCKETS, hn_htbl_size(tbl));
		spin_lock_bh(&t->lock);
		for (; i < end; i++) {
			for (n = hn_hash_locked(&t->out, &tbl->b[i]); !hn_hash_is_nulls(n);
			     n = next) {
				struct hn_session *s = hn_out_entry(n);

				if (hn_reap_full(&r))
					goto full;	/* this bucket again, after */
				next = hn_hash_locked(&t->out, &n->next);
				if (fn(s, jiffies) && hn_session_unlink(t, s, &r) && removed)
					(*removed)++;
			}
		}
full:
		spin_unlock_bh(&t->lock);
		if (hn_reap_full(&r))
			hn_reap_flush(&r);
		cond_resched();
	}
	mutex_unlock(&t->out.mutex);
	hn_reap_exit(&r);
}

static bool hn_session_any(struct hn_session *s, unsigned long now)
{
	return true;
}

/* Delete every session (and so every mapping).  Process context. */
void hn_session_flush(struct hn_net *hn)
{
	/* sessions made while the sweep ran may be behind it: go again */
	while (atomic_read(&hn->table.nsessions))
		hn_session_sweep(hn, hn_session_any, NULL);
}

/* Timed out, or made by a rule that has left the set since. */
static bool hn_session_expired(struct hn_session *s, unsigned long now)
{
	struct hn_rule *rule = hn_session_rule(s);

	return hn_session_expired_at(s, now) || (rule && READ_ONCE(rule->dead));
}

static void hn_gc_work(struct work_struct *work)
{
	struct hn_table *t = container_of(to_delayed_work(work),
					  struct hn_table, gc_work);
	struct hn_net *hn = container_of(t, struct hn_net, table);
	u64 removed = 0;

	hn_session_sweep(hn, hn_session_expired, &removed);
	hn_syn_expire(hn);
	if (removed) {
		local_bh_disable();	/* counters are per CPU */
		hn_count(hn, HN_STAT_SESSIONS_EXPIRED, removed);
		local_bh_enable();
	}
	queue_delayed_work(system_power_efficient_wq, &t->gc_work,
			   HN_GC_INTERVAL * HZ);
}

void hn_gc_start(struct hn_net *hn)
{
	INIT_DELAYED_WORK(&hn->table.gc_work, hn_gc_work);
	queue_delayed_work(system_power_efficient_wq, &hn->table.gc_work,
			   HN_GC_INTERVAL * HZ);
}

void hn_gc_stop(struct hn_net *hn)
{
	cancel_delayed_work_sync(&hn->table.gc_work);
}

int __init hn_session_cache_init(void)
{
	/*
	 * What the memory per session rests on: the fields the fast path
	 * reads in the first 56 bytes, the mapping one cache line.
	 */
	BUILD_BUG_ON(sizeof(struct hn_session) > 72);
	BUILD_BUG_ON(offsetof(struct hn_session, map_node) > 56);
	BUILD_BUG_ON(sizeof(struct hn_mapping) > 64);
	hn_session_cache = KMEM_CACHE(hn_session, 0);
	if (!hn_session_cache)
		return -ENOMEM;
	hn_mapping_cache = KMEM_CACHE(hn_mapping, 0);
	if (!hn_mapping_cache) {
		kmem_cache_destroy(hn_session_cache);
		return -ENOMEM;
	}
	return 0;
}

void hn_session_cache_exit(void)
{
	rcu_barrier();	/* every call_rcu() callback has run */
	kmem_cache_destroy(hn_mapping_cache);
	kmem_cache_destroy(hn_session_cache);
}

#ifdef HOMENET_KUNIT
#include "session_test.c"
#endif
