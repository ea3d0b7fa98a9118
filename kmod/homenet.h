/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between homenet's files.  Every symbol that leaves
 * its file carries the hn_ prefix.
 */
#ifndef _HOMENET_H
#define _HOMENET_H

#include <net/genetlink.h>

/* netlink.c */
extern struct genl_family hn_genl_family;
int hn_genl_init(void);
void hn_genl_exit(void);

#endif /* _HOMENET_H */
