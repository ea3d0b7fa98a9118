// SPDX-License-Identifier: GPL-2.0
/*
 * The "homenet" generic netlink family: the module's only interface.
 * include/uapi/linux/homenet.h documents each command; homenet.yaml beside
 * it is the specification.
 *
 * Policies are strict: unknown attributes and attributes that only ever
 * appear in replies are rejected with an extack message.  Every command
 * that changes state, and every read that shows the home's traffic (the
 * sessions, the forward rules' counters, the statistics), needs
 * CAP_NET_ADMIN in the namespace's user namespace (GENL_UNS_ADMIN_PERM).
 * Every command acts on the sender's network namespace.
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
	[HOMENET_NAT_A_PORT_MIN] = NLA_POLICY_MIN(NLA_BE16, 1),
	[HOMENET_NAT_A_PORT_MAX] = NLA_POLICY_MIN(NLA_BE16, 1),
	[HOMENET_NAT_A_FILTER] = NLA_POLICY_MAX(NLA_U8, HOMENET_FILTER_MAX),
	[HOMENET_NAT_A_MAX_SESSIONS] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_sessions_range),
	[HOMENET_NAT_A_TIMEOUT_UDP] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_TCP_EST] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_TCP_TRANS] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_TIMEOUT_ICMP] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
	[HOMENET_NAT_A_OFF] = { .type = NLA_FLAG },
	[HOMENET_NAT_A_FASTPATH] = NLA_POLICY_MAX(NLA_U8, HOMENET_FASTPATH_MAX),
	[HOMENET_NAT_A_TIMEOUT_EMBRYONIC] = NLA_POLICY_FULL_RANGE(NLA_U32, &hn_timeout_range),
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
	[HOMENET_SESSION_A_RULE] = HN_REPLY_ONLY("the rule of a session"),
};

static const struct nla_policy hn_fwd_policy[HOMENET_FWD_A_MAX + 1] = {
	[HOMENET_FWD_A_NAME] = { .type = NLA_NUL_STRING,
				 .len = HOMENET_FWD_NAME_LEN - 1 },
	[HOMENET_FWD_A_PROTO] = NLA_POLICY_RANGE(NLA_U8, HOMENET_FWD_TCP,
						 HOMENET_FWD_TCP | HOMENET_FWD_UDP),
	[HOMENET_FWD_A_EXT_PORT_MIN] = { .type = NLA_BE16 },
	[HOMENET_FWD_A_EXT_PORT_MAX] = { .type = NLA_BE16 },
	[HOMENET_FWD_A_INT_ADDR] = { .type = NLA_BE32 },
	[HOMENET_FWD_A_INT_PORT_MIN] = { .type = NLA_BE16 },
	[HOMENET_FWD_A_INT_PORT_MAX] = { .type = NLA_BE16 },
	[HOMENET_FWD_A_SRC_ADDR] = { .type = NLA_BE32 },
	[HOMENET_FWD_A_SRC_LEN] = NLA_POLICY_MAX(NLA_U8, 32),
	[HOMENET_FWD_A_DISABLED] = { .type = NLA_FLAG },
	[HOMENET_FWD_A_PACKETS] = HN_REPLY_ONLY("a rule's packet count"),
	[HOMENET_FWD_A_BYTES] = HN_REPLY_ONLY("a rule's byte count"),
	[HOMENET_FWD_A_SESSIONS] = HN_REPLY_ONLY("a rule's session count"),
};

static const struct nla_policy hn_policy[HOMENET_A_MAX + 1] = {
	[HOMENET_A_INFO_VERSION] = HN_REPLY_ONLY("version"),
	[HOMENET_A_NAT] = NLA_POLICY_NESTED(hn_nat_policy),
	[HOMENET_A_SESSION] = NLA_POLICY_NESTED(hn_session_policy),
	[HOMENET_A_STATS] = HN_REPLY_ONLY("statistics"),
	[HOMENET_A_FWD] = NLA_POLICY_NESTED(hn_fwd_policy),
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
	[HN_TO_EMBRYONIC] = HOMENET_NAT_A_TIMEOUT_EMBRYONIC,
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
	    nla_put_be16(skb, HOMENET_NAT_A_PORT_MIN, htons(cfg->port_min)) ||
	    nla_put_be16(skb, HOMENET_NAT_A_PORT_MAX, htons(cfg->port_max)) ||
	    nla_put_u8(skb, HOMENET_NAT_A_FILTER, cfg->filter) ||
	    nla_put_u8(skb, HOMENET_NAT_A_FASTPATH, cfg->fastpath) ||
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
		cfg->port_min = ntohs(nla_get_be16(tb[HOMENET_NAT_A_PORT_MIN]));
	if (tb[HOMENET_NAT_A_PORT_MAX])
		cfg->port_max = ntohs(nla_get_be16(tb[HOMENET_NAT_A_PORT_MAX]));
	if (cfg->port_min > cfg->port_max) {
		NL_SET_ERR_MSG(extack, "port range is empty (min > max)");
		return -EINVAL;
	}
	if (tb[HOMENET_NAT_A_FILTER])
		cfg->filter = nla_get_u8(tb[HOMENET_NAT_A_FILTER]);
	if (tb[HOMENET_NAT_A_FASTPATH])
		cfg->fastpath = nla_get_u8(tb[HOMENET_NAT_A_FASTPATH]);
	if (tb[HOMENET_NAT_A_MAX_SESSIONS]) {
		cfg->max_sessions = nla_get_u32(tb[HOMENET_NAT_A_MAX_SESSIONS]);
		/* a user namespace's root is root of its own table, not of the machine's memory */
		if (net->user_ns != &init_user_ns &&
		    cfg->max_sessions > HN_MAX_SESSIONS_USERNS) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_NAT_A_MAX_SESSIONS],
					    "a namespace of a user namespace holds 262144 sessions at most");
			return -EPERM;
		}
	}
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

	rtnl_lock();		/* the devices' ingress hooks */
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
	rtnl_unlock();
	if (!ret)
		hn_config_wait(hn);	/* the sessions it invalidated are gone */
	return ret;
}

