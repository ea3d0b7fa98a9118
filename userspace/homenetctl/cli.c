// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line plumbing shared by every object: prefix matching, table
 * lookup, errors and the netlink connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

int ctl_do(struct hn_ctl *ctl, const char *what, int argc, char **argv,
	   int (*fn)(struct hn_client *nl))
{
	int ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"%s\" takes no arguments, got \"%s\"", what,
					argv[0]);
	ret = ctl_connect(ctl);
	if (!ret)
		ret = fn(&ctl->nl);
	return ret < 0 ? ctl_kernel_error(ctl, ret) : EXIT_OK;
}

int ctl_list_add(const void *elem, void *arg)
{
	struct ctl_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		void *v = realloc(l->v, cap * l->size);

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	memcpy((char *)l->v + l->n * l->size, elem, l->size);
	l->n++;
	return 0;
}

void ctl_list_free(struct ctl_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int ctl_dump(struct hn_ctl *ctl, ctl_dump_fn dump, const void *filter, struct ctl_list *l)
{
	int ret = ctl_connect(ctl);
	int tries;

	if (ret < 0)
		return ret;
	for (tries = 0; tries < CTL_DUMP_TRIES; tries++) {
		l->n = 0;
		ret = dump(&ctl->nl, filter, l);
		if (ret != -EINTR)
			return ret;
	}
	snprintf(ctl->nl.err, sizeof(ctl->nl.err), "the table changed during %d dumps in a row",
		 CTL_DUMP_TRIES);
	return -EINTR;
}

int ctl_list_show(struct hn_ctl *ctl, int ret, struct ctl_list *l,
		  void (*print)(struct printer *pr, const void *elem))
{
	size_t k;

	if (ret < 0) {
		ctl_list_free(l);
		return ctl_kernel_error(ctl, ret);
	}
	print_open_array(&ctl->pr, NULL);
	for (k = 0; k < l->n; k++)
		print(&ctl->pr, (const char *)l->v + k * l->size);
	print_close_array(&ctl->pr);
	ctl_list_free(l);
	return EXIT_OK;
}
