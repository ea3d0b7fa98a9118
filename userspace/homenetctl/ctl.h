/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homenetctl: what every object's file shares.
 */
#ifndef HN_CTL_H
#define HN_CTL_H

#include <stdbool.h>
#include <stdio.h>

#include "hnl.h"
#include "print.h"

/* Exit codes, as iproute2's. */
enum {
	EXIT_OK = 0,
	EXIT_SYNTAX = 1, /* bad command line: the message names the token */
	EXIT_KERNEL = 2, /* the kernel (or the daemon) refused */
};

struct hn_ctl {
	const char *prog;
	bool json;
	const char *netns;
	struct printer pr;
	struct hn_client nl;
	bool connected;
};

/* One object or verb: "homenetctl OBJECT ..." dispatches through these. */
struct hn_cmd {
	const char *name;
	int (*fn)(struct hn_ctl *ctl, int argc, char **argv);
	const char *help;
};

/* Is @arg a (non-empty) prefix of @word? */
bool matches(const char *arg, const char *word);
/*
 * The entry of @table that @arg names, exactly or as a unique prefix; NULL,
 * after a syntax error naming @arg, when none or several do.
 */
const struct hn_cmd *cmd_lookup(struct hn_ctl *ctl, const struct hn_cmd *table, const char *what,
				const char *arg);

/* Open the netlink client once; on failure print the reason. */
int ctl_connect(struct hn_ctl *ctl);
/* Print "Error: <kernel's reason>" and return EXIT_KERNEL. */
int ctl_kernel_error(struct hn_ctl *ctl, int err);
int ctl_syntax_error(struct hn_ctl *ctl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * "@what" (e.g. "session flush"), a command without arguments that has the
 * kernel do @fn: connect, call, return the exit code.
 */
int ctl_do(struct hn_ctl *ctl, const char *what, int argc, char **argv,
	   int (*fn)(struct hn_client *nl));

/* A growing array of @size-byte elements, as a dump or a file fills it. */
struct ctl_list {
	void *v;
	size_t n, cap;
	size_t size;
};

/* Append a copy of @elem to the struct ctl_list @arg (an hn_dump_cb). */
int ctl_list_add(const void *elem, void *arg);
void ctl_list_free(struct ctl_list *l);

/* A dump request that fills @l through ctl_list_add; @filter as it needs. */
typedef int (*ctl_dump_fn)(struct hn_client *nl, const void *filter, struct ctl_list *l);

/* A dump the kernel's table changed under is done again this often. */
#define CTL_DUMP_TRIES 5

/*
 * Connect and collect a dump in @l, dumping again while the table changes
 * under it.  -EINTR after CTL_DUMP_TRIES such dumps: @l then holds the last,
 * which may repeat or miss entries.
 */
int ctl_dump(struct hn_ctl *ctl, ctl_dump_fn dump, const void *filter, struct ctl_list *l);
/*
 * The end of a listing: the error @ret (from ctl_dump), or the elements of
 * @l printed by @print as an array.  Frees @l; returns the exit code.
 */
int ctl_list_show(struct hn_ctl *ctl, int ret, struct ctl_list *l,
		  void (*print)(struct printer *pr, const void *elem));

/* Objects, one file each. */
int do_version(struct hn_ctl *ctl, int argc, char **argv);
int do_nat(struct hn_ctl *ctl, int argc, char **argv);
int do_session(struct hn_ctl *ctl, int argc, char **argv);
int do_stats(struct hn_ctl *ctl, int argc, char **argv);
int do_lease(struct hn_ctl *ctl, int argc, char **argv);
int do_forward(struct hn_ctl *ctl, int argc, char **argv);

/* Exposed for the unit tests. */
void session_print(struct printer *pr, const struct hn_session *s);
/* A rule as one line that fwd_parse() reads back (text), or an object (JSON). */
void fwd_print(struct printer *pr, const struct hn_fwd *f);
/*
 * The words of "forward add" into @f.  On a syntax error -1, and in @err
 * the message naming the word at fault.
 */
int fwd_parse(int argc, char **argv, struct hn_fwd *f, char *err, size_t errlen);
/*
 * The rules of @in, named @name in messages, into @l (of struct hn_fwd): a
 * line holds a rule as "forward add" takes it; blank lines and what follows
 * a '#' are skipped.  On an error -1, and the message in @err: for a
 * syntax error "NAME:LINE: " and the message naming the word at fault.
 */
int fwd_read(FILE *in, const char *name, struct ctl_list *l, char *err, size_t errlen);

#endif /* HN_CTL_H */
