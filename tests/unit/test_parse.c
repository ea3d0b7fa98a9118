// SPDX-License-Identifier: GPL-2.0
/* Unit tests for homenetctl's word parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "parse.h"

static void test_ipv4(void **state)
{
	const char *why = NULL;
	uint32_t a;

	(void)state;
	assert_int_equal(parse_ipv4("192.168.0.4", &a, &why), 0);
	assert_int_equal(a, htonl(0xc0a80004));
	assert_int_equal(parse_ipv4("192.168.0.256", &a, &why), -1);
	assert_non_null(why);
	assert_int_equal(parse_ipv4("eth0", &a, &why), -1);
	assert_int_equal(parse_ipv4("", &a, &why), -1);
}

static void test_prefix(void **state)
{
	struct hn_prefix p;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse_prefix("10.0.0.0/8", &p, &why), 0);
	assert_int_equal(p.addr, htonl(0x0a000000));
	assert_int_equal(p.len, 8);
	assert_int_equal(parse_prefix("192.168.0.4", &p, &why), 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(parse_prefix("0.0.0.0/0", &p, &why), 0);
	assert_int_equal(parse_prefix("10.0.0.1/8", &p, &why), -1);
	assert_string_equal(why, "has host bits set after the prefix length");
	assert_int_equal(parse_prefix("10.0.0.0/33", &p, &why), -1);
	assert_int_equal(parse_prefix("10.0.0.0/", &p, &why), -1);
	assert_int_equal(parse_prefix("10.0.0.0/x", &p, &why), -1);
}

static void test_prefix_list(void **state)
{
	struct hn_prefix l[3];
	const char *why = NULL;
	unsigned int n;

	(void)state;
	assert_int_equal(parse_prefix_list("10.0.0.0/8,192.168.0.0/16", l, 3, &n, &why), 0);
	assert_int_equal(n, 2);
	assert_int_equal(l[1].len, 16);
	assert_int_equal(parse_prefix_list("10.0.0.0/8,,", l, 3, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_int_equal(parse_prefix_list(",", l, 3, &n, &why), -1);
	assert_int_equal(
		parse_prefix_list("1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8", l, 3, &n, &why), -1);
	assert_string_equal(why, "has too many prefixes");
	assert_int_equal(parse_prefix_list("10.0.0.0/8,bad", l, 3, &n, &why), -1);
}

static void test_port_range(void **state)
{
	const char *why = NULL;
	uint16_t lo, hi;

	(void)state;
	assert_int_equal(parse_port_range("1024-65535", &lo, &hi, &why), 0);
	assert_int_equal(lo, 1024);
	assert_int_equal(hi, 65535);
	assert_int_equal(parse_port_range("8081", &lo, &hi, &why), 0);
	assert_int_equal(lo, 8081);
	assert_int_equal(hi, 8081);
	assert_int_equal(parse_port_range("5-3", &lo, &hi, &why), -1);
	assert_int_equal(parse_port_range("0-3", &lo, &hi, &why), -1);
	assert_int_equal(parse_port_range("1-65536", &lo, &hi, &why), -1);
	assert_int_equal(parse_port_range("-5", &lo, &hi, &why), -1);
	assert_int_equal(parse_port_range("1-", &lo, &hi, &why), -1);
	assert_int_equal(parse_port_range("123456789-1", &lo, &hi, &why), -1);
}

static void test_u32(void **state)
{
	const char *why = NULL;
	uint32_t v;

	(void)state;
	assert_int_equal(parse_u32("300", 1, 1000, &v, &why), 0);
	assert_int_equal(v, 300);
	assert_int_equal(parse_u32("0", 1, 1000, &v, &why), -1);
	assert_string_equal(why, "is out of range");
	assert_int_equal(parse_u32("-1", 0, 1000, &v, &why), -1);
	assert_int_equal(parse_u32("12x", 0, 1000, &v, &why), -1);
	assert_int_equal(parse_u32("99999999999999999999999", 0, UINT32_MAX, &v, &why), -1);
}

static void test_endpoint(void **state)
{
	const char *why = NULL;
	uint32_t a;
	uint16_t p;

	(void)state;
	assert_int_equal(parse_endpoint("192.168.0.4:80", &a, &p, false, &why), 0);
	assert_int_equal(p, 80);
	assert_int_equal(a, htonl(0xc0a80004));
	assert_int_equal(parse_endpoint("192.168.0.4", &a, &p, false, &why), -1);
	assert_int_equal(parse_endpoint("192.168.0.4", &a, &p, true, &why), 0);
	assert_int_equal(p, 0);
	assert_int_equal(parse_endpoint("192.168.0.4:65536", &a, &p, false, &why), -1);
	assert_int_equal(parse_endpoint("nas:80", &a, &p, false, &why), -1);
}

static void test_proto(void **state)
{
	const char *why = NULL;
	uint8_t p;

	(void)state;
	assert_int_equal(parse_proto("tcp", &p, &why), 0);
	assert_int_equal(p, IPPROTO_TCP);
	assert_int_equal(parse_proto("icmp", &p, &why), 0);
	assert_int_equal(p, IPPROTO_ICMP);
	assert_int_equal(parse_proto("sctp", &p, &why), -1);
	assert_string_equal(proto_name(IPPROTO_UDP), "udp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),	    cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_prefix_list), cmocka_unit_test(test_port_range),
		cmocka_unit_test(test_u32),	    cmocka_unit_test(test_endpoint),
		cmocka_unit_test(test_proto),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
