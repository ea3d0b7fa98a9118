// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter entry points and their registration: each classifies the
 * packet and hands it on.
 *
 *  a device's ingress hook, before ip_rcv(): the fast path (fastpath.c)
 *  PRE_ROUTING, after defragmentation, before conntrack (so conntrack
 *  sees the inside view of every flow):
 *	to the external address from outside  -> destination back to inside,
 *	    a new inbound session where a forward rule or a mapping's filter
 *	    admits it (hn_in_unsolicited())
 *	to the external address from inside   -> hairpin (hairpin.c)
 *	anything else                          -> the outbound fast path
 *  POST_ROUTING:
 *	leaving by the WAN from an inside address -> source to the external
 *	    address and mapped port, a new session if need be
 *	inside to inside                       -> hairpin, the source
 *	come in by the WAN                     -> its route for the fast path
 *  LOCAL_IN: unsolicited SYNs to the pool held (synhold.c)
 *
 * An established packet goes fastpath.c -> nat.c; a new flow hooks.c ->
 * session.c -> nat.c; ICMP errors icmp.c -> nat.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"
#include "nat.h"

/*
 * A packet that came in by the WAN, translated in PRE_ROUTING, has come
 * through routing and FORWARD: its session is confirmed (the fast path
 * may take the next), and its route is the one its mapping's (or forward
 * rule's) inbound packets may take from now on (fastpath.c).
 */
static void hn_post_routing_in(struct hn_net *hn, const struct hn_config *cfg,
			       struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *s;
	struct hn_rule *rule;
	struct hn_okey k;
	struct hn_pkt p;

	if (!hn_inside(cfg, iph->daddr) || !hn_parse_flow(skb, ICMP_ECHOREPLY, &p))
		return;
	hn_okey_of(&k, cfg, &p, iph->daddr, iph->saddr);
	k.int_port = p.dport;
	k.rem_port = p.proto == IPPROTO_ICMP ? 0 : p.sport;
	s = hn_session_lookup_out(&hn->table, &k);
	if (!s || (s->flags & HOMENET_SESSION_F_HAIRPIN))
		return;
	hn_session_confirm(hn, s, cfg);
	if (!hn_fast_enabled(hn, cfg, state))
		return;
	rule = hn_session_rule(s);
	if (rule)
		hn_fast_learn(&rule->route, skb);
	else
		hn_fast_learn(&s->map->route, skb);
}

static unsigned int __hn_post_routing(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *s;
	struct hn_okey k;
	struct hn_pkt p;
	bool to_wan;
	int err = 0;

	if (!cfg || !cfg->cur_addr)
		return NF_ACCEPT;
	to_wan = state->out->ifindex == cfg->wan_ifindex;
	if (skb->skb_iif == cfg->wan_ifindex) {
		if (!to_wan)
			hn_post_routing_in(hn, cfg, skb, state);
		return NF_ACCEPT;
	}
	/*
	 * Inside is a LAN address that did not come in on the WAN: in a
	 * double NAT the upstream network may be private too (RFC 4787 REQ-7).
	 * An ICMP error the router sends itself may quote one, about a packet
	 * translated before it found it could not pass it on (RFC 5508).
	 */
	if (!hn_inside(cfg, iph->saddr)) {
		if (to_wan && iph->protocol == IPPROTO_ICMP &&
		    !(IPCB(skb)->flags & IPSKB_FORWARDED) &&
		    hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, &p) && p.icmp_error)
			return hn_icmp_error(hn, cfg, skb, HN_ICMP_LOCAL);
		return NF_ACCEPT;
	}
	if (!hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, &p) ||
	    ip_is_fragment(iph)) {
		if (!to_wan)
			return NF_ACCEPT;
		/* nothing with an inside source leaves untranslated */
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	if (!to_wan) {
		if (!hn_inside(cfg, iph->daddr))
			return NF_ACCEPT;
		if (p.icmp_error)
			return hn_icmp_error(hn, cfg, skb, HN_ICMP_HAIRPIN_OUT);
		return hn_hairpin_out(hn, cfg, skb, &p);
	}
	if (p.icmp_error)
		return hn_icmp_error(hn, cfg, skb, HN_ICMP_OUT);
	if (p.proto == IPPROTO_ICMP && p.icmp_type != ICMP_ECHO) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}

	hn_okey_of(&k, cfg, &p, iph->saddr, iph->daddr);
	s = hn_session_find_or_create(hn, cfg, &k, 0, &err);
	if (unlikely(!s))
		return hn_drop_no_session(hn, skb, err, state);
	if (unlikely(!hn_nat_translate(hn, cfg, skb, s, &p, HN_DIR_OUT)))
		return NF_DROP;
	if (hn_fast_enabled(hn, cfg, state))
		hn_fast_learn(&s->route, skb);
	return NF_ACCEPT;
}

