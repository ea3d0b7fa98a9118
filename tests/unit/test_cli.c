// SPDX-License-Identifier: GPL-2.0
/* Unit tests for homenetctl's command-line plumbing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl.h"

static int nop(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	return 0;
}

static const struct hn_cmd table[] = { { "session", nop, "" },
				       { "set", nop, "" },
				       { "stats", nop, "" },
				       { "show", nop, "" },
				       { NULL } };

static void test_matches(void **state)
{
	(void)state;
	assert_true(matches("s", "show"));
	assert_true(matches("show", "show"));
	assert_false(matches("shows", "show"));
	assert_false(matches("", "show"));
	assert_false(matches("x", "show"));
}

static void test_lookup_exact_and_prefix(void **state)
{
	struct hn_ctl ctl = { .prog = "t" };

	(void)state;
	assert_ptr_equal(cmd_lookup(&ctl, table, "object", "set"), &table[1]);
	assert_ptr_equal(cmd_lookup(&ctl, table, "object", "sess"), &table[0]);
	assert_ptr_equal(cmd_lookup(&ctl, table, "object", "st"), &table[2]);
	assert_ptr_equal(cmd_lookup(&ctl, table, "object", "sh"), &table[3]);
}

static void test_lookup_ambiguous_or_unknown(void **state)
{
	struct hn_ctl ctl = { .prog = "t" };

	(void)state;
	assert_null(cmd_lookup(&ctl, table, "object", "s"));
	assert_null(cmd_lookup(&ctl, table, "object", "se"));
	assert_null(cmd_lookup(&ctl, table, "object", "nat"));
	assert_null(cmd_lookup(&ctl, table, "object", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_lookup_exact_and_prefix),
		cmocka_unit_test(test_lookup_ambiguous_or_unknown),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
