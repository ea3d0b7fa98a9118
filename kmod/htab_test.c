// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for htab.c, included at its end: growth, shrinking, and a
 * table caught halfway through a resize, where every entry must still be
 * found and changes must still land.
 */
#include <kunit/test.h>
#include <linux/jhash.h>

struct hn_ht_ent {
	struct hn_hnode node;
	u32 key;
};

static u32 hn_ht_hash(u32 key, u32 seed)
{
	return jhash_1word(key, seed);
}

static u32 hn_ht_node_hash(const struct hn_hnode *n, u32 seed)
{
	return hn_ht_hash(container_of(n, struct hn_ht_ent, node)->key, seed);
}

static bool hn_ht_match(const struct hn_hnode *n, const void *key)
{
	return container_of(n, struct hn_ht_ent, node)->key == *(const u32 *)key;
}

struct hn_ht {
	spinlock_t lock;		/* the hash's changes */
	atomic_t gen;
	struct hn_hash h;
	unsigned int n;
	struct hn_ht_ent *e;
};

static struct hn_ht *hn_ht_new(struct kunit *test, unsigned int n)
{
	struct hn_ht *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->e = kunit_kcalloc(test, n, sizeof(*t->e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->e);
	t->n = n;
	spin_lock_init(&t->lock);
	KUNIT_ASSERT_EQ(test, hn_hash_init(&t->h, &t->lock, &t->gen, NULL, hn_ht_node_hash,
					   4, 16), 0);
	return t;
}

static void hn_ht_insert(struct hn_ht *t, unsigned int i)
{
	t->e[i].key = i * 7919;
	spin_lock_bh(&t->lock);
	hn_hash_insert(&t->h, &t->e[i].node, hn_ht_hash(t->e[i].key, t->h.seed));
	spin_unlock_bh(&t->lock);
}

static int hn_ht_remove(struct hn_ht *t, unsigned int i)
{
	int ret;

	spin_lock_bh(&t->lock);
	ret = hn_hash_remove(&t->h, &t->e[i].node, hn_ht_hash(t->e[i].key, t->h.seed));
	spin_unlock_bh(&t->lock);
	return ret;
}

/* Does a lookup of entry @i's key find it? */
static bool hn_ht_found(struct hn_ht *t, unsigned int i)
{
	u32 key = i * 7919;
	struct hn_hnode *n;

	rcu_read_lock();
	n = hn_hash_lookup(&t->h, hn_ht_hash(key, t->h.seed), &key, hn_ht_match);
	rcu_read_unlock();
	return n == &t->e[i].node;
}

static unsigned int hn_ht_size(struct hn_ht *t)
{
	unsigned int size;

	mutex_lock(&t->h.mutex);
	size = hn_htbl_size(hn_hash_table(&t->h));
	mutex_unlock(&t->h.mutex);
	return size;
}

static void hn_ht_grow_shrink(struct kunit *test)
{
	struct hn_ht *t = hn_ht_new(test, 3000);
	unsigned int i, missing = 0;

	for (i = 0; i < t->n; i++)
		hn_ht_insert(t, i);
	flush_work(&t->h.resize);
	KUNIT_EXPECT_EQ(test, hn_hash_resize(&t->h), 0);
	/* 3000 entries: 4096 buckets, the smallest power of two above */
	KUNIT_EXPECT_EQ(test, hn_ht_size(t), 4096U);
	for (i = 0; i < t->n; i++)
		missing += !hn_ht_found(t, i);
	KUNIT_EXPECT_EQ(test, missing, 0U);

	for (i = 0; i < t->n - 100; i++)
		KUNIT_EXPECT_EQ(test, hn_ht_remove(t, i), 0);
	KUNIT_EXPECT_EQ(test, hn_ht_remove(t, 0), -ENOENT);
	flush_work(&t->h.resize);
	KUNIT_EXPECT_EQ(test, hn_hash_resize(&t->h), 0);
	/* 100 left: 256 buckets, a mean chain of 1/4..1/2 */
	KUNIT_EXPECT_EQ(test, hn_ht_size(t), 256U);
	for (i = 0; i < t->n; i++)
		missing += hn_ht_found(t, i) != (i >= t->n - 100);
	KUNIT_EXPECT_EQ(test, missing, 0U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->gen), 1);

