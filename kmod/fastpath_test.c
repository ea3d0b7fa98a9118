// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for fastpath.c, included at its end. */
#include <kunit/test.h>

/*
 * A hook list as netfilter lays it out: the entries, then a pointer to
 * each one's ops.  @spec: one char per hook in priority order, 'H' ours,
 * 'L' a security module's, 'D' defragmentation, 'X' anyone else's.
 */
static struct nf_hook_entries *hn_fp_test_hooks(struct kunit *test,
						const struct hn_net *hn,
						const char *spec)
{
	unsigned int i, n = strlen(spec);
	struct nf_hook_entries *e;
	struct nf_hook_ops **ops, *o;

	e = kunit_kzalloc(test, sizeof(*e) + n * (sizeof(e->hooks[0]) + sizeof(*ops)),
			  GFP_KERNEL);
	o = kunit_kcalloc(test, n ?: 1, sizeof(*o), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_NOT_NULL(test, o);
	e->num_hook_entries = n;
	ops = nf_hook_entries_get_hook_ops(e);
	for (i = 0; i < n; i++) {
		o[i].priority = spec[i] == 'L' ? NF_IP_PRI_SELINUX_FIRST :
				spec[i] == 'D' ? NF_IP_PRI_CONNTRACK_DEFRAG : 0;
		o[i].priv = spec[i] == 'H' ? (void *)hn : NULL;
		e->hooks[i].priv = o[i].priv;
		ops[i] = &o[i];
	}
	return e;
}

struct hn_fp_test_case {
	const char *pre, *fwd, *post;
	bool auto_ok, on_ok;
};

static void hn_fp_test_hooks_clear(struct kunit *test)
{
	static const struct hn_fp_test_case cases[] = {
		/* homenet alone (and defrag before it) */
		{ "XH", "", "H", true, true },
		/* AppArmor's POST_ROUTING hook, SELinux's FORWARD one */
		{ "XH", "L", "LH", true, true },
		/* a firewall's forward chain: auto steps aside, on does not */
		{ "XH", "X", "H", false, true },
		/* conntrack after us in PRE_ROUTING */
		{ "XHX", "", "H", false, true },
		/* a mangle chain before our POST_ROUTING hook */
		{ "XH", "", "XH", false, true },
		/* a hook after ours in POST_ROUTING: never */
		{ "XH", "", "HX", false, false },
		{ "XH", "X", "HL", false, true },
	};
	struct hn_net *hn = kunit_kzalloc(test, sizeof(*hn), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, hn);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct hn_fp_test_case *c = &cases[i];
		struct nf_hook_entries *pre = hn_fp_test_hooks(test, hn, c->pre);
		struct nf_hook_entries *fwd = *c->fwd ? hn_fp_test_hooks(test, hn, c->fwd) : NULL;
		struct nf_hook_entries *post = hn_fp_test_hooks(test, hn, c->post);

		KUNIT_EXPECT_EQ_MSG(test, hn_fast_hooks_clear(hn, pre, fwd, post, true),
				    c->auto_ok, "auto: pre %s fwd %s post %s",
				    c->pre, c->fwd, c->post);
		KUNIT_EXPECT_EQ_MSG(test, hn_fast_hooks_clear(hn, pre, fwd, post, false),
				    c->on_ok, "on: pre %s fwd %s post %s",
				    c->pre, c->fwd, c->post);
	}
}

/*
 * From a device's ingress hook: the PRE_ROUTING hooks before ours and the
 * device's after ours are skipped too.
 */
static void hn_fp_test_ingress_clear(struct kunit *test)
{
	static const struct {
		const char *pre, *dev;
		bool ok;
	} cases[] = {
		{ "DH", "H", true },	/* defragmentation does not matter */
		{ "LDH", "XH", true },	/* nor what ran before us */
		{ "XDH", "H", false },	/* a raw/mangle prerouting chain */
		{ "DH", "HX", false },	/* a netdev ingress chain after ours */
	};
	struct hn_net *hn = kunit_kzalloc(test, sizeof(*hn), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, hn);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nf_hook_entries *pre = hn_fp_test_hooks(test, hn, cases[i].pre);
		struct nf_hook_entries *dev = hn_fp_test_hooks(test, hn, cases[i].dev);

		KUNIT_EXPECT_EQ_MSG(test, hn_fast_pre_clear(hn, pre) && hn_fast_dev_clear(hn, dev),
				    cases[i].ok,
				    "pre %s dev %s", cases[i].pre, cases[i].dev);
	}
}

/* hn_fast_ipv4_clear() as a packet's hook would call it, under RCU. */
static bool hn_fp_test_ipv4(const struct hn_net *hn,
			    struct nf_hook_entries __rcu *const *hooks,
			    bool strict, bool ingress)
{
	bool clear;

	rcu_read_lock();
	clear = hn_fast_ipv4_clear(hn, hooks, strict, ingress);
	rcu_read_unlock();
	return clear;
}

