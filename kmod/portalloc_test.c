// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for portalloc.c, included at its end. */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/random.h>

/* A fake port table: a bit per port, set = in use. */
struct hn_pa_test {
	DECLARE_BITMAP(used, 65536);
	unsigned int asked;
};

static bool hn_pa_test_free(void *arg, u16 port)
{
	struct hn_pa_test *t = arg;

	t->asked++;
	return !test_bit(port, t->used);
}

static struct hn_pa_test *hn_pa_test_new(struct kunit *test)
{
	struct hn_pa_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	return t;
}

static void hn_pa_test_preserves(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);

	KUNIT_EXPECT_EQ(test, hn_port_choose(1, 65535, 40000, 7, hn_pa_test_free, t), 40000);
	KUNIT_EXPECT_EQ(test, hn_port_choose(1, 65535, 123, 7, hn_pa_test_free, t), 123);
	KUNIT_EXPECT_EQ(test, t->asked, 2);
}

/* A taken port maps to another of the same class and parity. */
static void hn_pa_test_class_and_parity(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);
	int i;

	set_bit(40000, t->used);
	set_bit(123, t->used);
	for (i = 0; i < 200; i++) {
		u32 rnd = get_random_u32();
		u16 hi = hn_port_choose(1, 65535, 40000, rnd, hn_pa_test_free, t);
		u16 lo = hn_port_choose(1, 65535, 123, rnd, hn_pa_test_free, t);

		KUNIT_EXPECT_GE(test, hi, 1024);
		KUNIT_EXPECT_EQ(test, hi & 1, 0);
		KUNIT_EXPECT_NE(test, hi, 40000);
		KUNIT_EXPECT_GE(test, lo, 1);
		KUNIT_EXPECT_LE(test, lo, 1023);
		KUNIT_EXPECT_EQ(test, lo & 1, 1);
		KUNIT_EXPECT_NE(test, lo, 123);
	}
}

/* The configured range binds every choice, preserved or not. */
static void hn_pa_test_range(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);
	int i;

	KUNIT_EXPECT_NE(test, hn_port_choose(20000, 20099, 40000, 1, hn_pa_test_free, t), 40000);
	for (i = 0; i < 200; i++) {
		u16 p = hn_port_choose(20000, 20099, 40000 + i, get_random_u32(),
				       hn_pa_test_free, t);

		KUNIT_EXPECT_GE(test, p, 20000);
		KUNIT_EXPECT_LE(test, p, 20099);
	}
	/* a range with no low port: a low port maps into it anyway */
	KUNIT_EXPECT_GE(test, hn_port_choose(20000, 20099, 53, 3, hn_pa_test_free, t), 20000);
}

/* Same parity all taken: the other parity is used. */
static void hn_pa_test_parity_fallback(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);
	u16 p;

	for (p = 5000; p <= 5009; p += 2)
		set_bit(p, t->used);
	p = hn_port_choose(5000, 5009, 5000, 0, hn_pa_test_free, t);
	KUNIT_EXPECT_EQ(test, p & 1, 1);
	KUNIT_EXPECT_GE(test, p, 5001);
	KUNIT_EXPECT_LE(test, p, 5009);
}

/* A small range is searched whole: the last free port is found, and a
 * full range gives 0.
 */
static void hn_pa_test_exhaustion(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);
	u16 p;

	for (p = 5000; p <= 5099; p++)
		set_bit(p, t->used);
	clear_bit(5077, t->used);
	KUNIT_EXPECT_EQ(test, hn_port_choose(5000, 5099, 6000, 12345, hn_pa_test_free, t), 5077);
	set_bit(5077, t->used);
	t->asked = 0;
	KUNIT_EXPECT_EQ(test, hn_port_choose(5000, 5099, 6000, 12345, hn_pa_test_free, t), 0);
	/* bounded: each port asked about at most twice (two passes) */
	KUNIT_EXPECT_LE(test, t->asked, 2 * 100 + 1);
}