	for (i = t->n - 100; i < t->n; i++)
		KUNIT_EXPECT_EQ(test, hn_ht_remove(t, i), 0);
	KUNIT_EXPECT_EQ(test, t->h.n, 0U);
	hn_hash_destroy(&t->h);
	synchronize_rcu();
}

/*
 * Stop a resize halfway, as a reader running alongside the worker would
 * find it: half the buckets moved, the rest not.  Lookups find every
 * entry, inserts go to the next table, removals work in both.
 */
static void hn_ht_halfway(struct kunit *test)
{
	struct hn_ht *t = hn_ht_new(test, 600);
	unsigned int i, missing = 0;
	struct hn_htbl *old, *new;

	for (i = 0; i < 500; i++)
		hn_ht_insert(t, i);
	flush_work(&t->h.resize);
	hn_hash_resize(&t->h);

	mutex_lock(&t->h.mutex);	/* the worker waits: we are the resize */
	old = hn_hash_table(&t->h);
	KUNIT_ASSERT_EQ(test, hn_htbl_size(old), 512U);
	new = hn_htbl_alloc(11, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, new);
	spin_lock_bh(&t->lock);
	rcu_assign_pointer(old->future, new);
	t->h.size = hn_htbl_size(new);
	for (i = 0; i < hn_htbl_size(old) / 2; i++)
		hn_hash_move_bucket(&t->h, old, new, i);
	spin_unlock_bh(&t->lock);

	for (i = 0; i < 500; i++)
		missing += !hn_ht_found(t, i);
	KUNIT_EXPECT_EQ(test, missing, 0U);
	for (i = 500; i < 600; i++)
		hn_ht_insert(t, i);
	spin_lock_bh(&t->lock);
	KUNIT_EXPECT_PTR_EQ(test, hn_hash_newest(&t->h), new);
	spin_unlock_bh(&t->lock);
	for (i = 0; i < 600; i++)
		missing += !hn_ht_found(t, i);
	KUNIT_EXPECT_EQ(test, missing, 0U);
	/* every tenth goes, from the moved half, the unmoved half and the new */
	for (i = 0; i < 600; i += 10)
		KUNIT_EXPECT_EQ(test, hn_ht_remove(t, i), 0);

	spin_lock_bh(&t->lock);
	for (i = hn_htbl_size(old) / 2; i < hn_htbl_size(old); i++)
		hn_hash_move_bucket(&t->h, old, new, i);
	spin_unlock_bh(&t->lock);
	for (i = 0; i <= old->mask; i++)
		missing += rcu_dereference_protected(old->b[i], 1) != hn_hash_nulls(&old->b[i]);
	KUNIT_EXPECT_EQ(test, missing, 0U);
	rcu_assign_pointer(t->h.tbl, new);
	mutex_unlock(&t->h.mutex);
	synchronize_rcu();
	hn_htbl_free(old);

	for (i = 0; i < 600; i++)
		missing += hn_ht_found(t, i) != !!(i % 10);
	KUNIT_EXPECT_EQ(test, missing, 0U);
	for (i = 0; i < 600; i++)
		if (i % 10)
			KUNIT_EXPECT_EQ(test, hn_ht_remove(t, i), 0);
	hn_hash_destroy(&t->h);
	synchronize_rcu();
}

static struct kunit_case hn_ht_cases[] = {
	KUNIT_CASE(hn_ht_grow_shrink),
	KUNIT_CASE(hn_ht_halfway),
	{}
};

static struct kunit_suite hn_ht_suite = {
	.name = "homenet-htab",
	.test_cases = hn_ht_cases,
};

kunit_test_suite(hn_ht_suite);
