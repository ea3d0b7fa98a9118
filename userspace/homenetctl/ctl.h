/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homenetctl: what every object's file shares.
 */
#ifndef HN_CTL_H
#define HN_CTL_H

#include <stdbool.h>

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

/* Objects, one file each. */
int do_version(struct hn_ctl *ctl, int argc, char **argv);
int do_nat(struct hn_ctl *ctl, int argc, char **argv);
int do_session(struct hn_ctl *ctl, int argc, char **argv);
int do_stats(struct hn_ctl *ctl, int argc, char **argv);

#endif /* HN_CTL_H */