/*
 * A packet the router sends itself may reach POST_ROUTING in process
 * context: the counters are per CPU, so keep to one.
 */
static unsigned int hn_post_routing(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	unsigned int verdict;

	if (likely(IPCB(skb)->flags & IPSKB_FORWARDED))
		return __hn_post_routing(priv, skb, state);
	local_bh_disable();
	verdict = __hn_post_routing(priv, skb, state);
	local_bh_enable();
	return verdict;
}

/*
 * May @p open a session from outside?  Any UDP datagram or ICMP echo
 * reply; for TCP only a SYN, not a segment of a connection that the NAT
 * has no session of (else a stream of bare ACKs would fill the table).
 */
static bool hn_opens_flow(const struct hn_pkt *p)
{
	return p->proto != IPPROTO_TCP ||
	       (p->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST | TCPHDR_FIN)) == TCPHDR_SYN;
}

/*
 * A packet from outside that no live session takes.  A forward rule owns
 * the port, or a mapping holds it and its filter decides (RFC 4787
 * REQ-8), or it is the router's.  Returns the verdict; *sp is the session
 * to translate with (on entry: a timed-out one awaiting GC, or NULL).
 */
static unsigned int hn_in_unsolicited(struct hn_net *hn, const struct hn_config *cfg,
				      struct sk_buff *skb, const struct nf_hook_state *state,
				      const struct hn_pkt *p, const struct hn_ikey *k,
				      struct hn_session **sp)
{
	struct hn_session *s = *sp;
	struct hn_okey ok = {};
	struct hn_mapping *m;
	struct hn_rule *r;
	int err = 0;

	*sp = NULL;
	ok.proto = p->proto;
	ok.gen = cfg->gen;
	ok.rem_addr = k->rem_addr;
	ok.rem_port = k->rem_port;

	r = hn_rule_find(rcu_dereference(hn->rules), p->proto, ntohs(p->dport));
	if (r) {
		if (r->disabled)
			return NF_ACCEPT;
		if (!hn_rule_admits(r, k->rem_addr))
			goto filtered;
		if (s && hn_session_rule(s) == r) {
			*sp = s;
			return NF_ACCEPT;
		}
		if (!hn_opens_flow(p))
			goto filtered;
		ok.int_addr = r->int_addr;
		ok.int_port = htons(hn_rule_int_port(r, ntohs(p->dport)));
		s = hn_session_create_fwd(hn, cfg, &ok, HOMENET_SESSION_F_INBOUND,
					  p->dport, r, &err);
		if (!s)
			return hn_drop_no_session(hn, skb, err, state);
		if (s->ext_port != p->dport) {
			/* the inside endpoint talks to this remote elsewhere */
			hn_count(hn, HN_STAT_DROP_INVALID, 1);
			return NF_DROP;
		}
		*sp = s;
		return NF_ACCEPT;
	}

	m = hn_mapping_lookup_ext(&hn->table, p->dport, p->proto, cfg->gen);
	if (!m)
		return NF_ACCEPT;	/* no mapping: the router's own port */
	if (!hn_mapping_allows(&hn->table, m, cfg, k->rem_addr, k->rem_port))
		goto filtered;
	if (!s) {
		if (!hn_opens_flow(p))
			goto filtered;
		ok.int_addr = m->int_addr;
		ok.int_port = m->int_port;
		s = hn_session_create(hn, cfg, &ok, HOMENET_SESSION_F_INBOUND,
				      m->ext_port, &err);
		if (!s)
			return hn_drop_no_session(hn, skb, err, state);
	}
	*sp = s;
	return NF_ACCEPT;

filtered:
	hn_count(hn, HN_STAT_DROP_FILTERED, 1);
	return NF_DROP;
}

