// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for nat.c, included at its end.  Every rewrite is checked by
 * recomputing each checksum over the whole result.
 */
#include <kunit/test.h>

#define HN_T_LAN	htonl(0xc0a8000a)	/* 192.168.0.10 */
#define HN_T_EXT	htonl(0xcb007107)	/* 203.0.113.7 */
#define HN_T_REM	htonl(0xc6336405)	/* 198.51.100.5 */

/* Write an IPv4 packet (header, L4 header, payload) with valid checksums. */
static unsigned int hn_t_build(u8 *buf, u8 proto, __be32 saddr, __be32 daddr,
			       __be16 sport, __be16 dport, unsigned int paylen,
			       bool udp_csum)
{
	struct iphdr *iph = (struct iphdr *)buf;
	unsigned int l4len = hn_l4_need(proto) + paylen;
	u8 *l4 = buf + sizeof(*iph);
	unsigned int i;

	memset(buf, 0, sizeof(*iph) + l4len);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->tot_len = htons(sizeof(*iph) + l4len);
	iph->check = ip_fast_csum(iph, iph->ihl);
	for (i = 0; i < paylen; i++)
		l4[hn_l4_need(proto) + i] = 0x5a + i * 7;

	switch (proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = (struct tcphdr *)l4;

		th->source = sport;
		th->dest = dport;
		th->doff = 5;
		th->seq = htonl(0x12345678);
		th->syn = 1;
		th->check = csum_tcpudp_magic(saddr, daddr, l4len, proto,
					      csum_partial(l4, l4len, 0));
		break;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = (struct udphdr *)l4;

		uh->source = sport;
		uh->dest = dport;
		uh->len = htons(l4len);
		if (udp_csum) {
			uh->check = csum_tcpudp_magic(saddr, daddr, l4len, proto,
						      csum_partial(l4, l4len, 0));
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
		break;
	}
	case IPPROTO_ICMP: {
		struct icmphdr *ih = (struct icmphdr *)l4;

		ih->type = ICMP_ECHO;
		ih->un.echo.id = sport;
		ih->un.echo.sequence = htons(1);
		ih->checksum = csum_fold(csum_partial(l4, l4len, 0));
		break;
	}
	}
	return sizeof(*iph) + l4len;
}

static struct sk_buff *hn_t_skb(struct kunit *test, const u8 *pkt, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_put_data(skb, pkt, len);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, ip_hdrlen(skb));
	return skb;
}

/* Every checksum of the packet at @iph (its L4 part whole) verifies. */
static void hn_t_verify(struct kunit *test, const struct iphdr *iph)
{
	const u8 *l4 = (const u8 *)iph + iph->ihl * 4;
	unsigned int l4len = ntohs(iph->tot_len) - iph->ihl * 4;

	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	switch (iph->protocol) {
	case IPPROTO_UDP:
		if (!((const struct udphdr *)l4)->check)
			break;
		fallthrough;
	case IPPROTO_TCP:
		KUNIT_EXPECT_EQ(test, csum_tcpudp_magic(iph->saddr, iph->daddr, l4len,
							iph->protocol,
							csum_partial(l4, l4len, 0)), 0);
		break;
	case IPPROTO_ICMP:
		KUNIT_EXPECT_EQ(test, csum_fold(csum_partial(l4, l4len, 0)), 0);
		break;
	}
}

static __be16 hn_t_port(const struct iphdr *iph, bool src)
{
	const u8 *l4 = (const u8 *)iph + iph->ihl * 4;

	if (iph->protocol == IPPROTO_ICMP)
		return ((const struct icmphdr *)l4)->un.echo.id;
	return *(const __be16 *)(l4 + (src ? 0 : 2));
}

/* Source NAT then destination NAT back, for one protocol. */
static void hn_t_roundtrip(struct kunit *test, u8 proto, bool udp_csum)
{
	u8 pkt[128];
	unsigned int len = hn_t_build(pkt, proto, HN_T_LAN, HN_T_REM, htons(5000),
				      htons(53), 23, udp_csum);
	struct sk_buff *skb = hn_t_skb(test, pkt, len);
	struct iphdr *iph;

	KUNIT_ASSERT_TRUE(test, hn_nat_rewrite(skb, HN_SRC, HN_T_EXT, htons(61001)));
	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, iph->saddr, HN_T_EXT);
	KUNIT_EXPECT_EQ(test, iph->daddr, HN_T_REM);
	KUNIT_EXPECT_EQ(test, hn_t_port(iph, true), htons(61001));
	hn_t_verify(test, iph);
	if (proto == IPPROTO_UDP && !udp_csum)
		KUNIT_EXPECT_EQ(test, udp_hdr(skb)->check, 0);

	/* the reply's destination goes back to the inside host */
	KUNIT_ASSERT_TRUE(test, hn_nat_rewrite(skb, HN_DST, HN_T_LAN, htons(5001)));
	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, iph->daddr, HN_T_LAN);
	if (proto != IPPROTO_ICMP)
		KUNIT_EXPECT_EQ(test, hn_t_port(iph, false), htons(5001));
	hn_t_verify(test, iph);
	kfree_skb(skb);
}

