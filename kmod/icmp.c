// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about translated packets (RFC 5508 section 4.2, RFC 5382
 * REQ-9): the error's outer address and the packet it quotes are
 * translated together.  The quoted packet travelled the other way, so
 * the side of it that changes is the opposite of the outer one.
 *
 * Errors are met in four places, which differ only in how the quoted
 * packet names its session and in what the error becomes: one handler,
 * and a descriptor for each place (as nf_nat has one manip function per
 * protocol, told which tuple to apply).
 */
#include <linux/icmp.h>
#include <linux/netfilter.h>
#include <net/icmp.h>
#include <net/netfilter/ipv4/nf_reject.h>

#include "homenet.h"
#include "nat.h"

/* What an error becomes: @outer address and the quoted packet's other side. */
struct hn_icmp_xlat {
	enum hn_side outer;
	__be32 addr;
	__be16 port;
};

struct hn_icmp_where {
	/* the translation for an error quoting @in, or false: not ours */
	bool (*find)(struct hn_net *hn, const struct hn_config *cfg,
		     const struct hn_inner *in, struct hn_icmp_xlat *x);
	bool drop_unknown;	/* an error we cannot translate must not pass */
	bool count;		/* counted as icmp_errors (once per error) */
};

/*
 * Leaving by the WAN: about a packet that came in through a session (a
 * remote endpoint to an inside one), from the inside host or from the
 * router itself (host unreachable, TTL exceeded: the packet was already
 * translated when the router found it could not pass it on).  Its source
 * and the quoted destination become the session's external endpoint.
 */
static bool hn_icmp_find_out(struct hn_net *hn, const struct hn_config *cfg,
			     const struct hn_inner *in, struct hn_icmp_xlat *x)
{
	struct hn_okey k = {
		.proto = in->proto,
		.int_addr = in->daddr,
		.int_port = in->proto == IPPROTO_ICMP ? in->sport : in->dport,
		.rem_addr = in->saddr,
		.rem_port = in->proto == IPPROTO_ICMP ? 0 : in->sport,
		.gen = cfg->gen,
	};
	struct hn_session *s = hn_session_lookup_out(&hn->table, &k);

	if (!s)
		return false;
	*x = (struct hn_icmp_xlat){ HN_SRC, cfg->cur_addr, s->ext_port };
	return true;
}

/*
 * Coming in from the WAN: about a packet that went out through a session.
 * Its destination and the quoted source go back to the inside endpoint.
 */
static bool hn_icmp_find_in(struct hn_net *hn, const struct hn_config *cfg,
			    const struct hn_inner *in, struct hn_icmp_xlat *x)
{
	struct hn_ikey k = {
		.proto = in->proto,
		.rem_addr = in->daddr,
		.ext_port = in->sport,
		.rem_port = in->proto == IPPROTO_ICMP ? 0 : in->dport,
		.gen = cfg->gen,
	};
	struct hn_session *s;

	if (in->saddr != cfg->cur_addr)
		return false;	/* not about a translated packet */
	s = hn_session_lookup_in(&hn->table, &k);
	if (!s)
		return false;
	*x = (struct hn_icmp_xlat){ HN_DST, s->int_addr, s->int_port };
	return true;
}

/*
 * An inside host D sends it to the external address, about a packet that
 * reached it hairpinned from inside host S: it goes on to S, with S's
 * view of the packet quoted (RFC 5508 section 6).  The source is done
 * after routing (below).
 */
static bool hn_icmp_find_hairpin_in(struct hn_net *hn, const struct hn_config *cfg,
				    const struct hn_inner *in, struct hn_icmp_xlat *x)
{
	struct hn_okey k = {
		.proto = in->proto,
		.int_addr = in->daddr,
		.int_port = in->dport,
		.rem_addr = cfg->cur_addr,
		.rem_port = in->sport,
		.gen = cfg->gen,
	};
	struct hn_session *s;
	struct hn_rule *rule;
	__be32 to_addr;
	__be16 to_port;

	if (in->saddr != cfg->cur_addr || in->proto == IPPROTO_ICMP)
		return false;	/* not about a hairpinned flow */
	/* S owns the quoted source port; D holds a session towards it */
	if (!hn_ext_target(hn, cfg, in->proto, in->sport, &rule, &to_addr, &to_port))
		return false;
	s = hn_session_lookup_out(&hn->table, &k);
	if (!s || !(s->flags & HOMENET_SESSION_F_HAIRPIN))
		return false;
	*x = (struct hn_icmp_xlat){ HN_DST, to_addr, to_port };
	return true;
}

