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
 * exactly one operation, and exactly the writes need admin rights.
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
		bool writes = op->cmd == HOMENET_CMD_NAT_SET ||
			      op->cmd == HOMENET_CMD_SESSION_DEL ||
			      op->cmd == HOMENET_CMD_SESSION_FLUSH ||
			      op->cmd == HOMENET_CMD_FWD_ADD ||
			      op->cmd == HOMENET_CMD_FWD_DEL ||
			      op->cmd == HOMENET_CMD_FWD_FLUSH ||
			      op->cmd == HOMENET_CMD_FWD_REPLACE;

		KUNIT_ASSERT_GE(test, op->cmd, 1);
		KUNIT_ASSERT_LE(test, op->cmd, HOMENET_CMD_MAX);
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(op->cmd, seen));
		/* every write needs admin rights over the namespace; no read does */
		KUNIT_EXPECT_EQ_MSG(test, !!(op->flags & GENL_UNS_ADMIN_PERM), writes,
				    "command %u", op->cmd);
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, HOMENET_CMD_MAX + 1),
			HOMENET_CMD_MAX);
}

/*
 * A dump that a resize interrupts goes on where it misses nothing: for
 * tables of 1 to 64 buckets each way and every place the dump can stop,
 * every hash not seen yet (its bucket in the old table at or after the
 * stop) is in a bucket at or after where the dump goes on, and a dump
 * that was done stays done.  A dump past the first half of a table that
 * halves goes on in the second half's image, not at the start.
 */
static void hn_nl_test_dump_resume(struct kunit *test)
{
	unsigned int old, size, b, hash, at;

	for (old = 1; old <= 64; old *= 2) {
		for (size = 1; size <= 64; size *= 2) {
			KUNIT_EXPECT_EQ(test, hn_dump_resume(old, old, size), size);
			for (b = 0; b < old; b++) {
				at = hn_dump_resume(b, old, size);
				KUNIT_ASSERT_LT(test, at, size);
				for (hash = 0; hash < 256; hash++) {
					if ((hash & (old - 1)) < b)
						continue;
					KUNIT_ASSERT_GE_MSG(test, hash & (size - 1), at,
							    "hash %u, bucket %u of %u, now %u",
							    hash, b, old, size);
				}
			}
		}
	}
	KUNIT_EXPECT_EQ(test, hn_dump_resume(5, 8, 16), 5U);
	KUNIT_EXPECT_EQ(test, hn_dump_resume(6, 8, 4), 2U);
	KUNIT_EXPECT_EQ(test, hn_dump_resume(3, 8, 4), 0U);
}

static struct kunit_case hn_nl_test_cases[] = {
	KUNIT_CASE(hn_nl_test_info_reply),
	KUNIT_CASE(hn_nl_test_dump_resume),
	KUNIT_CASE(hn_nl_test_policy_rejects_reply_attr),
	KUNIT_CASE(hn_nl_test_policy_rejects_unknown),
	KUNIT_CASE(hn_nl_test_family),
	{}
};

static struct kunit_suite hn_nl_test_suite = {
	.name = "homenet-netlink",
	.test_cases = hn_nl_test_cases,
};

kunit_test_suite(hn_nl_test_suite);