/* SESSION_GET (dump) / SESSION_DEL / SESSION_FLUSH */

struct hn_dump {
	struct hn_walk walk;	/* where the next part starts */
	u8 proto;		/* filter, 0 = any */
	__be32 int_addr;	/* filter, 0 = any */
};

static struct hn_dump *hn_dump_of(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct hn_dump) > sizeof(cb->ctx));
	return (struct hn_dump *)cb->ctx;
}

static int hn_nl_fill_session(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct hn_session *s, __be32 ext_addr)
{
	struct hn_rule *rule = hn_session_rule(s);
	long left = (s32)(READ_ONCE(s->expires) - (u32)jiffies);
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hn_genl_family, NLM_F_MULTI, HOMENET_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, HOMENET_A_SESSION);
	if (!nest ||
	    nla_put_u8(skb, HOMENET_SESSION_A_PROTO, s->proto) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_INT_ADDR, s->int_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_INT_PORT, s->int_port) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_EXT_ADDR, ext_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_EXT_PORT, s->ext_port) ||
	    nla_put_be32(skb, HOMENET_SESSION_A_REM_ADDR, s->rem_addr) ||
	    nla_put_be16(skb, HOMENET_SESSION_A_REM_PORT, s->rem_port) ||
	    nla_put_u8(skb, HOMENET_SESSION_A_TCP_STATE, READ_ONCE(s->tcp_state)) ||
	    nla_put_u32(skb, HOMENET_SESSION_A_EXPIRES_MS,
			left > 0 ? jiffies_to_msecs(left) : 0) ||
	    nla_put_u32(skb, HOMENET_SESSION_A_FLAGS,
			READ_ONCE(s->flags) & ~HN_SF_CONFIRMED) ||
	    (rule && rule->name[0] &&
	     nla_put_string(skb, HOMENET_SESSION_A_RULE, rule->name))) {
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
	return 0;
}

