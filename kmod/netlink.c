// SPDX-License-Identifier: GPL-2.0
/*
 * The "homenet" generic netlink family: the module's only interface.
 * include/uapi/linux/homenet.h documents each command; homenet.yaml beside
 * it is the specification.
 *
 * Policies are strict: unknown attributes and attributes that only ever
 * appear in replies are rejected with an extack message.  Every command
 * that changes state needs CAP_NET_ADMIN in the namespace's user
 * namespace (GENL_UNS_ADMIN_PERM).  Every command acts on the sender's
 * network namespace.
 */
#include <linux/inetdevice.h>
#include <net/sock.h>
#include <net/genetlink.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

#define HN_REPLY_ONLY(what) {						\
	.type = NLA_REJECT,						\
	.reject_message = what " is reported by the kernel, not set",	\
}

static struct netlink_range_validation hn_timeout_range = {
	.min = HN_TIMEOUT_MIN,
	.max = HN_TIMEOUT_MAX,
};

static struct netlink_range_validation hn_sessions_range = {
	.min = 1,
	.max = HN_MAX_SESSIONS_LIMIT,
};

static const struct nla_policy hn_prefix_policy[HOMENET_PREFIX_A_MAX + 1] = {
	[HOMENET_PREFIX_A_ADDR] = { .type = NLA_BE32 },
	[HOMENET_PREFIX_A_LEN] = NLA_POLICY_MAX(NLA_U8, 32),
};

static const struct nla_policy hn_nat_policy[HOMENET_NAT_A_MAX + 1] = {
	[HOMENET_NAT_A_WAN_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HOMENET_NAT_A_WAN_IFNAME] = HN_REPLY_ONLY("the WAN interface name"),
	[HOMENET_NAT_A_ADDR] = { .type = NLA_BE32 },
	[HOMENET_NAT_A_ADDR_CURRENT] = HN_REPLY_ONLY("the address in use"),
	[HOMENET_NAT_A_INSIDE] = NLA_POLICY_NESTED_ARRAY(hn_prefix_policy),
	[HOMENET_NAT_A_PORT_MIN] = NLA_POLICY_MIN(NLA_U16, 1),
	[HOMENET_NAT_A_PORT_MAX] = NLA_POLICY_MIN(NLA_U16, 1),
	[HOMENET_NAT_A_FILTER] = NLA_POLICY_MAX(NLA_U8, HOMENET_FILTER_MAX),
	[HOMENET_NAT_A_MAX_SESSIONS] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_sessions_range),
	[HOMENET_NAT_A_TIMEOUT_UDP] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_TCP_EST] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_TCP_TRANS] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_ICMP] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_OFF] = { .type = NLA_FLAG },
};

static const struct nla_policy hn_session_policy[HOMENET_SESSION_A_MAX + 1] = {
	[HOMENET_SESSION_A_PROTO] = { .type = NLA_U8 },
	[HOMENET_SESSION_A_INT_ADDR] = { .type = NLA_BE32 },
	[HOMENET_SESSION_A_INT_PORT] = { .type = NLA_BE16 },
	[HOMENET_SESSION_A_EXT_ADDR] = HN_REPLY_ONLY("the external address"),
	[HOMENET_SESSION_A_EXT_PORT] = HN_REPLY_ONLY("the external port"),
	[HOMENET_SESSION_A_REM_ADDR] = { .type = NLA_BE32 },
	[HOMENET_SESSION_A_REM_PORT] = { .type = NLA_BE16 },
	[HOMENET_SESSION_A_TCP_STATE] = HN_REPLY_ONLY("the TCP state"),
	[HOMENET_SESSION_A_EXPIRES_MS] = HN_REPLY_ONLY("the expiry"),
	[HOMENET_SESSION_A_FLAGS] = HN_REPLY_ONLY("the session flags"),
};

static const struct nla_policy hn_policy[HOMENET_A_MAX + 1] = {
	[HOMENET_A_INFO_VERSION] = HN_REPLY_ONLY("version"),
	[HOMENET_A_NAT] = NLA_POLICY_NESTED(hn_nat_policy),
	[HOMENET_A_SESSION] = NLA_POLICY_NESTED(hn_session_policy),
	[HOMENET_A_STATS] = HN_REPLY_ONLY("statistics"),
};

