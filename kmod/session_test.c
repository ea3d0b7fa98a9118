// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for session.c, included at its end.  Each test builds its
 * own table; the slab caches are made for the suite, since on 6.1 the
 * suite runs before the module's init.
 */
#include <kunit/test.h>

#define HN_ST_A		htonl(0xc0a8000a)	/* 192.168.0.10 */
#define HN_ST_B		htonl(0xc0a8000b)	/* 192.168.0.11 */
#define HN_ST_R1	htonl(0xc6336401)	/* 198.51.100.1 */
#define HN_ST_R2	htonl(0xc6336402)

struct hn_st {
	struct hn_net hn;
	struct hn_config *cfg;
};

static int hn_st_suite_init(struct kunit_suite *suite)
{
	return hn_session_cache_init();
}

static void hn_st_suite_exit(struct kunit_suite *suite)
{
	hn_session_cache_exit();
}

static int hn_st_init(struct kunit *test)
{
	struct hn_st *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->hn.stats = netdev_alloc_pcpu_stats(struct hn_stats);
	KUNIT_ASSERT_NOT_NULL(test, st->hn.stats);
	st->cfg = hn_config_default();
	KUNIT_ASSERT_NOT_NULL(test, st->cfg);
	KUNIT_ASSERT_EQ(test, hn_table_init(&st->hn.table, NULL), 0);
	test->priv = st;
	return 0;
}

static void hn_st_exit(struct kunit *test)
{
	struct hn_st *st = test->priv;

	hn_session_flush_all(&st->hn);
	hn_table_destroy(&st->hn.table);
	free_percpu(st->hn.stats);
	kfree(st->cfg);
}

/* Look @s up again by its inside key. */
static struct hn_session *hn_st_find(struct hn_table *t, const struct hn_session *s)
{
	struct hn_okey k = hn_session_okey(s);

	return hn_session_lookup_out(t, &k);
}

static struct hn_session *hn_st_out(struct kunit *test, __be32 in, u16 inport,
				    __be32 rem, u16 remport, int *err)
{
	struct hn_st *st = test->priv;
	struct hn_okey k = {
		.proto = IPPROTO_UDP, .int_addr = in, .int_port = htons(inport),
		.rem_addr = rem, .rem_port = htons(remport),
	};
	struct hn_session *s;

	*err = 0;
	rcu_read_lock();
	s = hn_session_create(&st->hn, st->cfg, &k, 0, k.int_port, err);
	rcu_read_unlock();
	return s;
}

/* A session is found from both sides, its port kept. */
static void hn_st_lookup_both_ways(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *s;
	struct hn_ikey ik = {};
	int err;

	s = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, s->ext_port, htons(5000));

	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, hn_st_find(&st->hn.table, s), s);
	ik.proto = IPPROTO_UDP;
	ik.rem_addr = HN_ST_R1;
	ik.rem_port = htons(53);
	ik.ext_port = htons(5000);
	KUNIT_EXPECT_PTR_EQ(test, hn_session_lookup_in(&st->hn.table, &ik), s);
	ik.rem_port = htons(54);
	KUNIT_EXPECT_NULL(test, hn_session_lookup_in(&st->hn.table, &ik));
	KUNIT_EXPECT_PTR_EQ(test, hn_mapping_lookup_ext(&st->hn.table, htons(5000), IPPROTO_UDP, 0),
			    hn_session_map(s));
	KUNIT_EXPECT_NULL(test, hn_mapping_lookup_ext(&st->hn.table, htons(5000), IPPROTO_TCP, 0));
	KUNIT_EXPECT_PTR_EQ(test, hn_mapping_lookup_int(&st->hn.table, HN_ST_A, htons(5000),
							IPPROTO_UDP, 0), hn_session_map(s));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 1);
}

/* One mapping per inside endpoint, whatever the destination (REQ-1). */
static void hn_st_eim(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *s1, *s2;
	int err;

	s1 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 3478, &err);
	s2 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R2, 3479, &err);
	KUNIT_ASSERT_NOT_NULL(test, s1);
	KUNIT_ASSERT_NOT_NULL(test, s2);
	KUNIT_EXPECT_PTR_NE(test, s1, s2);
	KUNIT_EXPECT_PTR_EQ(test, hn_session_map(s1), hn_session_map(s2));
	KUNIT_EXPECT_EQ(test, s1->ext_port, s2->ext_port);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 1);
	/* the same session again is the same session */
	KUNIT_EXPECT_PTR_EQ(test, hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 3478, &err), s1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 2);
}

