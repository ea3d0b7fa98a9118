// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the decoding of kernel messages in lib/hnl.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/homenet.h>

#include "hnl.h"

static struct nl_msg *info_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_INFO_GET, HOMENET_GENL_VERSION));
	return msg;
}

static void test_info_parse(void **state)
{
	struct nl_msg *msg = info_reply();
	struct hn_info info;

	(void)state;
	assert_int_equal(nla_put_string(msg, HOMENET_A_INFO_VERSION, "1.2.3"), 0);
	assert_int_equal(hn_info_parse(nlmsg_hdr(msg), &info), 0);
	assert_string_equal(info.version, "1.2.3");
	nlmsg_free(msg);
}

static void test_info_parse_missing(void **state)
{
	struct nl_msg *msg = info_reply();
	struct hn_info info;

	(void)state;
	assert_int_equal(hn_info_parse(nlmsg_hdr(msg), &info), -ENODATA);
	nlmsg_free(msg);
}

/* A version too long for the struct is cut, never overflows. */
static void test_info_parse_truncates(void **state)
{
	struct nl_msg *msg = info_reply();
	struct hn_info info;
	char longv[200];

	(void)state;
	memset(longv, 'v', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	assert_int_equal(nla_put_string(msg, HOMENET_A_INFO_VERSION, longv), 0);
	assert_int_equal(hn_info_parse(nlmsg_hdr(msg), &info), 0);
	assert_int_equal(strlen(info.version), sizeof(info.version) - 1);
	nlmsg_free(msg);
}

/* A version that is not a NUL-terminated string is refused. */
static void test_info_parse_bad_type(void **state)
{
	struct nl_msg *msg = info_reply();
	struct hn_info info;

	(void)state;
	assert_int_equal(nla_put_u8(msg, HOMENET_A_INFO_VERSION, 7), 0);
	assert_int_equal(hn_info_parse(nlmsg_hdr(msg), &info), -EBADMSG);
	nlmsg_free(msg);
}

/* A STATS_GET reply with every counter up to @last, counter i = 1000 + i. */
static struct nl_msg *stats_reply(int last)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;
	int i;

	assert_non_null(msg);
	assert_non_null(
		genlmsg_put(msg, 1, 1, 0x20, 0, 0, HOMENET_CMD_STATS_GET, HOMENET_GENL_VERSION));
	nest = nla_nest_start(msg, HOMENET_A_STATS);
	assert_int_equal(nla_put_u32(msg, HOMENET_STATS_A_SESSIONS, 3), 0);
	assert_int_equal(nla_put_u32(msg, HOMENET_STATS_A_MAPPINGS, 2), 0);
	for (i = HOMENET_STATS_A_OUT_PACKETS; i <= last; i++)
		assert_int_equal(nla_put_u64(msg, i, 1000 + i), 0);
	nla_nest_end(msg, nest);
	return msg;
}

static void test_stats_parse(void **state)
{
	struct nl_msg *msg = stats_reply(HOMENET_STATS_A_MAX);
	struct hn_stats st;

	(void)state;
	assert_int_equal(hn_stats_parse(nlmsg_hdr(msg), &st), 0);
	assert_int_equal(st.sessions, 3);
	assert_int_equal(st.mappings, 2);
	assert_int_equal(st.c[HN_ST_OUT_PACKETS], 1000 + HOMENET_STATS_A_OUT_PACKETS);
	assert_int_equal(st.c[HN_ST_DROP_INVALID], 1000 + HOMENET_STATS_A_DROP_INVALID);
	assert_int_equal(st.c[HN_ST_SESSIONS_EVICTED], 1000 + HOMENET_STATS_A_SESSIONS_EVICTED);
	assert_int_equal(st.c[HN_ST_SYN_HELD], 1000 + HOMENET_STATS_A_SYN_HELD);
	assert_int_equal(st.c[HN_ST_FAST_PACKETS], 1000 + HOMENET_STATS_A_FAST_PACKETS);
	assert_int_equal(st.c[HN_ST_FAST_INGRESS], 1000 + HOMENET_STATS_A_FAST_INGRESS);
	assert_string_equal(hn_stat_names[HN_ST_SESSIONS_EVICTED], "sessions_evicted");
	assert_string_equal(hn_stat_names[HN_ST_FAST_PACKETS], "fast_packets");
	assert_string_equal(hn_stat_names[HN_ST_FAST_INGRESS], "fast_ingress");
	assert_string_equal(hn_stat_names[HN_ST_SYN_HELD], "syn_held");
	nlmsg_free(msg);

	msg = stats_reply(HOMENET_STATS_A_MAX - 1);
	assert_int_equal(hn_stats_parse(nlmsg_hdr(msg), &st), -ENODATA);
	nlmsg_free(msg);
}

/* Build an NLMSG_ERROR as the kernel sends it, capped, with extack. */
static size_t build_error(char *buf, size_t size, const char *text, bool capped)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e;
	struct nlattr *a;
	size_t off, echo = capped ? 0 : 8;

	memset(buf, 0, size);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
	e = NLMSG_DATA(nlh);
	e->error = -EINVAL;
	e->msg.nlmsg_len = NLMSG_HDRLEN + echo;
	off = NLMSG_SPACE(sizeof(*e)) + echo;
	a = (struct nlattr *)(buf + off);
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = NLA_HDRLEN + strlen(text) + 1;
	strcpy((char *)a + NLA_HDRLEN, text);
	off += NLA_ALIGN(a->nla_len);
	nlh->nlmsg_len = off;
	return off;
}

static void test_extack_capped(void **state)
{
	char buf[256], msg[64];

	(void)state;
	build_error(buf, sizeof(buf), "port range is empty", true);
	assert_int_equal(hn_extack_msg((struct nlmsghdr *)buf, msg, sizeof(msg)),
			 strlen("port range is empty"));
	assert_string_equal(msg, "port range is empty");
}

static void test_extack_uncapped(void **state)
{
	char buf[256], msg[64];

	(void)state;
	build_error(buf, sizeof(buf), "bad prefix", false);
	assert_true(hn_extack_msg((struct nlmsghdr *)buf, msg, sizeof(msg)) > 0);
	assert_string_equal(msg, "bad prefix");
}

static void test_extack_truncated_attr(void **state)
{
	char buf[256], msg[64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	(void)state;
	build_error(buf, sizeof(buf), "bad prefix", true);
	nlh->nlmsg_len -= 8; /* the attribute now runs past the message */
	assert_int_equal(hn_extack_msg(nlh, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
}

static void test_extack_small_buffer(void **state)
{
	char buf[256], msg[5];

	(void)state;
	build_error(buf, sizeof(buf), "a long reason", true);
	assert_int_equal(hn_extack_msg((struct nlmsghdr *)buf, msg, sizeof(msg)), 4);
	assert_string_equal(msg, "a lo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_parse),
		cmocka_unit_test(test_info_parse_missing),
		cmocka_unit_test(test_info_parse_truncates),
		cmocka_unit_test(test_info_parse_bad_type),
		cmocka_unit_test(test_stats_parse),
		cmocka_unit_test(test_extack_capped),
		cmocka_unit_test(test_extack_uncapped),
		cmocka_unit_test(test_extack_truncated_attr),
		cmocka_unit_test(test_extack_small_buffer),
	};

	return cmocka_run_group_tests_name("hnl", tests, NULL, NULL);
}
