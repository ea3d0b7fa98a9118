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
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/inet_hashtables.h>
#include <net/udp.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"
#include "nat.h"

static struct kmem_cache *hn_session_cache __read_mostly;
static struct kmem_cache *hn_mapping_cache __read_mostly;
static struct kmem_cache *hn_permit_cache __read_mostly;

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
	       k->proto == s->proto && k->gen == s->gen;
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
	       k->rem_port == s->rem_port && k->proto == s->proto && k->gen == s->gen;
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
	       k->proto == m->proto && k->gen == m->gen;
}

struct hn_xkey {		/* a mapping, by its external port */
	__be16 ext_port;
	u8 proto;
	u8 gen;
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

	return k->ext_port == m->ext_port && k->proto == m->proto && k->gen == m->gen;
}

static inline u64 hn_permit_key(u8 gen, u8 proto, __be16 ext_port, __be32 rem_addr)
{
	return (u64)gen << 56 | (u64)proto << 48 | (u64)(__force u16)ext_port << 32 |
	       (__force u32)rem_addr;
}

static inline u32 hn_permit_hash(u64 key, u32 seed)
{
	return jhash_2words((u32)key, (u32)(key >> 32), seed);
}

static inline struct hn_permit *hn_permit_entry(const struct hn_hnode *n)
{
	return container_of(n, struct hn_permit, node);
}

static u32 hn_permit_node_hash(const struct hn_hnode *n, u32 seed)
{
	return hn_permit_hash(READ_ONCE(hn_permit_entry(n)->key), seed);
}

static bool hn_permit_match(const struct hn_hnode *n, const void *key)
{
	return READ_ONCE(hn_permit_entry(n)->key) == *(const u64 *)key;
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

static void hn_table_reap(struct work_struct *work);

int hn_table_init(struct hn_table *t, struct mem_cgroup *memcg)
{
	static u32 (*const hashfn[])(const struct hn_hnode *n, u32 seed) = {
		hn_out_node_hash, hn_in_node_hash, hn_int_node_hash, hn_ext_node_hash,
		hn_permit_node_hash,
	};
	struct hn_hash *h[] = { &t->out, &t->in, &t->by_int, &t->by_ext, &t->permits };
	unsigned int i;
	int ret;

	spin_lock_init(&t->lock);
	atomic_set(&t->nsessions, 0);
	atomic_set(&t->nmappings, 0);
	atomic_set(&t->gen, 0);
	t->noutside = 0;
	t->nembryonic = 0;
	t->host_seed[0] = get_random_u32();
	t->host_seed[1] = get_random_u32();
	memset(t->host_embryonic, 0, sizeof(t->host_embryonic));
	t->ndead = 0;
	t->gc_from = 0;
	INIT_WORK(&t->reap_work, hn_table_reap);
	for (i = 0; i < ARRAY_SIZE(h); i++) {
		ret = hn_hash_init(h[i], &t->lock, &t->gen, memcg, hashfn[i],
				   HN_HASH_MIN_SHIFT, HN_HASH_MAX_SHIFT);
		if (ret) {
			while (i--)
				hn_hash_destroy(h[i]);
			return ret;
		}
	}
	return 0;
}

/* The table must be empty (hn_session_flush_all) and no packet may use it. */
void hn_table_destroy(struct hn_table *t)
{
	cancel_work_sync(&t->reap_work);
	hn_table_reap(&t->reap_work);
	WARN_ON(atomic_read(&t->nsessions) || atomic_read(&t->nmappings));
	hn_hash_destroy(&t->permits);
	hn_hash_destroy(&t->by_ext);
	hn_hash_destroy(&t->by_int);
	hn_hash_destroy(&t->in);
	hn_hash_destroy(&t->out);
}

/* Lookups: under RCU, or table.lock. */
struct hn_session *hn_session_lookup_out(struct hn_table *t, const struct hn_okey *k)
{
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->out, hn_out_hash(k->int_addr, k->rem_addr, k->int_port,
						k->rem_port, k->proto, t->out.seed),
			   k, hn_out_match);
	return n ? hn_out_entry(n) : NULL;
}

struct hn_session *hn_session_lookup_in(struct hn_table *t, const struct hn_ikey *k)
{
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->in, hn_in_hash(k->rem_addr, k->ext_port, k->rem_port,
					      k->proto, t->in.seed),
			   k, hn_in_match);
	return n ? hn_in_entry(n) : NULL;
}

struct hn_mapping *hn_mapping_lookup_ext(struct hn_table *t, __be16 port, u8 proto,
					 u8 gen)
{
	struct hn_xkey k = { .ext_port = port, .proto = proto, .gen = gen };
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->by_ext, hn_ext_hash(port, proto, t->by_ext.seed), &k,
			   hn_ext_match);
	return n ? hn_ext_entry(n) : NULL;
}

