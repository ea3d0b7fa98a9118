// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for forward.c, included at its end: rule matching, range
 * arithmetic, set building, commits, and the port allocator keeping out
 * of forwarded ports.  Each test has its own namespace state.
 */
#include <kunit/test.h>

#define HN_FT_NAS	htonl(0xc0a80004)	/* 192.168.0.4 */
#define HN_FT_PC	htonl(0xc0a8000a)	/* 192.168.0.10 */
#define HN_FT_WAN1	htonl(0xcb007105)	/* 203.0.113.5 */
#define HN_FT_WAN2	htonl(0xc6336401)	/* 198.51.100.1 */

struct hn_ft {
	struct hn_net hn;
	struct hn_config *cfg;
};

static int hn_ft_suite_init(struct kunit_suite *suite)
{
	return hn_session_cache_init();
}

static void hn_ft_suite_exit(struct kunit_suite *suite)
{
	hn_session_cache_exit();
}

static int hn_ft_init(struct kunit *test)
{
	struct hn_ft *ft = kunit_kzalloc(test, sizeof(*ft), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ft);
	mutex_init(&ft->hn.lock);
	ft->hn.stats = netdev_alloc_pcpu_stats(struct hn_stats);
	KUNIT_ASSERT_NOT_NULL(test, ft->hn.stats);
	ft->cfg = hn_config_default();
	KUNIT_ASSERT_NOT_NULL(test, ft->cfg);
	ft->cfg->cur_addr = HN_FT_WAN1;
	KUNIT_ASSERT_EQ(test, hn_table_init(&ft->hn.table, NULL), 0);
	test->priv = ft;
	return 0;
}

static void hn_ft_exit(struct kunit *test)
{
	struct hn_ft *ft = test->priv;

	hn_fwd_net_exit(&ft->hn);
	hn_session_flush_all(&ft->hn);
	hn_table_destroy(&ft->hn.table);
	free_percpu(ft->hn.stats);
	kfree(ft->cfg);
}

/* A rule: @proto bits, external @lo-@hi to NAS port @ilo-@ihi. */
static struct hn_rule *hn_ft_rule(struct kunit *test, u8 proto, u16 lo, u16 hi,
				  u16 ilo, u16 ihi, const char *name)
{
	struct hn_rule *r = hn_rule_alloc();

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->proto = proto;
	r->ext_lo = lo;
	r->ext_hi = hi;
	r->int_lo = ilo;
	r->int_hi = ihi;
	r->int_addr = HN_FT_NAS;
	strscpy(r->name, name, sizeof(r->name));
	KUNIT_EXPECT_NULL(test, hn_rule_check(r));
	return r;
}

/* Make @n rules the set; the result of the commit. */
static int hn_ft_commit(struct kunit *test, struct hn_rule **rules, unsigned int n)
{
	struct hn_ft *ft = test->priv;
	int ret;

	mutex_lock(&ft->hn.lock);
	ret = hn_fwd_commit(&ft->hn, rules, n, NULL, NULL);
	mutex_unlock(&ft->hn.lock);
	return ret;
}

static const struct hn_ruleset *hn_ft_set(struct kunit *test)
{
	struct hn_ft *ft = test->priv;

	return rcu_dereference_protected(ft->hn.rules, true);
}

/* Ports, ranges and protocols find their rule, and nothing else does. */
static void hn_ft_match(struct kunit *test)
{
	struct hn_rule *r[] = {
		hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web"),
		hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5010, 6000, 6010, "games"),
		hn_ft_rule(test, HOMENET_FWD_TCP | HOMENET_FWD_UDP, 22, 22, 2222, 2222, "ssh"),
		hn_ft_rule(test, HOMENET_FWD_TCP, 5000, 5001, 5000, 5001, "tcp5000"),
	};
	const struct hn_ruleset *rs;

	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, ARRAY_SIZE(r)), 0);
	rs = hn_ft_set(test);
	KUNIT_ASSERT_NOT_NULL(test, rs);
	KUNIT_EXPECT_EQ(test, rs->n, 4U);
	KUNIT_EXPECT_EQ(test, rs->n_proto[0], 3U);
	KUNIT_EXPECT_EQ(test, rs->n_proto[1], 2U);

	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_TCP, 8081), r[0]);
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_UDP, 8081));
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_TCP, 8080));
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_TCP, 8082));
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_UDP, 5000), r[1]);
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_UDP, 5007), r[1]);
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_UDP, 5010), r[1]);
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_UDP, 5011));
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_UDP, 4999));
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_TCP, 5001), r[3]);
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_TCP, 5002));
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_TCP, 22), r[2]);
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_UDP, 22), r[2]);
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_TCP, 1));
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_TCP, 65535));
	KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_ICMP, 22));
	KUNIT_EXPECT_NULL(test, hn_rule_find(NULL, IPPROTO_TCP, 22));
}

