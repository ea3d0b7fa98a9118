// SPDX-License-Identifier: GPL-2.0
/*
 * Choice of the external port for a new mapping.
 *
 * In order of preference (RFC 4787 REQ-3a/4, RFC 6056):
 * 1. the inside port itself, when it is free (port preservation);
 * 2. a free port of the same class (1-1023 or 1024-65535) and parity,
 *    from a random start;
 * 3. a free port of the same class, any parity.
 * Each search is bounded (HN_PORT_TRIES): we are in softirq.  A range
 * small enough to search whole is searched whole, so exhaustion is exact
 * there.  The caller says what "free" means.
 */
#include <linux/gcd.h>
#include <linux/minmax.h>

#include "homenet.h"

/*
 * Try candidates first + step * j, j in [0, n): from a random j, by a
 * stride of the golden ratio's fraction of n (made coprime with n), so
 * the tries visit n different ports, and the first HN_PORT_TRIES of them
 * are spread evenly over the range (the three-gap theorem: no gap between
 * two is more than about 1 % of it).  A run of free ports that long is
 * always found, wherever the taken ones are: a stride tied to the random
 * start, or a short one, can keep every try within a taken run (RFC 4787
 * REQ-1's port preservation makes long runs: one host's ports 10000-59999
 * kept, a second host asking for the same ones).
 */
static u16 hn_port_scan(u16 first, u16 step, u32 n, u32 rnd,
			hn_port_free_t is_free, void *arg)
{
	u32 i, j, stride, tries = min_t(u32, n, HN_PORT_TRIES);

	j = rnd % n;
	/* n * (sqrt(5) - 1) / 2, and at least 1 */
	stride = max_t(u32, ((u64)n * 2654435769U) >> 32, 1);
	while (gcd(stride, n) != 1)
		stride++;	/* stops at n - 1 at the latest */
	for (i = 0; i < tries; i++) {
		u16 port = first + step * j;

		if (is_free(arg, port))
			return port;
		j += stride;
		if (j >= n)
			j -= n;
	}
	return 0;
}

u16 hn_port_choose(u16 lo, u16 hi, u16 want, u32 rnd,
		   hn_port_free_t is_free, void *arg)
{
	u32 clo, chi, first;	/* not u16: a range may end at 65535 */
	u16 port;

	if (!lo)
		lo = 1;
	if (lo > hi)
		return 0;

	/* The class of @want, within the configured range; all of the
	 * range when it holds no port of that class.
	 */
	if (want < 1024) {
		clo = lo;
		chi = min_t(u32, hi, 1023);
	} else {
		clo = max_t(u32, lo, 1024);
		chi = hi;
	}
	if (clo > chi) {
		clo = lo;
		chi = hi;
	}

	if (want >= clo && want <= chi && is_free(arg, want))
		return want;

	first = clo + ((clo ^ want) & 1);
	if (first <= chi) {
		port = hn_port_scan(first, 2, (chi - first) / 2 + 1, rnd,
				    is_free, arg);
		if (port)
			return port;
	}
	return hn_port_scan(clo, 1, chi - clo + 1, rnd >> 8, is_free, arg);
}

#ifdef HOMENET_KUNIT
#include "portalloc_test.c"
#endif
