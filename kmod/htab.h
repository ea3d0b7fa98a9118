/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session table's hash tables (htab.c): lookups under RCU with no
 * lock, changes under the owner's spinlock, resized by a worker that moves
 * the entries over a bucket at a time while lookups go on.
 *
 * Why not rhashtable: its bucket array carries a header, so 2^n buckets
 * ask kvmalloc() for a little more than 2^(n+3) bytes, and kmalloc() hands
 * out twice that; and it doubles at 75 % load.  Here a bucket array is
 * exactly 2^n pointers, and a table doubles once it holds more entries
 * than buckets: at 100,000 sessions the two session tables take 2 MiB,
 * not 8.  A node is one pointer, as an rhash_head.
 *
 * A chain ends in a "nulls" marker, the address of its own bucket with the
 * low bit set.  While a resize moves entries into the next table, a reader
 * it carries into another chain sees the wrong marker and walks its bucket
 * again; one that finds nothing looks in the next table too.
 */
#ifndef _HOMENET_HTAB_H
#define _HOMENET_HTAB_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct hn_hnode {
	struct hn_hnode __rcu *next;
};

struct hn_htbl {
	unsigned int mask;		/* buckets - 1 */
	struct hn_htbl __rcu *future;	/* being filled by a resize */
	struct hn_hnode __rcu **b;	/* 2^n chain heads, nothing else */
};

struct hn_hash {
	struct hn_htbl __rcu *tbl;
	spinlock_t *lock;		/* the owner's: every change */
	unsigned int n;			/* entries; under *lock */
	unsigned int size;		/* buckets of the newest table; under *lock */
	u32 seed;
	u8 min_shift, max_shift;
	u32 (*hashfn)(const struct hn_hnode *node, u32 seed);
	atomic_t *gen;			/* the owner's change count: bumped by a resize */
	struct mem_cgroup *memcg;	/* the owner's, charged for the bucket arrays */
	struct mutex mutex;		/* a resize against walks of the table */
	struct work_struct resize;
};

int hn_hash_init(struct hn_hash *h, spinlock_t *lock, atomic_t *gen,
		 struct mem_cgroup *memcg,
		 u32 (*hashfn)(const struct hn_hnode *node, u32 seed),
		 unsigned int min_shift, unsigned int max_shift);
void hn_hash_destroy(struct hn_hash *h);
void hn_hash_insert(struct hn_hash *h, struct hn_hnode *node, u32 hash);
int hn_hash_remove(struct hn_hash *h, struct hn_hnode *node, u32 hash);
int hn_hash_resize(struct hn_hash *h);

/* Pointers read under RCU, or under the lock or mutex that orders their writes. */
static inline struct hn_hnode *hn_hash_deref(const struct hn_hash *h,
					     struct hn_hnode __rcu *const *p)
{
	return rcu_dereference_check(*p, lockdep_is_held(h->lock) ||
					 lockdep_is_held(&h->mutex));
}

static inline struct hn_htbl *hn_hash_deref_tbl(const struct hn_hash *h,
						struct hn_htbl __rcu *const *p)
{
	return rcu_dereference_check(*p, lockdep_is_held(h->lock) ||
					 lockdep_is_held(&h->mutex));
}

static inline struct hn_hnode *hn_hash_locked(const struct hn_hash *h,
					      struct hn_hnode __rcu *const *p)
{
	return rcu_dereference_protected(*p, lockdep_is_held(h->lock));
}

static inline struct hn_hnode *hn_hash_nulls(struct hn_hnode __rcu *const *head)
{
	return (struct hn_hnode *)((unsigned long)head | 1UL);
}

static inline bool hn_hash_is_nulls(const struct hn_hnode *n)
{
	return (unsigned long)n & 1UL;
}

/*
 * The node @match()es @key, under RCU or *h->lock; @hash is the key's hash
 * with h->seed.  @match is inlined (as rhashtable_lookup_fast() does its
 * compare): one chain walk, no indirect call, no retpoline.
 */
static __always_inline struct hn_hnode *
hn_hash_lookup(const struct hn_hash *h, u32 hash, const void *key,
	       bool (*match)(const struct hn_hnode *node, const void *key))
{
	const struct hn_htbl *tbl = hn_hash_deref_tbl(h, &h->tbl);
	struct hn_hnode __rcu *const *head;
	struct hn_hnode *n;

	do {
		head = &tbl->b[hash & tbl->mask];
		do {
			for (n = hn_hash_deref(h, head); !hn_hash_is_nulls(n);
			     n = hn_hash_deref(h, &n->next))
				if (match(n, key))
					return n;
			/* a resize carried us off to another chain: again */
		} while (unlikely(n != hn_hash_nulls(head)));
		/* what a resize moved before we got here is in the next table */
		smp_rmb();
		tbl = hn_hash_deref_tbl(h, &tbl->future);
	} while (unlikely(tbl));
	return NULL;
}

/*
 * Walks of the whole table, under h->mutex (no resize runs): the table,
 * its size, and the chain of a bucket, followed with hn_hash_deref() under
 * RCU, or with hn_hash_locked() under *h->lock.  A chain ends where
 * hn_hash_is_nulls().
 */
static inline struct hn_htbl *hn_hash_table(struct hn_hash *h)
{
	return rcu_dereference_protected(h->tbl, lockdep_is_held(&h->mutex));
}

static inline unsigned int hn_htbl_size(const struct hn_htbl *tbl)
{
	return tbl->mask + 1;
}

#endif /* _HOMENET_HTAB_H */