/* 1:1 ranges shift; a range onto one port folds; the default is 1:1. */
static void hn_ft_range_arith(struct kunit *test)
{
	struct hn_rule *r = hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5010, 6000, 6010, "a");

	KUNIT_EXPECT_EQ(test, hn_rule_int_port(r, 5000), 6000);
	KUNIT_EXPECT_EQ(test, hn_rule_int_port(r, 5007), 6007);
	KUNIT_EXPECT_EQ(test, hn_rule_int_port(r, 5010), 6010);
	r->int_lo = 9000;
	r->int_hi = 9000;
	KUNIT_EXPECT_NULL(test, hn_rule_check(r));
	KUNIT_EXPECT_EQ(test, hn_rule_int_port(r, 5007), 9000);
	/* a range of another length is refused */
	r->int_hi = 9005;
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	r->int_lo = 0;
	r->int_hi = 0;
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	hn_rule_put(r);

	r = hn_ft_rule(test, HOMENET_FWD_TCP, 65530, 65535, 65530, 65535, "top");
	KUNIT_EXPECT_EQ(test, hn_rule_int_port(r, 65535), 65535);
	r->proto = 0;
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	r->proto = 4;
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	r->proto = HOMENET_FWD_TCP;
	r->int_addr = htonl(0xe0000001);	/* multicast */
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	hn_rule_put(r);
}

/* The source prefix restricts who may use a rule. */
static void hn_ft_source(struct kunit *test)
{
	struct hn_rule *r = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");

	KUNIT_EXPECT_TRUE(test, hn_rule_admits(r, HN_FT_WAN1));
	r->src.addr = htonl(0xc6336400);	/* 198.51.100.0/24 */
	r->src.mask = inet_make_mask(24);
	KUNIT_EXPECT_NULL(test, hn_rule_check(r));
	KUNIT_EXPECT_TRUE(test, hn_rule_admits(r, HN_FT_WAN2));
	KUNIT_EXPECT_TRUE(test, hn_rule_admits(r, htonl(0xc63364ff)));
	KUNIT_EXPECT_FALSE(test, hn_rule_admits(r, HN_FT_WAN1));
	KUNIT_EXPECT_FALSE(test, hn_rule_admits(r, htonl(0xc6336500)));
	r->src.addr = htonl(0xc6336401);	/* host bits under a /24 */
	KUNIT_EXPECT_NOT_NULL(test, hn_rule_check(r));
	hn_rule_put(r);
}

/* Overlapping ports of a common protocol, or one name twice: refused. */
static void hn_ft_conflicts(struct kunit *test)
{
	struct hn_rule *r[3];
	int err;

	r[0] = hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5010, 5000, 5010, "a");
	r[1] = hn_ft_rule(test, HOMENET_FWD_TCP | HOMENET_FWD_UDP, 5010, 5010, 80, 80, "b");
	KUNIT_EXPECT_NULL(test, hn_ruleset_build(r, 2, NULL, NULL, &err));
	KUNIT_EXPECT_EQ(test, err, -EEXIST);
	/* the same ports on another protocol are fine */
	r[1]->proto = HOMENET_FWD_TCP;
	r[2] = hn_ft_rule(test, HOMENET_FWD_TCP, 4000, 4999, 4000, 4999, "a");
	KUNIT_EXPECT_NULL(test, hn_ruleset_build(r, 3, NULL, NULL, &err));
	KUNIT_EXPECT_EQ(test, err, -EEXIST);	/* "a" twice */
	strscpy(r[2]->name, "c", sizeof(r[2]->name));
	/* a refused commit changes nothing and consumes its new rules */
	r[1]->proto = HOMENET_FWD_UDP;
	KUNIT_EXPECT_EQ(test, hn_ft_commit(test, r, 3), -EEXIST);
	KUNIT_EXPECT_NULL(test, hn_ft_set(test));
}

/*
 * A replace keeps a rule equal to a current one (the same object, its
 * counters and sessions); a rule that leaves is dead.
 */
