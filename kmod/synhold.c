// SPDX-License-Identifier: GPL-2.0
/*
 * Unsolicited inbound TCP SYNs (RFC 5382 REQ-4).
 *
 * A SYN from outside to a port of the external pool that nothing owns
 * (no mapping, no forward rule, no socket of the router) may be the first
 * half of a simultaneous open: the inside host's own SYN is on its way.
 * Answering it with the router's RST would kill that connection, so the
 * NAT must not answer for at least 6 seconds.  We hold such SYNs (a few,
 * per namespace) and, after HN_SYN_HOLD_SEC, drop the ones whose
 * connection the inside host opened meanwhile and answer the others with
 * ICMP port unreachable, as the RFC asks.
 *
 * The hook is at LOCAL_IN, where the packet has its route: icmp_send()
 * needs it.  Held packets keep a reference on their route; they are let go
 * when NAT stops and when a device goes.
 */
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

void hn_syn_init(struct hn_synq *q)
{
	spin_lock_init(&q->lock);
	q->n = 0;
}

/*
 * Hold @skb, a SYN (TCP header @th) to an external port nobody owns.
 * Returns the verdict: NF_STOLEN, or NF_DROP for a retransmission of a
 * SYN held already and when the queue is full (no reply either way).
 */
unsigned int hn_syn_hold(struct hn_net *hn, struct sk_buff *skb,
			 const struct tcphdr *th)
{
	struct hn_synq *q = &hn->synq;
	__be32 saddr = ip_hdr(skb)->saddr;
	enum hn_stat what = HN_STAT_SYN_HELD;
	struct hn_syn_entry *e;
	unsigned int i;

	if (!skb_dst_force(skb))
		return NF_DROP;
	spin_lock_bh(&q->lock);
	for (i = 0; i < q->n; i++) {
		e = &q->e[i];
		if (e->saddr == saddr && e->sport == th->source &&
		    e->dport == th->dest) {
			spin_unlock_bh(&q->lock);
			return NF_DROP;	/* its first SYN is answered in time */
		}
	}
	if (q->n < HN_SYN_HOLD_MAX) {
		e = &q->e[q->n++];
		e->skb = skb;
		e->deadline = jiffies + HN_SYN_HOLD_SEC * HZ;
		e->saddr = saddr;
		e->sport = th->source;
		e->dport = th->dest;
	} else {
		what = HN_STAT_DROP_FILTERED;
	}
	spin_unlock_bh(&q->lock);
	hn_count(hn, what, 1);
	return what == HN_STAT_SYN_HELD ? NF_STOLEN : NF_DROP;
}

/* Did the inside host open the connection @skb asked for? */
static bool hn_syn_answered(struct hn_net *hn, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_ikey k = { .proto = IPPROTO_TCP, .rem_addr = iph->saddr };
	const struct hn_config *cfg;
	struct tcphdr _th;
	const struct tcphdr *th;
	bool found;

	/* checked when it was held */
	th = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_th), &_th);
	if (WARN_ON_ONCE(!th))
		return true;
	k.ext_port = th->dest;
	k.rem_port = th->source;
	rcu_read_lock();
	cfg = rcu_dereference(hn->config);
	k.gen = cfg ? cfg->gen : 0;
	found = hn_session_lookup_in(&hn->table, &k);
	rcu_read_unlock();
	return found;
}

/*
 * Take out the entries @fn picks, in order; @fn sees each skb under the
 * queue's lock.
 */
static unsigned int hn_syn_take(struct hn_synq *q, struct sk_buff **out,
				bool (*fn)(const struct hn_syn_entry *e, void *arg),
				void *arg)
{
	unsigned int i, j, n = 0;

	spin_lock_bh(&q->lock);
	for (i = 0, j = 0; i < q->n; i++) {
		if (fn(&q->e[i], arg))
			out[n++] = q->e[i].skb;
		else
			q->e[j++] = q->e[i];
	}
	q->n = j;
	spin_unlock_bh(&q->lock);
	return n;
}

static bool hn_syn_due(const struct hn_syn_entry *e, void *arg)
{
	return time_after_eq(jiffies, e->deadline);
}

/* From the GC worker: settle the SYNs held long enough. */
void hn_syn_expire(struct hn_net *hn)
{
	struct sk_buff *due[HN_SYN_HOLD_MAX];
	unsigned int i, n;

	n = hn_syn_take(&hn->synq, due, hn_syn_due, NULL);
	for (i = 0; i < n; i++) {
		if (!hn_syn_answered(hn, due[i])) {
			rcu_read_lock();
			local_bh_disable();
			icmp_send(due[i], ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
			local_bh_enable();
			rcu_read_unlock();
		}
		consume_skb(due[i]);
	}
}

static bool hn_syn_on_dev(const struct hn_syn_entry *e, void *arg)
{
	return !arg || e->skb->dev == arg || skb_dst(e->skb)->dev == arg;
}

/* Let go of the SYNs that came in on @dev (NULL: all), unanswered. */
void hn_syn_purge(struct hn_net *hn, struct net_device *dev)
{
	struct sk_buff *gone[HN_SYN_HOLD_MAX];
	unsigned int i, n;

	n = hn_syn_take(&hn->synq, gone, hn_syn_on_dev, dev);
	for (i = 0; i < n; i++)
		kfree_skb(gone[i]);
}
