// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line plumbing shared by every object: prefix matching, table
 * lookup, errors and the netlink connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n > 0 && n <= strlen(word) && !strncmp(arg, word, n);
}

const struct hn_cmd *cmd_lookup(struct hn_ctl *ctl, const struct hn_cmd *table, const char *what,
				const char *arg)
{
	const struct hn_cmd *c, *found = NULL;

	for (c = table; c->name; c++) {
		if (!strcmp(arg, c->name))
			return c;
		if (!matches(arg, c->name))
			continue;
		if (found) {
			ctl_syntax_error(ctl, "%s \"%s\" is ambiguous (%s, %s, ...)", what, arg,
					 found->name, c->name);
			return NULL;
		}
		found = c;
	}
	if (!found)
		ctl_syntax_error(ctl, "unknown %s \"%s\"", what, arg);
	return found;
}

int ctl_syntax_error(struct hn_ctl *ctl, const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry \"%s help\".\n", ctl->prog);
	return EXIT_SYNTAX;
}

int ctl_kernel_error(struct hn_ctl *ctl, int err)
{
	fprintf(stderr, "Error: %s\n", ctl->nl.err[0] ? ctl->nl.err : strerror(-err));
	return EXIT_KERNEL;
}

int ctl_connect(struct hn_ctl *ctl)
{
	int ret;

	if (ctl->connected)
		return 0;
	ret = hn_client_open(&ctl->nl);
	if (ret < 0)
		return ret;
	ctl->connected = true;
	return 0;
}