/* Two inside hosts on one port: two external ports (REQ-3). */
static void hn_st_no_overloading(struct kunit *test)
{
	struct hn_session *a, *b;
	int err;

	a = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	b = hn_st_out(test, HN_ST_B, 5000, HN_ST_R1, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_NE(test, a->ext_port, b->ext_port);
	KUNIT_EXPECT_EQ(test, ntohs(b->ext_port) & 1, 0);	/* parity */
	KUNIT_EXPECT_GE(test, ntohs(b->ext_port), 1024);	/* class */
}

/* A full table refuses new sessions and keeps the old ones. */
static void hn_st_table_full(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *a;
	int err;

	st->cfg->max_sessions = 2;
	a = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, hn_st_out(test, HN_ST_A, 5001, HN_ST_R1, 53, &err));
	KUNIT_EXPECT_NULL(test, hn_st_out(test, HN_ST_B, 5000, HN_ST_R1, 53, &err));
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, hn_st_find(&st->hn.table, a), a);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 2);
}

/* No free external port: refused, and nothing half-made is left. */
static void hn_st_ports_exhausted(struct kunit *test)
{
	struct hn_st *st = test->priv;
	int err;

	st->cfg->port_min = 5000;
	st->cfg->port_max = 5001;
	KUNIT_ASSERT_NOT_NULL(test, hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err));
	KUNIT_ASSERT_NOT_NULL(test, hn_st_out(test, HN_ST_B, 5000, HN_ST_R1, 53, &err));
	KUNIT_EXPECT_NULL(test, hn_st_out(test, HN_ST_B, 7000, HN_ST_R1, 53, &err));
	KUNIT_EXPECT_EQ(test, err, -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 2);
	/* the existing endpoints still get sessions */
	KUNIT_EXPECT_NOT_NULL(test, hn_st_out(test, HN_ST_A, 5000, HN_ST_R2, 53, &err));
}

/* Sessions expire; the mapping goes with its last session. */
static void hn_st_expiry(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *s1, *s2;
	u64 removed = 0;
	int err;

	s1 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	s2 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R2, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, s1);
	KUNIT_ASSERT_NOT_NULL(test, s2);
	KUNIT_EXPECT_TRUE(test, time_after32(s1->expires,
					     (u32)(jiffies + st->cfg->timeout[HN_TO_UDP] - HZ)));

	WRITE_ONCE(s1->expires, (u32)jiffies - 1);
	removed = hn_session_sweep(&st->hn, hn_session_expired, &st->hn);
	KUNIT_EXPECT_EQ(test, removed, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 1);

	WRITE_ONCE(s2->expires, (u32)jiffies - 1);
	removed += hn_session_sweep(&st->hn, hn_session_expired, &st->hn);
	KUNIT_EXPECT_EQ(test, removed, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 0);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, hn_mapping_lookup_ext(&st->hn.table, htons(5000), IPPROTO_UDP, 0));
	rcu_read_unlock();
}

/* Refreshing moves expiry out by the protocol's timeout. */
static void hn_st_refresh(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *s;
	int err;

	s = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	hn_session_refresh(s, st->cfg, 1000);
	KUNIT_EXPECT_EQ(test, s->expires, (u32)(1000 + st->cfg->timeout[HN_TO_UDP]));
	s->proto = IPPROTO_TCP;	/* only the timer choice looks at it */
	s->tcp_state = HOMENET_TCP_ESTABLISHED;
	hn_session_refresh(s, st->cfg, 1000);
	KUNIT_EXPECT_EQ(test, s->expires, (u32)(1000 + st->cfg->timeout[HN_TO_TCP_EST]));
	s->tcp_state = HOMENET_TCP_RESET;
	hn_session_refresh(s, st->cfg, 1000);
	KUNIT_EXPECT_EQ(test, s->expires, (u32)(1000 + st->cfg->timeout[HN_TO_TCP_TRANS]));
	s->proto = IPPROTO_UDP;
}

/*
 * TCP tracking picks the timer: the handshake from the inside, the
 * inside host's ACKs teaching where the remote host's sequence numbers
 * are, and an RST or FIN from outside that is not near them (an off-path
 * host's guess) leaving an established session on its long timer.
 */
