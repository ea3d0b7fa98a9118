// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd's clock and log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "hnd.h"

/*
 * Milliseconds on a clock that never jumps and counts suspend: every
 * lease decision is taken on it (CLOCK_BOOTTIME).
 */
uint64_t hnd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The same clock in microseconds, for pacing replies */
uint64_t hnd_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void hnd_log(struct hnd *d, int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !d->verbose)
		return;
	va_start(ap, fmt);
	if (d->use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fputs("homenetd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