static unsigned int hn_pre_routing(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int verdict;
	struct hn_session *s;
	struct hn_ikey k;
	struct hn_pkt p;

	if (!cfg || !cfg->cur_addr)
		return NF_ACCEPT;
	if (iph->daddr != cfg->cur_addr)
		return hn_fast_out(hn, cfg, skb, state);
	if (ip_is_fragment(iph) ||
	    !hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, &p))
		return NF_ACCEPT;	/* not a translated flow: the router's */
	if (state->in->ifindex != cfg->wan_ifindex && hn_inside(cfg, iph->saddr)) {
		if (p.icmp_error)
			return hn_icmp_error(hn, cfg, skb, HN_ICMP_HAIRPIN_IN);
		return p.proto == IPPROTO_ICMP ? NF_ACCEPT :
			hn_hairpin_in(hn, cfg, skb, &p, state);
	}
	if (unlikely(iph->saddr == cfg->cur_addr)) {
		/* from outside, from our own address: the hairpin sessions' */
		hn_count(hn, HN_STAT_DROP_SPOOFED, 1);
		return NF_DROP;
	}
	if (p.icmp_error)
		return hn_icmp_error(hn, cfg, skb, HN_ICMP_IN);
	if (p.proto == IPPROTO_ICMP && p.icmp_type != ICMP_ECHOREPLY)
		return NF_ACCEPT;	/* a ping for the router */

	hn_ikey_of(&k, cfg, &p, iph->saddr);
	s = hn_session_lookup_in(&hn->table, &k);
	if (likely(s && !hn_session_expired_at(s, jiffies))) {
		verdict = hn_fast_in(hn, cfg, skb, state, s, &p);
		if (verdict != NF_ACCEPT)
			return verdict;
	} else {
		verdict = hn_in_unsolicited(hn, cfg, skb, state, &p, &k, &s);
		if (!s)
			return verdict;
	}
	if (unlikely(!hn_nat_translate(hn, cfg, skb, s, &p, HN_DIR_IN)))
		return NF_DROP;
	return NF_ACCEPT;
}

/*
 * A packet for the router itself.  An unsolicited SYN from outside to a
 * pool port that no mapping, rule or socket of the router owns is held
 * (synhold.c), not answered with the router's RST (RFC 5382 REQ-4).
 */
static unsigned int hn_local_in(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_okey k = { .proto = IPPROTO_TCP };
	const struct tcphdr *th;
	struct tcphdr _th;
	u16 port;

	if (!cfg || !cfg->cur_addr || iph->daddr != cfg->cur_addr ||
	    iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) || skb->sk ||
	    state->in->ifindex != cfg->wan_ifindex)
		return NF_ACCEPT;
	th = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_th), &_th);
	if (!th || !th->syn || th->ack || th->rst)
		return NF_ACCEPT;
	port = ntohs(th->dest);
	if (port < cfg->port_min || port > cfg->port_max ||
	    hn_rule_find(rcu_dereference(hn->rules), IPPROTO_TCP, port))
		return NF_ACCEPT;	/* not the pool's: the router answers */
	k.rem_addr = iph->saddr;
	k.rem_port = th->source;
	if (hn_local_port_used(hn->net, cfg, &k, port))
		return NF_ACCEPT;
	return hn_syn_hold(hn, skb, th);
}

static const struct nf_hook_ops hn_hook_ops[] = {
	{
		.hook = hn_pre_routing,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		/* after defragmentation, before conntrack */
		.priority = NF_IP_PRI_CONNTRACK - 10,
	},
	{
		.hook = hn_post_routing,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_NAT_SRC,
	},
	{
		.hook = hn_local_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		/* after the firewall's filter: what it drops we never see */
		.priority = NF_IP_PRI_FILTER + 10,
	},
};

/* Under hn->lock. */
int hn_hooks_register(struct hn_net *hn)
{
	int ret, i;

	BUILD_BUG_ON(ARRAY_SIZE(hn_hook_ops) != ARRAY_SIZE(hn->hook_ops));
	/* whole datagrams only: fragments are reassembled before us */
	ret = nf_defrag_ipv4_enable(hn->net);
	if (ret)
		return ret;
	memcpy(hn->hook_ops, hn_hook_ops, sizeof(hn_hook_ops));
	for (i = 0; i < ARRAY_SIZE(hn->hook_ops); i++)
		hn->hook_ops[i].priv = hn;
	ret = nf_register_net_hooks(hn->net, hn->hook_ops, ARRAY_SIZE(hn->hook_ops));
	if (ret)
		nf_defrag_ipv4_disable(hn->net);
	return ret;
}