/* A reply to @info for @cmd, filled by @fill; @size is what it needs. */
static int hn_nl_reply(struct genl_info *info, u8 cmd, size_t size,
		       int (*fill)(struct sk_buff *skb, struct hn_net *hn),
		       struct hn_net *hn)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hn_genl_family, 0, cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = fill(msg, hn);
	if (ret)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return ret;
}

/* INFO_GET */

/* Room needed for the reply to HOMENET_CMD_INFO_GET. */
static size_t hn_nl_info_size(void)
{
	return nla_total_size(sizeof(HOMENET_VERSION));
}

static int hn_nl_fill_info(struct sk_buff *skb)
{
	return nla_put_string(skb, HOMENET_A_INFO_VERSION, HOMENET_VERSION);
}

static int hn_nl_fill_info_cb(struct sk_buff *skb, struct hn_net *hn)
{
	return hn_nl_fill_info(skb);
}

static int hn_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	return hn_nl_reply(info, HOMENET_CMD_INFO_GET, hn_nl_info_size(),
			   hn_nl_fill_info_cb, NULL);
}

/* NAT_GET / NAT_SET */

static const u8 hn_timeout_attr[__HN_TO_MAX] = {
	[HN_TO_UDP] = HOMENET_NAT_A_TIMEOUT_UDP,
	[HN_TO_TCP_EST] = HOMENET_NAT_A_TIMEOUT_TCP_EST,
	[HN_TO_TCP_TRANS] = HOMENET_NAT_A_TIMEOUT_TCP_TRANS,
	[HN_TO_ICMP] = HOMENET_NAT_A_TIMEOUT_ICMP,
};

static int hn_nl_fill_prefixes(struct sk_buff *skb, const struct hn_config *cfg)
{
	struct nlattr *list, *one;
	unsigned int i;

	list = nla_nest_start(skb, HOMENET_NAT_A_INSIDE);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < cfg->n_inside; i++) {
		one = nla_nest_start(skb, i + 1);
		if (!one ||
		    nla_put_be32(skb, HOMENET_PREFIX_A_ADDR, cfg->inside[i].addr) ||
		    nla_put_u8(skb, HOMENET_PREFIX_A_LEN,
			       inet_mask_len(cfg->inside[i].mask)))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, list);
	return 0;
}

static int hn_nl_fill_nat(struct sk_buff *skb, struct hn_net *hn)
{
	const struct hn_config *cfg;
	struct net_device *dev;
	struct nlattr *nest;
	int i, ret = -EMSGSIZE;

	nest = nla_nest_start(skb, HOMENET_A_NAT);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	cfg = rcu_dereference(hn->config);
	if (cfg->wan_ifindex) {
		if (nla_put_u32(skb, HOMENET_NAT_A_WAN_IFINDEX, cfg->wan_ifindex))
			goto out;
		dev = dev_get_by_index_rcu(hn->net, cfg->wan_ifindex);
		if (dev && nla_put_string(skb, HOMENET_NAT_A_WAN_IFNAME, dev->name))
			goto out;
	}
	if (nla_put_be32(skb, HOMENET_NAT_A_ADDR, cfg->addr) ||
	    nla_put_be32(skb, HOMENET_NAT_A_ADDR_CURRENT, cfg->cur_addr) ||
	    hn_nl_fill_prefixes(skb, cfg) ||
	    nla_put_u16(skb, HOMENET_NAT_A_PORT_MIN, cfg->port_min) ||
	    nla_put_u16(skb, HOMENET_NAT_A_PORT_MAX, cfg->port_max) ||
	    nla_put_u8(skb, HOMENET_NAT_A_FILTER, cfg->filter) ||
	    nla_put_u32(skb, HOMENET_NAT_A_MAX_SESSIONS, cfg->max_sessions))
		goto out;
	for (i = 0; i < __HN_TO_MAX; i++)
		if (nla_put_u32(skb, hn_timeout_attr[i], cfg->timeout_sec[i]))
			goto out;
	ret = 0;
out:
	rcu_read_unlock();
	if (!ret)
		nla_nest_end(skb, nest);
	return ret;
}

