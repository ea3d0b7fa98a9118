// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the lease lines of homenetd's control socket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "leaseproto.h"

static void test_round_trip(void **state)
{
	struct hnd_lease_info a = {
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.addr = htonl(0xc0a80004),
		.expires_s = 43199,
		.name = "nas",
	};
	struct hnd_lease_info b;
	const char *why = NULL;
	char buf[256];

	(void)state;
	assert_int_equal(hnd_lease_format(buf, sizeof(buf), &a), 54);
	assert_string_equal(buf, "lease 52:54:00:12:34:56 192.168.0.4 43199 dynamic nas\n");
	buf[strlen(buf) - 1] = '\0';
	assert_int_equal(hnd_lease_parse(buf, &b, &why), 1);
	assert_memory_equal(&a, &b, sizeof(a));

	a.is_static = true;
	a.expires_s = -1;
	memset(a.name, 0, sizeof(a.name));
	assert_true(hnd_lease_format(buf, sizeof(buf), &a) > 0);
	assert_string_equal(buf, "lease 52:54:00:12:34:56 192.168.0.4 never static -\n");
	buf[strlen(buf) - 1] = '\0';
	assert_int_equal(hnd_lease_parse(buf, &b, &why), 1);
	assert_memory_equal(&a, &b, sizeof(a));
}

/* A name that is not one printable word goes out as "-". */
static void test_odd_names(void **state)
{
	struct hnd_lease_info a = { .addr = htonl(0x0a000001), .name = "my pc" };
	char buf[128];

	(void)state;
	assert_true(hnd_lease_format(buf, sizeof(buf), &a) > 0);
	assert_string_equal(buf, "lease 00:00:00:00:00:00 10.0.0.1 0 dynamic -\n");
	assert_int_equal(hnd_lease_format(buf, 20, &a), -1);
}

static void test_bad_lines(void **state)
{
	static const char *const bad[] = {
		"lease 52:54:00:12:34 192.168.0.4 10 dynamic -",
		"lease 52:54:00:12:34:56 192.168.0.400 10 dynamic -",
		"lease 52:54:00:12:34:56 192.168.0.4 -5 dynamic -",
		"lease 52:54:00:12:34:56 192.168.0.4 10s dynamic -",
		"lease 52:54:00:12:34:56 192.168.0.4 10 fixed -",
		"lease 52:54:00:12:34:56 192.168.0.4 10 dynamic",
		"hello",
		"",
	};
	struct hnd_lease_info l;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(hnd_lease_parse(bad[i], &l, &why), -1);
		assert_string_equal(why, "is not a lease line");
	}
	assert_int_equal(hnd_lease_parse("end", &l, &why), 0);
	assert_int_equal(hnd_lease_parse("error no leases here", &l, &why), -1);
	assert_string_equal(why, "no leases here");
}

static void test_control_path(void **state)
{
	(void)state;
	unsetenv(HND_CONTROL_ENV);
	assert_string_equal(hnd_control_path(), "/run/homenet/homenetd.sock");
	setenv(HND_CONTROL_ENV, "/tmp/x.sock", 1);
	assert_string_equal(hnd_control_path(), "/tmp/x.sock");
	unsetenv(HND_CONTROL_ENV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_control_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
