// SPDX-License-Identifier: GPL-2.0
/*
 * Port forwarding: the rule set of one namespace.
 *
 * A set is immutable once published: every change (add, delete, flush,
 * replace) builds a new set and swaps one RCU pointer, so a packet sees
 * the old set or the new one, never half of a change.  Within a set each
 * protocol has its rules sorted by first external port; ranges never
 * overlap, so a lookup is one binary search (O(log n)).
 *
 * Rules are objects shared by consecutive sets: a rule that survives a
 * change (same object, or an equal one in a replace) keeps its counters
 * and its sessions.  Each set and each session holds a reference; a rule
 * that leaves the set is marked dead and its sessions are deleted.
 *
 * Changes run under hn->lock; lookups under RCU.
 */
#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

/* The index of @ipproto in a set's per-protocol arrays, -1 if none. */
static int hn_fwd_index(u8 ipproto)
{
	switch (ipproto) {
	case IPPROTO_TCP:
		return 0;
	case IPPROTO_UDP:
		return 1;
	default:
		return -1;
	}
}

static const u8 hn_fwd_bit[HN_FWD_NPROTO] = { HOMENET_FWD_TCP, HOMENET_FWD_UDP };

struct hn_rule *hn_rule_alloc(void)
{
	struct hn_rule *r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	int cpu;

	if (!r)
		return NULL;
	/* charged to the memory cgroup of whoever adds it, as the rest is */
	r->stats = alloc_percpu_gfp(struct hn_rule_stats, GFP_KERNEL_ACCOUNT);
	if (!r->stats) {
		kfree(r);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(r->stats, cpu)->syncp);
	refcount_set(&r->ref, 1);
	return r;
}

static void hn_rule_free_rcu(struct rcu_head *head)
{
	struct hn_rule *r = container_of(head, struct hn_rule, rcu);

	hn_fast_forget(&r->route);
	free_percpu(r->stats);
	kfree(r);
}

/* Drop a reference; the last one frees the rule after a grace period. */
void hn_rule_put(struct hn_rule *r)
{
	if (refcount_dec_and_test(&r->ref))
		call_rcu(&r->rcu, hn_rule_free_rcu);
}

/*
 * A reference for a new session, from a packet (RCU): none for a rule
 * that is leaving the set.
 */
bool hn_rule_get(struct hn_rule *r)
{
	return !READ_ONCE(r->dead) && refcount_inc_not_zero(&r->ref);
}

/* The rule of @rs that owns external port @port of @ipproto, or NULL. */
struct hn_rule *hn_rule_find(const struct hn_ruleset *rs, u8 ipproto, u16 port)
{
	int i = hn_fwd_index(ipproto);
	unsigned int lo = 0, hi, mid;
	struct hn_rule *const *v;

	if (!rs || i < 0)
		return NULL;
	/* the last rule starting at or below @port */
	v = rs->by_port[i];
	hi = rs->n_proto[i];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid]->ext_lo <= port)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || port > v[lo - 1]->ext_hi)
		return NULL;
	return v[lo - 1];
}

/* The inside port that external port @port (the rule's) goes to. */
u16 hn_rule_int_port(const struct hn_rule *r, u16 port)
{
	if (r->int_lo == r->int_hi)
		return r->int_lo;
	return r->int_lo + (port - r->ext_lo);
}

/* May a packet from @saddr use @r? */
bool hn_rule_admits(const struct hn_rule *r, __be32 saddr)
{
	return (saddr & r->src.mask) == r->src.addr;
}

void hn_rule_stats_sum(const struct hn_rule *r, struct hn_rule_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct hn_rule_stats *s = per_cpu_ptr(r->stats, cpu);
		u64 packets, bytes, sessions;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = s->packets;
			bytes = s->bytes;
			sessions = s->sessions;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->packets += packets;
		sum->bytes += bytes;
		sum->sessions += sessions;
	}
}

/*
 * Is @r well formed?  NULL, or what is wrong with it.  Ports and ranges
 * are checked here; the netlink policy has checked the types.
 */
const char *hn_rule_check(const struct hn_rule *r)
{
	if (!r->proto || (r->proto & ~(HOMENET_FWD_TCP | HOMENET_FWD_UDP)))
		return "protocol must be tcp, udp or both";
	if (!r->ext_lo || r->ext_lo > r->ext_hi)
		return "external port range is empty or starts at 0";
	if (!r->int_lo || r->int_lo > r->int_hi)
		return "inside port range is empty or starts at 0";
	if (r->int_lo != r->int_hi &&
	    r->int_hi - r->int_lo != r->ext_hi - r->ext_lo)
		return "inside port range must be one port or as long as the external one";
	if (ipv4_is_zeronet(r->int_addr) || ipv4_is_multicast(r->int_addr) ||
	    ipv4_is_lbcast(r->int_addr) || ipv4_is_loopback(r->int_addr))
		return "inside address must be a unicast address";
	if (r->src.addr & ~r->src.mask)
		return "source prefix has host bits set";
	return NULL;
}

