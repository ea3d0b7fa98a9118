// SPDX-License-Identifier: GPL-2.0
/*
 * Hairpinning (RFC 4787 REQ-9, RFC 5382 REQ-8): an inside host that sends
 * to the external address reaches the inside host behind the port it
 * names, and sees it, as an outside host would, from that host's external
 * endpoint; the receiver sees the sender's external endpoint (REQ-9a).
 *
 * In PRE_ROUTING the destination goes to the inside host (hn_hairpin_in()),
 * and two sessions are made, as if the packet had gone out and come back:
 * the sender's towards the external endpoint, the receiver's back towards
 * the sender's.  After routing, the source becomes the sender's external
 * endpoint (hn_hairpin_out()).  ICMP errors about such packets: icmp.c.
 */
#include <linux/netfilter.h>

#include "homenet.h"
#include "nat.h"

/*
 * Where a packet to external port @port goes: the inside endpoint of the
 * enabled forward rule that owns it, else of the mapping that holds it.
 * False when neither: the port is the router's.
 */
bool hn_ext_target(struct hn_net *hn, const struct hn_config *cfg, u8 proto, __be16 port,
		   struct hn_rule **rule, __be32 *addr, __be16 *int_port)
{
	struct hn_rule *r = hn_rule_find(rcu_dereference(hn->rules), proto,
					 ntohs(port));
	struct hn_mapping *m;

	*rule = NULL;
	if (r) {
		if (r->disabled)
			return false;
		*rule = r;
		*addr = r->int_addr;
		*int_port = htons(hn_rule_int_port(r, ntohs(port)));
		return true;
	}
	m = hn_mapping_lookup_ext(&hn->table, port, proto, cfg->gen);
	if (!m)
		return false;
	*addr = m->int_addr;
	*int_port = m->int_port;
	return true;
}

/*
 * An inside host sent @skb to the external address: the forward rule or
 * the mapping named by the destination port decides where it goes
 * (another inside host).
 */
unsigned int hn_hairpin_in(struct hn_net *hn, const struct hn_config *cfg,
			   struct sk_buff *skb, const struct hn_pkt *p,
			   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *from, *to;
	struct hn_rule *rule;
	__be32 to_addr;
	__be16 to_port;
	struct hn_okey k;
	int err = 0;

	if (!hn_ext_target(hn, cfg, p->proto, p->dport, &rule, &to_addr, &to_port))
		return NF_ACCEPT;	/* for the router itself */

	/* the sender's session towards the external endpoint */
	hn_okey_of(&k, cfg, p, iph->saddr, cfg->cur_addr);
	from = hn_session_find_or_create(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN, &err);
	if (!from)
		return hn_drop_no_session(hn, skb, err, state);
	/* the receiver's session back towards the sender's external endpoint */
	memset(&k, 0, sizeof(k));
	k.proto = p->proto;
	k.gen = cfg->gen;
	k.int_addr = to_addr;
	k.int_port = to_port;
	k.rem_addr = cfg->cur_addr;
	k.rem_port = from->ext_port;
	to = hn_session_lookup_out(&hn->table, &k);
	if (!to && rule)
		to = hn_session_create_fwd(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN |
					   HOMENET_SESSION_F_INBOUND, p->dport,
					   rule, &err);
	else if (!to)
		to = hn_session_create(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN |
				       HOMENET_SESSION_F_INBOUND, to_port, &err);
	if (!to)
		return hn_drop_no_session(hn, skb, err, state);
	if (to->ext_port != p->dport)
		goto invalid;	/* the receiver uses that endpoint elsewhere */
	hn_session_seen(hn, from, cfg, p, HN_DIR_OUT);
	hn_session_seen(hn, to, cfg, p, HN_DIR_IN);
	if (!hn_nat_rewrite(skb, HN_DST, to->int_addr, to->int_port))
		goto invalid;
	if (unlikely(hn_session_rule(to)))
		hn_rule_count(to->rule, skb->len);
	else if (unlikely(hn_session_rule(from)))
		hn_rule_count(from->rule, skb->len);
	hn_count(hn, HN_STAT_HAIRPIN_PACKETS, 1);
	return NF_ACCEPT;
invalid:
	hn_count(hn, HN_STAT_DROP_INVALID, 1);
	return NF_DROP;
}

/*
 * The external port that inside endpoint @sa:@sp has in its hairpinned
 * flow with inside endpoint @da:@dp, or 0 when they have none.  One of
 * the two has a mapping (a forwarded endpoint has none): the other holds
 * a hairpin session towards it.
 */
__be16 hn_hairpin_port(struct hn_net *hn, const struct hn_config *cfg,
		       u8 proto, __be32 sa, __be16 sp, __be32 da, __be16 dp)
{
	struct hn_okey k = { .proto = proto, .rem_addr = cfg->cur_addr, .gen = cfg->gen };
	struct hn_mapping *m;
	struct hn_session *s;

	/* the receiver talks to the sender's mapping */
	m = hn_mapping_lookup_int(&hn->table, sa, sp, proto, cfg->gen);
	if (m) {
		k.int_addr = da;
		k.int_port = dp;
		k.rem_port = m->ext_port;
		s = hn_session_lookup_out(&hn->table, &k);
		if (s && (s->flags & HOMENET_SESSION_F_HAIRPIN))
			return m->ext_port;
	}
	/* the sender talks to the receiver's mapping */
	m = hn_mapping_lookup_int(&hn->table, da, dp, proto, cfg->gen);
	if (m) {
		k.int_addr = sa;
		k.int_port = sp;
		k.rem_port = m->ext_port;
		s = hn_session_lookup_out(&hn->table, &k);
		if (s && (s->flags & HOMENET_SESSION_F_HAIRPIN))
			return s->ext_port;
	}
	return 0;
}

/*
 * Inside to inside after routing: if the flow was hairpinned, the source
 * becomes the sender's external endpoint (RFC 4787 REQ-9a).
 */
unsigned int hn_hairpin_out(struct hn_net *hn, const struct hn_config *cfg,
			    struct sk_buff *skb, const struct hn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be16 port;

	if (p->proto == IPPROTO_ICMP)
		return NF_ACCEPT;
	port = hn_hairpin_port(hn, cfg, p->proto, iph->saddr, p->sport,
			       iph->daddr, p->dport);
	if (!port)
		return NF_ACCEPT;
	if (!hn_nat_rewrite(skb, HN_SRC, cfg->cur_addr, port)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	return NF_ACCEPT;
}