static void hn_nat_test_tcp(struct kunit *test)
{
	hn_t_roundtrip(test, IPPROTO_TCP, true);
}

static void hn_nat_test_udp(struct kunit *test)
{
	hn_t_roundtrip(test, IPPROTO_UDP, true);
}

static void hn_nat_test_udp_no_csum(struct kunit *test)
{
	hn_t_roundtrip(test, IPPROTO_UDP, false);
}

static void hn_nat_test_icmp_echo(struct kunit *test)
{
	hn_t_roundtrip(test, IPPROTO_ICMP, true);
}

/*
 * CHECKSUM_PARTIAL (offload, GSO): the check field holds the pseudo-header
 * sum; after the rewrite it must hold the new pseudo-header's, so that the
 * checksum completed over the data is right.
 */
static void hn_nat_test_partial(struct kunit *test)
{
	static const u8 protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		u8 pkt[128];
		unsigned int len = hn_t_build(pkt, protos[i], HN_T_LAN, HN_T_REM,
					      htons(5000), htons(80), 40, true);
		unsigned int l4len = len - sizeof(struct iphdr);
		struct sk_buff *skb = hn_t_skb(test, pkt, len);
		__sum16 *check;
		struct iphdr *iph;
		u8 *l4;

		l4 = skb_transport_header(skb);
		check = (__sum16 *)(l4 + (protos[i] == IPPROTO_TCP ?
				offsetof(struct tcphdr, check) : offsetof(struct udphdr, check)));
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = (u8 *)check - l4;
		*check = ~csum_tcpudp_magic(HN_T_LAN, HN_T_REM, l4len, protos[i], 0);

		KUNIT_ASSERT_TRUE(test, hn_nat_rewrite(skb, HN_SRC, HN_T_EXT, htons(40000)));
		iph = ip_hdr(skb);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
		KUNIT_EXPECT_EQ(test, *check,
				(__sum16)~csum_tcpudp_magic(HN_T_EXT, HN_T_REM, l4len,
							    protos[i], 0));
		/* complete it as the device would, then verify */
		*check = csum_fold(csum_partial(l4, l4len, 0));
		hn_t_verify(test, iph);
		kfree_skb(skb);
	}
}

/*
 * An ICMP error from outside about a packet we sent: outer destination and
 * the embedded source go back to the inside host.  Then the other way: an
 * error from the inside host about a packet it received.
 */
static void hn_t_icmp_error(struct kunit *test, u8 inner_proto)
{
	u8 pkt[256];
	struct iphdr *outer = (struct iphdr *)pkt, *inner;
	struct icmphdr *ih = (struct icmphdr *)(pkt + sizeof(*outer));
	unsigned int ilen, len;
	struct sk_buff *skb;

	/* the packet that went out, after translation */
	ilen = hn_t_build(pkt + sizeof(*outer) + sizeof(*ih), inner_proto,
			  HN_T_EXT, HN_T_REM, htons(61001), htons(33434), 12, true);
	len = sizeof(*outer) + sizeof(*ih) + ilen;
	memset(outer, 0, sizeof(*outer) + sizeof(*ih));
	outer->version = 4;
	outer->ihl = 5;
	outer->ttl = 64;
	outer->protocol = IPPROTO_ICMP;
	outer->saddr = htonl(0xc6336401);	/* a router on the way */
	outer->daddr = HN_T_EXT;
	outer->tot_len = htons(len);
	outer->check = ip_fast_csum(outer, 5);
	ih->type = ICMP_TIME_EXCEEDED;
	ih->checksum = csum_fold(csum_partial(ih, len - sizeof(*outer), 0));

	skb = hn_t_skb(test, pkt, len);
	KUNIT_ASSERT_TRUE(test, hn_nat_icmp_error(skb, HN_DST, HN_T_LAN, htons(5000)));
	outer = ip_hdr(skb);
	inner = (struct iphdr *)(skb->data + sizeof(*outer) + sizeof(*ih));
	KUNIT_EXPECT_EQ(test, outer->daddr, HN_T_LAN);
	KUNIT_EXPECT_EQ(test, inner->saddr, HN_T_LAN);
	KUNIT_EXPECT_EQ(test, inner->daddr, HN_T_REM);
	KUNIT_EXPECT_EQ(test, hn_t_port(inner, true), htons(5000));
	hn_t_verify(test, outer);	/* outer IP and the whole ICMP message */
	hn_t_verify(test, inner);	/* inner IP and L4, all of it there */

	/* and back out: the error's source and the embedded destination */
	KUNIT_ASSERT_TRUE(test, hn_nat_icmp_error(skb, HN_SRC, HN_T_EXT, htons(61001)));
	outer = ip_hdr(skb);
	inner = (struct iphdr *)(skb->data + sizeof(*outer) + sizeof(*ih));
	KUNIT_EXPECT_EQ(test, outer->saddr, HN_T_EXT);
	KUNIT_EXPECT_EQ(test, inner->daddr, HN_T_EXT);
	hn_t_verify(test, outer);
	hn_t_verify(test, inner);
	kfree_skb(skb);
}

