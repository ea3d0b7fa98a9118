// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path for established sessions.
 *
 * Each session remembers the route its outbound packets took the last
 * time one went the whole way (routing, FORWARD, POST_ROUTING up to our
 * hook); its mapping, or its forward rule, remembers the route of the
 * inbound ones.  Later packets are translated at the receiving device's
 * ingress hook, before ip_rcv() (where a flowtable takes them), or else
 * in PRE_ROUTING, and handed to the next hop from there: one lookup, one
 * rewrite, no routing.  The route is learned in POST_ROUTING, so a
 * packet the firewall drops in FORWARD never teaches one.
 *
 * What the fast path skips must not matter:
 *  - "auto" (the default): only while no hook but ours would see the
 *    packet after our PRE_ROUTING hook, in FORWARD or in POST_ROUTING
 *    (the security modules' hooks aside: see hn_fast_hook_foreign());
 *    from a device's ingress hook, neither a PRE_ROUTING hook before
 *    ours (defragmentation aside) nor a later ingress hook of the device;
 *  - "on": the hooks after ours at the device's ingress, all of
 *    PRE_ROUTING, FORWARD and POST_ROUTING before ours are skipped, as a
 *    flowtable skips them (the user's call);
 *    a hook after ours in POST_ROUTING still forbids it, since the route
 *    was learned before that hook's verdict;
 *  - never with an IPsec policy in the namespace.
 * Whatever the forward path treats specially takes the forward path: IP
 * options, a TTL about to run out, a packet too big for the route, a
 * reassembled datagram, a route that changed since (dst_check()), a
 * packet from another interface than the one the route was learned on.
 *
 * Routes are held (dst_hold) by their session, mapping or rule and
 * released when it is freed, after a grace period; they are replaced
 * with xchg(), and a replaced route is freed after a grace period too
 * (dst_release()), so a packet in flight keeps a valid one.  A route
 * whose device goes away is emptied by the kernel (dst_dev_put()): it
 * does not hold the device.
 */
#include <linux/ip.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "homenet.h"
#include "nat.h"

/*
 * Does the hook at @i of @e matter to the fast path?  Ours do not, nor
 * do the security modules' (at the SELinux priorities: AppArmor's and
 * SELinux's), which act only on packets labeled with a secmark or with
 * a socket: hn_fast_route() leaves labeled packets to the forward path.
 * Debian's kernel has AppArmor register its POST_ROUTING hook in every
 * namespace: without this exception "auto" would never take a packet
 * there, and the fast path is 1.28x the forward path's pps in the bench
 * (docs/BENCHMARKS.md, homenet against homenet with the fast path off).
 */
static bool hn_fast_hook_foreign(const struct hn_net *hn,
				 const struct nf_hook_entries *e, unsigned int i)
{
	int prio;

	if (e->hooks[i].priv == hn)
		return false;
	prio = nf_hook_entries_get_hook_ops(e)[i]->priority;
	return prio != NF_IP_PRI_SELINUX_FIRST && prio != NF_IP_PRI_SELINUX_LAST;
}

/*
 * Would the fast path skip a hook that matters, of those in @pre, @fwd
 * and @post (PRE_ROUTING, FORWARD, POST_ROUTING)?  In @strict mode
 * ("auto"), any such hook that would see a forwarded packet after our
 * PRE_ROUTING hook; otherwise only one after our POST_ROUTING hook.
 */
static bool hn_fast_hooks_clear(const struct hn_net *hn,
				const struct nf_hook_entries *pre,
				const struct nf_hook_entries *fwd,
				const struct nf_hook_entries *post, bool strict)
{
	bool ours = false;
	unsigned int i;

	if (strict) {
		for (i = 0; fwd && i < fwd->num_hook_entries; i++)
			if (hn_fast_hook_foreign(hn, fwd, i))
				return false;
		for (i = 0; pre && i < pre->num_hook_entries; i++) {
			if (pre->hooks[i].priv == hn)
				ours = true;
			else if (ours && hn_fast_hook_foreign(hn, pre, i))
				return false;
		}
	}
	ours = false;
	for (i = 0; post && i < post->num_hook_entries; i++) {
		if (post->hooks[i].priv == hn)
			ours = true;
		else if ((strict || ours) && hn_fast_hook_foreign(hn, post, i))
			return false;
	}
	return true;
}

/*
 * From a device's ingress hook the packet has not met the PRE_ROUTING
 * hooks before ours in @pre yet: in "auto", none may matter
 * (defragmentation does not: fragments never take the fast path).
 */
static bool hn_fast_pre_clear(const struct hn_net *hn, const struct nf_hook_entries *pre)
{
	unsigned int i;

	for (i = 0; pre && i < pre->num_hook_entries; i++) {
		if (pre->hooks[i].priv == hn)
			break;
		if (hn_fast_hook_foreign(hn, pre, i) &&
		    nf_hook_entries_get_hook_ops(pre)[i]->priority != NF_IP_PRI_CONNTRACK_DEFRAG)
			return false;
	}
	return true;
}

/* Nor the device's ingress hooks after ours, in @dev. */
static bool hn_fast_dev_clear(const struct hn_net *hn, const struct nf_hook_entries *dev)
{
	bool ours = false;
	unsigned int i;

	for (i = 0; dev && i < dev->num_hook_entries; i++) {
		if (dev->hooks[i].priv == hn)
			ours = true;
		else if (ours)
			return false;
	}
	return true;
}

/*
 * The verdict on the IPv4 hook lists at @hooks now: a few entries each,
 * walked per packet.  (A per-CPU memo of the verdict, measured with
 * another small change, saved 0.4 % of a packet's instructions in the
 * instruction-counted bench: under the 2 % that would pay for its
 * subtlety, so it went.)
 */
static bool hn_fast_ipv4_clear(const struct hn_net *hn,
			       struct nf_hook_entries __rcu *const *hooks,
			       bool strict, bool ingress)
{
	const struct nf_hook_entries *pre = rcu_dereference(hooks[NF_INET_PRE_ROUTING]);

	if (ingress && strict && !hn_fast_pre_clear(hn, pre))
		return false;
	return hn_fast_hooks_clear(hn, pre, rcu_dereference(hooks[NF_INET_FORWARD]),
				   rcu_dereference(hooks[NF_INET_POST_ROUTING]), strict);
}

/*
 * May the fast path take a packet now, in the hook of @state (an IPv4
 * one, or a device's ingress)?
 */
bool hn_fast_enabled(const struct hn_net *hn, const struct hn_config *cfg,
		     const struct nf_hook_state *state)
{
	const struct net *net = state->net;
	bool strict = cfg->fastpath == HOMENET_FASTPATH_AUTO;
	bool ingress = state->pf == NFPROTO_NETDEV;

	if (cfg->fastpath == HOMENET_FASTPATH_OFF)
		return false;
#if IS_ENABLED(CONFIG_XFRM)
	if (READ_ONCE(net->xfrm.policy_count[XFRM_POLICY_FWD]) ||
	    READ_ONCE(net->xfrm.policy_count[XFRM_POLICY_OUT]))
		return false;
#endif
#if IS_ENABLED(CONFIG_NETFILTER_INGRESS)
	if (strict && ingress &&
	    !hn_fast_dev_clear(hn, rcu_dereference(state->in->nf_hooks_ingress)))
		return false;
#endif
	return hn_fast_ipv4_clear(hn, net->nf.hooks_ipv4, strict, ingress);
}

/*
 * The route @skb, about to be translated, may take without the forward
 * path, or NULL.  @r: what its session, mapping or rule learned.
 * @ingress: @skb is at a device's ingress hook, before ip_rcv() (which
 * would orphan it and set up its IPCB).  Nothing is written: the skb may
 * still be shared there.
 */
struct dst_entry *hn_fast_route(const struct sk_buff *skb, const struct hn_route *r,
				bool ingress)
{
	struct dst_entry *dst = READ_ONCE(r->dst);
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int mtu;

	if (!dst || READ_ONCE(r->iif) != skb->skb_iif)
		return NULL;
	/* what ip_forward() would not pass on as it is */
	if (iph->ihl != 5 || iph->ttl <= 1 || skb->pkt_type != PACKET_HOST ||
	    skb_sec_path(skb) || (!ingress && (skb->sk || IPCB(skb)->frag_max_size)))
		return NULL;
#ifdef CONFIG_NETWORK_SECMARK
	if (skb->secmark)
		return NULL;	/* a security module may want a say */
#endif
	if (skb_is_gso(skb) && !skb_shinfo(skb)->gso_type)
		return NULL;	/* LRO: the forward path warns and drops */
#ifdef CONFIG_NET_SWITCHDEV
	if (skb->offload_l3_fwd_mark)
		return NULL;
#endif
	if (!dst_check(dst, 0))
		return NULL;	/* routes changed: learn again */
	mtu = ip_dst_mtu_maybe_forward(dst, true);
	if (skb->len > mtu &&
	    !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu)))
		return NULL;	/* fragment or "fragmentation needed" */
	return dst;
}

