// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for netlink.c, included at its end so the static helpers are
 * in reach.  Runs when homenet.ko is loaded into a kernel with KUnit
 * (booted with kunit.enable=1).
 *
 * On 6.1 a module's suites run as the module is COMING, before its init
 * function: nothing hn_init() sets up exists yet, so every test builds what
 * it needs.
 */
#include <kunit/test.h>

/* The reply to INFO_GET fits the size we reserve and parses back. */
static void hn_nl_test_info_reply(struct kunit *test)
{
	static const struct nla_policy reply_policy[HOMENET_A_MAX + 1] = {
		[HOMENET_A_INFO_VERSION] = { .type = NLA_NUL_STRING },
	};
	struct nlattr *tb[HOMENET_A_MAX + 1];
	struct sk_buff *skb;

	skb = alloc_skb(hn_nl_info_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);

	KUNIT_ASSERT_EQ(test, hn_nl_fill_info(skb), 0);
	KUNIT_EXPECT_LE(test, skb->len, hn_nl_info_size());
	KUNIT_ASSERT_EQ(test, nla_parse(tb, HOMENET_A_MAX,
					(struct nlattr *)skb->data, skb->len,
					reply_policy, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[HOMENET_A_INFO_VERSION]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[HOMENET_A_INFO_VERSION]),
			   HOMENET_VERSION);
	kfree_skb(skb);
}

/* Validate one attribute of @type against the request policy. */
static int hn_nl_test_validate(struct kunit *test, int type,
			       struct netlink_ext_ack *extack)
{
	struct sk_buff *skb;
	int ret;

	skb = alloc_skb(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, type, 1), 0);
	ret = nla_validate((struct nlattr *)skb->data, skb->len, HOMENET_A_MAX,
			   hn_policy, extack);
	kfree_skb(skb);
	return ret;
}

/* A reply-only attribute in a request is refused, with a reason. */
static void hn_nl_test_policy_rejects_reply_attr(struct kunit *test)
{
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, hn_nl_test_validate(test, HOMENET_A_INFO_VERSION,
						  &extack), -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "version is reported by the kernel, not set");
}

/* Strict validation: an attribute type the family does not know is refused. */
static void hn_nl_test_policy_rejects_unknown(struct kunit *test)
{
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, hn_nl_test_validate(test, HOMENET_A_MAX + 1,
						  &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

/*
 * The family is the one the uapi header describes, every command has
 * exactly one operation, and exactly the writes and the reads of what
 * the home's traffic shows need admin rights.
 */
static void hn_nl_test_family(struct kunit *test)
{
	DECLARE_BITMAP(seen, HOMENET_CMD_MAX + 1) = {};
	int i;

	KUNIT_EXPECT_STREQ(test, hn_genl_family.name, HOMENET_GENL_NAME);
	KUNIT_EXPECT_EQ(test, hn_genl_family.version, HOMENET_GENL_VERSION);
	KUNIT_EXPECT_EQ(test, hn_genl_family.maxattr, HOMENET_A_MAX);
	KUNIT_EXPECT_PTR_EQ(test, hn_genl_family.policy, &hn_policy[0]);
	KUNIT_EXPECT_TRUE(test, hn_genl_family.netnsok);

	for (i = 0; i < hn_genl_family.n_ops; i++) {
		const struct genl_ops *op = &hn_genl_family.ops[i];
		bool admin = op->cmd == HOMENET_CMD_NAT_SET ||
			      op->cmd == HOMENET_CMD_SESSION_GET ||
			      op->cmd == HOMENET_CMD_SESSION_DEL ||
			      op->cmd == HOMENET_CMD_SESSION_FLUSH ||
			      op->cmd == HOMENET_CMD_STATS_GET ||
			      op->cmd == HOMENET_CMD_FWD_GET ||
			      op->cmd == HOMENET_CMD_FWD_ADD ||
			      op->cmd == HOMENET_CMD_FWD_DEL ||
			      op->cmd == HOMENET_CMD_FWD_FLUSH ||
			      op->cmd == HOMENET_CMD_FWD_REPLACE;

		KUNIT_ASSERT_GE(test, op->cmd, 1);
		KUNIT_ASSERT_LE(test, op->cmd, HOMENET_CMD_MAX);
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(op->cmd, seen));
		KUNIT_EXPECT_EQ_MSG(test, !!(op->flags & GENL_UNS_ADMIN_PERM), admin,
				    "command %u", op->cmd);
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, HOMENET_CMD_MAX + 1),
			HOMENET_CMD_MAX);
}

/*
 * NAT_SET's port range is in network byte order, as every port of the
 * family is: 1024-2047 on the wire is 1024-2047 in the configuration,
 * and a zero port is refused by the policy.
 */
static void hn_nl_test_nat_ports_be16(struct kunit *test)
{
	struct nlattr *tb[HOMENET_NAT_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct hn_config *cfg;
	struct sk_buff *skb;
	struct nlattr *nest;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, HOMENET_A_NAT);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_be16(skb, HOMENET_NAT_A_PORT_MIN, htons(1024)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_be16(skb, HOMENET_NAT_A_PORT_MAX, htons(2047)), 0);
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, HOMENET_NAT_A_MAX, nest,
					       hn_nat_policy, &extack), 0);
	KUNIT_ASSERT_EQ(test, hn_nl_parse_nat(&init_net, cfg, tb, &extack), 0);
	KUNIT_EXPECT_EQ(test, cfg->port_min, 1024);
	KUNIT_EXPECT_EQ(test, cfg->port_max, 2047);

	nla_nest_cancel(skb, nest);
	nest = nla_nest_start(skb, HOMENET_A_NAT);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_be16(skb, HOMENET_NAT_A_PORT_MIN, 0), 0);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, nla_parse_nested(tb, HOMENET_NAT_A_MAX, nest,
					       hn_nat_policy, &extack), -ERANGE);
	kfree_skb(skb);
}

static struct kunit_case hn_nl_test_cases[] = {
	KUNIT_CASE(hn_nl_test_info_reply),
	KUNIT_CASE(hn_nl_test_policy_rejects_reply_attr),
	KUNIT_CASE(hn_nl_test_policy_rejects_unknown),
	KUNIT_CASE(hn_nl_test_family),
	KUNIT_CASE(hn_nl_test_nat_ports_be16),
	{}
};

static struct kunit_suite hn_nl_test_suite = {
	.name = "homenet-netlink",
	.test_cases = hn_nl_test_cases,
};

kunit_test_suite(hn_nl_test_suite);