static void hn_nat_test_icmp_error_udp(struct kunit *test)
{
	hn_t_icmp_error(test, IPPROTO_UDP);
}

static void hn_nat_test_icmp_error_tcp(struct kunit *test)
{
	hn_t_icmp_error(test, IPPROTO_TCP);
}

static void hn_nat_test_icmp_error_icmp(struct kunit *test)
{
	hn_t_icmp_error(test, IPPROTO_ICMP);
}

/*
 * An error quoting only 8 bytes of TCP (RFC 792's least): parsed, and
 * translated with no checksum to fix, ports still.
 */
static void hn_nat_test_icmp_error_truncated(struct kunit *test)
{
	struct hn_inner in;
	u8 pkt[256];
	struct iphdr *outer = (struct iphdr *)pkt, *inner;
	struct icmphdr *ih = (struct icmphdr *)(pkt + sizeof(*outer));
	unsigned int len;
	struct sk_buff *skb;

	hn_t_build(pkt + sizeof(*outer) + sizeof(*ih), IPPROTO_TCP,
		   HN_T_EXT, HN_T_REM, htons(61001), htons(443), 0, true);
	len = sizeof(*outer) + sizeof(*ih) + sizeof(struct iphdr) + 8;
	memset(outer, 0, sizeof(*outer) + sizeof(*ih));
	outer->version = 4;
	outer->ihl = 5;
	outer->protocol = IPPROTO_ICMP;
	outer->saddr = HN_T_REM;
	outer->daddr = HN_T_EXT;
	outer->tot_len = htons(len);
	outer->check = ip_fast_csum(outer, 5);
	ih->type = ICMP_DEST_UNREACH;
	ih->code = ICMP_FRAG_NEEDED;
	ih->un.frag.mtu = htons(1400);
	ih->checksum = csum_fold(csum_partial(ih, len - sizeof(*outer), 0));

	skb = hn_t_skb(test, pkt, len);
	/* what the lookup needs is in those 8 bytes */
	KUNIT_ASSERT_TRUE(test, hn_parse_inner(skb, &in));
	KUNIT_EXPECT_EQ(test, in.proto, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, in.saddr, HN_T_EXT);
	KUNIT_EXPECT_EQ(test, in.daddr, HN_T_REM);
	KUNIT_EXPECT_EQ(test, in.sport, htons(61001));
	KUNIT_EXPECT_EQ(test, in.dport, htons(443));
	KUNIT_ASSERT_TRUE(test, hn_nat_icmp_error(skb, HN_DST, HN_T_LAN, htons(5000)));
	outer = ip_hdr(skb);
	inner = (struct iphdr *)(skb->data + sizeof(*outer) + sizeof(*ih));
	KUNIT_EXPECT_EQ(test, hn_t_port(inner, true), htons(5000));
	KUNIT_EXPECT_EQ(test, inner->saddr, HN_T_LAN);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(outer, 5), 0);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(inner, 5), 0);
	KUNIT_EXPECT_EQ(test, csum_fold(csum_partial(ih, len - sizeof(*outer), 0)), 0);
	kfree_skb(skb);
}

static struct kunit_case hn_nat_test_cases[] = {
	KUNIT_CASE(hn_nat_test_tcp),
	KUNIT_CASE(hn_nat_test_udp),
	KUNIT_CASE(hn_nat_test_udp_no_csum),
	KUNIT_CASE(hn_nat_test_icmp_echo),
	KUNIT_CASE(hn_nat_test_partial),
	KUNIT_CASE(hn_nat_test_icmp_error_udp),
	KUNIT_CASE(hn_nat_test_icmp_error_tcp),
	KUNIT_CASE(hn_nat_test_icmp_error_icmp),
	KUNIT_CASE(hn_nat_test_icmp_error_truncated),
	{}
};

static struct kunit_suite hn_nat_test_suite = {
	.name = "homenet-nat",
	.test_cases = hn_nat_test_cases,
};

kunit_test_suite(hn_nat_test_suite);
