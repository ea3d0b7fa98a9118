/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnl: the one place in userspace that speaks the "homenet" generic netlink
 * family (libnl-genl-3).  Callers see plain structs; nothing above this
 * layer includes a netlink header.
 *
 * Functions return 0 or a negative errno.  When the kernel refuses a request
 * its extack message, if any, is left in hn_client.err.
 */
#ifndef HNL_H
#define HNL_H

#include <stddef.h>

struct nl_sock;
struct nlmsghdr;

#define HN_ERR_MAX 256

struct hn_client {
	struct nl_sock *sk;
	int family;	      /* generic netlink family id */
	char err[HN_ERR_MAX]; /* last error, for the user */
};

struct hn_info {
	char version[64]; /* module version */
};

int hn_client_open(struct hn_client *c);
void hn_client_close(struct hn_client *c);

int hn_info_get(struct hn_client *c, struct hn_info *info);

/* Exposed for the unit tests: decoding of kernel messages. */
int hn_info_parse(const struct nlmsghdr *nlh, struct hn_info *info);
int hn_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* HNL_H */
