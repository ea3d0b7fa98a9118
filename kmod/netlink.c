// SPDX-License-Identifier: GPL-2.0
/*
 * The "homenet" generic netlink family: the module's only interface.
 * include/uapi/linux/homenet.h documents each command; homenet.yaml beside
 * it is the specification.
 *
 * Policies are strict: unknown attributes and attributes that only ever
 * appear in replies are rejected with an extack message.
 */
#include <net/genetlink.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

static const struct nla_policy hn_policy[HOMENET_A_MAX + 1] = {
	[HOMENET_A_INFO_VERSION] = {
		.type = NLA_REJECT,
		.reject_message = "version is reported by the kernel, not set",
	},
};

/* Room needed for the reply to HOMENET_CMD_INFO_GET. */
static size_t hn_nl_info_size(void)
{
	return nla_total_size(sizeof(HOMENET_VERSION));
}

static int hn_nl_fill_info(struct sk_buff *skb)
{
	return nla_put_string(skb, HOMENET_A_INFO_VERSION, HOMENET_VERSION);
}

static int hn_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(hn_nl_info_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &hn_genl_family, 0,
				HOMENET_CMD_INFO_GET);
	if (!hdr || hn_nl_fill_info(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_small_ops hn_genl_ops[] = {
	{
		.cmd = HOMENET_CMD_INFO_GET,
		.doit = hn_nl_info_get,
		/* read-only: no permission flag */
	},
};

struct genl_family hn_genl_family __ro_after_init = {
	.name = HOMENET_GENL_NAME,
	.version = HOMENET_GENL_VERSION,
	.maxattr = HOMENET_A_MAX,
	.policy = hn_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = hn_genl_ops,
	.n_small_ops = ARRAY_SIZE(hn_genl_ops),
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