/* A huge busy range: the search gives up after a bounded number of tries. */
static void hn_pa_test_bounded(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);

	bitmap_fill(t->used, 65536);
	KUNIT_EXPECT_EQ(test, hn_port_choose(1, 65535, 40000, 99, hn_pa_test_free, t), 0);
	KUNIT_EXPECT_LE(test, t->asked, 2 * HN_PORT_TRIES + 1);
}

static void hn_pa_test_bad_range(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);

	KUNIT_EXPECT_EQ(test, hn_port_choose(6000, 5000, 5500, 1, hn_pa_test_free, t), 0);
	/* port 0 is never handed out */
	KUNIT_EXPECT_NE(test, hn_port_choose(0, 1, 0, 0, hn_pa_test_free, t), 0);
}

/*
 * A range that ends at 65535: the first port of the other parity is past
 * the end, and must not wrap round to 0.
 */
static void hn_pa_test_top_of_range(struct kunit *test)
{
	struct hn_pa_test *t = hn_pa_test_new(test);
	int i;

	for (i = 0; i < 20; i++) {
		u32 rnd = get_random_u32();

		KUNIT_EXPECT_EQ(test, hn_port_choose(65535, 65535, 1024, rnd,
						     hn_pa_test_free, t), 65535);
		KUNIT_EXPECT_EQ(test, hn_port_choose(65534, 65535, 2000, rnd,
						     hn_pa_test_free, t), 65534);
	}
	set_bit(65535, t->used);
	KUNIT_EXPECT_EQ(test, hn_port_choose(65535, 65535, 1024, 7, hn_pa_test_free, t), 0);
	KUNIT_EXPECT_EQ(test, hn_port_choose(65534, 65535, 1025, 7, hn_pa_test_free, t), 65534);
}

/*
 * One host's ports 10000-59999 kept (port preservation), a second asking
 * for the same ones: whatever the random start, a free port is found, in
 * 1024-9999 or 60000-65535.  With the search this replaced (a stride
 * drawn from the same random number as the start, one of 256 at most on
 * its second pass), the draw 0x7e53c255 kept every try in the taken run
 * for each of these ports, and about one draw in 1,800 did for any.
 */
static void hn_pa_test_long_taken_run(struct kunit *test)
{
	static const u16 wants[] = { 10000, 10001, 34817, 59998 };
	struct hn_pa_test *t = hn_pa_test_new(test);
	unsigned int i, w;
	u32 rnd;
	u16 p;

	for (p = 10000; p <= 59999; p++)
		set_bit(p, t->used);
	for (w = 0; w < ARRAY_SIZE(wants); w++) {
		for (i = 0; i < 512; i++) {
			rnd = i ? get_random_u32() : 0x7e53c255;
			p = hn_port_choose(1024, 65535, wants[w], rnd, hn_pa_test_free, t);
			KUNIT_ASSERT_TRUE_MSG(test, (p >= 1024 && p < 10000) || p >= 60000,
					      "want %u, random %#x: port %u", wants[w], rnd, p);
			KUNIT_EXPECT_EQ(test, p & 1, wants[w] & 1);
		}
	}
}

static struct kunit_case hn_pa_test_cases[] = {
	KUNIT_CASE(hn_pa_test_preserves),
	KUNIT_CASE(hn_pa_test_class_and_parity),
	KUNIT_CASE(hn_pa_test_range),
	KUNIT_CASE(hn_pa_test_parity_fallback),
	KUNIT_CASE(hn_pa_test_exhaustion),
	KUNIT_CASE(hn_pa_test_bounded),
	KUNIT_CASE(hn_pa_test_bad_range),
	KUNIT_CASE(hn_pa_test_top_of_range),
	KUNIT_CASE(hn_pa_test_long_taken_run),
	{}
};

static struct kunit_suite hn_pa_test_suite = {
	.name = "homenet-portalloc",
	.test_cases = hn_pa_test_cases,
};

kunit_test_suite(hn_pa_test_suite);