static void hn_ft_replace_keeps(struct kunit *test)
{
	struct hn_rule *a = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");
	struct hn_rule *b = hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5000, 5000, 5000, "b");
	struct hn_rule *r[2] = { a, b };
	const struct hn_ruleset *rs;

	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, 2), 0);
	KUNIT_EXPECT_EQ(test, hn_ft_set(test)->gen, 1U);
	/* hold them past their end to look at them */
	refcount_inc(&a->ref);
	refcount_inc(&b->ref);

	r[0] = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");
	r[1] = hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5000, 5001, 5001, "b");
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, 2), 0);
	rs = hn_ft_set(test);
	KUNIT_EXPECT_EQ(test, rs->gen, 2U);
	KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_TCP, 8081), a);
	KUNIT_EXPECT_PTR_NE(test, hn_rule_find(rs, IPPROTO_UDP, 5000), b);
	KUNIT_EXPECT_EQ(test, hn_rule_find(rs, IPPROTO_UDP, 5000)->int_lo, 5001);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(a->dead));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(b->dead));
	KUNIT_EXPECT_FALSE(test, hn_rule_get(b));
	/* the set's reference and ours */
	KUNIT_EXPECT_EQ(test, refcount_read(&a->ref), 2U);
	KUNIT_EXPECT_EQ(test, refcount_read(&b->ref), 1U);
	hn_rule_put(a);
	hn_rule_put(b);

	/* an empty set empties */
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hn_ft_set(test)->n, 0U);
	KUNIT_EXPECT_NULL(test, hn_rule_find(hn_ft_set(test), IPPROTO_TCP, 8081));
}

static struct hn_session *hn_ft_out(struct kunit *test, u8 proto, __be32 in,
				    u16 inport, int *err)
{
	struct hn_ft *ft = test->priv;
	struct hn_okey k = {
		.proto = proto, .int_addr = in, .int_port = htons(inport),
		.rem_addr = HN_FT_WAN2, .rem_port = htons(443),
	};
	struct hn_session *s;

	*err = 0;
	rcu_read_lock();
	s = hn_session_create(&ft->hn, ft->cfg, &k, 0, k.int_port, err);
	rcu_read_unlock();
	return s;
}

/*
 * The allocator never hands out a forwarded port, enabled or not, and a
 * new rule takes its port from a dynamic mapping, sessions and all.
 */
static void hn_ft_allocator_excludes(struct kunit *test)
{
	struct hn_ft *ft = test->priv;
	struct hn_rule *r[2];
	struct hn_session *s;
	int err, i;

	r[0] = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");
	r[1] = hn_ft_rule(test, HOMENET_FWD_UDP, 5000, 5000, 5000, 5000, "off");
	r[1]->disabled = true;
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, 2), 0);

	s = hn_ft_out(test, IPPROTO_TCP, HN_FT_PC, 8081, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_NE(test, ntohs(s->ext_port), 8081);
	KUNIT_EXPECT_GE(test, ntohs(s->ext_port), 1024);
	s = hn_ft_out(test, IPPROTO_UDP, HN_FT_PC, 5000, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_NE(test, ntohs(s->ext_port), 5000);
	/* the port of a rule for TCP only is free for UDP */
	s = hn_ft_out(test, IPPROTO_UDP, HN_FT_PC, 8081, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, ntohs(s->ext_port), 8081);

	/* a range of forwarded ports covering the whole pool: no port */
	ft->cfg->port_min = 7000;
	ft->cfg->port_max = 7009;
	r[0] = hn_ft_rule(test, HOMENET_FWD_TCP, 7000, 7009, 7000, 7009, "pool");
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, 1), 0);
	for (i = 0; i < 3; i++) {
		s = hn_ft_out(test, IPPROTO_TCP, HN_FT_PC, 7000 + i, &err);
		KUNIT_EXPECT_NULL(test, s);
		KUNIT_EXPECT_EQ(test, err, -EADDRINUSE);
	}
}

/* A rule added on a port a dynamic mapping holds evicts the mapping. */
static void hn_ft_evicts(struct kunit *test)
{
	struct hn_ft *ft = test->priv;
	struct hn_session *s;
	struct hn_rule *r;
	struct hn_stats sum;
	int err;

	s = hn_ft_out(test, IPPROTO_TCP, HN_FT_PC, 8081, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, ntohs(s->ext_port), 8081);
	s = hn_ft_out(test, IPPROTO_TCP, HN_FT_PC, 9000, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, atomic_read(&ft->hn.table.nsessions), 2);

	r = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, &r, 1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ft->hn.table.nsessions), 1);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, hn_mapping_lookup_ext(&ft->hn.table, htons(8081), IPPROTO_TCP, 0));
	KUNIT_EXPECT_NOT_NULL(test, hn_mapping_lookup_ext(&ft->hn.table, htons(9000),
							  IPPROTO_TCP, 0));
	rcu_read_unlock();
	hn_stats_sum(&ft->hn, &sum);
	KUNIT_EXPECT_EQ(test, sum.c[HN_STAT_SESSIONS_EVICTED], 1ULL);
}

