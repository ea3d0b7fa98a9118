// SPDX-License-Identifier: GPL-2.0
/*
 * Hash tables for the session table (see htab.h).
 *
 * A resize (in a worker, under h->mutex) makes the next table, publishes
 * it as the current one's @future, and moves the entries over one bucket
 * at a time, each under the owner's lock: the last entry of a chain first,
 * so a reader walking the old chain is never cut off from entries still
 * in it.  New entries go into the next table from the start.  When all
 * have moved, the next table becomes the current one, and the old one is
 * freed after a grace period.
 */
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/mm.h>

#include "htab.h"

enum {
	HN_HASH_MOVE_BUCKETS = 64,	/* moved per hold of the owner's lock */
};

static struct hn_htbl *hn_htbl_alloc(unsigned int shift, gfp_t gfp)
{
	struct hn_htbl *tbl;
	unsigned int i;

	tbl = kzalloc(sizeof(*tbl), gfp);
	if (!tbl)
		return NULL;
	/* a power of two bytes: kmalloc's pages or vmalloc, nothing rounded up */
	tbl->b = kvmalloc_array(1U << shift, sizeof(*tbl->b), gfp);
	if (!tbl->b) {
		kfree(tbl);
		return NULL;
	}
	tbl->mask = (1U << shift) - 1;
	for (i = 0; i <= tbl->mask; i++)
		RCU_INIT_POINTER(tbl->b[i], hn_hash_nulls(&tbl->b[i]));
	return tbl;
}

static void hn_htbl_free(struct hn_htbl *tbl)
{
	kvfree(tbl->b);
	kfree(tbl);
}

static void hn_hash_resize_work(struct work_struct *work)
{
	struct hn_hash *h = container_of(work, struct hn_hash, resize);

	hn_hash_resize(h);
}

int hn_hash_init(struct hn_hash *h, spinlock_t *lock, atomic_t *gen,
		 struct mem_cgroup *memcg,
		 u32 (*hashfn)(const struct hn_hnode *node, u32 seed),
		 unsigned int min_shift, unsigned int max_shift)
{
	struct mem_cgroup *old = set_active_memcg(memcg);
	struct hn_htbl *tbl = hn_htbl_alloc(min_shift, GFP_KERNEL_ACCOUNT);

	set_active_memcg(old);

	if (!tbl)
		return -ENOMEM;
	RCU_INIT_POINTER(h->tbl, tbl);
	h->lock = lock;
	h->gen = gen;
	h->memcg = memcg;
	h->n = 0;
	h->size = hn_htbl_size(tbl);
	h->seed = get_random_u32();
	h->hashfn = hashfn;
	h->min_shift = min_shift;
	h->max_shift = max_shift;
	mutex_init(&h->mutex);
	INIT_WORK(&h->resize, hn_hash_resize_work);
	return 0;
}

/* No entries left, no lookups to come. */
void hn_hash_destroy(struct hn_hash *h)
{
	cancel_work_sync(&h->resize);
	WARN_ON(h->n);
	hn_htbl_free(rcu_dereference_protected(h->tbl, 1));
	mutex_destroy(&h->mutex);
}

/* The newest table: where entries go.  Under *h->lock. */
static struct hn_htbl *hn_hash_newest(struct hn_hash *h)
{
	struct hn_htbl *tbl = rcu_dereference_protected(h->tbl, lockdep_is_held(h->lock)), *next;

	next = rcu_dereference_protected(tbl->future, lockdep_is_held(h->lock));
	return next ?: tbl;
}

/*
 * The size @n entries want: grown once there are more entries than
 * buckets, to a mean chain of 1/2..1; shrunk below a quarter, to 1/4..1/2
 * (so the two never follow each other closely).  0: as it is.
 */
static unsigned int hn_hash_want(const struct hn_hash *h, unsigned int n,
				 unsigned int shift)
{
	unsigned int want;

	if (n > 1U << shift)
		want = order_base_2(n);
	else if (n < (1U << shift) / 4)
		want = order_base_2(2 * n);
	else
		return 0;
	want = clamp_t(unsigned int, want, h->min_shift, h->max_shift);
	return want == shift ? 0 : want;
}

/*
 * Ask for a resize when the newest table is too small or too big.  Not
 * on the CPU that asks: that one may be busy with packets for a while.
 */
static void hn_hash_check(struct hn_hash *h)
{
	if (unlikely((h->n > h->size && h->size < 1U << h->max_shift) ||
		     (h->n < h->size / 4 && h->size > 1U << h->min_shift)))
		queue_work(system_unbound_wq, &h->resize);
}