/* Equal in everything a user set: a replace keeps the old object. */
static bool hn_rule_same(const struct hn_rule *a, const struct hn_rule *b)
{
	return a->proto == b->proto && a->disabled == b->disabled &&
	       a->ext_lo == b->ext_lo && a->ext_hi == b->ext_hi &&
	       a->int_lo == b->int_lo && a->int_hi == b->int_hi &&
	       a->int_addr == b->int_addr && a->src.addr == b->src.addr &&
	       a->src.mask == b->src.mask && !strcmp(a->name, b->name);
}

static int hn_rule_cmp_port(const void *a, const void *b)
{
	const struct hn_rule *x = *(const struct hn_rule *const *)a;
	const struct hn_rule *y = *(const struct hn_rule *const *)b;

	return (int)x->ext_lo - (int)y->ext_lo;
}

static int hn_rule_cmp_name(const void *a, const void *b)
{
	const struct hn_rule *x = *(const struct hn_rule *const *)a;
	const struct hn_rule *y = *(const struct hn_rule *const *)b;

	return strcmp(x->name, y->name);
}

static void hn_fwd_blame(struct netlink_ext_ack *extack,
			 const struct nlattr *const *attrs,
			 struct hn_rule *const *rules, unsigned int n,
			 const struct hn_rule *bad, const char *msg)
{
	const struct nlattr *attr = NULL;
	unsigned int i;

	for (i = 0; attrs && i < n && !attr; i++)
		if (rules[i] == bad)
			attr = attrs[i];
	hn_set_err(extack, attr, msg);
}

/*
 * A set of the @n rules @rules (references not taken), or NULL with *err
 * set and the offending rule named in @extack through @attrs (the rules'
 * attributes, in the same order; may be NULL).  Two rules may not share
 * an external port of a common protocol, nor a name.
 */
struct hn_ruleset *hn_ruleset_build(struct hn_rule *const *rules, unsigned int n,
				    const struct nlattr *const *attrs,
				    struct netlink_ext_ack *extack, int *err)
{
	struct hn_rule **names = NULL, **v;
	struct hn_ruleset *rs;
	unsigned int i, j, k;

	*err = -E2BIG;
	if (n > HN_FWD_MAX_RULES) {
		NL_SET_ERR_MSG(extack, "too many forward rules");
		return NULL;
	}
	*err = -ENOMEM;
	rs = kvzalloc(struct_size(rs, rule, (size_t)n * (1 + HN_FWD_NPROTO)),
		      GFP_KERNEL_ACCOUNT);
	if (!rs)
		return NULL;
	rs->n = n;
	if (n)
		memcpy(rs->rule, rules, n * sizeof(*rules));
	for (i = 0; i < HN_FWD_NPROTO; i++) {
		v = rs->rule + n * (1 + i);
		rs->by_port[i] = v;
		for (j = 0, k = 0; j < n; j++)
			if (rules[j]->proto & hn_fwd_bit[i])
				v[k++] = rules[j];
		rs->n_proto[i] = k;
		sort(v, k, sizeof(*v), hn_rule_cmp_port, NULL);
		for (j = 1; j < k; j++) {
			if (v[j]->ext_lo <= v[j - 1]->ext_hi) {
				hn_fwd_blame(extack, attrs, rules, n, v[j],
					     "its external ports overlap another rule's");
				*err = -EEXIST;
				goto err;
			}
		}
	}

	if (n > 1) {
		names = kvmalloc_array(n, sizeof(*names), GFP_KERNEL);
		if (!names)
			goto err;
		memcpy(names, rules, n * sizeof(*rules));
		sort(names, n, sizeof(*names), hn_rule_cmp_name, NULL);
		for (j = 1; j < n; j++) {
			if (names[j]->name[0] &&
			    !strcmp(names[j]->name, names[j - 1]->name)) {
				hn_fwd_blame(extack, attrs, rules, n, names[j],
					     "another rule has this name");
				*err = -EEXIST;
				goto err;
			}
		}
		kvfree(names);
	}
	*err = 0;
	return rs;

err:
	kvfree(names);
	kvfree(rs);
	return NULL;
}

/* What one commit's sweep (hn_fwd_commit()) removes. */
struct hn_fwd_sweep {
	const struct hn_ruleset *rs;
	u64 evicted;
};

/*
 * The sessions of a rule that left the set; and those of dynamic mappings
 * on the ports of a rule new in the set, which owns its ports from now on.
 */