/*
 * Send on @skb, translated, by @dst from hn_fast_route(): what ip_rcv()
 * (from a device's ingress hook), ip_forward() and ip_output() would
 * have done to it.  hn_fast_send() (hooks.c) made it writable.
 */
unsigned int hn_fast_xmit(struct hn_net *hn, const struct nf_hook_state *state,
			  struct sk_buff *skb, struct dst_entry *dst)
{
	struct rtable *rt = container_of(dst, struct rtable, dst);
	struct net_device *dev = dst_dev(dst);	/* once: dst_dev_put() */
	struct net *net = state->net;
	struct iphdr *iph = ip_hdr(skb);
	struct neighbour *neigh;

	if (state->pf == NFPROTO_NETDEV) {
		__IP_UPD_PO_STATS(net, IPSTATS_MIB_IN, skb->len);
		hn_count(hn, HN_STAT_FAST_INGRESS, 1);
	}
	ip_decrease_ttl(iph);
	IPCB(skb)->flags |= IPSKB_FORWARDED;
	if (READ_ONCE(net->ipv4.sysctl_ip_fwd_update_priority))
		skb->priority = rt_tos2priority(iph->tos);
	skb_forward_csum(skb);
	skb_clear_tstamp(skb);
	__IP_INC_STATS(net, IPSTATS_MIB_OUTFORWDATAGRAMS);
	__IP_ADD_STATS(net, IPSTATS_MIB_OUTOCTETS, skb->len);
	IP_UPD_PO_STATS(net, IPSTATS_MIB_OUT, skb->len);
	hn_count(hn, HN_STAT_FAST_PACKETS, 1);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	skb_dst_drop(skb);
	skb_dst_set_noref(skb, dst);	/* queued: skb_dst_force() */