static int hn_nl_nat_get(struct sk_buff *skb, struct genl_info *info)
{
	return hn_nl_reply(info, HOMENET_CMD_NAT_GET, NLMSG_GOODSIZE,
			   hn_nl_fill_nat, hn_pernet(genl_info_net(info)));
}

/* The inside prefixes of a NAT_SET: replace the whole list. */
static int hn_nl_parse_prefixes(struct hn_config *cfg, const struct nlattr *list,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HOMENET_PREFIX_A_MAX + 1];
	const struct nlattr *one;
	unsigned int n = 0;
	int rem, ret;

	nla_for_each_nested(one, list, rem) {
		__be32 addr, mask;

		if (n == HN_INSIDE_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, one, "too many inside prefixes");
			return -E2BIG;
		}
		ret = nla_parse_nested(tb, HOMENET_PREFIX_A_MAX, one,
				       hn_prefix_policy, extack);
		if (ret)
			return ret;
		if (!tb[HOMENET_PREFIX_A_ADDR] || !tb[HOMENET_PREFIX_A_LEN]) {
			NL_SET_ERR_MSG_ATTR(extack, one,
					    "inside prefix needs an address and a length");
			return -EINVAL;
		}
		addr = nla_get_be32(tb[HOMENET_PREFIX_A_ADDR]);
		mask = inet_make_mask(nla_get_u8(tb[HOMENET_PREFIX_A_LEN]));
		if (addr & ~mask) {
			NL_SET_ERR_MSG_ATTR(extack, one, "inside prefix has host bits set");
			return -EINVAL;
		}
		cfg->inside[n].addr = addr;
		cfg->inside[n].mask = mask;
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG_ATTR(extack, list, "at least one inside prefix is needed");
		return -EINVAL;
	}
	cfg->n_inside = n;
	return 0;
}

/* Apply the attributes of a NAT_SET to @cfg, a copy of the current one. */
static int hn_nl_parse_nat(struct net *net, struct hn_config *cfg,
			   struct nlattr **tb, struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int i, ret;

	if (tb[HOMENET_NAT_A_OFF] && tb[HOMENET_NAT_A_WAN_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_NAT_A_OFF],
				    "a WAN interface and \"off\" together");
		return -EINVAL;
	}
	if (tb[HOMENET_NAT_A_OFF])
		cfg->wan_ifindex = 0;
	if (tb[HOMENET_NAT_A_WAN_IFINDEX]) {
		cfg->wan_ifindex = nla_get_u32(tb[HOMENET_NAT_A_WAN_IFINDEX]);
		rcu_read_lock();
		dev = dev_get_by_index_rcu(net, cfg->wan_ifindex);
		rcu_read_unlock();
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_NAT_A_WAN_IFINDEX],
					    "no such interface in this namespace");
			return -ENODEV;
		}
	}
	if (tb[HOMENET_NAT_A_ADDR]) {
		__be32 addr = nla_get_be32(tb[HOMENET_NAT_A_ADDR]);

		if (addr && (ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
			     ipv4_is_loopback(addr) || ipv4_is_zeronet(addr))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_NAT_A_ADDR],
					    "external address must be a unicast address");
			return -EINVAL;
		}
		cfg->addr = addr;
	}
	if (tb[HOMENET_NAT_A_INSIDE]) {
		ret = hn_nl_parse_prefixes(cfg, tb[HOMENET_NAT_A_INSIDE], extack);
		if (ret)
			return ret;
	}
	if (tb[HOMENET_NAT_A_PORT_MIN])
		cfg->port_min = nla_get_u16(tb[HOMENET_NAT_A_PORT_MIN]);
	if (tb[HOMENET_NAT_A_PORT_MAX])
		cfg->port_max = nla_get_u16(tb[HOMENET_NAT_A_PORT_MAX]);
	if (cfg->port_min > cfg->port_max) {
		NL_SET_ERR_MSG(extack, "port range is empty (min > max)");
		return -EINVAL;
	}
	if (tb[HOMENET_NAT_A_FILTER])
		cfg->filter = nla_get_u8(tb[HOMENET_NAT_A_FILTER]);
	if (tb[HOMENET_NAT_A_MAX_SESSIONS])
		cfg->max_sessions = nla_get_u32(tb[HOMENET_NAT_A_MAX_SESSIONS]);
	for (i = 0; i < __HN_TO_MAX; i++)
		if (tb[hn_timeout_attr[i]])
			cfg->timeout_sec[i] = nla_get_u32(tb[hn_timeout_attr[i]]);
	return 0;
}