static bool hn_fwd_sweep_fn(const struct hn_session *s, unsigned long now, void *arg)
{
	struct hn_fwd_sweep *w = arg;
	const struct hn_rule *r = hn_session_rule(s);

	if (r)
		return READ_ONCE(r->dead);
	r = hn_rule_find(w->rs, s->proto, ntohs(s->ext_port));
	if (!r || !r->fresh)
		return false;
	w->evicted++;
	return true;
}

/*
 * Make @rules (@n of them; new ones and ones of the current set) the set.
 * A new rule equal to a current one is dropped for the current one.  The
 * new rules are consumed either way; @rules is the caller's.  Under
 * hn->lock.
 */
int hn_fwd_commit(struct hn_net *hn, struct hn_rule **rules, unsigned int n,
		  const struct nlattr *const *attrs, struct netlink_ext_ack *extack)
{
	struct hn_fwd_sweep sweep = {};
	struct hn_ruleset *old, *rs;
	bool changed = false;
	struct hn_rule *r, *cur;
	unsigned int i;
	int ret;

	lockdep_assert_held(&hn->lock);
	old = rcu_dereference_protected(hn->rules, lockdep_is_held(&hn->lock));

	/* an equal current rule stands in for a new one */
	for (i = 0; i < n; i++) {
		r = rules[i];
		if (r->live)
			continue;
		cur = hn_rule_find(old, r->proto & HOMENET_FWD_TCP ?
				   IPPROTO_TCP : IPPROTO_UDP, r->ext_lo);
		if (cur && hn_rule_same(cur, r)) {
			hn_rule_put(r);
			rules[i] = cur;
		}
	}
	rs = hn_ruleset_build(rules, n, attrs, extack, &ret);
	if (!rs)
		goto out;

	/* the new set's references: the current rules' are taken here */
	for (i = 0; i < n; i++)
		if (rules[i]->live)
			refcount_inc(&rules[i]->ref);
	rs->gen = old ? old->gen + 1 : 1;
	rcu_assign_pointer(hn->rules, rs);
	for (i = 0; i < n; i++) {
		r = rules[i];
		r->gen = rs->gen;
		if (!r->live) {
			r->live = true;
			r->fresh = true;
			changed = true;
		}
	}
	for (i = 0; old && i < old->n; i++) {
		r = old->rule[i];
		if (r->gen != rs->gen) {
			WRITE_ONCE(r->dead, true);
			changed = true;
		}
	}
	if (changed) {
		/*
		 * No packet still sees the old set: the mappings made by one
		 * that saw no rule on their port, and the sessions of rules
		 * that left, are all in the table now.  One sweep takes them.
		 */
		synchronize_net();
		sweep.rs = rs;
		hn_session_sweep(hn, hn_fwd_sweep_fn, &sweep);
		for (i = 0; i < n; i++)
			rules[i]->fresh = false;
	}
	if (sweep.evicted) {
		local_bh_disable();
		hn_count(hn, HN_STAT_SESSIONS_EVICTED, sweep.evicted);
		local_bh_enable();
	}
	for (i = 0; old && i < old->n; i++)
		hn_rule_put(old->rule[i]);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;

out:
	/* the new rules go; the current ones are untouched */
	for (i = 0; i < n; i++)
		if (!rules[i]->live)
			hn_rule_put(rules[i]);
	return ret;
}

/* The current set's rules, in order, in a new array of @extra more. */
struct hn_rule **hn_fwd_current(struct hn_net *hn, unsigned int extra,
				unsigned int *n)
{
	const struct hn_ruleset *rs;
	struct hn_rule **rules;

	lockdep_assert_held(&hn->lock);
	rs = rcu_dereference_protected(hn->rules, lockdep_is_held(&hn->lock));
	*n = rs ? rs->n : 0;
	rules = kvmalloc_array(*n + extra, sizeof(*rules), GFP_KERNEL);
	if (rules && *n)
		memcpy(rules, rs->rule, *n * sizeof(*rules));
	return rules;
}

/* No rules any more: the namespace is going.  Its hooks are off. */
void hn_fwd_net_exit(struct hn_net *hn)
{
	struct hn_ruleset *rs;
	unsigned int i;

	mutex_lock(&hn->lock);
	rs = rcu_replace_pointer(hn->rules, NULL, lockdep_is_held(&hn->lock));
	mutex_unlock(&hn->lock);
	if (!rs)
		return;
	for (i = 0; i < rs->n; i++) {
		WRITE_ONCE(rs->rule[i]->dead, true);
		hn_rule_put(rs->rule[i]);
	}
	kvfree_rcu(rs, rcu);
}

#ifdef HOMENET_KUNIT
#include "forward_test.c"
#endif