struct hn_mapping *hn_mapping_lookup_int(struct hn_table *t, __be32 addr, __be16 port,
					 u8 proto, u8 gen)
{
	struct hn_mkey k = { .int_addr = addr, .int_port = port, .proto = proto, .gen = gen };
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->by_int, hn_int_hash(addr, port, proto, t->by_int.seed), &k,
			   hn_int_match);
	return n ? hn_int_entry(n) : NULL;
}

static struct hn_permit *hn_permit_lookup(struct hn_table *t, u64 key)
{
	struct hn_hnode *n;

	n = hn_hash_lookup(&t->permits, hn_permit_hash(key, t->permits.seed), &key,
			   hn_permit_match);
	return n ? hn_permit_entry(n) : NULL;
}

/* Does a session of @flags grant its remote address a permit (hn_permit)? */
static bool hn_session_permits(u8 flags)
{
	return !(flags & (HOMENET_SESSION_F_INBOUND | HOMENET_SESSION_F_FORWARD));
}

/*
 * Count @s on its permit, made of @spare if there is none yet (else of a
 * new allocation).  Under table.lock.
 */
static int hn_permit_get(struct hn_table *t, const struct hn_session *s,
			 struct hn_permit **spare)
{
	u64 key = hn_permit_key(s->gen, s->proto, s->ext_port, s->rem_addr);
	struct hn_permit *p;

	lockdep_assert_held(&t->lock);
	p = hn_permit_lookup(t, key);
	if (p) {
		p->n++;
		return 0;
	}
	p = *spare ?: kmem_cache_alloc(hn_permit_cache, GFP_ATOMIC);
	if (!p)
		return -ENOMEM;
	*spare = NULL;
	WRITE_ONCE(p->key, key);
	p->n = 1;
	hn_hash_insert(&t->permits, &p->node, hn_permit_hash(key, t->permits.seed));
	return 0;
}

/* @s no longer counts on its permit.  Under table.lock. */
static void hn_permit_put(struct hn_table *t, const struct hn_session *s)
{
	u64 key = hn_permit_key(s->gen, s->proto, s->ext_port, s->rem_addr);
	struct hn_permit *p = hn_permit_lookup(t, key);

	lockdep_assert_held(&t->lock);
	if (WARN_ON_ONCE(!p) || --p->n)
		return;
	WARN_ON_ONCE(hn_hash_remove(&t->permits, &p->node,
				    hn_permit_hash(key, t->permits.seed)));
	kmem_cache_free(hn_permit_cache, p);	/* SLAB_TYPESAFE_BY_RCU */
}

/*
 * May an unsolicited packet from @rem_addr:@rem_port use mapping @m?
 * (RFC 4787 REQ-8.)  Called under RCU; a miss on the exact session was
 * already seen, so APDF never allows.  One lookup, however many sessions
 * the mapping has.
 */
bool hn_mapping_allows(struct hn_table *t, const struct hn_mapping *m,
		       const struct hn_config *cfg, __be32 rem_addr, __be16 rem_port)
{
	switch (cfg->filter) {
	case HOMENET_FILTER_EIF:
		return true;
	case HOMENET_FILTER_ADF:
		return hn_permit_lookup(t, hn_permit_key(m->gen, m->proto, m->ext_port,
							 rem_addr));
	default:
		return false;
	}
}