/* Add @node, whose hash with h->seed is @hash.  Under *h->lock. */
void hn_hash_insert(struct hn_hash *h, struct hn_hnode *node, u32 hash)
{
	struct hn_htbl *tbl = hn_hash_newest(h);
	struct hn_hnode __rcu **head = &tbl->b[hash & tbl->mask];

	lockdep_assert_held(h->lock);
	RCU_INIT_POINTER(node->next, hn_hash_locked(h, head));
	rcu_assign_pointer(*head, node);
	h->n++;
	hn_hash_check(h);
}

/*
 * Take @node (hash @hash) out; -ENOENT if it is not in.  Under *h->lock.
 * Readers on it go on along its chain; it is the caller's to free after
 * a grace period.
 */
int hn_hash_remove(struct hn_hash *h, struct hn_hnode *node, u32 hash)
{
	struct hn_htbl *tbl = rcu_dereference_protected(h->tbl, lockdep_is_held(h->lock));
	struct hn_hnode __rcu **pp;
	struct hn_hnode *n;

	lockdep_assert_held(h->lock);
	do {
		pp = &tbl->b[hash & tbl->mask];
		for (; !hn_hash_is_nulls(n = hn_hash_locked(h, pp)); pp = &n->next) {
			if (n != node)
				continue;
			RCU_INIT_POINTER(*pp, hn_hash_locked(h, &n->next));
			h->n--;
			hn_hash_check(h);
			return 0;
		}
		tbl = rcu_dereference_protected(tbl->future, lockdep_is_held(h->lock));
	} while (tbl);
	return -ENOENT;
}

/* Move the chain of @old's bucket @i into @new.  Under *h->lock. */
static void hn_hash_move_bucket(struct hn_hash *h, struct hn_htbl *old,
				struct hn_htbl *new, unsigned int i)
{
	struct hn_hnode __rcu **head = &old->b[i], **pp, **to;
	struct hn_hnode *n, *next;

	while (!hn_hash_is_nulls(n = hn_hash_locked(h, head))) {
		/* the last node: nothing behind it to lose sight of */
		pp = head;
		while (!hn_hash_is_nulls(next = hn_hash_locked(h, &n->next))) {
			pp = &n->next;
			n = next;
		}
		to = &new->b[h->hashfn(n, h->seed) & new->mask];
		/* readers that reach @n now end in @new's chain: wrong marker */
		RCU_INIT_POINTER(n->next, hn_hash_locked(h, to));
		rcu_assign_pointer(*to, n);
		/* ordered after: a reader that sees the old chain end sees @n in @new */
		smp_wmb();
		RCU_INIT_POINTER(*pp, hn_hash_nulls(head));
	}
}

/*
 * Bring the table to the size its entries want, if they want another.
 * Sleeps; the worker calls it, and KUnit.
 */
int hn_hash_resize(struct hn_hash *h)
{
	struct hn_htbl *old, *new;
	struct mem_cgroup *memcg;
	unsigned int i, want;

	mutex_lock(&h->mutex);
	old = hn_hash_table(h);
	want = hn_hash_want(h, READ_ONCE(h->n), ilog2(hn_htbl_size(old)));
	if (!want) {
		mutex_unlock(&h->mutex);
		return 0;
	}
	/* the worker's own cgroup is none: the owner's is charged */
	memcg = set_active_memcg(h->memcg);
	new = hn_htbl_alloc(want, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(memcg);
	if (!new) {
		/* longer chains until an insert or a removal asks again */
		mutex_unlock(&h->mutex);
		return -ENOMEM;
	}

	spin_lock_bh(h->lock);
	rcu_assign_pointer(old->future, new);
	h->size = hn_htbl_size(new);
	spin_unlock_bh(h->lock);
	for (i = 0; i < hn_htbl_size(old); ) {
		unsigned int end = min(i + HN_HASH_MOVE_BUCKETS, hn_htbl_size(old));

		spin_lock_bh(h->lock);
		for (; i < end; i++)
			hn_hash_move_bucket(h, old, new, i);
		spin_unlock_bh(h->lock);
		cond_resched();
	}
	spin_lock_bh(h->lock);
	rcu_assign_pointer(h->tbl, new);
	if (h->gen)
		atomic_inc(h->gen);	/* a dump under way sees entries moved */
	/* what came and went meanwhile may want another size */
	hn_hash_check(h);
	spin_unlock_bh(h->lock);

	synchronize_rcu();		/* no reader is in @old any more */
	hn_htbl_free(old);
	mutex_unlock(&h->mutex);
	return 0;
}

#ifdef HOMENET_KUNIT
#include "htab_test.c"
#endif