/*
 * The verdict on a namespace's IPv4 hook lists follows them at once: a
 * hook turned foreign in place (as unregistering does), a list that
 * comes, another namespace's view, the kind of hook asking.
 */
static void hn_fp_test_ipv4_lists(struct kunit *test)
{
	struct nf_hook_entries __rcu *hooks[NF_INET_NUMHOOKS] = {};
	struct hn_net *hn = kunit_kzalloc(test, sizeof(*hn), GFP_KERNEL);
	struct hn_net *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	struct nf_hook_entries *pre;

	KUNIT_ASSERT_NOT_NULL(test, hn);
	KUNIT_ASSERT_NOT_NULL(test, other);
	pre = hn_fp_test_hooks(test, hn, "XHH");
	RCU_INIT_POINTER(hooks[NF_INET_PRE_ROUTING], pre);
	RCU_INIT_POINTER(hooks[NF_INET_POST_ROUTING], hn_fp_test_hooks(test, hn, "H"));

	KUNIT_EXPECT_TRUE(test, hn_fp_test_ipv4(hn, hooks, true, false));
	/* our second PRE_ROUTING hook turns foreign */
	pre->hooks[2].priv = NULL;
	KUNIT_EXPECT_FALSE(test, hn_fp_test_ipv4(hn, hooks, true, false));
	pre->hooks[2].priv = hn;
	KUNIT_EXPECT_TRUE(test, hn_fp_test_ipv4(hn, hooks, true, false));
	/* no hook of the other namespace's in these lists */
	KUNIT_EXPECT_FALSE(test, hn_fp_test_ipv4(other, hooks, true, false));
	/* from the ingress hook, the foreign PRE_ROUTING hook before ours counts */
	KUNIT_EXPECT_FALSE(test, hn_fp_test_ipv4(hn, hooks, true, true));
	KUNIT_EXPECT_TRUE(test, hn_fp_test_ipv4(hn, hooks, false, true));
	/* a firewall's FORWARD chain comes: auto steps aside, "on" does not */
	rcu_assign_pointer(hooks[NF_INET_FORWARD], hn_fp_test_hooks(test, hn, "X"));
	KUNIT_EXPECT_FALSE(test, hn_fp_test_ipv4(hn, hooks, true, false));
	KUNIT_EXPECT_TRUE(test, hn_fp_test_ipv4(hn, hooks, false, false));
}

/* A UDP packet as PRE_ROUTING sees it, received on interface 7. */
static struct sk_buff *hn_fp_test_skb(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	iph = skb_put_zero(skb, sizeof(*iph) + 8);
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->tot_len = htons(skb->len);
	skb->skb_iif = 7;
	skb->pkt_type = PACKET_HOST;
	return skb;
}

/*
 * What the forward path must see is refused before the learned route is
 * even looked at (@fake is not a route: touching it would fault).
 */
static void hn_fp_test_route_refuses(struct kunit *test)
{
	struct hn_route fake = { (struct dst_entry *)0x10, 7 }, none = { NULL, 7 };
	struct hn_route other = { fake.dst, 8 };
	struct sk_buff *skb;
	int i;

	for (i = 0; i < 6; i++) {
		skb = hn_fp_test_skb(test);
		switch (i) {
		case 0:		/* nothing learned */
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &none, false));
			break;
		case 1:		/* learned on another interface */
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &other, false));
			break;
		case 2:		/* the TTL runs out here: ICMP time exceeded */
			ip_hdr(skb)->ttl = 1;
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &fake, false));
			break;
		case 3:		/* IP options */
			ip_hdr(skb)->ihl = 6;
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &fake, false));
			break;
		case 4:		/* reassembled: the forward path fragments again */
			IPCB(skb)->frag_max_size = 1400;
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &fake, false));
			break;
		case 5:		/* not addressed to us at L2 */
			skb->pkt_type = PACKET_OTHERHOST;
			KUNIT_EXPECT_NULL(test, hn_fast_route(skb, &fake, false));
			break;
		}
		kfree_skb(skb);
	}
}

static struct kunit_case hn_fp_test_cases[] = {
	KUNIT_CASE(hn_fp_test_hooks_clear),
	KUNIT_CASE(hn_fp_test_ingress_clear),
	KUNIT_CASE(hn_fp_test_ipv4_lists),
	KUNIT_CASE(hn_fp_test_route_refuses),
	{}
};

static struct kunit_suite hn_fp_test_suite = {
	.name = "homenet-fastpath",
	.test_cases = hn_fp_test_cases,
};

kunit_test_suite(hn_fp_test_suite);