static int hn_nl_nat_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[HOMENET_NAT_A_MAX + 1];
	struct hn_net *hn = hn_pernet(net);
	struct hn_config *cfg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, HOMENET_A_NAT))
		return -EINVAL;
	ret = nla_parse_nested(tb, HOMENET_NAT_A_MAX, info->attrs[HOMENET_A_NAT],
			       hn_nat_policy, info->extack);
	if (ret)
		return ret;

	mutex_lock(&hn->lock);
	cfg = hn_config_copy(rcu_dereference_protected(hn->config,
						       lockdep_is_held(&hn->lock)));
	if (!cfg) {
		ret = -ENOMEM;
		goto out;
	}
	ret = hn_nl_parse_nat(net, cfg, tb, info->extack);
	if (ret) {
		kfree(cfg);
		goto out;
	}
	ret = hn_config_apply(hn, cfg, info->extack);
out:
	mutex_unlock(&hn->lock);
	return ret;
}

/* SESSION_GET (dump) / SESSION_DEL / SESSION_FLUSH */

struct hn_dump {
	struct rhashtable_iter *iter;
	u8 proto;		/* filter, 0 = any */
	__be32 int_addr;	/* filter, 0 = any */
	bool resume;		/* the current object did not fit: send it again */
};

static struct hn_dump *hn_dump_of(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct hn_dump) > sizeof(cb->ctx));
	return (struct hn_dump *)cb->ctx;
}

static int hn_nl_fill_session(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct hn_session *s, __be32 ext_addr)
{
	long left = (long)(READ_ONCE(s->expires) - jiffies);
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hn_genl_family, NLM_F_MULTI, HOMENET_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, HOMENET_A_SESSION);
	if (!nest ||
	    nla_put_u8(skb, HOMENET_SESSION_A_PROTO, s->okey.proto) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_INT_ADDR, s->okey.int_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_INT_PORT, s->okey.int_port) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_EXT_ADDR, ext_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_EXT_PORT, s->ikey.ext_port) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_REM_ADDR, s->okey.rem_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_REM_PORT, s->okey.rem_port) ||
	    nla_put_u8(skb, HOMENET_SESSION_A_TCP_STATE, READ_ONCE(s->tcp_state)) ||
	    nla_put_u32(skb, HOMENET_SESSION_A_EXPIRES_MS,
			left > 0 ? jiffies_to_msecs(left) : 0) ||
	    nla_put_u32(skb, HOMENET_SESSION_A_FLAGS, s->flags)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int hn_nl_session_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct hn_net *hn = hn_pernet(sock_net(cb->skb->sk));
	struct nlattr *tb[HOMENET_SESSION_A_MAX + 1];
	struct hn_dump *d = hn_dump_of(cb);
	int ret;

	memset(d, 0, sizeof(*d));
	if (info->attrs[HOMENET_A_SESSION]) {
		ret = nla_parse_nested(tb, HOMENET_SESSION_A_MAX,
				       info->attrs[HOMENET_A_SESSION],
				       hn_session_policy, cb->extack);
		if (ret)
			return ret;
		if (tb[HOMENET_SESSION_A_PROTO])
			d->proto = nla_get_u8(tb[HOMENET_SESSION_A_PROTO]);
		if (tb[HOMENET_SESSION_A_INT_ADDR])
			d->int_addr = nla_get_be32(tb[HOMENET_SESSION_A_INT_ADDR]);
	}
	d->iter = kmalloc(sizeof(*d->iter), GFP_KERNEL);
	if (!d->iter)
		return -ENOMEM;
	rhashtable_walk_enter(&hn->table.out, d->iter);
	return 0;
}