/* The part of a dump being filled: hn_session_walk()'s callbacks. */
struct hn_dump_part {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct hn_dump *d;
	__be32 ext_addr;
	u8 gen;			/* older generations' are gone already */
	void *mark;		/* where the bucket under way began */
};

static void hn_dump_bucket(void *arg)
{
	struct hn_dump_part *part = arg;

	part->mark = skb_tail_pointer(part->skb);
}

static int hn_dump_visit(const struct hn_session *s, void *arg)
{
	struct hn_dump_part *part = arg;
	const struct hn_dump *d = part->d;

	if (s->gen != part->gen || (d->proto && s->proto != d->proto) ||
	    (d->int_addr && s->int_addr != d->int_addr))
		return 0;
	if (hn_nl_fill_session(part->skb, part->cb, s, part->ext_addr))
		return -EMSGSIZE;
	return 1;
}

/* What goes is after the part's first message, which carries DUMP_INTR. */
static void hn_dump_undo(void *arg)
{
	struct hn_dump_part *part = arg;

	nlmsg_trim(part->skb, part->mark);
}

static const struct hn_walk_ops hn_dump_ops = {
	.bucket = hn_dump_bucket,
	.visit = hn_dump_visit,
	.undo = hn_dump_undo,
};

/*
 * A part of the dump: the sessions of as many whole buckets as fit
 * (hn_session_walk()).  A change to the table between two parts marks the
 * dump DUMP_INTR.
 */
static int hn_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hn_net *hn = hn_pernet(sock_net(skb->sk));
	struct hn_dump *d = hn_dump_of(cb);
	struct hn_dump_part part = { .skb = skb, .cb = cb, .d = d };
	const struct hn_config *cfg;
	unsigned int sent;

	/* a change to the table between two parts of the dump: DUMP_INTR */
	cb->seq = atomic_read(&hn->table.gen);
	rcu_read_lock();
	cfg = rcu_dereference(hn->config);
	part.ext_addr = cfg ? cfg->cur_addr : 0;
	part.gen = cfg ? cfg->gen : 0;
	rcu_read_unlock();
	sent = hn_session_walk(hn, &d->walk, &hn_dump_ops, &part);
	return sent || d->walk.bucket < d->walk.size ? skb->len : 0;
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
	rcu_read_lock();
	k->gen = rcu_dereference(hn_pernet(genl_info_net(info))->config)->gen;
	rcu_read_unlock();
	return 0;
}

static int hn_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	struct hn_okey k;
	int ret;

	ret = hn_nl_parse_okey(info, &k);
	if (ret)
		return ret;
	if (!hn_session_delete(hn, &k)) {
		NL_SET_ERR_MSG(info->extack, "no such session");
		return -ENOENT;
	}
	return 0;
}

static int hn_nl_session_flush(struct sk_buff *skb, struct genl_info *info)
{
	return hn_config_flush(hn_pernet(genl_info_net(info)));
}

/* FWD_GET (dump) / FWD_ADD / FWD_DEL / FWD_FLUSH / FWD_REPLACE */