	/*
	 * As ip_finish_output2(), under rcu_read_lock(); hn_fast_learn()
	 * took no route by an IPv6 gateway.
	 */
	rcu_read_lock();
	neigh = ip_neigh_gw4(dev, rt_nexthop(rt, iph->daddr));
	if (!IS_ERR(neigh))
		neigh_output(neigh, skb, false);
	else
		kfree_skb(skb);
	rcu_read_unlock();
	return NF_STOLEN;
}

/*
 * Remember the route of @skb, a forwarded packet in POST_ROUTING, in @r,
 * unless it is one the fast path cannot take.
 */
void hn_fast_learn(struct hn_route *r, const struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct rtable *rt;

	if (!dst || (READ_ONCE(r->dst) == dst && READ_ONCE(r->iif) == skb->skb_iif))
		return;
	rt = container_of(dst, struct rtable, dst);
	if (!(IPCB(skb)->flags & IPSKB_FORWARDED) ||
	    (IPCB(skb)->flags & IPSKB_DOREDIRECT) || rt->rt_type != RTN_UNICAST ||
	    rt->rt_gw_family == AF_INET6 || dst_xfrm(dst) || dst->lwtstate ||
	    !dst_hold_safe(dst))
		return;
	/*
	 * Two CPUs may learn at once: each releases what it replaced.  A
	 * reader may pair one's route with the other's interface; both
	 * were right for a packet of this flow a moment ago.
	 */
	WRITE_ONCE(r->iif, skb->skb_iif);
	dst_release(xchg(&r->dst, dst));
}

/* Let go of a learned route: its holder is being freed. */
void hn_fast_forget(struct hn_route *r)
{
	dst_release(xchg(&r->dst, NULL));
}

/*
 * What ip_rcv_core() does to a packet it takes, for one the fast path
 * takes at a device's ingress hook instead: padding off, the socket of
 * another namespace let go, the IPCB set up.
 */
static int hn_ingress_claim(struct sk_buff *skb)
{
	if (pskb_trim_rcsum(skb, ntohs(ip_hdr(skb)->tot_len)))
		return -ENOMEM;
	skb_set_transport_header(skb, sizeof(struct iphdr));
	skb_orphan(skb);
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->iif = skb->skb_iif;
	return 0;
}

/*
 * Translate @skb of @s and send it on by @dst, a route from
 * hn_fast_route(): from here on the packet is ours.  At a device's
 * ingress hook someone else may still hold it (a packet generator
 * does): as ip_rcv() would, go on with a clone and leave theirs alone.
 */
static unsigned int hn_fast_send(struct hn_net *hn, const struct hn_config *cfg,
				 struct sk_buff *skb, const struct nf_hook_state *state,
				 struct hn_session *s, const struct hn_pkt *p,
				 struct dst_entry *dst, enum hn_dir dir)
{
	struct sk_buff *shared = NULL;

