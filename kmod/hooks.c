// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks: classify the packet, find (or make) its session,
 * hand the rewrite to nat.c.  Nothing here allocates or locks once a
 * session exists: one RCU lookup, one rewrite.
 *
 *  PRE_ROUTING, before conntrack (so it sees the inside view of every
 *  flow) and after defragmentation:
 *	to the external address from outside  -> destination back to inside
 *	to the external address from inside   -> hairpin: destination to the
 *	    mapped inside host here, source in POST_ROUTING
 *  POST_ROUTING, leaving by the WAN interface from an inside address:
 *	source to the external address and mapped port
 *  POST_ROUTING, inside to inside, a hairpinned flow:
 *	source to the sender's external address and port (RFC 4787 REQ-9a)
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"
#include "nat.h"

/* What the hooks need to know of a packet. */
struct hn_pkt {
	u8 proto;
	bool icmp_error;
	u8 tcp_flags;		/* TCPHDR_* */
	__be16 sport, dport;	/* ICMP echo: both the identifier */
};

/* ICMP errors we translate (RFC 5508): the rest are not ours. */
static bool hn_icmp_is_error(u8 type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

/*
 * Read the L4 header at @off of a packet with protocol @proto.  False when
 * it is not one we translate or is cut short.
 */
static bool hn_parse_l4(const struct sk_buff *skb, unsigned int off, u8 proto,
			struct hn_pkt *p)
{
	p->proto = proto;
	p->icmp_error = false;
	p->tcp_flags = 0;
	switch (proto) {
	case IPPROTO_TCP: {
		struct tcphdr _th;
		const struct tcphdr *th = skb_header_pointer(skb, off, sizeof(_th), &_th);

		if (!th)
			return false;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcp_flags = tcp_flag_byte(th);
		return true;
	}
	case IPPROTO_UDP: {
		struct udphdr _uh;
		const struct udphdr *uh = skb_header_pointer(skb, off, sizeof(_uh), &_uh);

		if (!uh)
			return false;
		p->sport = uh->source;
		p->dport = uh->dest;
		return true;
	}
	case IPPROTO_ICMP: {
		struct icmphdr _ih;
		const struct icmphdr *ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);

		if (!ih)
			return false;
		if (ih->type == ICMP_ECHO || ih->type == ICMP_ECHOREPLY) {
			p->sport = ih->un.echo.id;
			p->dport = ih->un.echo.id;
			p->tcp_flags = ih->type;
			return true;
		}
		p->icmp_error = hn_icmp_is_error(ih->type);
		return p->icmp_error;
	}
	default:
		return false;
	}
}

/*
 * Is @skb a whole datagram of a flow a session may hold: TCP, UDP, or an
 * ICMP echo of type @echo?  Its ports in @p.
 */
static bool hn_parse_flow(const struct sk_buff *skb, u8 echo, struct hn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);

	return !ip_is_fragment(iph) &&
	       hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, p) && !p->icmp_error &&
	       (p->proto != IPPROTO_ICMP || p->tcp_flags == echo);
}

/*
 * The packet embedded in the ICMP error of @skb: its addresses and L4
 * ports.  The embedded IP header and 8 bytes of L4 header must be there.
 */
static bool hn_parse_inner(const struct sk_buff *skb, struct hn_pkt *p,
			   __be32 *saddr, __be32 *daddr)
{
	unsigned int off = ip_hdrlen(skb) + sizeof(struct icmphdr);
	struct iphdr _iph;
	const struct iphdr *iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);

	if (!iph || iph->ihl < 5 || ip_is_fragment(iph))
		return false;
	if (skb->len < off + iph->ihl * 4 + 8)
		return false;
	if (!hn_parse_l4(skb, off + iph->ihl * 4, iph->protocol, p) || p->icmp_error)
		return false;
	*saddr = iph->saddr;
	*daddr = iph->daddr;
	return true;
}

