/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A packet as the NAT sees it: parsing (inline here, per packet) and
 * rewriting (nat.c).
 */
#ifndef _HOMENET_NAT_H
#define _HOMENET_NAT_H

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/tcp.h>

/* What the hooks need to know of a packet. */
struct hn_pkt {
	u8 proto;
	bool icmp_error;	/* an ICMP error we translate: hn_parse_inner() */
	u8 icmp_type;		/* ICMP: its type */
	u8 tcp_flags;		/* TCP: TCPHDR_* */
	__be16 sport, dport;	/* ICMP echo: both the identifier */
	u32 tcp_seq, tcp_ack;	/* TCP, host order */
};

/* The packet embedded in an ICMP error. */
struct hn_inner {
	u8 proto;
	__be32 saddr, daddr;
	__be16 sport, dport;	/* ICMP echo: both the identifier */
};

/* Which of a packet's two endpoints a rewrite changes. */
enum hn_side {
	HN_SRC,
	HN_DST,
};

/* ICMP errors we translate (RFC 5508): the rest are not ours. */
static inline bool hn_icmp_is_error(u8 type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

/*
 * Read the L4 header at @off of a packet with protocol @proto.  False when
 * it is not one we translate or is cut short.
 */
static inline bool hn_parse_l4(const struct sk_buff *skb, unsigned int off, u8 proto,
			       struct hn_pkt *p)
{
	p->proto = proto;
	p->icmp_error = false;
	p->icmp_type = 0;
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
		p->tcp_seq = ntohl(th->seq);
		p->tcp_ack = ntohl(th->ack_seq);
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
		p->icmp_type = ih->type;
		if (ih->type == ICMP_ECHO || ih->type == ICMP_ECHOREPLY) {
			p->sport = ih->un.echo.id;
			p->dport = ih->un.echo.id;
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
static inline bool hn_parse_flow(const struct sk_buff *skb, u8 echo, struct hn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);

	return !ip_is_fragment(iph) &&
	       hn_parse_l4(skb, ip_hdrlen(skb), iph->protocol, p) && !p->icmp_error &&
	       (p->proto != IPPROTO_ICMP || p->icmp_type == echo);
}

bool hn_parse_inner(const struct sk_buff *skb, struct hn_inner *in);

/*
 * Set the source or destination address and port (@side) of the IPv4
 * packet at skb->data.  For ICMP echo the port is the identifier.  False
 * when the skb could not be made writable.
 */
bool hn_nat_rewrite(struct sk_buff *skb, enum hn_side side, __be32 addr, __be16 port);

/*
 * Translate an ICMP error: the outer address on side @outer, and the
 * embedded packet's address and port on the other side (the embedded
 * packet travelled the other way).  The ICMP checksum is recomputed.
 */
bool hn_nat_icmp_error(struct sk_buff *skb, enum hn_side outer, __be32 addr,
		       __be16 port);

#endif /* _HOMENET_NAT_H */