static void hn_st_tcp_track(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_pkt p = { .proto = IPPROTO_TCP };
	struct hn_session *s;
	int err;

	s = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 80, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->proto = IPPROTO_TCP;	/* the tracking looks at the packet's */
	s->tcp_state = HOMENET_TCP_SYN_SENT;
	p.tcp_flags = TCPHDR_SYN | TCPHDR_ACK;
	p.tcp_seq = 0x12340000;
	hn_tcp_track(s, &p, HN_DIR_IN);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_SYN_RECV);
	p.tcp_flags = TCPHDR_ACK;
	p.tcp_ack = 0x12340001;
	hn_tcp_track(s, &p, HN_DIR_OUT);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, s->tcp_ack_hi, 0x1234);

	/* far from what the inside host expects: it stays established */
	p.tcp_flags = TCPHDR_RST;
	p.tcp_seq = 0x92340000;
	hn_tcp_track(s, &p, HN_DIR_IN);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_ESTABLISHED);
	p.tcp_flags = TCPHDR_FIN | TCPHDR_ACK;
	p.tcp_seq = 0x12300000;
	hn_tcp_track(s, &p, HN_DIR_IN);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_ESTABLISHED);
	hn_session_refresh(s, st->cfg, 1000);
	KUNIT_EXPECT_EQ(test, s->expires, (u32)(1000 + st->cfg->timeout[HN_TO_TCP_EST]));

	/* the inside host's data moved on: near it, an RST ends it */
	p.tcp_flags = TCPHDR_ACK;
	p.tcp_ack = 0x12360000;
	hn_tcp_track(s, &p, HN_DIR_OUT);
	p.tcp_flags = TCPHDR_RST;
	p.tcp_seq = 0x12370000;
	hn_tcp_track(s, &p, HN_DIR_IN);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_RESET);
	hn_session_refresh(s, st->cfg, 1000);
	KUNIT_EXPECT_EQ(test, s->expires, (u32)(1000 + st->cfg->timeout[HN_TO_TCP_TRANS]));

	/* an RST from the inside host needs no window */
	s->tcp_state = HOMENET_TCP_ESTABLISHED;
	p.tcp_seq = 0x00000000;
	hn_tcp_track(s, &p, HN_DIR_OUT);
	KUNIT_EXPECT_EQ(test, s->tcp_state, HOMENET_TCP_RESET);
	s->proto = IPPROTO_UDP;
}

/*
 * Filtering of unsolicited packets to a mapping (REQ-8).  Address-
 * dependent filtering asks for a session its inside endpoint opened
 * towards the remote address, whatever its port: one permit per remote
 * address, there while one such session is.
 */
static void hn_st_filtering(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_table *t = &st->hn.table;
	struct hn_session *s, *s2;
	struct hn_mapping *m;
	struct hn_okey k;
	int err;

	s = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 3478, &err);
	KUNIT_ASSERT_NOT_NULL(test, s);
	m = hn_session_map(s);
	rcu_read_lock();
	st->cfg->filter = HOMENET_FILTER_EIF;
	KUNIT_EXPECT_TRUE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R2, htons(1)));
	st->cfg->filter = HOMENET_FILTER_ADF;
	KUNIT_EXPECT_TRUE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R1, htons(1)));
	KUNIT_EXPECT_FALSE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R2, htons(3478)));
	st->cfg->filter = HOMENET_FILTER_APDF;
	KUNIT_EXPECT_FALSE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R1, htons(1)));
	rcu_read_unlock();

	/* a second session to R1 from the mapping: R1 stays allowed while one is */
	st->cfg->filter = HOMENET_FILTER_ADF;
	s2 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 3479, &err);
	KUNIT_ASSERT_NOT_NULL(test, s2);
	KUNIT_EXPECT_PTR_EQ(test, hn_session_map(s2), m);
	k = hn_session_okey(s);
	KUNIT_EXPECT_TRUE(test, hn_session_delete(&st->hn, &k));
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R1, htons(1)));
	rcu_read_unlock();
	/* a session to R2 that R2 opened grants nothing */
	k = (struct hn_okey){ .proto = IPPROTO_UDP, .int_addr = HN_ST_A,
			      .int_port = htons(5000), .rem_addr = HN_ST_R2,
			      .rem_port = htons(9) };
	rcu_read_lock();
	KUNIT_EXPECT_NOT_NULL(test, hn_session_create(&st->hn, st->cfg, &k,
						      HOMENET_SESSION_F_INBOUND,
						      m->ext_port, &err));
	KUNIT_EXPECT_FALSE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R2, htons(1)));
	rcu_read_unlock();
	k = hn_session_okey(s2);
	KUNIT_EXPECT_TRUE(test, hn_session_delete(&st->hn, &k));
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, hn_mapping_allows(t, m, st->cfg, HN_ST_R1, htons(1)));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, t->permits.n, 0U);
}

