// SPDX-License-Identifier: GPL-2.0
/*
 * Packet rewriting: one address and one port (or ICMP echo identifier) at
 * a time, with incremental checksum updates only; and the translation of
 * a session's packet, which every path ends in.
 *
 * - The skb is made writable over the bytes we touch first; header
 *   pointers are taken after that (it may move the data).
 * - inet_proto_csum_replace*() keeps CHECKSUM_PARTIAL (offloaded, GSO)
 *   and CHECKSUM_COMPLETE skbs right; a UDP checksum of 0 (none) stays 0,
 *   and a computed 0 is sent as CSUM_MANGLED_0.
 * - Headers embedded in ICMP errors are plain data: their checksums are
 *   updated with csum_replace*(), and the ICMP checksum is recomputed
 *   over the message afterwards (errors are rare: no need to be clever).
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "homenet.h"
#include "nat.h"

/* Bytes of the L4 header we need writable to change the port and checksum. */
static unsigned int hn_l4_need(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMP:
		return sizeof(struct icmphdr);
	default:
		return 0;
	}
}

/*
 * Change the L4 port on @side of the packet whose IP address on that side
 * goes from @oldip to @newip.  @thoff is the L4 header's offset from
 * skb->data.  For ICMP echo the "port" is the identifier (either side).
 */
static bool hn_l4_rewrite(struct sk_buff *skb, unsigned int thoff, u8 proto,
			  enum hn_side side, __be32 oldip, __be32 newip, __be16 newport)
{
	__be16 *portp;
	__sum16 *check;

	if (skb_ensure_writable(skb, thoff + hn_l4_need(proto)))
		return false;

	switch (proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = (struct tcphdr *)(skb->data + thoff);

		portp = side == HN_SRC ? &th->source : &th->dest;
		check = &th->check;
		inet_proto_csum_replace4(check, skb, oldip, newip, true);
		inet_proto_csum_replace2(check, skb, *portp, newport, false);
		break;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = (struct udphdr *)(skb->data + thoff);

		portp = side == HN_SRC ? &uh->source : &uh->dest;
		if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
			inet_proto_csum_replace4(&uh->check, skb, oldip, newip, true);
			inet_proto_csum_replace2(&uh->check, skb, *portp, newport, false);
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
		break;
	}
	case IPPROTO_ICMP: {
		struct icmphdr *ih = (struct icmphdr *)(skb->data + thoff);

		/* the ICMP checksum covers no pseudo-header */
		portp = &ih->un.echo.id;
		inet_proto_csum_replace2(&ih->checksum, skb, *portp, newport, false);
		break;
	}
	default:
		return false;
	}
	*portp = newport;
	return true;
}

bool hn_nat_rewrite(struct sk_buff *skb, enum hn_side side, __be32 addr, __be16 port)
{
	struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff = iph->ihl * 4;
	__be32 old = side == HN_SRC ? iph->saddr : iph->daddr;

	if (!hn_l4_rewrite(skb, thoff, iph->protocol, side, old, addr, port))
		return false;

	iph = ip_hdr(skb);	/* reload: the data may have moved */
	csum_replace4(&iph->check, old, addr);
	if (side == HN_SRC)
		iph->saddr = addr;
	else
		iph->daddr = addr;
	return true;
}

/*
 * In the packet embedded in an ICMP error at @ioff, set the address and
 * port on @side.  Its L4 header may be cut short: checksums that are not
 * there are not updated.
 */