static int hn_nl_session_done(struct netlink_callback *cb)
{
	struct hn_dump *d = hn_dump_of(cb);

	if (d->iter) {
		rhashtable_walk_exit(d->iter);
		kfree(d->iter);
	}
	return 0;
}

static int hn_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hn_net *hn = hn_pernet(sock_net(skb->sk));
	struct hn_dump *d = hn_dump_of(cb);
	const struct hn_config *cfg;
	struct hn_session *s;
	__be32 ext_addr;
	int sent = 0;

	/* a change to the table between two parts of the dump: DUMP_INTR */
	cb->seq = atomic_read(&hn->table.gen);

	rhashtable_walk_start(d->iter);
	cfg = rcu_dereference(hn->config);
	ext_addr = cfg ? cfg->cur_addr : 0;
	s = d->resume ? rhashtable_walk_peek(d->iter) : rhashtable_walk_next(d->iter);
	for (; s; s = rhashtable_walk_next(d->iter)) {
		if (IS_ERR(s)) {
			/* the table was resized under us: entries may repeat */
			if (PTR_ERR(s) == -EAGAIN) {
				cb->seq++;
				continue;
			}
			break;
		}
		if ((d->proto && s->okey.proto != d->proto) ||
		    (d->int_addr && s->okey.int_addr != d->int_addr))
			continue;
		if (hn_nl_fill_session(skb, cb, s, ext_addr)) {
			d->resume = true;
			break;
		}
		d->resume = false;
		sent++;
	}
	rhashtable_walk_stop(d->iter);
	if (!s)
		d->resume = false;
	return s || sent ? skb->len : 0;
}

/* The five-tuple of SESSION_DEL. */
static int hn_nl_parse_okey(struct genl_info *info, struct hn_okey *k)
{
	static const u8 need[] = {
		HOMENET_SESSION_A_PROTO, HOMENET_SESSION_A_INT_ADDR,
		HOMENET_SESSION_A_INT_PORT, HOMENET_SESSION_A_REM_ADDR,
		HOMENET_SESSION_A_REM_PORT,
	};
	struct nlattr *tb[HOMENET_SESSION_A_MAX + 1];
	int i, ret;

	if (GENL_REQ_ATTR_CHECK(info, HOMENET_A_SESSION))
		return -EINVAL;
	ret = nla_parse_nested(tb, HOMENET_SESSION_A_MAX,
			       info->attrs[HOMENET_A_SESSION], hn_session_policy,
			       info->extack);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(need); i++) {
		if (!tb[need[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HOMENET_A_SESSION],
					    "a session is named by protocol, inside and remote address and port");
			return -EINVAL;
		}
	}
	memset(k, 0, sizeof(*k));
	k->proto = nla_get_u8(tb[HOMENET_SESSION_A_PROTO]);
	if (k->proto != IPPROTO_TCP && k->proto != IPPROTO_UDP &&
	    k->proto != IPPROTO_ICMP) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HOMENET_SESSION_A_PROTO],
				    "protocol must be TCP, UDP or ICMP");
		return -EINVAL;
	}
	k->int_addr = nla_get_be32(tb[HOMENET_SESSION_A_INT_ADDR]);
	k->int_port = nla_get_be16(tb[HOMENET_SESSION_A_INT_PORT]);
	k->rem_addr = nla_get_be32(tb[HOMENET_SESSION_A_REM_ADDR]);
	k->rem_port = nla_get_be16(tb[HOMENET_SESSION_A_REM_PORT]);
	return 0;
}

static int hn_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	struct hn_session *s;
	struct hn_okey k;
	int ret;

	ret = hn_nl_parse_okey(info, &k);
	if (ret)
		return ret;
	rcu_read_lock();
	s = hn_session_out(&hn->table, &k);
	if (s)
		hn_session_delete(hn, s);
	rcu_read_unlock();
	if (!s) {
		NL_SET_ERR_MSG(info->extack, "no such session");
		return -ENOENT;
	}
	return 0;
}