/* Follow TCP far enough to pick the timer (RFC 7857). */
static void hn_tcp_track(struct hn_session *s, u8 flags, bool outbound)
{
	u8 state = READ_ONCE(s->tcp_state), next = state;

	if (flags & TCPHDR_RST) {
		next = HOMENET_TCP_RESET;
	} else if (flags & TCPHDR_FIN) {
		if (state == HOMENET_TCP_ESTABLISHED || state == HOMENET_TCP_SYN_SENT)
			next = HOMENET_TCP_FIN_WAIT;
		else if (state == HOMENET_TCP_FIN_WAIT)
			next = HOMENET_TCP_CLOSING;
	} else if (flags & TCPHDR_SYN) {
		/* a SYN from the side that did not open: both ways now */
		if (state == HOMENET_TCP_SYN_SENT &&
		    !!(s->flags & HOMENET_SESSION_F_INBOUND) == outbound)
			next = HOMENET_TCP_ESTABLISHED;
		else if (state == HOMENET_TCP_RESET || state == HOMENET_TCP_CLOSING)
			next = HOMENET_TCP_SYN_SENT;	/* reused */
	}
	if (next != state)
		WRITE_ONCE(s->tcp_state, next);
}

static void hn_session_seen(struct hn_session *s, const struct hn_config *cfg,
			    const struct hn_pkt *p, bool outbound)
{
	if (p->proto == IPPROTO_TCP)
		hn_tcp_track(s, p->tcp_flags, outbound);
	hn_session_refresh(s, cfg, jiffies);
}

/*
 * Translate @skb, a packet of session @s going out (@outbound) or in, and
 * count it.  False when it could not be (counted): drop it.
 */
static bool hn_translate(struct hn_net *hn, const struct hn_config *cfg,
			 struct sk_buff *skb, struct hn_session *s,
			 const struct hn_pkt *p, bool outbound)
{
	bool ok;

	hn_session_seen(s, cfg, p, outbound);
	if (outbound)
		ok = hn_nat_rewrite(skb, true, cfg->cur_addr, s->ext_port);
	else
		ok = hn_nat_rewrite(skb, false, s->int_addr, s->int_port);
	if (unlikely(!ok)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return false;
	}
	if (unlikely(hn_session_rule(s)))
		hn_rule_count(s->rule, skb->len);
	hn_count_packet(hn, outbound ? HN_STAT_OUT_PACKETS : HN_STAT_IN_PACKETS,
			skb->len);
	return true;
}

static unsigned int hn_drop_no_session(struct hn_net *hn, struct sk_buff *skb,
				       int err)
{
	if (err == -EADDRINUSE)
		hn_count(hn, HN_STAT_DROP_NO_PORT, 1);
	else
		hn_count(hn, HN_STAT_DROP_TABLE_FULL, 1);
	/* out of resources: tell the sender (RFC 5508 section 9) */
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0);
	return NF_DROP;
}

/* An ICMP error leaving: about a packet that came in through a session. */
static unsigned int hn_out_icmp_error(struct hn_net *hn,
				      const struct hn_config *cfg,
				      struct sk_buff *skb)
{
	struct hn_okey k = {};
	struct hn_session *s;
	struct hn_pkt in;
	__be32 isrc, idst;

	if (!hn_parse_inner(skb, &in, &isrc, &idst))
		goto drop;
	/* the embedded packet came from the remote to the inside host */
	k.proto = in.proto;
	k.int_addr = idst;
	k.int_port = in.proto == IPPROTO_ICMP ? in.sport : in.dport;
	k.rem_addr = isrc;
	k.rem_port = in.proto == IPPROTO_ICMP ? 0 : in.sport;
	s = hn_session_out(&hn->table, &k);
	if (!s)
		goto drop;
	if (!hn_nat_icmp_error(skb, true, cfg->cur_addr, s->ext_port))
		goto drop;
	hn_count(hn, HN_STAT_ICMP_ERRORS, 1);
	return NF_ACCEPT;
drop:
	/* never let an inside address out */
	hn_count(hn, HN_STAT_DROP_INVALID, 1);
	return NF_DROP;
}

/* An ICMP error coming in: about a packet that went out through a session. */
static unsigned int hn_in_icmp_error(struct hn_net *hn,
				     const struct hn_config *cfg,
				     struct sk_buff *skb)
{
	struct hn_ikey k = {};
	struct hn_session *s;
	struct hn_pkt in;
	__be32 isrc, idst;