/*
 * Sessions of a rule hold it and count on it; deleting the rule deletes
 * them.
 */
static void hn_ft_rule_sessions(struct kunit *test)
{
	struct hn_ft *ft = test->priv;
	struct hn_okey k = {
		.proto = IPPROTO_TCP, .int_addr = HN_FT_NAS, .int_port = htons(80),
		.rem_addr = HN_FT_WAN2, .rem_port = htons(40000),
	};
	struct hn_rule_stats st;
	struct hn_session *s;
	struct hn_rule *r;
	int err = 0;

	r = hn_ft_rule(test, HOMENET_FWD_TCP, 8081, 8081, 80, 80, "web");
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, &r, 1), 0);
	rcu_read_lock();
	s = hn_session_create_fwd(&ft->hn, ft->cfg, &k, HOMENET_SESSION_F_INBOUND,
				  htons(8081), r, &err);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_NULL(test, hn_session_map(s));
	KUNIT_EXPECT_PTR_EQ(test, hn_session_rule(s), r);
	KUNIT_EXPECT_EQ(test, ntohs(s->ext_port), 8081);
	KUNIT_EXPECT_TRUE(test, s->flags & HOMENET_SESSION_F_FORWARD);
	KUNIT_EXPECT_EQ(test, refcount_read(&r->ref), 2U);
	KUNIT_EXPECT_EQ(test, atomic_read(&ft->hn.table.nmappings), 0);
	local_bh_disable();
	hn_rule_count(r, 100);
	hn_rule_count(r, 50);
	local_bh_enable();
	hn_rule_stats_sum(r, &st);
	KUNIT_EXPECT_EQ(test, st.packets, 2ULL);
	KUNIT_EXPECT_EQ(test, st.bytes, 150ULL);
	KUNIT_EXPECT_EQ(test, st.sessions, 1ULL);

	refcount_inc(&r->ref);	/* to look at it after */
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ft->hn.table.nsessions), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(r->dead));
	KUNIT_EXPECT_EQ(test, refcount_read(&r->ref), 1U);
	hn_rule_put(r);
}

/* 10,000 single-port rules: built, and each port found. */
static void hn_ft_many(struct kunit *test)
{
	const unsigned int n = 10000;
	const struct hn_ruleset *rs;
	struct hn_rule **r;
	unsigned int i;

	r = kvmalloc_array(n, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	for (i = 0; i < n; i++) {
		/* in descending order: the set sorts them */
		u16 port = 60000 - 2 * i;

		r[i] = hn_rule_alloc();
		KUNIT_ASSERT_NOT_NULL(test, r[i]);
		r[i]->proto = HOMENET_FWD_UDP;
		r[i]->ext_lo = port;
		r[i]->ext_hi = port;
		r[i]->int_lo = port;
		r[i]->int_hi = port;
		r[i]->int_addr = HN_FT_NAS;
	}
	KUNIT_ASSERT_EQ(test, hn_ft_commit(test, r, n), 0);
	rs = hn_ft_set(test);
	for (i = 0; i < n; i++) {
		u16 port = 60000 - 2 * i;

		KUNIT_EXPECT_PTR_EQ(test, hn_rule_find(rs, IPPROTO_UDP, port), r[i]);
		KUNIT_EXPECT_NULL(test, hn_rule_find(rs, IPPROTO_UDP, port + 1));
	}
	kvfree(r);
}

static struct kunit_case hn_ft_cases[] = {
	KUNIT_CASE(hn_ft_match),
	KUNIT_CASE(hn_ft_range_arith),
	KUNIT_CASE(hn_ft_source),
	KUNIT_CASE(hn_ft_conflicts),
	KUNIT_CASE(hn_ft_replace_keeps),
	KUNIT_CASE(hn_ft_allocator_excludes),
	KUNIT_CASE(hn_ft_evicts),
	KUNIT_CASE(hn_ft_rule_sessions),
	KUNIT_CASE(hn_ft_many),
	{}
};

static struct kunit_suite hn_ft_suite = {
	.name = "homenet-forward",
	.suite_init = hn_ft_suite_init,
	.suite_exit = hn_ft_suite_exit,
	.init = hn_ft_init,
	.exit = hn_ft_exit,
	.test_cases = hn_ft_cases,
};

kunit_test_suite(hn_ft_suite);
