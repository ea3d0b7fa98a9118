/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * homenet: a home router (NAPT, port forwarding) in the Linux kernel.
 *
 * The generic netlink family "homenet" is the module's only interface.
 * Its specification is homenet.yaml beside this file; the two change
 * together.
 *
 * Conventions:
 * - Commands and attributes start at 1 and are append-only.
 * - Integers are in host byte order unless the attribute says otherwise.
 * - Every command is per network namespace: it acts on the namespace of
 *   the netlink socket that sends it.
 * - Commands that change state need CAP_NET_ADMIN in the user namespace
 *   that owns the network namespace.  Rejections carry an extack message.
 *
 * Commands:
 *
 * HOMENET_CMD_INFO_GET
 *	Read-only.  Request: no attributes.  Reply: HOMENET_A_INFO_VERSION,
 *	the module's version string.
 */
#ifndef _UAPI_LINUX_HOMENET_H
#define _UAPI_LINUX_HOMENET_H

#define HOMENET_GENL_NAME	"homenet"
#define HOMENET_GENL_VERSION	1

enum homenet_cmd {
	HOMENET_CMD_UNSPEC,
	HOMENET_CMD_INFO_GET,

	__HOMENET_CMD_MAX
};

#define HOMENET_CMD_MAX (__HOMENET_CMD_MAX - 1)

/* Top-level attributes. */
enum homenet_attr {
	HOMENET_A_UNSPEC,
	HOMENET_A_INFO_VERSION,		/* string: module version */

	__HOMENET_A_MAX
};

#define HOMENET_A_MAX (__HOMENET_A_MAX - 1)

#endif /* _UAPI_LINUX_HOMENET_H */
