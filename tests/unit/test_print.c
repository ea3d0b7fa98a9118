// SPDX-License-Identifier: GPL-2.0
/* Unit tests for homenetctl's text/JSON printer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "print.h"

/* Run @fn against a printer on a memory stream; return what it wrote. */
static char *capture(bool json, void (*fn)(struct printer *))
{
	struct printer p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	print_init(&p, f, json);
	fn(&p);
	print_finish(&p);
	fclose(f);
	return buf;
}

static void sample(struct printer *p)
{
	print_open_object(p, NULL);
	print_string(p, "name", "name %s", "web \"1\"\n");
	print_uint(p, "port", " port %llu", 8081);
	print_bool(p, "disabled", " disabled", true);
	print_bool(p, "static", " static", false);
	print_open_array(p, "hosts");
	print_string(p, NULL, NULL, "a");
	print_string(p, NULL, NULL, "b");
	print_close_array(p);
	print_text(p, "\n");
	print_close_object(p);
}

static void test_text(void **state)
{
	char *out = capture(false, sample);

	(void)state;
	assert_string_equal(out, "name web \"1\"\n port 8081 disabled\n");
	free(out);
}

static void test_json(void **state)
{
	char *out = capture(true, sample);

	(void)state;
	assert_string_equal(out, "{\"name\":\"web \\\"1\\\"\\n\",\"port\":8081,\"disabled\":true,"
				 "\"static\":false,\"hosts\":[\"a\",\"b\"]}\n");
	free(out);
}

static void unclosed(struct printer *p)
{
	print_open_array(p, NULL);
	print_open_object(p, NULL);
	print_uint(p, "n", NULL, 1);
}

/* print_finish closes what is left open, each with its own bracket. */
static void test_json_finish_closes(void **state)
{
	char *out = capture(true, unclosed);

	(void)state;
	assert_string_equal(out, "[{\"n\":1}]\n");
	free(out);
}

static void control_chars(struct printer *p)
{
	print_string(p, NULL, NULL, "\x01\t\\");
}

static void test_json_escapes_control(void **state)
{
	char *out = capture(true, control_chars);

	(void)state;
	assert_string_equal(out, "\"\\u0001\\t\\\\\"\n");
	free(out);
}

static void nothing(struct printer *p)
{
	(void)p;
}

/* An empty JSON output stays empty (an error path printed nothing). */
static void test_json_empty(void **state)
{
	char *out = capture(true, nothing);

	(void)state;
	assert_string_equal(out, "");
	free(out);
}

/* The line builder: numbers and addresses at their edges, and a cut. */
static void test_line(void **state)
{
	struct line l = { 0 };
	unsigned char a[4] = { 255, 0, 10, 1 };
	unsigned int addr;
	size_t i;

	(void)state;
	memcpy(&addr, a, sizeof(addr));
	line_uint(&l, 0);
	line_str(&l, " ");
	line_uint(&l, 4294967295UL);
	line_str(&l, " ");
	line_ipv4(&l, addr);
	line_str(&l, " ");
	line_ipv4(&l, 0);
	assert_int_equal(l.n, strlen("0 4294967295 255.0.10.1 0.0.0.0"));
	assert_memory_equal(l.buf, "0 4294967295 255.0.10.1 0.0.0.0", l.n);

	memset(&l, 0, sizeof(l));
	for (i = 0; i < 100; i++)
		line_str(&l, "abc");
	assert_int_equal(l.n, sizeof(l.buf));
	line_uint(&l, 7);
	assert_int_equal(l.n, sizeof(l.buf));
	assert_int_equal(l.buf[sizeof(l.buf) - 1], 'a'); /* 256 = 85 * 3 + 1 */
}

/* print_line writes in text mode only. */
static void line_sample(struct printer *p)
{
	struct line l = { 0 };

	line_str(&l, "text\n");
	print_line(p, &l);
}

static void test_line_modes(void **state)
{
	char *out = capture(false, line_sample);

	(void)state;
	assert_string_equal(out, "text\n");
	free(out);
	out = capture(true, line_sample);
	assert_string_equal(out, "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_finish_closes),
		cmocka_unit_test(test_json_escapes_control),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_line_modes),
	};

	return cmocka_run_group_tests_name("print", tests, NULL, NULL);
}