	if (!hn_parse_inner(skb, &in, &isrc, &idst) || isrc != cfg->cur_addr)
		return NF_ACCEPT;	/* not about a translated packet */
	k.proto = in.proto;
	k.rem_addr = idst;
	k.ext_port = in.sport;
	k.rem_port = in.proto == IPPROTO_ICMP ? 0 : in.dport;
	s = hn_session_in(&hn->table, &k);
	if (!s)
		return NF_ACCEPT;
	if (!hn_nat_icmp_error(skb, false, s->int_addr, s->int_port)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	hn_count(hn, HN_STAT_ICMP_ERRORS, 1);
	return NF_ACCEPT;
}

/* Session key of an outbound packet from @saddr to @daddr. */
static void hn_okey_of(struct hn_okey *k, const struct hn_pkt *p,
		       __be32 saddr, __be32 daddr)
{
	memset(k, 0, sizeof(*k));
	k->proto = p->proto;
	k->int_addr = saddr;
	k->int_port = p->sport;
	k->rem_addr = daddr;
	k->rem_port = p->proto == IPPROTO_ICMP ? 0 : p->dport;
}

/* Find or create the session for an outbound packet. */
static struct hn_session *hn_out_session(struct hn_net *hn,
					 const struct hn_config *cfg,
					 const struct hn_okey *k, u8 flags,
					 int *err)
{
	struct hn_session *s = hn_session_out(&hn->table, k);

	if (likely(s))
		return s;
	return hn_session_create(hn, cfg, k, flags, k->int_port, err);
}

static unsigned int hn_hairpin_out(struct hn_net *hn, const struct hn_config *cfg,
				   struct sk_buff *skb, const struct hn_pkt *p);
static unsigned int hn_hairpin_out_icmp_error(struct hn_net *hn,
					      const struct hn_config *cfg,
					      struct sk_buff *skb);

static void hn_learn_in(struct hn_net *hn, const struct hn_config *cfg,
			const struct sk_buff *skb);

static unsigned int __hn_post_routing(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *s;
	struct hn_okey k;
	struct hn_pkt p;
	int err = 0;

	if (!cfg || !cfg->cur_addr)
		return NF_ACCEPT;
	if (skb->skb_iif == cfg->wan_ifindex) {
		/* translated in PRE_ROUTING: teach the fast path its route */
		if (state->out->ifindex != cfg->wan_ifindex &&
		    hn_inside(cfg, iph->daddr) && hn_fast_enabled(hn, cfg, state))
			hn_learn_in(hn, cfg, skb);
		return NF_ACCEPT;
	}
	/*
	 * Inside is a LAN address that did not come in on the WAN: in a
	 * double NAT the upstream network may be private too (RFC 4787 REQ-7).
	 */
	if (!hn_inside(cfg, iph->saddr))
		return NF_ACCEPT;
	if (!hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, &p) ||
	    ip_is_fragment(iph)) {
		if (state->out->ifindex != cfg->wan_ifindex)
			return NF_ACCEPT;
		/* nothing with an inside source leaves untranslated */
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	if (state->out->ifindex != cfg->wan_ifindex) {
		if (!hn_inside(cfg, iph->daddr))
			return NF_ACCEPT;
		return p.icmp_error ? hn_hairpin_out_icmp_error(hn, cfg, skb) :
			hn_hairpin_out(hn, cfg, skb, &p);
	}
	if (p.icmp_error)
		return hn_out_icmp_error(hn, cfg, skb);
	if (p.proto == IPPROTO_ICMP && p.tcp_flags != ICMP_ECHO) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}

	hn_okey_of(&k, &p, iph->saddr, iph->daddr);
	s = hn_out_session(hn, cfg, &k, 0, &err);
	if (unlikely(!s))
		return hn_drop_no_session(hn, skb, err);
	if (unlikely(!hn_translate(hn, cfg, skb, s, &p, true)))
		return NF_DROP;
	if (hn_fast_enabled(hn, cfg, state))
		hn_fast_learn(&s->fast_dst, &s->fast_iif, skb);
	return NF_ACCEPT;
}