static int hn_nl_fill_rule(struct sk_buff *skb, const struct hn_rule *r)
{
	struct hn_rule_stats st;
	struct nlattr *nest;

	hn_rule_stats_sum(r, &st);
	nest = nla_nest_start(skb, HOMENET_A_FWD);
	if (!nest ||
	    (r->name[0] && nla_put_string(skb, HOMENET_FWD_A_NAME, r->name)) ||
	    nla_put_u8(skb, HOMENET_FWD_A_PROTO, r->proto) ||
	    nla_put_be16(skb, HOMENET_FWD_A_EXT_PORT_MIN, htons(r->ext_lo)) ||
	    nla_put_be16(skb, HOMENET_FWD_A_EXT_PORT_MAX, htons(r->ext_hi)) ||
	    nla_put_be32(skb, HOMENET_FWD_A_INT_ADDR, r->int_addr) ||
	    nla_put_be16(skb, HOMENET_FWD_A_INT_PORT_MIN, htons(r->int_lo)) ||
	    nla_put_be16(skb, HOMENET_FWD_A_INT_PORT_MAX, htons(r->int_hi)) ||
	    (r->src.mask &&
	     (nla_put_be32(skb, HOMENET_FWD_A_SRC_ADDR, r->src.addr) ||
	      nla_put_u8(skb, HOMENET_FWD_A_SRC_LEN, inet_mask_len(r->src.mask)))) ||
	    (r->disabled && nla_put_flag(skb, HOMENET_FWD_A_DISABLED)) ||
	    nla_put_u64_64bit(skb, HOMENET_FWD_A_PACKETS, st.packets, HOMENET_FWD_A_PAD) ||
	    nla_put_u64_64bit(skb, HOMENET_FWD_A_BYTES, st.bytes, HOMENET_FWD_A_PAD) ||
	    nla_put_u64_64bit(skb, HOMENET_FWD_A_SESSIONS, st.sessions, HOMENET_FWD_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One message per rule; cb->args[0] is the next rule's index. */
static int hn_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hn_net *hn = hn_pernet(sock_net(skb->sk));
	const struct hn_ruleset *rs;
	unsigned long i = cb->args[0];
	void *hdr;

	rcu_read_lock();
	rs = rcu_dereference(hn->rules);
	/* a change of the set between two parts of the dump: DUMP_INTR */
	cb->seq = rs ? rs->gen : 0;
	for (; rs && i < rs->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &hn_genl_family, NLM_F_MULTI, HOMENET_CMD_FWD_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (hn_nl_fill_rule(skb, rs->rule[i])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

/* Rule names are words: "forward list" output must read back. */
static bool hn_rule_name_ok(const char *name)
{
	for (; *name; name++)
		if (!isalnum(*name) && !strchr("_.-", *name))
			return false;
	return true;
}

static u16 hn_nla_port(const struct nlattr *a, u16 dflt)
{
	return a ? ntohs(nla_get_be16(a)) : dflt;
}

/* A new rule from a HOMENET_A_FWD nest, or an ERR_PTR. */
static struct hn_rule *hn_nl_parse_rule(const struct nlattr *nest,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HOMENET_FWD_A_MAX + 1];
	const char *why;
	struct hn_rule *r;
	int ret;

	ret = nla_parse_nested(tb, HOMENET_FWD_A_MAX, nest, hn_fwd_policy, extack);
	if (ret)
		return ERR_PTR(ret);
	if (!tb[HOMENET_FWD_A_PROTO] || !tb[HOMENET_FWD_A_EXT_PORT_MIN] ||
	    !tb[HOMENET_FWD_A_INT_ADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a rule needs a protocol, an external port and an inside address");
		return ERR_PTR(-EINVAL);
	}
	if (!!tb[HOMENET_FWD_A_SRC_ADDR] != !!tb[HOMENET_FWD_A_SRC_LEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a source prefix needs an address and a length");
		return ERR_PTR(-EINVAL);
	}
	if (tb[HOMENET_FWD_A_NAME] &&
	    !hn_rule_name_ok(nla_data(tb[HOMENET_FWD_A_NAME]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_FWD_A_NAME],
				    "a rule name is letters, digits, '_', '.' and '-'");
		return ERR_PTR(-EINVAL);
	}
	r = hn_rule_alloc();
	if (!r)
		return ERR_PTR(-ENOMEM);
	if (tb[HOMENET_FWD_A_NAME])
		nla_strscpy(r->name, tb[HOMENET_FWD_A_NAME], sizeof(r->name));
	r->proto = nla_get_u8(tb[HOMENET_FWD_A_PROTO]);
	r->disabled = nla_get_flag(tb[HOMENET_FWD_A_DISABLED]);
	r->ext_lo = hn_nla_port(tb[HOMENET_FWD_A_EXT_PORT_MIN], 0);
	r->ext_hi = hn_nla_port(tb[HOMENET_FWD_A_EXT_PORT_MAX], r->ext_lo);
	r->int_addr = nla_get_be32(tb[HOMENET_FWD_A_INT_ADDR]);
	r->int_lo = hn_nla_port(tb[HOMENET_FWD_A_INT_PORT_MIN], r->ext_lo);
	r->int_hi = hn_nla_port(tb[HOMENET_FWD_A_INT_PORT_MAX],
				r->int_lo + (r->ext_hi - r->ext_lo));
	if (tb[HOMENET_FWD_A_SRC_ADDR]) {
		r->src.addr = nla_get_be32(tb[HOMENET_FWD_A_SRC_ADDR]);
		r->src.mask = inet_make_mask(nla_get_u8(tb[HOMENET_FWD_A_SRC_LEN]));
	}
	why = hn_rule_check(r);
	if (!why && r->int_hi < r->int_lo)
		why = "inside port range runs past 65535";
	if (why) {
		hn_set_err(extack, nest, why);
		hn_rule_put(r);
		return ERR_PTR(-EINVAL);
	}
	return r;
}

static int hn_nl_fwd_add(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	const struct nlattr *nest = info->attrs[HOMENET_A_FWD];
	struct hn_rule **rules, *r;
	unsigned int n;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, HOMENET_A_FWD))
		return -EINVAL;
	r = hn_nl_parse_rule(nest, info->extack);
	if (IS_ERR(r))
		return PTR_ERR(r);

	mutex_lock(&hn->lock);
	rules = hn_fwd_current(hn, 1, &n);
	if (!rules) {
		hn_rule_put(r);
		ret = -ENOMEM;
		goto out;
	}
	rules[n++] = r;
	ret = hn_fwd_commit(hn, rules, n, NULL, info->extack);
	if (ret && !info->extack->bad_attr)
		info->extack->bad_attr = nest;
	kvfree(rules);
out:
	mutex_unlock(&hn->lock);
	return ret;
}

/* The rule a FWD_DEL names, in @rs; NULL with extack set when none. */
static struct hn_rule *hn_nl_find_rule(const struct hn_ruleset *rs,
				       const struct nlattr *nest,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HOMENET_FWD_A_MAX + 1];
	struct hn_rule *r = NULL;
	unsigned int i;
	u8 proto;

	if (nla_parse_nested(tb, HOMENET_FWD_A_MAX, nest, hn_fwd_policy, extack))
		return NULL;
	if (tb[HOMENET_FWD_A_NAME]) {
		for (i = 0; rs && i < rs->n && !r; i++)
			if (!nla_strcmp(tb[HOMENET_FWD_A_NAME], rs->rule[i]->name))
				r = rs->rule[i];
		if (!r)
			NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_FWD_A_NAME],
					    "no rule has this name");
		return r;
	}
	if (!tb[HOMENET_FWD_A_PROTO] || !tb[HOMENET_FWD_A_EXT_PORT_MIN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a rule is named by its name, or by protocol and external port");
		return NULL;
	}
	proto = nla_get_u8(tb[HOMENET_FWD_A_PROTO]);
	r = hn_rule_find(rs, proto & HOMENET_FWD_TCP ? IPPROTO_TCP : IPPROTO_UDP,
			 hn_nla_port(tb[HOMENET_FWD_A_EXT_PORT_MIN], 0));
	if (!r) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_FWD_A_EXT_PORT_MIN],
				    "no rule forwards this port");
		return NULL;
	}
	if (r->proto != proto) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HOMENET_FWD_A_PROTO],
				    "the rule on this port has other protocols: name them all");
		return NULL;
	}
	return r;
}