/*
 * Under RTNL and hn->lock.  Packets may still be in the hooks:
 * synchronize_net().
 */
void hn_hooks_unregister(struct hn_net *hn)
{
	hn_ingress_del(hn, NULL);
	nf_unregister_net_hooks(hn->net, hn->hook_ops, ARRAY_SIZE(hn->hook_ops));
	nf_defrag_ipv4_disable(hn->net);
	hn_syn_purge(hn, NULL);	/* unanswered: the NAT is gone */
}

#if IS_ENABLED(CONFIG_NETFILTER_INGRESS)
/*
 * A device's receive hook, before ip_rcv(): the fast path, as from
 * PRE_ROUTING, for a packet that passes the checks ip_rcv() would make
 * (a flowtable's place).  Nothing is written to the packet until the
 * fast path takes it: anything else goes on untouched to ip_rcv(), and
 * PRE_ROUTING may still take it fast.  A device with an rx_handler (a
 * bridge port, a bond's slave) passes its packets to another device,
 * whose own hook sees them.
 */
static unsigned int hn_ingress(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph;
	unsigned int len;

	if (skb->protocol != htons(ETH_P_IP) || skb->pkt_type != PACKET_HOST ||
	    rcu_access_pointer(skb->dev->rx_handler) ||
	    !cfg || !cfg->cur_addr || cfg->fastpath == HOMENET_FASTPATH_OFF ||
	    skb_headlen(skb) < sizeof(struct iphdr))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	len = ntohs(iph->tot_len);
	if (iph->version != 4 || iph->ihl != 5 || len < sizeof(*iph) || skb->len < len ||
	    ip_fast_csum(iph, iph->ihl))
		return NF_ACCEPT;
	if (iph->daddr == cfg->cur_addr)
		return hn_fast_in_ingress(hn, cfg, skb, state);
	return hn_fast_out(hn, cfg, skb, state);
}

/*
 * The ingress hooks, one a device but loopback, while NAT is on; the
 * netdevice notifier adds and removes them (config.c).  Under RTNL and
 * hn->lock.  A device without one still has the fast path from
 * PRE_ROUTING.
 */
struct hn_ingress {
	struct list_head list;
	struct nf_hook_ops ops;
	struct rcu_head rcu;
};

void hn_ingress_add(struct hn_net *hn, struct net_device *dev)
{
	struct hn_ingress *in;

	ASSERT_RTNL();
	lockdep_assert_held(&hn->lock);
	if (!hn->hooks_on || (dev->flags & IFF_LOOPBACK))
		return;
	list_for_each_entry(in, &hn->ingress, list)
		if (in->ops.dev == dev)
			return;
	in = kzalloc(sizeof(*in), GFP_KERNEL);
	if (!in)
		goto fail;
	in->ops.hook = hn_ingress;
	in->ops.pf = NFPROTO_NETDEV;
	in->ops.hooknum = NF_NETDEV_INGRESS;
	in->ops.priority = HN_INGRESS_PRIORITY;
	in->ops.dev = dev;
	in->ops.priv = hn;
	if (nf_register_net_hook(hn->net, &in->ops)) {
		kfree(in);
		goto fail;
	}
	list_add(&in->list, &hn->ingress);
	return;
fail:
	pr_warn_ratelimited("no ingress hook on %s: its packets take the fast path from PRE_ROUTING\n",
			    dev->name);
}

/* @dev's ingress hook, or every one (@dev NULL).  Under RTNL and hn->lock. */
void hn_ingress_del(struct hn_net *hn, const struct net_device *dev)
{
	struct hn_ingress *in, *tmp;

	ASSERT_RTNL();
	lockdep_assert_held(&hn->lock);
	list_for_each_entry_safe(in, tmp, &hn->ingress, list) {
		if (dev && in->ops.dev != dev)
			continue;
		nf_unregister_net_hook(hn->net, &in->ops);
		list_del(&in->list);
		/* readers of the device's old hook list may still see @in->ops */
		kfree_rcu(in, rcu);
	}
}
#endif