static unsigned long hn_timeout_of(const struct hn_session *s,
				   const struct hn_config *cfg)
{
	u8 flags = READ_ONCE(s->flags);

	if (unlikely(flags & HOMENET_SESSION_F_EMBRYONIC)) {
		if (!(flags & HN_SF_CONFIRMED))
			return min_t(unsigned long, HN_UNCONFIRMED_SEC * HZ,
				     cfg->timeout[HN_TO_EMBRYONIC]);
		return cfg->timeout[HN_TO_EMBRYONIC];
	}
	switch (s->proto) {
	case IPPROTO_TCP:
		return READ_ONCE(s->tcp_state) == HOMENET_TCP_ESTABLISHED ?
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

/* Remote host @addr's count in row @i of host_embryonic[]. */
static u16 *hn_host_count(struct hn_table *t, unsigned int i, __be32 addr)
{
	return &t->host_embryonic[i][jhash_1word((__force u32)addr, t->host_seed[i]) %
				     HN_HOST_SLOTS];
}

/* How many embryonic sessions remote host @addr has, at most.  Under table.lock. */
static unsigned int hn_host_embryonic(struct hn_table *t, __be32 addr)
{
	return min(*hn_host_count(t, 0, addr), *hn_host_count(t, 1, addr));
}

static void hn_host_add(struct hn_table *t, __be32 addr, int n)
{
	*hn_host_count(t, 0, addr) += n;
	*hn_host_count(t, 1, addr) += n;
}

/* @s is embryonic no more (or is going): its counts go.  Under table.lock. */
static void hn_embryonic_end(struct hn_table *t, struct hn_session *s)
{
	lockdep_assert_held(&t->lock);
	if (!(s->flags & HOMENET_SESSION_F_EMBRYONIC))
		return;
	WRITE_ONCE(s->flags, s->flags & ~HOMENET_SESSION_F_EMBRYONIC);
	t->nembryonic--;
	hn_host_add(t, s->rem_addr, -1);
}

/* Set @flag on @s, once: flags change under table.lock. */
static void hn_session_set_flag(struct hn_table *t, struct hn_session *s, u8 flag)
{
	spin_lock_bh(&t->lock);
	WRITE_ONCE(s->flags, s->flags | flag);
	spin_unlock_bh(&t->lock);
}

/*
 * An inbound packet of @s came through routing and the forward path
 * (POST_ROUTING): its source is one routing takes, and the session is a
 * real one, not just a packet's that was then dropped.
 */
void hn_session_confirm(struct hn_net *hn, struct hn_session *s, const struct hn_config *cfg)
{
	if (READ_ONCE(s->flags) & HN_SF_CONFIRMED)
		return;
	hn_session_set_flag(&hn->table, s, HN_SF_CONFIRMED);
	hn_session_refresh(s, cfg, jiffies);
}

/*
 * How near a sequence number from outside must be to the inside host's
 * last ACK for an RST or FIN to end an established session, in units of
 * 64 KiB (tcp_ack_hi): from one unit before to two after.  An off-path
 * host guesses right once in some 16,000 tries; one on the path, or the
 * remote endpoint itself, is right.
 */
static bool hn_tcp_in_window(const struct hn_session *s, u32 seq)
{
	return (u16)((seq >> 16) - READ_ONCE(s->tcp_ack_hi) + 1) <= 3;
}

/*
 * Follow TCP far enough to pick the timer (RFC 7857): the handshake (the
 * opener's SYN, the other side's, the opener's ACK), FINs and RSTs.
 */
static void hn_tcp_track(struct hn_session *s, const struct hn_pkt *p, enum hn_dir dir)
{
	u8 state = READ_ONCE(s->tcp_state), next = state, flags = p->tcp_flags;
	enum hn_dir opener = s->flags & HOMENET_SESSION_F_INBOUND ? HN_DIR_IN : HN_DIR_OUT;

	if (dir == HN_DIR_OUT && (flags & TCPHDR_ACK) &&
	    READ_ONCE(s->tcp_ack_hi) != p->tcp_ack >> 16)
		WRITE_ONCE(s->tcp_ack_hi, p->tcp_ack >> 16);
	if ((flags & (TCPHDR_RST | TCPHDR_FIN)) && state == HOMENET_TCP_ESTABLISHED &&
	    dir == HN_DIR_IN && !hn_tcp_in_window(s, p->tcp_seq))
		return;		/* not from the remote endpoint: it stays */
	if (flags & TCPHDR_RST) {
		next = HOMENET_TCP_RESET;
	} else if (flags & TCPHDR_FIN) {
		if (state == HOMENET_TCP_ESTABLISHED || state == HOMENET_TCP_SYN_SENT ||
		    state == HOMENET_TCP_SYN_RECV)
			next = HOMENET_TCP_FIN_WAIT;
		else if (state == HOMENET_TCP_FIN_WAIT)
			next = HOMENET_TCP_CLOSING;
	} else if (flags & TCPHDR_SYN) {
		if (state == HOMENET_TCP_SYN_SENT && dir != opener)
			next = HOMENET_TCP_SYN_RECV;	/* the answer */
		else if (state == HOMENET_TCP_RESET || state == HOMENET_TCP_CLOSING)
			next = HOMENET_TCP_SYN_SENT;	/* reused */
	} else if ((flags & TCPHDR_ACK) && dir == opener) {
		/*
		 * The handshake's last step; or, from an inside host that
		 * opened it, a connection older than its session (after a
		 * flush): picked up as it is.
		 */
		if (state == HOMENET_TCP_SYN_RECV ||
		    (state == HOMENET_TCP_SYN_SENT && opener == HN_DIR_OUT))
			next = HOMENET_TCP_ESTABLISHED;
	}
	if (next != state)
		WRITE_ONCE(s->tcp_state, next);
}

/* Has the inside host answered a session opened from outside? */
static bool hn_session_answered(const struct hn_session *s, enum hn_dir dir)
{
	if (s->proto == IPPROTO_TCP)
		return READ_ONCE(s->tcp_state) == HOMENET_TCP_ESTABLISHED;
	return dir == HN_DIR_OUT;
}

/* A packet of @s going @dir was seen: its state and timer. */
void hn_session_seen(struct hn_net *hn, struct hn_session *s, const struct hn_config *cfg,
		     const struct hn_pkt *p, enum hn_dir dir)
{
	if (p->proto == IPPROTO_TCP)
		hn_tcp_track(s, p, dir);
	if (unlikely(READ_ONCE(s->flags) & HOMENET_SESSION_F_EMBRYONIC) &&
	    hn_session_answered(s, dir)) {
		spin_lock_bh(&hn->table.lock);
		hn_embryonic_end(&hn->table, s);
		spin_unlock_bh(&hn->table.lock);
	}
	hn_session_refresh(s, cfg, jiffies);
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
 * forward rule owns it (enabled or not), or the router uses it.  Under
 * RCU (or table.lock).
 */
static bool hn_ext_port_free(void *arg, u16 port)
{
	struct hn_port_probe *p = arg;

	return !hn_mapping_lookup_ext(&p->hn->table, htons(port), p->k->proto, p->k->gen) &&
	       !hn_rule_find(p->rules, p->k->proto, port) &&
	       !hn_local_port_used(p->hn->net, p->cfg, p->k, port);
}

/*
 * Mappings are freed with call_rcu(), not kfree_rcu(): rcu_barrier() waits
 * for the former only, and the cache is destroyed right after it.
 */
static void hn_mapping_free_rcu(struct rcu_head *head)
{
	struct hn_mapping *m = container_of(head, struct hn_mapping, rcu);

	hn_fast_forget(&m->route);
	kmem_cache_free(hn_mapping_cache, m);
}

/*
 * Sessions have no rcu_head (16 bytes each): the sweeps collect the ones
 * they unlink in a struct hn_reap and free them a batch at a time after
 * one grace period; those a packet unlinks (to make room) wait in the
 * table's dead[] for reap_work to do the same.
 */
enum {
	HN_REAP_BATCH = 4096,
	HN_SWEEP_BUCKETS = 256,	/* swept per hold of table.lock */
	HN_CREATE_TRIES = 3,	/* a new mapping's port taken meanwhile: again */
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
		hn_fast_forget(&r->v[i]->route);
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

/* Free the sessions that packets unlinked (table.dead[]).  Sleeps. */
static void hn_table_reap(struct work_struct *work)
{
	struct hn_table *t = container_of(work, struct hn_table, reap_work);
	struct hn_session *batch[HN_DEAD_MAX / 4];
	struct hn_reap r = { .v = batch, .max = ARRAY_SIZE(batch) };
	unsigned int n;

	/* a quarter at a time, the rest of dead[] free for packets meanwhile */
	do {
		spin_lock_bh(&t->lock);
		n = min(t->ndead, r.max);
		t->ndead -= n;
		memcpy(batch, t->dead + t->ndead, n * sizeof(batch[0]));
		spin_unlock_bh(&t->lock);
		r.n = n;
		hn_reap_flush(&r);
	} while (n);
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
 * Take @s out of the table and out of every count; the caller frees it
 * after a grace period.  False if someone else already did.  Under
 * table.lock.
 */
static bool __hn_session_unlink(struct hn_table *t, struct hn_session *s)
{
	struct hn_mapping *m = hn_session_map(s);
	struct hn_rule *rule = hn_session_rule(s);

	lockdep_assert_held(&t->lock);
	if (hn_session_unhash(t, s))
		return false;
	hn_embryonic_end(t, s);
	if (hn_session_outside(s->flags))
		t->noutside--;
	if (hn_session_permits(s->flags))
		hn_permit_put(t, s);
	if (m)
		hn_mapping_put(t, m);
	if (rule)
		hn_rule_put(rule);	/* freed after a grace period */
	atomic_dec(&t->nsessions);
	atomic_inc(&t->gen);
	return true;
}

/*
 * Unlink @s into @r (which must not be full); false if someone else already
 * did.  Under table.lock.
 */
bool hn_session_unlink(struct hn_table *t, struct hn_session *s,
		       struct hn_reap *r)
{
	if (WARN_ON_ONCE(hn_reap_full(r)) || !__hn_session_unlink(t, s))
		return false;
	r->v[r->n++] = s;
	return true;
}

/* How readily a session makes room for a new one; HN_KEEP: not at all. */
enum hn_evict_rank {
	HN_EVICT_GONE,		/* timed out or of an older generation */
	HN_EVICT_EMBRYONIC,
	HN_EVICT_TRANSITORY,	/* TCP not established (yet, or any more) */
	HN_KEEP,
};

static enum hn_evict_rank hn_evict_rank(const struct hn_session *s,
					const struct hn_config *cfg, unsigned long now)
{
	u8 state;

	if (s->gen != cfg->gen || hn_session_expired_at(s, now))
		return HN_EVICT_GONE;
	if (s->flags & HOMENET_SESSION_F_EMBRYONIC)
		return HN_EVICT_EMBRYONIC;
	state = READ_ONCE(s->tcp_state);
	if (s->proto == IPPROTO_TCP && state != HOMENET_TCP_ESTABLISHED)
		return HN_EVICT_TRANSITORY;
	return HN_KEEP;
}

/*
 * The table (or the part of it a new session may have) is full: make
 * room by dropping the least valuable session of HN_EVICT_BUCKETS
 * buckets, as conntrack's early drop does, if one ranks below @keep; with
 * @outside, only one opened from outside.  The buckets are a random
 * run, not the new session's: its next packet looks elsewhere.  Under
 * table.lock.
 */
static bool hn_evict(struct hn_net *hn, const struct hn_config *cfg,
		     enum hn_evict_rank keep, bool outside)
{
	struct hn_table *t = &hn->table;
	struct hn_htbl *tbl = rcu_dereference_protected(t->out.tbl, lockdep_is_held(&t->lock));
	struct hn_session *s, *victim = NULL;
	enum hn_evict_rank rank, best = keep;
	unsigned long now = jiffies;
	struct hn_hnode *n;
	unsigned int b, i;

	lockdep_assert_held(&t->lock);
	if (t->ndead == HN_DEAD_MAX)
		return false;	/* reap_work is behind: no room after all */
	b = get_random_u32();
	for (i = 0; i < HN_EVICT_BUCKETS && best; i++, b++) {
		for (n = hn_hash_locked(&t->out, &tbl->b[b & tbl->mask]);
		     !hn_hash_is_nulls(n); n = hn_hash_locked(&t->out, &n->next)) {
			s = hn_out_entry(n);
			if (outside && !hn_session_outside(s->flags))
				continue;
			rank = hn_evict_rank(s, cfg, now);
			if (rank < best) {
				best = rank;
				victim = s;
			}
		}
	}
	if (!victim || !__hn_session_unlink(t, victim))
		return false;
	t->dead[t->ndead++] = victim;
	if (t->ndead == HN_DEAD_MAX / 4)
		queue_work(system_unbound_wq, &t->reap_work);
	hn_count(hn, HN_STAT_SESSIONS_EARLY_DROPPED, 1);
	return true;
}

/*
 * Is there room for the session @k of @flags?  A session from outside
 * has to be within its remote host's embryonic sessions and the half of
 * the table those from outside may hold; any has to be within the table.
 * Room is made where it can be (hn_evict()).  0, -EBUSY (the remote
 * host's limit), or -ENOSPC.  Under table.lock.
 */
static int hn_admit(struct hn_net *hn, const struct hn_config *cfg,
		    const struct hn_okey *k, u8 flags)
{
	struct hn_table *t = &hn->table;
	bool outside = hn_session_outside(flags);

	lockdep_assert_held(&t->lock);
	if (outside) {
		if (hn_host_embryonic(t, k->rem_addr) >= HN_EMBRYONIC_PER_HOST)
			return -EBUSY;
		if (t->noutside >= cfg->max_sessions - cfg->max_sessions / 2 &&
		    !hn_evict(hn, cfg, HN_EVICT_TRANSITORY, true))
			return -ENOSPC;
	}
	if (atomic_read(&t->nsessions) >= cfg->max_sessions &&
	    !hn_evict(hn, cfg, outside ? HN_EVICT_TRANSITORY : HN_KEEP, false))
		return -ENOSPC;
	return 0;
}

/* What a new session needs, allocated before table.lock is taken. */
struct hn_session_new {
	struct hn_session *s;
	struct hn_mapping *m;		/* a new mapping, its port chosen */
	struct hn_permit *p;
};

static void hn_session_new_free(struct hn_session_new *nw)
{
	if (nw->s)
		kmem_cache_free(hn_session_cache, nw->s);
	if (nw->m)
		kmem_cache_free(hn_mapping_cache, nw->m);
	if (nw->p)
		kmem_cache_free(hn_permit_cache, nw->p);
}

/*
 * Get @nw ready for the session @k: the objects, and, when the inside
 * endpoint has no mapping, a new one's port.  Under RCU, no lock held:
 * the port search is what a new session costs most (up to twice
 * HN_PORT_TRIES probes of a few lookups each), and a packet on another
 * CPU must not wait for it.
 */
static int hn_session_prepare(struct hn_net *hn, const struct hn_config *cfg,
			      const struct hn_okey *k, u8 flags, __be16 want,
			      bool forward, struct hn_session_new *nw)
{
	struct hn_table *t = &hn->table;
	struct hn_port_probe probe = {
		.hn = hn, .cfg = cfg, .rules = rcu_dereference(hn->rules), .k = k,
	};
	struct hn_mapping *m = NULL;
	u16 port;

	if (!nw->s)
		nw->s = kmem_cache_zalloc(hn_session_cache, GFP_ATOMIC);
	if (!nw->s)
		return -ENOMEM;
	if (!forward)
		m = hn_mapping_lookup_int(t, k->int_addr, k->int_port, k->proto, k->gen);
	if (!forward && !m) {
		port = hn_port_choose(cfg->port_min, cfg->port_max, ntohs(want),
				      get_random_u32(), hn_ext_port_free, &probe);
		if (!port)
			return -EADDRINUSE;
		if (!nw->m)
			nw->m = kmem_cache_zalloc(hn_mapping_cache, GFP_ATOMIC);
		if (!nw->m)
			return -ENOMEM;
		m = nw->m;
		m->int_addr = k->int_addr;
		m->int_port = k->int_port;
		m->ext_port = htons(port);
		m->proto = k->proto;
		m->gen = k->gen;
	}
	/* a new remote address for the mapping: its permit, unless one has it */
	if (hn_session_permits(flags) && !nw->p &&
	    !hn_permit_lookup(t, hn_permit_key(k->gen, k->proto, m->ext_port, k->rem_addr)))
		nw->p = kmem_cache_alloc(hn_permit_cache, GFP_ATOMIC);
	return 0;
}

/*
 * The mapping of @k's inside endpoint, under table.lock: the one there,
 * else the one @nw brings, if its port is still free.  NULL: prepare
 * again.
 */
static struct hn_mapping *hn_mapping_take(struct hn_net *hn, const struct hn_okey *k,
					  struct hn_session_new *nw)
{
	struct hn_table *t = &hn->table;
	struct hn_mapping *m;

	lockdep_assert_held(&t->lock);
	m = hn_mapping_lookup_int(t, k->int_addr, k->int_port, k->proto, k->gen);
	if (m)
		return m;
	m = nw->m;
	/* none prepared (the one there went meanwhile), or its port taken meanwhile */
	if (!m || hn_mapping_lookup_ext(t, m->ext_port, m->proto, m->gen) ||
	    hn_rule_find(rcu_dereference(hn->rules), m->proto, ntohs(m->ext_port)))
		return NULL;
	nw->m = NULL;
	hn_mapping_link(t, m);
	atomic_inc(&t->nmappings);
	return m;
}

/*
 * Create the session @k: with the mapping of its inside endpoint (made if
 * need be, @want the external port to try first), or, for a forward
 * @rule, on external port @want with no mapping.  What takes time is done
 * before table.lock (hn_session_prepare()); under it, only lookups that
 * check nobody got there first, and the links.
 */
static struct hn_session *hn_session_make(struct hn_net *hn,
					  const struct hn_config *cfg,
					  const struct hn_okey *k, u8 flags,
					  __be16 want, struct hn_rule *rule,
					  int *err)
{
	struct hn_table *t = &hn->table;
	struct hn_session_new nw = {};
	struct hn_mapping *m = NULL;
	struct hn_session *s = NULL;
	struct mem_cgroup *memcg;
	int tries = 0;

	if (rule)
		flags |= HOMENET_SESSION_F_FORWARD;
	if (hn_session_outside(flags))
		flags |= HOMENET_SESSION_F_EMBRYONIC;
	/* whoever made the namespace pays for its table, not a bystander */
	memcg = set_active_memcg(hn->memcg);
again:
	*err = hn_session_prepare(hn, cfg, k, flags, want, rule, &nw);
	if (*err)
		goto out;
	spin_lock_bh(&t->lock);
	s = hn_session_lookup_out(t, k);
	if (s)
		goto out_unlock;	/* someone else made it */
	*err = hn_admit(hn, cfg, k, flags);
	if (*err)
		goto out_unlock;
	if (rule) {
		if (!hn_rule_get(rule)) {
			*err = -ENOENT;
			goto out_unlock;
		}
	} else {
		m = hn_mapping_take(hn, k, &nw);
		if (!m) {
			spin_unlock_bh(&t->lock);
			if (++tries < HN_CREATE_TRIES)
				goto again;
			*err = -EADDRINUSE;
			goto out;
		}
		want = m->ext_port;
	}

	s = nw.s;
	s->int_addr = k->int_addr;
	s->rem_addr = k->rem_addr;
	s->int_port = k->int_port;
	s->rem_port = k->rem_port;
	s->ext_port = want;
	s->proto = k->proto;
	s->gen = k->gen;
	s->flags = flags;
	if (rule)
		s->rule = rule;
	else
		s->map = m;
	s->tcp_state = k->proto == IPPROTO_TCP ? HOMENET_TCP_SYN_SENT : HOMENET_TCP_NONE;
	hn_session_refresh(s, cfg, jiffies);
	if (hn_session_permits(flags) && hn_permit_get(t, s, &nw.p)) {
		s = NULL;
		*err = -ENOMEM;
		goto err_ref;
	}
	nw.s = NULL;

	hn_session_link(t, s);
	if (m) {
		m->nsessions++;
	} else {
		struct hn_rule_stats *st = this_cpu_ptr(rule->stats);

		u64_stats_update_begin(&st->syncp);
		st->sessions++;
		u64_stats_update_end(&st->syncp);
	}
	if (hn_session_outside(flags)) {
		t->noutside++;
		t->nembryonic++;
		hn_host_add(t, k->rem_addr, 1);
	}
	atomic_inc(&t->nsessions);
	atomic_inc(&t->gen);
	hn_count(hn, HN_STAT_SESSIONS_CREATED, 1);
	goto out_unlock;

err_ref:
	if (m) {
		/* a mapping made for this session alone goes with it */
		m->nsessions++;
		hn_mapping_put(t, m);
	}
	if (rule)
		hn_rule_put(rule);
out_unlock:
	spin_unlock_bh(&t->lock);
out:
	set_active_memcg(memcg);
	hn_session_new_free(&nw);
	return s;
}

/*
 * Create the session @k (inside endpoint, remote endpoint), with a new
 * mapping if the inside endpoint has none.  @want_ext_port is the external
 * port to try first (the inside port for outbound sessions).  Returns the
 * session (a concurrent creator's, if it won) or NULL with *err set:
 * -ENOSPC table full, -EBUSY the remote host has too many embryonic
 * sessions, -EADDRINUSE no free port, -ENOMEM.  Called under RCU (softirq
 * or process context).
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
	return hn_session_make(hn, cfg, k, flags, ext_port, rule, err);
}

/* The session of outbound key @k, made if there is none (see hn_session_create()). */
struct hn_session *hn_session_find_or_create(struct hn_net *hn,
					     const struct hn_config *cfg,
					     const struct hn_okey *k, u8 flags, int *err)
{
	struct hn_session *s = hn_session_lookup_out(&hn->table, k);

	if (likely(s))
		return s;
	return hn_session_create(hn, cfg, k, flags, k->int_port, err);
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
	s = hn_session_lookup_out(&hn->table, k);
	if (s)
		found = hn_session_unlink(&hn->table, s, &r);
	spin_unlock_bh(&hn->table.lock);
	hn_reap_flush(&r);
	return found;
}

/*
 * Visit the sessions of @n buckets from *@from on (wrapping round the
 * end), @fn deciding (under table.lock) which go; *@from is where the
 * next sweep goes on.  Returns how many went.  Sleeps between batches of
 * buckets; process context, no RCU held by the caller.  No resize runs
 * meanwhile: every session there at the start and still there at the end
 * is visited.
 */
static u64 hn_session_sweep_part(struct hn_net *hn,
				 bool (*fn)(const struct hn_session *s, unsigned long now,
					    void *arg),
				 void *arg, unsigned int *from, unsigned int n)
{
	struct hn_table *t = &hn->table;
	struct hn_hnode *node, *next;
	unsigned int i, end, size;
	struct hn_htbl *tbl;
	struct hn_reap r;
	u64 removed = 0;

	hn_reap_init(&r);
	mutex_lock(&t->out.mutex);
	tbl = hn_hash_table(&t->out);
	size = hn_htbl_size(tbl);
	n = min(n, size);
	i = *from < size ? *from : 0;
	while (n) {
		end = min3(i + HN_SWEEP_BUCKETS, size, i + n);
		n -= end - i;
		spin_lock_bh(&t->lock);
		for (; i < end; i++) {
			for (node = hn_hash_locked(&t->out, &tbl->b[i]);
			     !hn_hash_is_nulls(node); node = next) {
				struct hn_session *s = hn_out_entry(node);

				if (hn_reap_full(&r)) {
					n += end - i;	/* this bucket again, after */
					goto full;
				}
				next = hn_hash_locked(&t->out, &node->next);
				if (fn(s, jiffies, arg) && hn_session_unlink(t, s, &r))
					removed++;
			}
		}
full:
		spin_unlock_bh(&t->lock);
		if (hn_reap_full(&r))
			hn_reap_flush(&r);
		if (i == size)
			i = 0;
		cond_resched();
	}
	*from = i;
	mutex_unlock(&t->out.mutex);
	hn_reap_exit(&r);
	return removed;
}

/* Every session, @fn deciding which go (see hn_session_sweep_part()). */
u64 hn_session_sweep(struct hn_net *hn,
		     bool (*fn)(const struct hn_session *s, unsigned long now, void *arg),
		     void *arg)
{
	unsigned int from = 0;

	return hn_session_sweep_part(hn, fn, arg, &from, UINT_MAX);
}

/*
 * Where a walk that has seen buckets [0, @b) of a table of @old buckets
 * goes on in the table of @size buckets that resizes between two of its
 * parts left.  An entry's bucket is its hash & (size - 1).  Growing
 * splits bucket j into j, j + old, ...: all that is not seen yet is in
 * [b, size).  Shrinking folds every bucket j + k * size into j: what is
 * not seen yet, [b, old), is in [b - (old - size), size) when that range
 * is less than the whole table, else anywhere.  So the walk may see an
 * entry twice, never miss one that stays.
 */
static unsigned int hn_walk_resume(unsigned int b, unsigned int old, unsigned int size)
{
	if (b >= old)
		return size;	/* it was done */
	if (size >= old)
		return b;
	return b >= old - size ? b - (old - size) : 0;
}

/*
 * A part of a walk of every session, for a dump over many messages: from
 * bucket w->bucket on, as many whole buckets as @ops->visit takes.  No
 * resize runs during a part (the table's mutex), and a bucket is seen in
 * one part, so a session that stays is seen however the others come and
 * go between parts; only a bucket too long for a part on its own is
 * split, at w->skip.  @ops->visit returns 1 for a session it took, 0 for
 * one it passed over, -EMSGSIZE when no more fit: then the bucket it was
 * in is undone (@ops->undo, back to @ops->bucket's mark) unless it is the
 * first of the part.  Returns the sessions taken; the walk is over when
 * w->bucket == w->size.  A part whose filter passes over most sessions
 * may visit the whole table: it lets others run every HN_SWEEP_BUCKETS
 * buckets (between two buckets no session is held, and the table stays,
 * the mutex keeping resizes out).
 */
unsigned int hn_session_walk(struct hn_net *hn, struct hn_walk *w,
			     const struct hn_walk_ops *ops, void *arg)
{
	struct hn_hash *h = &hn->table.out;
	unsigned int idx = 0, size, in_bucket = 0, taken = 0;
	struct hn_htbl *tbl;
	struct hn_hnode *n;
	int ret;

	mutex_lock(&h->mutex);
	rcu_read_lock();
	tbl = hn_hash_table(h);
	size = hn_htbl_size(tbl);
	if (w->size && w->size != size) {
		w->bucket = hn_walk_resume(w->bucket, w->size, size);
		w->skip = 0;
	}
	w->size = size;
	for (; w->bucket < size; w->bucket++, w->skip = 0) {
		if (w->bucket % HN_SWEEP_BUCKETS == HN_SWEEP_BUCKETS - 1) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
		ops->bucket(arg);
		idx = 0;
		in_bucket = 0;
		for (n = hn_hash_deref(h, &tbl->b[w->bucket]); !hn_hash_is_nulls(n);
		     n = hn_hash_deref(h, &n->next)) {
			if (idx++ < w->skip)
				continue;
			ret = ops->visit(hn_out_entry(n), arg);
			if (ret < 0)
				goto full;
			in_bucket += ret;
		}
		taken += in_bucket;
	}
	goto out;
full:
	if (taken) {
		ops->undo(arg);		/* this bucket whole in the next part */
	} else {
		taken = in_bucket;
		w->skip = idx - 1;	/* a bucket longer than a part */
	}
out:
	rcu_read_unlock();
	mutex_unlock(&h->mutex);
	return taken;
}

static bool hn_session_any(const struct hn_session *s, unsigned long now, void *arg)
{
	return true;
}

/*
 * Delete every session (and so every mapping), in one sweep: no packet
 * may be making new ones (the hooks are off, or there are none).  Process
 * context.
 */
void hn_session_flush_all(struct hn_net *hn)
{
	hn_session_sweep(hn, hn_session_any, NULL);
}

/* Of a generation before @hn's (config.c). */
static bool hn_session_stale(const struct hn_session *s, unsigned long now, void *arg)
{
	const struct hn_net *hn = arg;

	return s->gen != READ_ONCE(hn->gen);
}

/* Delete the sessions of older generations, in one sweep.  Process context. */
void hn_session_sweep_stale(struct hn_net *hn)
{
	hn_session_sweep(hn, hn_session_stale, hn);
}

/* Timed out, of an older generation, or made by a rule that has left the set. */
static bool hn_session_expired(const struct hn_session *s, unsigned long now, void *arg)
{
	struct hn_rule *rule = hn_session_rule(s);

	return hn_session_expired_at(s, now) || hn_session_stale(s, now, arg) ||
	       (rule && READ_ONCE(rule->dead));
}

/*
 * Every HN_GC_INTERVAL, a part of the table: all of a small one, an
 * HN_GC_PARTS'th of a big one, so that a million sessions do not cost a
 * million visits a second.  An expired session the sweep has not reached
 * yet is no session to a packet from outside, and the first to go when a
 * new one needs room.
 */
static void hn_gc_work(struct work_struct *work)
{
	struct hn_table *t = container_of(to_delayed_work(work),
					  struct hn_table, gc_work);
	struct hn_net *hn = container_of(t, struct hn_net, table);
	unsigned int n = max_t(unsigned int, HN_GC_MIN_BUCKETS,
			       READ_ONCE(t->out.size) / HN_GC_PARTS);
	u64 removed;

	removed = hn_session_sweep_part(hn, hn_session_expired, hn, &t->gc_from, n);
	hn_table_reap(&t->reap_work);
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
	/* What the memory per session rests on: a cache line each. */
	BUILD_BUG_ON(sizeof(struct hn_session) > 64);
	BUILD_BUG_ON(sizeof(struct hn_mapping) > 64);
	BUILD_BUG_ON(sizeof(struct hn_permit) > 24);
	hn_session_cache = KMEM_CACHE(hn_session, SLAB_ACCOUNT);
	hn_mapping_cache = KMEM_CACHE(hn_mapping, SLAB_ACCOUNT);
	hn_permit_cache = KMEM_CACHE(hn_permit, SLAB_ACCOUNT | SLAB_TYPESAFE_BY_RCU);
	if (!hn_session_cache || !hn_mapping_cache || !hn_permit_cache) {
		kmem_cache_destroy(hn_permit_cache);
		kmem_cache_destroy(hn_mapping_cache);
		kmem_cache_destroy(hn_session_cache);
		return -ENOMEM;
	}
	return 0;
}

void hn_session_cache_exit(void)
{
	rcu_barrier();	/* every call_rcu() callback has run */
	kmem_cache_destroy(hn_permit_cache);
	kmem_cache_destroy(hn_mapping_cache);
	kmem_cache_destroy(hn_session_cache);
}

#ifdef HOMENET_KUNIT
#include "session_test.c"
#endif