	if (state->pf == NFPROTO_NETDEV) {
		if (skb_shared(skb)) {
			shared = skb;
			skb = skb_clone(shared, GFP_ATOMIC);
			if (!skb)
				return NF_ACCEPT;	/* ip_rcv() tries again */
		}
		if (hn_ingress_claim(skb))
			goto drop;
	}
	if (skb_cow(skb, LL_RESERVED_SPACE(dst_dev(dst)) + dst->header_len) ||
	    unlikely(!hn_nat_translate(hn, cfg, skb, s, p, dir)))
		goto drop;
	if (shared)
		consume_skb(shared);	/* the hook's reference: stolen */
	return hn_fast_xmit(hn, state, skb, dst);

drop:
	if (shared)
		kfree_skb(skb);		/* the clone; netfilter frees @shared */
	return NF_DROP;
}

/*
 * An outbound packet, before routing: if its session knows the route,
 * translate it and send it on from here.  Anything else goes the whole
 * way, to be translated in POST_ROUTING.  As there, the source must be
 * inside and the destination may be anything the route to the WAN says
 * (a double NAT's upstream network is private too): a packet between two
 * inside networks finds no session.
 */
unsigned int hn_fast_out(struct hn_net *hn, const struct hn_config *cfg,
			 struct sk_buff *skb, const struct nf_hook_state *state)
{
	bool ingress = state->pf == NFPROTO_NETDEV;
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst;
	struct hn_session *s;
	struct hn_okey k;
	struct hn_pkt p;

	if (state->in->ifindex == cfg->wan_ifindex || !hn_inside(cfg, iph->saddr) ||
	    !hn_fast_enabled(hn, cfg, state) || !hn_parse_flow(skb, ICMP_ECHO, &p))
		return NF_ACCEPT;
	hn_okey_of(&k, cfg, &p, iph->saddr, iph->daddr);
	s = hn_session_lookup_out(&hn->table, &k);
	if (!s || (s->flags & HOMENET_SESSION_F_HAIRPIN))
		return NF_ACCEPT;
	dst = hn_fast_route(skb, &s->route, ingress);
	if (!dst || dst_dev(dst)->ifindex != cfg->wan_ifindex)
		return NF_ACCEPT;
	return hn_fast_send(hn, cfg, skb, state, s, &p, dst, HN_DIR_OUT);
}

/* The route inbound packets of @s may take from this hook, or NULL. */
static struct dst_entry *hn_fast_in_route(struct hn_net *hn, const struct hn_config *cfg,
					  const struct sk_buff *skb, struct hn_session *s,
					  const struct nf_hook_state *state)
{
	struct hn_rule *rule = hn_session_rule(s);
	bool ingress = state->pf == NFPROTO_NETDEV;

	/* the forward path has taken one of its packets: their source is valid */
	if (!(READ_ONCE(s->flags) & HN_SF_CONFIRMED) || !hn_fast_enabled(hn, cfg, state))
		return NULL;
	if (rule)
		return hn_fast_route(skb, &rule->route, ingress);
	return hn_fast_route(skb, &s->map->route, ingress);
}

/*
 * An inbound packet of live session @s in PRE_ROUTING or at the WAN's
 * ingress hook: if the route is known, translate it and send it on from
 * here (NF_STOLEN, or NF_DROP), else leave it (NF_ACCEPT) untouched.
 */
unsigned int hn_fast_in(struct hn_net *hn, const struct hn_config *cfg,
			struct sk_buff *skb, const struct nf_hook_state *state,
			struct hn_session *s, const struct hn_pkt *p)
{
	struct dst_entry *dst = hn_fast_in_route(hn, cfg, skb, s, state);

	if (!dst)
		return NF_ACCEPT;
	return hn_fast_send(hn, cfg, skb, state, s, p, dst, HN_DIR_IN);
}

#if IS_ENABLED(CONFIG_NETFILTER_INGRESS)
/*
 * An inbound packet at the WAN's receive hook: a live session's with a
 * known route goes on from here; the rest (new, filtered, hairpin, ICMP
 * errors, for the router) to ip_rcv() and PRE_ROUTING.
 */
unsigned int hn_fast_in_ingress(struct hn_net *hn, const struct hn_config *cfg,
				struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *s;
	struct hn_ikey k;
	struct hn_pkt p;

	if (state->in->ifindex != cfg->wan_ifindex || !hn_parse_flow(skb, ICMP_ECHOREPLY, &p))
		return NF_ACCEPT;
	hn_ikey_of(&k, cfg, &p, iph->saddr);
	s = hn_session_lookup_in(&hn->table, &k);
	if (!s || hn_session_expired_at(s, jiffies))
		return NF_ACCEPT;
	return hn_fast_in(hn, cfg, skb, state, s, &p);
}
#endif

#ifdef HOMENET_KUNIT
#include "fastpath_test.c"
#endif
