/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet parsing and rewriting (nat.c, parse in hooks.c).
 */
#ifndef _HOMENET_NAT_H
#define _HOMENET_NAT_H

#include <linux/skbuff.h>

/*
 * Set the source (@src) or destination address and port of the IPv4
 * packet at skb->data, whose L4 header must be whole in the linear part
 * after skb_ensure_writable().  For ICMP echo the port is the identifier.
 * False when the skb could not be made writable.
 */
bool hn_nat_rewrite(struct sk_buff *skb, bool src, __be32 addr, __be16 port);

/*
 * Translate an ICMP error: the outer address on side @outer_src, and the
 * embedded packet's address and port on the opposite side (the embedded
 * packet travelled the other way).  The ICMP checksum is recomputed.
 */
bool hn_nat_icmp_error(struct sk_buff *skb, bool outer_src, __be32 addr,
		       __be16 port);

#endif /* _HOMENET_NAT_H */