/*
 * The same error after routing, from D to S: its source and the quoted
 * destination become D's external endpoint as S knows it.
 */
static bool hn_icmp_find_hairpin_out(struct hn_net *hn, const struct hn_config *cfg,
				     const struct hn_inner *in, struct hn_icmp_xlat *x)
{
	__be16 port;

	if (in->proto == IPPROTO_ICMP)
		return false;
	/* the quoted packet went S -> D: D's port towards S */
	port = hn_hairpin_port(hn, cfg, in->proto, in->daddr, in->dport,
			       in->saddr, in->sport);
	if (!port)
		return false;
	*x = (struct hn_icmp_xlat){ HN_SRC, cfg->cur_addr, port };
	return true;
}

static const struct hn_icmp_where hn_icmp_where[] = {
	/* never let an inside address out: what we cannot translate is dropped */
	[HN_ICMP_OUT] = { hn_icmp_find_out, .drop_unknown = true, .count = true },
	/* the router's own errors about what it was sent itself go as they are */
	[HN_ICMP_LOCAL] = { hn_icmp_find_out, .count = true },
	[HN_ICMP_IN] = { hn_icmp_find_in, .count = true },
	[HN_ICMP_HAIRPIN_IN] = { hn_icmp_find_hairpin_in, .count = true },
	[HN_ICMP_HAIRPIN_OUT] = { hn_icmp_find_hairpin_out },
};

/*
 * Translate @skb, an ICMP error seen at @where.  Returns the verdict: an
 * error that is not about a translated packet goes on untouched (but
 * where an inside address would leak), one that could not be rewritten
 * is dropped.
 */
unsigned int hn_icmp_error(struct hn_net *hn, const struct hn_config *cfg,
			   struct sk_buff *skb, enum hn_icmp_place where)
{
	const struct hn_icmp_where *w = &hn_icmp_where[where];
	struct hn_icmp_xlat x;
	struct hn_inner in;

	if (!hn_parse_inner(skb, &in) || !w->find(hn, cfg, &in, &x)) {
		if (!w->drop_unknown)
			return NF_ACCEPT;
		goto drop;
	}
	if (!hn_nat_icmp_error(skb, x.outer, x.addr, x.port))
		goto drop;
	if (w->count)
		hn_count(hn, HN_STAT_ICMP_ERRORS, 1);
	return NF_ACCEPT;
drop:
	hn_count(hn, HN_STAT_DROP_INVALID, 1);
	return NF_DROP;
}

/*
 * A packet that got no session (@err from hn_session_create()): counted,
 * and, when the table or the ports ran out, its sender told (RFC 5508
 * section 9: out of resources, type 3 code 13).  In PRE_ROUTING the
 * packet has no route yet, which icmp_send() needs: nf_send_unreach()
 * finds one, as nftables' reject does there.
 */
unsigned int hn_drop_no_session(struct hn_net *hn, struct sk_buff *skb, int err,
				const struct nf_hook_state *state)
{
	switch (err) {
	case -EBUSY:	/* a remote host's embryonic sessions: no answer to a flood */
		hn_count(hn, HN_STAT_DROP_INBOUND_LIMIT, 1);
		return NF_DROP;
	case -ENOENT:	/* its forward rule is leaving */
		return NF_DROP;
	case -EADDRINUSE:
		hn_count(hn, HN_STAT_DROP_NO_PORT, 1);
		break;
	default:
		hn_count(hn, HN_STAT_DROP_TABLE_FULL, 1);
		break;
	}
	nf_send_unreach(skb, ICMP_PKT_FILTERED, state->hook);
	return NF_DROP;
}