static void hn_inner_rewrite(struct sk_buff *skb, unsigned int ioff, enum hn_side side,
			     __be32 addr, __be16 port, unsigned int avail)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + ioff);
	unsigned int thoff = ioff + iph->ihl * 4;
	unsigned int l4len = avail - iph->ihl * 4;
	__be32 *addrp = side == HN_SRC ? &iph->saddr : &iph->daddr;
	__be32 old = *addrp;
	__be16 *portp, oldport;
	__sum16 *check = NULL;

	switch (iph->protocol) {
	case IPPROTO_TCP: {
		struct tcphdr *th = (struct tcphdr *)(skb->data + thoff);

		portp = side == HN_SRC ? &th->source : &th->dest;
		if (l4len >= offsetofend(struct tcphdr, check))
			check = &th->check;
		break;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = (struct udphdr *)(skb->data + thoff);

		portp = side == HN_SRC ? &uh->source : &uh->dest;
		if (uh->check)
			check = &uh->check;
		break;
	}
	default: {	/* ICMP echo: checked by the caller */
		struct icmphdr *ih = (struct icmphdr *)(skb->data + thoff);

		portp = &ih->un.echo.id;
		oldport = *portp;
		*portp = port;
		csum_replace2(&ih->checksum, oldport, port);
		goto addr;
	}
	}
	oldport = *portp;
	*portp = port;
	if (check) {
		csum_replace4(check, old, addr);
		csum_replace2(check, oldport, port);
		if (iph->protocol == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
addr:
	*addrp = addr;
	csum_replace4(&iph->check, old, addr);
}

bool hn_nat_icmp_error(struct sk_buff *skb, enum hn_side outer, __be32 addr,
		       __be16 port)
{
	unsigned int icmpoff = ip_hdrlen(skb);
	unsigned int ioff = icmpoff + sizeof(struct icmphdr);
	struct icmphdr *ih;
	struct iphdr *iph;
	unsigned int avail;
	__be32 old;

	/* the whole ICMP message: its checksum is recomputed over it */
	if (skb_ensure_writable(skb, skb->len))
		return false;
	avail = skb->len - ioff;

	/* the inner packet is the one that went the other way */
	hn_inner_rewrite(skb, ioff, outer == HN_SRC ? HN_DST : HN_SRC, addr, port, avail);

	iph = ip_hdr(skb);
	old = outer == HN_SRC ? iph->saddr : iph->daddr;
	if (outer == HN_SRC)
		iph->saddr = addr;
	else
		iph->daddr = addr;
	csum_replace4(&iph->check, old, addr);

	/* an offloaded checksum is filled in later, over the new bytes */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return true;
	ih = (struct icmphdr *)(skb->data + icmpoff);
	ih->checksum = 0;
	ih->checksum = csum_fold(skb_checksum(skb, icmpoff, skb->len - icmpoff, 0));
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return true;
}

/*
 * The packet embedded in the ICMP error of @skb: its addresses and L4
 * ports.  The embedded IP header must be whole, and of the L4 header the
 * 8 bytes that RFC 792 has a router quote at the least: the ports of TCP
 * and UDP, the type and identifier of an ICMP echo, are all in them.
 */
bool hn_parse_inner(const struct sk_buff *skb, struct hn_inner *in)
{
	unsigned int off = ip_hdrlen(skb) + sizeof(struct icmphdr);
	struct iphdr _iph;
	const struct iphdr *iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	u8 _l4[8];
	const u8 *l4;

	if (!iph || iph->ihl < 5 || ip_is_fragment(iph))
		return false;
	l4 = skb_header_pointer(skb, off + iph->ihl * 4, sizeof(_l4), _l4);
	if (!l4)
		return false;
	switch (iph->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		/* source and destination port, the first 4 bytes of either */
		memcpy(&in->sport, l4, 2);
		memcpy(&in->dport, l4 + 2, 2);
		break;
	case IPPROTO_ICMP:
		/* no error quotes an error (RFC 1122 3.2.2): echoes only */
		if (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY)
			return false;
		memcpy(&in->sport, l4 + offsetof(struct icmphdr, un.echo.id), 2);
		in->dport = in->sport;
		break;
	default:
		return false;
	}
	in->proto = iph->protocol;
	in->saddr = iph->saddr;
	in->daddr = iph->daddr;
	return true;
}

/*
 * Translate @skb, a packet of session @s going @dir, and count it: going
 * out its source becomes the external endpoint, coming in its destination
 * the inside one.  False when it could not be (counted): drop it.
 */
bool hn_nat_translate(struct hn_net *hn, const struct hn_config *cfg,
		      struct sk_buff *skb, struct hn_session *s,
		      const struct hn_pkt *p, enum hn_dir dir)
{
	bool ok;

	hn_session_seen(hn, s, cfg, p, dir);
	if (dir == HN_DIR_OUT)
		ok = hn_nat_rewrite(skb, HN_SRC, cfg->cur_addr, s->ext_port);
	else
		ok = hn_nat_rewrite(skb, HN_DST, s->int_addr, s->int_port);
	if (unlikely(!ok)) {
		hn_count(hn, HN_STAT_DROP_INVALID, 1);
		return false;
	}
	if (unlikely(hn_session_rule(s)))
		hn_rule_count(s->rule, skb->len);
	hn_count_packet(hn, dir == HN_DIR_OUT ? HN_STAT_OUT_PACKETS : HN_STAT_IN_PACKETS,
			skb->len);
	return true;
}

#ifdef HOMENET_KUNIT
#include "nat_test.c"
#endif