/* Deleting sessions one by one; flush empties everything. */
static void hn_st_delete_flush(struct kunit *test)
{
	struct hn_st *st = test->priv;
	struct hn_session *s1, *s2;
	struct hn_okey k1, k2;
	int i, err;

	s1 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R1, 53, &err);
	s2 = hn_st_out(test, HN_ST_A, 5000, HN_ST_R2, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, s1);
	KUNIT_ASSERT_NOT_NULL(test, s2);
	k1 = hn_session_okey(s1);
	k2 = hn_session_okey(s2);
	KUNIT_EXPECT_TRUE(test, hn_session_delete(&st->hn, &k1));
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 1);
	KUNIT_EXPECT_FALSE(test, hn_session_delete(&st->hn, &k1));	/* gone */
	KUNIT_EXPECT_TRUE(test, hn_session_delete(&st->hn, &k2));
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 0);

	for (i = 0; i < 3000; i++)
		KUNIT_ASSERT_NOT_NULL(test, hn_st_out(test, HN_ST_A, 10000 + i,
						      HN_ST_R1, 53, &err));
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 3000);
	hn_session_flush_all(&st->hn);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 0);
}

/*
 * A sweep that unlinks more sessions than one reap batch holds frees the
 * batch and goes on; a session's lookups survive the others' reaping.
 */
static void hn_st_sweep_batches(struct kunit *test)
{
	struct hn_st *st = test->priv;
	const unsigned int n = 4096 + 1000;	/* HN_REAP_BATCH and more */
	struct hn_session *keep, *s;
	u64 removed = 0;
	unsigned int i;
	int err;

	keep = hn_st_out(test, HN_ST_B, 7, HN_ST_R2, 53, &err);
	KUNIT_ASSERT_NOT_NULL(test, keep);
	for (i = 0; i < n; i++) {
		s = hn_st_out(test, HN_ST_A, 10000 + i, HN_ST_R1, 53, &err);
		KUNIT_ASSERT_NOT_NULL(test, s);
		WRITE_ONCE(s->expires, (u32)jiffies - 1);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), n + 1);
	removed = hn_session_sweep(&st->hn, hn_session_expired, &st->hn);
	KUNIT_EXPECT_EQ(test, removed, n);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nsessions), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->hn.table.nmappings), 1);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, hn_st_find(&st->hn.table, keep), keep);
	rcu_read_unlock();
}

/*
 * A walk that a resize interrupts goes on where it misses nothing: for
 * tables of 1 to 64 buckets each way and every place the walk can stop,
 * every hash not seen yet (its bucket in the old table at or after the
 * stop) is in a bucket at or after where the walk goes on, and a walk
 * that was done stays done.  A walk past the first half of a table that
 * halves goes on in the second half's image, not at the start.
 */
static void hn_st_walk_resume(struct kunit *test)
{
	unsigned int old, size, b, hash, at;

	for (old = 1; old <= 64; old *= 2) {
		for (size = 1; size <= 64; size *= 2) {
			KUNIT_EXPECT_EQ(test, hn_walk_resume(old, old, size), size);
			for (b = 0; b < old; b++) {
				at = hn_walk_resume(b, old, size);
				KUNIT_ASSERT_LT(test, at, size);
				for (hash = 0; hash < 256; hash++) {
					if ((hash & (old - 1)) < b)
						continue;
					KUNIT_ASSERT_GE_MSG(test, hash & (size - 1), at,
							    "hash %u, bucket %u of %u, now %u",
							    hash, b, old, size);
				}
			}
		}
	}
	KUNIT_EXPECT_EQ(test, hn_walk_resume(5, 8, 16), 5U);
	KUNIT_EXPECT_EQ(test, hn_walk_resume(6, 8, 4), 2U);
	KUNIT_EXPECT_EQ(test, hn_walk_resume(3, 8, 4), 0U);
}

static struct kunit_case hn_st_cases[] = {
	KUNIT_CASE(hn_st_lookup_both_ways),
	KUNIT_CASE(hn_st_eim),
	KUNIT_CASE(hn_st_no_overloading),
	KUNIT_CASE(hn_st_table_full),
	KUNIT_CASE(hn_st_ports_exhausted),
	KUNIT_CASE(hn_st_expiry),
	KUNIT_CASE(hn_st_refresh),
	KUNIT_CASE(hn_st_tcp_track),
	KUNIT_CASE(hn_st_filtering),
	KUNIT_CASE(hn_st_delete_flush),
	KUNIT_CASE(hn_st_sweep_batches),
	KUNIT_CASE(hn_st_walk_resume),
	{}
};

static struct kunit_suite hn_st_suite = {
	.name = "homenet-session",
	.suite_init = hn_st_suite_init,
	.suite_exit = hn_st_suite_exit,
	.init = hn_st_init,
	.exit = hn_st_exit,
	.test_cases = hn_st_cases,
};

kunit_test_suite(hn_st_suite);