static int hn_nl_fwd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	struct hn_rule **rules, *r;
	unsigned int i, j, n;
	int ret = -ENOENT;

	if (GENL_REQ_ATTR_CHECK(info, HOMENET_A_FWD))
		return -EINVAL;
	mutex_lock(&hn->lock);
	r = hn_nl_find_rule(rcu_dereference_protected(hn->rules,
						      lockdep_is_held(&hn->lock)),
			    info->attrs[HOMENET_A_FWD], info->extack);
	if (!r)
		goto out;
	ret = -ENOMEM;
	rules = hn_fwd_current(hn, 0, &n);
	if (!rules)
		goto out;
	for (i = 0, j = 0; i < n; i++)
		if (rules[i] != r)
			rules[j++] = rules[i];
	ret = hn_fwd_commit(hn, rules, j, NULL, info->extack);
	kvfree(rules);
out:
	mutex_unlock(&hn->lock);
	return ret;
}

static int hn_nl_fwd_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	int ret;

	mutex_lock(&hn->lock);
	ret = hn_fwd_commit(hn, NULL, 0, NULL, info->extack);
	mutex_unlock(&hn->lock);
	return ret;
}

static int hn_nl_fwd_replace(struct sk_buff *skb, struct genl_info *info)
{
	struct hn_net *hn = hn_pernet(genl_info_net(info));
	const struct nlattr **attrs = NULL;
	struct hn_rule **rules = NULL;
	const struct nlattr *one;
	unsigned int i, n = 0;
	int rem, ret;

	/* one top-level HOMENET_A_FWD per rule: a nest holds only 64 KiB */
	nlmsg_for_each_attr(one, info->nlhdr, GENL_HDRLEN, rem)
		n += nla_type(one) == HOMENET_A_FWD;
	if (n > HN_FWD_MAX_RULES) {
		NL_SET_ERR_MSG(info->extack, "too many forward rules");
		return -E2BIG;
	}
	ret = -ENOMEM;
	rules = kvmalloc_array(n, sizeof(*rules), GFP_KERNEL);
	attrs = kvmalloc_array(n, sizeof(*attrs), GFP_KERNEL);
	if (n && (!rules || !attrs))
		goto out;
	i = 0;
	nlmsg_for_each_attr(one, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(one) != HOMENET_A_FWD)
			continue;
		rules[i] = hn_nl_parse_rule(one, info->extack);
		if (IS_ERR(rules[i])) {
			ret = PTR_ERR(rules[i]);
			while (i--)
				hn_rule_put(rules[i]);
			goto out;
		}
		attrs[i++] = one;
		cond_resched();
	}
	mutex_lock(&hn->lock);
	ret = hn_fwd_commit(hn, rules, n, attrs, info->extack);
	mutex_unlock(&hn->lock);