static int hn_nl_session_flush(struct sk_buff *skb, struct genl_info *info)
{
	hn_session_flush(hn_pernet(genl_info_net(info)));
	return 0;
}

/* STATS_GET */

static const u8 hn_stat_attr[__HN_STAT_MAX] = {
	[HN_STAT_OUT_PACKETS] = HOMENET_STATS_A_OUT_PACKETS,
	[HN_STAT_OUT_BYTES] = HOMENET_STATS_A_OUT_BYTES,
	[HN_STAT_IN_PACKETS] = HOMENET_STATS_A_IN_PACKETS,
	[HN_STAT_IN_BYTES] = HOMENET_STATS_A_IN_BYTES,
	[HN_STAT_HAIRPIN_PACKETS] = HOMENET_STATS_A_HAIRPIN_PACKETS,
	[HN_STAT_ICMP_ERRORS] = HOMENET_STATS_A_ICMP_ERRORS,
	[HN_STAT_SESSIONS_CREATED] = HOMENET_STATS_A_SESSIONS_CREATED,
	[HN_STAT_SESSIONS_EXPIRED] = HOMENET_STATS_A_SESSIONS_EXPIRED,
	[HN_STAT_DROP_NO_PORT] = HOMENET_STATS_A_DROP_NO_PORT,
	[HN_STAT_DROP_TABLE_FULL] = HOMENET_STATS_A_DROP_TABLE_FULL,
	[HN_STAT_DROP_FILTERED] = HOMENET_STATS_A_DROP_FILTERED,
	[HN_STAT_DROP_INVALID] = HOMENET_STATS_A_DROP_INVALID,
};

static int hn_nl_fill_stats(struct sk_buff *skb, struct hn_net *hn)
{
	struct hn_stats sum;
	struct nlattr *nest;
	int i;

	hn_stats_sum(hn, &sum);
	nest = nla_nest_start(skb, HOMENET_A_STATS);
	if (!nest ||
	    nla_put_u32(skb, HOMENET_STATS_A_SESSIONS, atomic_read(&hn->table.nsessions)) ||
	    nla_put_u32(skb, HOMENET_STATS_A_MAPPINGS, atomic_read(&hn->table.nmappings)))
		return -EMSGSIZE;
	for (i = 0; i < __HN_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, hn_stat_attr[i], sum.c[i], HOMENET_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int hn_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return hn_nl_reply(info, HOMENET_CMD_STATS_GET, NLMSG_GOODSIZE,
			   hn_nl_fill_stats, hn_pernet(genl_info_net(info)));
}

static const struct genl_ops hn_genl_ops[] = {
	{
		.cmd = HOMENET_CMD_INFO_GET,
		.doit = hn_nl_info_get,
	},
	{
		.cmd = HOMENET_CMD_NAT_GET,
		.doit = hn_nl_nat_get,
	},
	{
		.cmd = HOMENET_CMD_NAT_SET,
		.doit = hn_nl_nat_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_SESSION_GET,
		.start = hn_nl_session_start,
		.dumpit = hn_nl_session_dump,
		.done = hn_nl_session_done,
	},
	{
		.cmd = HOMENET_CMD_SESSION_DEL,
		.doit = hn_nl_session_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_SESSION_FLUSH,
		.doit = hn_nl_session_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_STATS_GET,
		.doit = hn_nl_stats_get,
	},
};

struct genl_family hn_genl_family __ro_after_init = {
	.name = HOMENET_GENL_NAME,
	.version = HOMENET_GENL_VERSION,
	.maxattr = HOMENET_A_MAX,
	.policy = hn_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = hn_genl_ops,
	.n_ops = ARRAY_SIZE(hn_genl_ops),
};

int __init hn_genl_init(void)
{
	return genl_register_family(&hn_genl_family);
}

void hn_genl_exit(void)
{
	genl_unregister_family(&hn_genl_family);
}

#ifdef HOMENET_KUNIT
#include "netlink_test.c"
#endif