/*
 * A packet that came in by the WAN, translated in PRE_ROUTING, has come
 * through FORWARD: its route is the one its mapping's (or forward
 * rule's) inbound packets may take from now on (fastpath.c).
 */
static void hn_learn_in(struct hn_net *hn, const struct hn_config *cfg,
			const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *s;
	struct hn_rule *rule;
	struct hn_okey k;
	struct hn_pkt p;

	if (!hn_parse_flow(skb, ICMP_ECHOREPLY, &p))
		return;
	hn_okey_of(&k, &p, iph->daddr, iph->saddr);
	k.int_port = p.dport;
	k.rem_port = p.proto == IPPROTO_ICMP ? 0 : p.sport;
	s = hn_session_out(&hn->table, &k);
	if (!s || (s->flags & HOMENET_SESSION_F_HAIRPIN))
		return;
	rule = hn_session_rule(s);
	if (rule)
		hn_fast_learn(&rule->fast_dst, &rule->fast_iif, skb);
	else
		hn_fast_learn(&s->map->fast_dst, &s->map->fast_iif, skb);
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
 * Where a packet to external port @port goes: the inside endpoint of the
 * enabled forward rule that owns it, else of the mapping that holds it.
 * False when neither: the port is the router's.
 */
static bool hn_ext_target(struct hn_net *hn, u8 proto, __be16 port,
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
	m = hn_mapping_ext(&hn->table, port, proto);
	if (!m)
		return false;
	*addr = m->int_addr;
	*int_port = m->int_port;
	return true;
}

/*
 * An inside host sent to the external address: the forward rule or the
 * mapping named by the destination port decides where it goes (another
 * inside host), and the sender gets its own mapping, as if it had gone
 * out and come back (reflection, RFC 4787 REQ-9).
 */
static unsigned int hn_hairpin_in(struct hn_net *hn, const struct hn_config *cfg,
				  struct sk_buff *skb, const struct hn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hn_session *from, *to;
	struct hn_rule *rule;
	__be32 to_addr;
	__be16 to_port;
	struct hn_okey k;
	int err = 0;

	if (!hn_ext_target(hn, p->proto, p->dport, &rule, &to_addr, &to_port))
		return NF_ACCEPT;	/* for the router itself */

	/* the sender's session towards the external endpoint */
	hn_okey_of(&k, p, iph->saddr, cfg->cur_addr);
	from = hn_out_session(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN, &err);
	if (!from)
		return hn_drop_no_session(hn, skb, err);
	/* the receiver's session back towards the sender's external endpoint */
	memset(&k, 0, sizeof(k));
	k.proto = p->proto;
	k.int_addr = to_addr;
	k.int_port = to_port;
	k.rem_addr = cfg->cur_addr;
	k.rem_port = from->ext_port;
	to = hn_session_out(&hn->table, &k);
	if (!to && rule)
		to = hn_session_create_fwd(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN |
					   HOMENET_SESSION_F_INBOUND, p->dport,
					   rule, &err);
	else if (!to)
		to = hn_session_create(hn, cfg, &k, HOMENET_SESSION_F_HAIRPIN |
				       HOMENET_SESSION_F_INBOUND, to_port, &err);
	if (!to)
		return hn_drop_no_session(hn, skb, err);
	if (to->ext_port != p->dport)
		goto invalid;	/* the receiver uses that endpoint elsewhere */
	hn_session_seen(from, cfg, p, true);
	hn_session_seen(to, cfg, p, false);
	if (!hn_nat_rewrite(skb, false, to->int_addr, to->int_port))
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
static __be16 hn_hairpin_port(struct hn_net *hn, const struct hn_config *cfg,
			      u8 proto, __be32 sa, __be16 sp, __be32 da, __be16 dp)
{
	struct hn_okey k = { .proto = proto, .rem_addr = cfg->cur_addr };
	struct hn_mapping *m;
	struct hn_session *s;

	/* the receiver talks to the sender's mapping */
	m = hn_mapping_int(&hn->table, sa, sp, proto);
	if (m) {
		k.int_addr = da;
		k.int_port = dp;
		k.rem_port = m->ext_port;
		s = hn_session_out(&hn->table, &k);
		if (s && (s->flags & HOMENET_SESSION_F_HAIRPIN))
			return m->ext_port;
	}
	/* the sender talks to the receiver's mapping */
	m = hn_mapping_int(&hn->table, da, dp, proto);
	if (m) {
		k.int_addr = sa;
		k.int_port = sp;
		k.rem_port = m->ext_port;
		s = hn_session_out(&hn->table, &k);
		if (s && (s->flags & HOMENET_SESSION_F_HAIRPIN))
			return s->ext_port;
	}
	return 0;
}

/*
 * Inside to inside after routing: if the flow was hairpinned, the source
 * becomes the sender's external endpoint (RFC 4787 REQ-9a).
 */
static unsigned int hn_hairpin_out(struct hn_net *hn, const struct hn_config *cfg,
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
	if (!hn_nat_rewrite(skb, true, cfg->cur_addr, port)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

/*
 * An inside host D sends an ICMP error to the external address about a
 * packet that reached it hairpinned: send it on to the inside sender S,
 * with S's view of the packet inside (RFC 5508 section 6).  The source is
 * done in POST_ROUTING.
 */
static unsigned int hn_hairpin_icmp_error(struct hn_net *hn,
					  const struct hn_config *cfg,
					  struct sk_buff *skb)
{
	struct hn_okey k = {};
	struct hn_session *s;
	struct hn_rule *rule;
	__be32 isrc, idst, to_addr;
	__be16 to_port;
	struct hn_pkt in;

	if (!hn_parse_inner(skb, &in, &isrc, &idst) || isrc != cfg->cur_addr ||
	    in.proto == IPPROTO_ICMP)
		return NF_ACCEPT;	/* not about a hairpinned flow */
	/* S owns the embedded source port; D holds a session towards it */
	if (!hn_ext_target(hn, in.proto, in.sport, &rule, &to_addr, &to_port))
		return NF_ACCEPT;
	k.proto = in.proto;
	k.int_addr = idst;
	k.int_port = in.dport;
	k.rem_addr = cfg->cur_addr;
	k.rem_port = in.sport;
	s = hn_session_out(&hn->table, &k);
	if (!s || !(s->flags & HOMENET_SESSION_F_HAIRPIN))
		return NF_ACCEPT;
	if (!hn_nat_icmp_error(skb, false, to_addr, to_port)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	hn_count(hn, HN_STAT_ICMP_ERRORS, 1);
	return NF_ACCEPT;
}

/*
 * The same error after routing, on its way from D to S: its source and
 * the embedded destination become D's external endpoint as S knows it.
 */
static unsigned int hn_hairpin_out_icmp_error(struct hn_net *hn,
					      const struct hn_config *cfg,
					      struct sk_buff *skb)
{
	__be32 isrc, idst;
	struct hn_pkt in;
	__be16 port;

	if (!hn_parse_inner(skb, &in, &isrc, &idst) || in.proto == IPPROTO_ICMP)
		return NF_ACCEPT;
	/* the embedded packet went S -> D: D's port towards S */
	port = hn_hairpin_port(hn, cfg, in.proto, idst, in.dport, isrc, in.sport);
	if (!port)
		return NF_ACCEPT;
	if (!hn_nat_icmp_error(skb, true, cfg->cur_addr, port)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

/*
 * A packet from outside that no live session takes.  A forward rule owns
 * the port, or a mapping holds it and its filter decides (RFC 4787
 * REQ-8), or it is the router's.  Returns the verdict; *sp is the session
 * to translate with (on entry: a timed-out one awaiting GC, or NULL).
 */
static unsigned int hn_in_unsolicited(struct hn_net *hn,
				      const struct hn_config *cfg,
				      struct sk_buff *skb, const struct hn_pkt *p,
				      const struct hn_ikey *k, struct hn_session **sp)
{
	struct hn_session *s = *sp;
	struct hn_okey ok = {};
	struct hn_mapping *m;
	struct hn_rule *r;
	int err = 0;

	*sp = NULL;
	ok.proto = p->proto;
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
		ok.int_addr = r->int_addr;
		ok.int_port = htons(hn_rule_int_port(r, ntohs(p->dport)));
		s = hn_session_create_fwd(hn, cfg, &ok, HOMENET_SESSION_F_INBOUND,
					  p->dport, r, &err);
		if (!s)
			return err == -ENOENT ? NF_DROP : hn_drop_no_session(hn, skb, err);
		if (s->ext_port != p->dport) {
			/* the inside endpoint talks to this remote elsewhere */
			hn_count(hn, HN_STAT_DROP_INVALID, 1);
			return NF_DROP;
		}
		*sp = s;
		return NF_ACCEPT;
	}

	m = hn_mapping_ext(&hn->table, p->dport, p->proto);
	if (!m)
		return NF_ACCEPT;	/* no mapping: the router's own port */
	if (!hn_mapping_allows(m, cfg, k->rem_addr, k->rem_port))
		goto filtered;
	if (!s) {
		ok.int_addr = m->int_addr;
		ok.int_port = m->int_port;
		s = hn_session_create(hn, cfg, &ok, HOMENET_SESSION_F_INBOUND,
				      m->ext_port, &err);
		if (!s)
			return hn_drop_no_session(hn, skb, err);
	}
	*sp = s;
	return NF_ACCEPT;

filtered:
	hn_count(hn, HN_STAT_DROP_FILTERED, 1);
	return NF_DROP;
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
 * Inlined: once per packet, with too many arguments for registers.
 */
static __always_inline unsigned int
hn_fast_send(struct hn_net *hn, const struct hn_config *cfg, struct sk_buff *skb,
	     const struct nf_hook_state *state, struct hn_session *s,
	     const struct hn_pkt *p, struct dst_entry *dst, bool outbound)
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
	    unlikely(!hn_translate(hn, cfg, skb, s, p, outbound)))
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
 * The IP header of the packet this CPU's ingress hook last looked up and
 * left to ip_rcv() (the first packet of a session, mostly): PRE_ROUTING,
 * which sees it next on this CPU (or a clone of it, with the same data),
 * need not look again.  Only ever a hint: a packet taken for it by
 * mistake goes the whole way and is translated in POST_ROUTING.
 */
static DEFINE_PER_CPU(const void *, hn_fast_declined);

/*
 * An outbound packet, before routing: if its session knows the route,
 * translate it and send it on from here (fastpath.c).  Anything else
 * goes the whole way, to be translated in POST_ROUTING.  As there, the
 * source must be inside and the destination may be anything the route
 * to the WAN says (a double NAT's upstream network is private too): a
 * packet between two inside networks finds no session.
 */
static unsigned int hn_fast_out(struct hn_net *hn, const struct hn_config *cfg,
				struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	bool ingress = state->pf == NFPROTO_NETDEV;
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst;
	struct hn_session *s;
	struct hn_okey k;
	struct hn_pkt p;

	if (!ingress && this_cpu_read(hn_fast_declined) == iph) {
		this_cpu_write(hn_fast_declined, NULL);
		return NF_ACCEPT;
	}
	if (state->in->ifindex == cfg->wan_ifindex || !hn_inside(cfg, iph->saddr) ||
	    !hn_fast_enabled(hn, cfg, state) || !hn_parse_flow(skb, ICMP_ECHO, &p))
		return NF_ACCEPT;
	hn_okey_of(&k, &p, iph->saddr, iph->daddr);
	s = hn_session_out(&hn->table, &k);
	if (!s || (s->flags & HOMENET_SESSION_F_HAIRPIN))
		goto declined;
	dst = hn_fast_route(skb, &s->fast_dst, &s->fast_iif, ingress);
	if (!dst || dst_dev(dst)->ifindex != cfg->wan_ifindex)
		goto declined;
	return hn_fast_send(hn, cfg, skb, state, s, &p, dst, true);

declined:
	/* what PRE_ROUTING would find too, unless a session came meanwhile */
	if (ingress)
		this_cpu_write(hn_fast_declined, iph);
	return NF_ACCEPT;
}

/* The route inbound packets of @s may take from this hook, or NULL. */
static struct dst_entry *hn_fast_in(struct hn_net *hn, const struct hn_config *cfg,
				    const struct sk_buff *skb, struct hn_session *s,
				    const struct nf_hook_state *state)
{
	struct hn_rule *rule = hn_session_rule(s);
	bool ingress = state->pf == NFPROTO_NETDEV;

	if (!hn_fast_enabled(hn, cfg, state))
		return NULL;
	if (rule)
		return hn_fast_route(skb, &rule->fast_dst, &rule->fast_iif, ingress);
	return hn_fast_route(skb, &s->map->fast_dst, &s->map->fast_iif, ingress);
}

/* Session key of an inbound packet from @saddr. */
static void hn_ikey_of(struct hn_ikey *k, const struct hn_pkt *p, __be32 saddr)
{
	memset(k, 0, sizeof(*k));
	k->proto = p->proto;
	k->rem_addr = saddr;
	k->ext_port = p->dport;
	k->rem_port = p->proto == IPPROTO_ICMP ? 0 : p->sport;
}

#if IS_ENABLED(CONFIG_NETFILTER_INGRESS)
/*
 * An inbound packet at the WAN's receive hook: a live session's with a
 * known route goes on from here; the rest (new, filtered, hairpin, ICMP
 * errors, for the router) to ip_rcv() and PRE_ROUTING.  Not inlined: its
 * stack frame would be hn_ingress()'s, built for outbound packets too.
 */
static noinline unsigned int
hn_fast_in_ingress(struct hn_net *hn, const struct hn_config *cfg, struct sk_buff *skb,
		   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst;
	struct hn_session *s;
	struct hn_ikey k;
	struct hn_pkt p;

	if (state->in->ifindex != cfg->wan_ifindex || !hn_parse_flow(skb, ICMP_ECHOREPLY, &p))
		return NF_ACCEPT;
	hn_ikey_of(&k, &p, iph->saddr);
	s = hn_session_in(&hn->table, &k);
	if (!s || hn_session_expired_at(s, jiffies))
		return NF_ACCEPT;
	dst = hn_fast_in(hn, cfg, skb, s, state);	/* hn_fast_enabled() there */
	if (!dst)
		return NF_ACCEPT;
	return hn_fast_send(hn, cfg, skb, state, s, &p, dst, false);
}

/*
 * A device's receive hook, before ip_rcv(): the fast path, as from
 * PRE_ROUTING, for a packet that passes the checks ip_rcv() would make
 * (a flowtable's place).  Nothing is written to the packet until the
 * fast path takes it (hn_fast_send()): anything else goes on untouched
 * to ip_rcv(), and PRE_ROUTING may still take it fast.  A device with an
 * rx_handler (a bridge port, a bond's slave) passes its packets to
 * another device, whose own hook sees them.
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
	pr_warn_ratelimited("homenet: no ingress hook on %s: its packets take the fast path from PRE_ROUTING\n",
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
		kfree(in);
	}
}
#else
void hn_ingress_add(struct hn_net *hn, struct net_device *dev) {}
void hn_ingress_del(struct hn_net *hn, const struct net_device *dev) {}
#endif

static unsigned int hn_pre_routing(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct hn_net *hn = priv;
	const struct hn_config *cfg = rcu_dereference(hn->config);
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst = NULL;
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
			return hn_hairpin_icmp_error(hn, cfg, skb);
		return p.proto == IPPROTO_ICMP ? NF_ACCEPT :
			hn_hairpin_in(hn, cfg, skb, &p);
	}
	if (p.icmp_error)
		return hn_in_icmp_error(hn, cfg, skb);
	if (p.proto == IPPROTO_ICMP && p.tcp_flags != ICMP_ECHOREPLY)
		return NF_ACCEPT;	/* a ping for the router */

	hn_ikey_of(&k, &p, iph->saddr);
	s = hn_session_in(&hn->table, &k);
	if (unlikely(!s || hn_session_expired_at(s, jiffies))) {
		verdict = hn_in_unsolicited(hn, cfg, skb, &p, &k, &s);
		if (!s)
			return verdict;
	} else {
		dst = hn_fast_in(hn, cfg, skb, s, state);
	}
	if (dst)
		return hn_fast_send(hn, cfg, skb, state, s, &p, dst, false);
	if (unlikely(!hn_translate(hn, cfg, skb, s, &p, false)))
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