out:
	kvfree(attrs);
	kvfree(rules);
	return ret;
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
	[HN_STAT_SESSIONS_EVICTED] = HOMENET_STATS_A_SESSIONS_EVICTED,
	[HN_STAT_SYN_HELD] = HOMENET_STATS_A_SYN_HELD,
	[HN_STAT_FAST_PACKETS] = HOMENET_STATS_A_FAST_PACKETS,
	[HN_STAT_FAST_INGRESS] = HOMENET_STATS_A_FAST_INGRESS,
	[HN_STAT_DROP_INBOUND_LIMIT] = HOMENET_STATS_A_DROP_INBOUND_LIMIT,
	[HN_STAT_SESSIONS_EARLY_DROPPED] = HOMENET_STATS_A_SESSIONS_EARLY_DROPPED,
	[HN_STAT_DROP_SPOOFED] = HOMENET_STATS_A_DROP_SPOOFED,
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
		.flags = GENL_UNS_ADMIN_PERM,
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
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_FWD_GET,
		.dumpit = hn_nl_fwd_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_FWD_ADD,
		.doit = hn_nl_fwd_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_FWD_DEL,
		.doit = hn_nl_fwd_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_FWD_FLUSH,
		.doit = hn_nl_fwd_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HOMENET_CMD_FWD_REPLACE,
		.doit = hn_nl_fwd_replace,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

struct genl_family hn_genl_family __ro_after_init = {
	.name = HOMENET_GENL_NAME,
	.version = HOMENET_GENL_VERSION,
	.maxattr = HOMENET_A_MAX,
	.policy = hn_policy,
	.netnsok = true,
	/* every operation takes the locks it needs: genl_mutex serialises none */
	.parallel_ops = true,
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
